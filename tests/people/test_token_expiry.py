"""API tokens: an optional expiry, and every token revoked when the password is reset or
changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tandem.people.models import ApiToken
from tandem.people.services import issue_token
from tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def fay():
    return make_person("Fay Front", email="fay@harbor.example")


def test_a_token_works_until_it_expires(fay):
    token, raw = issue_token(fay.user, "Spreadsheet", days=30)
    assert token.expires_at - timezone.now() > timedelta(days=29, hours=23)
    assert ApiToken.authenticate(raw) == fay.user
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert ApiToken.authenticate(raw) is None


def test_a_token_without_days_works_until_revoked(fay):
    token, raw = issue_token(fay.user, "Bot")
    assert token.expires_at is None and ApiToken.authenticate(raw) == fay.user


def test_the_profile_form_creates_a_token_for_the_chosen_days(client, fay):
    client.force_login(fay.user)
    response = client.post("/profile/tokens/", {"name": "Bot", "days": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=fay.user)
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    client.post("/profile/tokens/", {"name": "Forever", "days": ""})
    assert ApiToken.objects.get(name="Forever").expires_at is None
    assert "works until revoked" in client.get("/profile/").text
    bad = client.post("/profile/tokens/", {"name": "Odd", "days": "7"})
    assert bad.status_code == 400 and not ApiToken.objects.filter(name="Odd").exists()


def test_the_command_takes_days_and_refuses_nonsense(fay, capsys):
    call_command("create_api_token", "fay@harbor.example", "--days", "10")
    token = ApiToken.objects.get()
    assert timedelta(days=9) < token.expires_at - timezone.now() <= timedelta(days=10)
    with pytest.raises(Exception, match="--days must be a whole number of days, 1 or more"):
        call_command("create_api_token", "fay@harbor.example", "--days", "0")


def test_changing_the_password_revokes_every_token(client, fay):
    _, first = issue_token(fay.user, "One")
    _, second = issue_token(fay.user, "Two")
    client.force_login(fay.user)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "new-horse-93!", "password2": "new-horse-93!"},
    )
    assert response.status_code == 302
    assert ApiToken.authenticate(first) is None and ApiToken.authenticate(second) is None
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 0


def test_resetting_the_password_revokes_every_token(client, fay):
    _, raw = issue_token(fay.user, "One")
    client.post("/accounts/password/reset/", {"email": "fay@harbor.example"})
    (message,) = mail.outbox
    link = next(word for word in message.body.split() if "/accounts/password/reset/key/" in word)
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": "new-horse-93!", "password2": "new-horse-93!"},
    )
    assert response.status_code == 302
    assert ApiToken.authenticate(raw) is None
