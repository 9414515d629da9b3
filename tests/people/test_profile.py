"""The profile page: who you are, and your personal API tokens."""

from datetime import time

from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEntry
from tandem.people.models import ApiToken
from tests.factories import make_person

PROFILE = "/profile/"


def test_profile_shows_name_unit_level_and_manager(login, team):
    response = login(team["frontline"]).get(PROFILE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fay Front" in html
    assert "Harbor Health/<wbr>Nursing/<wbr>Ward 4B" in html  # breaks after a "/" on a phone
    assert "Frontline" in html
    assert "Sid Super" in html
    assert "You have no tokens yet." in html


def test_profile_needs_login(client, db):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_created_token_is_shown_once_and_works(login, team):
    client = login(team["frontline"])
    response = client.post(reverse("profile:create_token"), {"name": "Team spreadsheet"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=team["frontline"].user)
    raw = response.context["new_token"]
    assert raw.startswith(token.hint)
    assert raw in response.content.decode()
    assert "will not be shown again" in response.content.decode()
    assert ApiToken.authenticate(raw) == team["frontline"].user
    # Only the hash is kept: the next visit lists the token by name and hint, not secret.
    later = client.get(PROFILE).content.decode()
    assert raw not in later
    assert "Team spreadsheet" in later
    assert f"{token.hint}…" in later
    assert AuditEntry.objects.filter(action="token created").exists()


def test_token_list_shows_last_use_and_revoked(login, team):
    user = team["frontline"].user
    used, raw = ApiToken.issue(user, "Used one")
    ApiToken.authenticate(raw)
    ApiToken.issue(user, "Fresh one")
    html = login(team["frontline"]).get(PROFILE).content.decode()
    assert "Used one" in html and "Fresh one" in html
    assert "never used" in html
    used.refresh_from_db()
    assert f"last used {timezone.localdate():%Y-%m-%d}" in html
    assert timezone.localtime(used.last_used_at).time() == time.min  # the day only


def test_token_needs_a_name(login, team):
    response = login(team["frontline"]).post(reverse("profile:create_token"), {"name": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_token_name_is_escaped(login, team):
    client = login(team["frontline"])
    client.post(reverse("profile:create_token"), {"name": "<script>x</script>"})
    html = client.get(PROFILE).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_revoke_own_token(login, team):
    token, raw = ApiToken.issue(team["frontline"].user, "Old laptop")
    client = login(team["frontline"])
    response = client.post(reverse("profile:revoke_token", args=[token.pk]))
    assert response.status_code == 302
    assert response["Location"] == PROFILE
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.authenticate(raw) is None
    html = client.get(PROFILE).content.decode()
    assert "Revoked" in html
    assert "is revoked; it no longer works" in html
    assert AuditEntry.objects.filter(action="token revoked").count() == 1


def test_revoke_needs_post(login, team):
    token, _ = ApiToken.issue(team["frontline"].user, "Laptop")
    response = login(team["frontline"]).get(reverse("profile:revoke_token", args=[token.pk]))
    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_cannot_revoke_someone_elses_token(login, team):
    token, raw = ApiToken.issue(team["frontline"].user, "Fay's token")
    response = login(team["manager"]).post(reverse("profile:revoke_token", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.authenticate(raw) == team["frontline"].user


def test_profile_of_login_without_person(login, db):
    person = make_person("Soon Gone", active=False)
    response = login(person).get(PROFILE)
    assert response.status_code == 200
    assert "No active person in the organization is linked to this login." in (
        response.content.decode()
    )
