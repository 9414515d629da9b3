"""`people.services`: invitations (one transaction, audited, nothing kept when mail fails),
logins for people, and personal API tokens."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.test import RequestFactory

from tandem.audit.models import AuditEntry
from tandem.people.models import ApiToken, Person, User
from tandem.people.services import ensure_login, invite_person, issue_token, revoke_token
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurse(db):
    return make_person("Aiko Tanaka", login=False, email="Aiko.Tanaka@Harbor.example")


def request_by(person):
    request = RequestFactory().post("/people/invite/")
    request.user = person.user
    return request


def test_invite_person_creates_a_passwordless_login_audits_and_emails(program_office, nurse):
    user = invite_person(program_office.user, nurse, request_by(program_office))
    assert user.email == "aiko.tanaka@harbor.example"
    assert not user.has_usable_password()
    assert nurse.user == user
    assert Person.objects.get(pk=nurse.pk).user == user
    entry = AuditEntry.objects.get(action="invited")
    assert (entry.actor, entry.object_id) == (program_office.user, str(nurse.pk))
    assert entry.changes == {"email": user.email, "user_id": user.pk}
    [message] = mail.outbox
    assert message.to == [user.email]
    assert "Program Lead has invited you" in message.body
    assert "http://testserver/accounts/password/reset/key/" in message.body


def test_invite_person_keeps_nothing_when_the_email_cannot_be_sent(
    program_office, nurse, monkeypatch
):
    def broken(self, *args, **kwargs):
        raise smtplib.SMTPException("mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(smtplib.SMTPException):
        invite_person(program_office.user, nurse, request_by(program_office))
    assert not User.objects.filter(email__iexact=nurse.email).exists()
    assert Person.objects.get(pk=nurse.pk).user_id is None
    assert AuditEntry.objects.count() == audit_before


def test_person_invited_meanwhile_by_someone_else_is_refused_without_a_second_login(
    program_office, nurse
):
    stale = Person.objects.get(pk=nurse.pk)
    invite_person(program_office.user, nurse, request_by(program_office))
    users = User.objects.count()
    with pytest.raises(ValidationError, match=r"Aiko Tanaka \(E\d+\) already has a login"):
        invite_person(program_office.user, stale, request_by(program_office))
    assert User.objects.count() == users
    assert len(mail.outbox) == 1


def test_ensure_login_creates_a_passwordless_login_once(nurse):
    user, linked = ensure_login(nurse)
    assert linked
    assert user.email == "aiko.tanaka@harbor.example"
    assert not user.has_usable_password()
    assert Person.objects.get(pk=nurse.pk).user == user
    again, linked_again = ensure_login(Person.objects.select_related("user").get(pk=nurse.pk))
    assert (again, linked_again) == (user, False)
    assert User.objects.filter(email__iexact=nurse.email).count() == 1


def test_ensure_login_links_an_unclaimed_login_of_the_same_email(nurse):
    existing = User.objects.create_user("aiko.tanaka@harbor.example", password=None)
    user, linked = ensure_login(nurse)
    assert (user, linked) == (existing, True)
    assert Person.objects.get(pk=nurse.pk).user == existing


def test_ensure_login_refuses_a_login_that_belongs_to_someone_else(nurse):
    make_person("Aiko Twin", email="aiko.tanaka@harbor.example")
    with pytest.raises(ValidationError, match="belongs to someone else"):
        ensure_login(nurse)
    assert Person.objects.get(pk=nurse.pk).user_id is None


def test_ensure_login_refuses_a_disabled_login(db):
    person = make_person("Dora Disabled")
    User.objects.filter(pk=person.user_id).update(is_active=False)
    person = Person.objects.select_related("user").get(pk=person.pk)
    with pytest.raises(ValidationError, match="The login of Dora Disabled is disabled"):
        ensure_login(person)


def test_issue_and_revoke_token_are_audited_and_revoking_twice_changes_nothing(db):
    person = make_person("Tom Token")
    token, raw = issue_token(person.user, "Spreadsheet", actor="a script")
    assert ApiToken.authenticate(raw) == person.user
    created = AuditEntry.objects.get(action="token created")
    assert (created.actor_label, created.changes["name"]) == ("a script", "Spreadsheet")
    revoke_token(person.user, token)
    revoked_at = ApiToken.objects.get(pk=token.pk).revoked_at
    assert revoked_at is not None
    assert ApiToken.authenticate(raw) is None
    revoke_token(person.user, token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at == revoked_at
    assert AuditEntry.objects.filter(action="token revoked").count() == 1
