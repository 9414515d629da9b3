"""`people.services.invite_person`: one transaction, audited, nothing kept when mail fails."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.test import RequestFactory

from tandem.audit.models import AuditEntry
from tandem.people.models import Person, User
from tandem.people.services import invite_person
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
