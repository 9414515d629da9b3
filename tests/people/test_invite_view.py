"""The invite page /people/invite/: a login and a set-password email for a person."""

from __future__ import annotations

import re
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client

from tandem.audit.models import AuditEntry
from tandem.people.forms import InviteForm
from tandem.people.models import Person, User
from tests.factories import make_person

pytestmark = pytest.mark.django_db
URL = "/people/invite/"
NEW_PASSWORD = "tide-pool-harbor-91"


@pytest.fixture
def nurse(db):
    """An active person with an email and no login yet."""
    return make_person(
        "Aiko Tanaka",
        unit="Harbor Health/Nursing/Ward 4B",
        login=False,
        email="Aiko.Tanaka@Harbor.example",
    )


def state() -> tuple:
    return (
        list(User.objects.order_by("pk").values_list("pk", "email")),
        list(Person.objects.order_by("pk").values_list("pk", "user_id")),
        AuditEntry.objects.count(),
        len(mail.outbox),
    )


def invite_link(message) -> str:
    return re.search(r"http://testserver/accounts/password/reset/key/\S+/", message.body).group(0)


def test_program_office_invites_a_person_who_sets_a_password_and_logs_in(
    login, program_office, nurse
):
    client = login(program_office)
    response = client.post(URL, {"person": nurse.employee_id})
    assert response.status_code == 302
    assert response["Location"] == URL

    nurse.refresh_from_db()
    user = nurse.user
    assert user.email == "aiko.tanaka@harbor.example"
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aiko.tanaka@harbor.example"]
    assert message.subject == "You are invited to Tandem"
    assert "Hello Aiko Tanaka," in message.body
    assert "Program Lead has invited you" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    link = invite_link(message)
    assert f'href="{link}"' in html

    entry = AuditEntry.objects.get(action="invited")
    assert entry.actor == program_office.user
    assert entry.object_id == str(nurse.pk)
    assert entry.changes["email"] == "aiko.tanaka@harbor.example"

    page = client.get(URL)
    assert "Invitation sent to Aiko Tanaka at aiko.tanaka@harbor.example." in page.content.decode()

    # The invitee follows the link in a fresh browser, sets a password, then logs in.
    invitee = Client()
    response = invitee.get(link.removeprefix("http://testserver"))
    assert response.status_code == 302
    form_url = response["Location"]
    assert invitee.get(form_url).status_code == 200
    response = invitee.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    response = invitee.post(
        "/accounts/login/", {"login": "aiko.tanaka@harbor.example", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert invitee.get("/").context["user"] == user


def test_invite_link_works_only_once(login, program_office, nurse):
    client = login(program_office)
    client.post(URL, {"person": nurse.employee_id})
    link = invite_link(mail.outbox[0]).removeprefix("http://testserver")
    invitee = Client()
    form_url = invitee.get(link)["Location"]
    invitee.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    again = Client().get(link)
    assert again.status_code == 200
    assert "token_fail" in again.context and again.context["token_fail"]


def test_person_can_be_chosen_by_email_in_any_case(login, program_office, nurse):
    response = login(program_office).post(URL, {"person": "AIKO.TANAKA@harbor.example"})
    assert response.status_code == 302
    nurse.refresh_from_db()
    assert nurse.user is not None


def test_page_lists_people_waiting_for_an_invitation_and_searches(login, program_office, nurse):
    Person.objects.create(employee_id="HH-78", name="Ben Nomail", unit=nurse.unit, email="")
    client = login(program_office)
    html = client.get(URL).content.decode()
    assert "Aiko Tanaka" in html
    assert "Ben Nomail" not in html
    assert "Program Lead" not in html  # already has a login
    assert "Aiko Tanaka" not in client.get(URL, {"q": "zzz"}).content.decode()
    assert "Aiko Tanaka" in client.get(URL, {"q": "tanaka"}).content.decode()


def refused(client, value: str) -> str:
    before = state()
    response = client.post(URL, {"person": value})
    assert response.status_code == 400
    assert state() == before
    return response.content.decode()


def test_person_who_already_has_a_login_is_refused(login, program_office):
    has_login = make_person("Lou Login", email="lou@harbor.example")
    html = refused(login(program_office), has_login.employee_id)
    assert f"Lou Login ({has_login.employee_id}) already has a login (lou@harbor.example)." in html


def test_person_without_email_is_refused(login, program_office):
    Person.objects.create(
        employee_id="HH-77", name="Noel Noemail", unit=program_office.unit, email=""
    )
    html = refused(login(program_office), "HH-77")
    assert "Noel Noemail (HH-77) has no email address" in html


def test_email_already_used_by_another_login_is_refused(login, program_office, nurse):
    User.objects.create_user("aiko.tanaka@harbor.example", "x-pass-12345")
    html = refused(login(program_office), nurse.employee_id)
    assert "The email Aiko.Tanaka@Harbor.example is already used by another login." in html


def test_unknown_and_inactive_people_are_refused(login, program_office):
    client = login(program_office)
    assert "No one has the employee id or email “HH-404”." in refused(client, "HH-404")
    gone = make_person("Gus Gone", login=False, email="gus@harbor.example", active=False)
    assert f"Gus Gone ({gone.employee_id}) is inactive." in refused(client, gone.employee_id)


def test_failed_email_creates_no_login(login, program_office, nurse, monkeypatch):
    def broken(self, *args, **kwargs):
        raise smtplib.SMTPException("mail server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    html = refused(login(program_office), nurse.employee_id)
    assert "The invitation email could not be sent (mail server down); nothing was created." in html
    nurse.refresh_from_db()
    assert nurse.user is None


@pytest.mark.parametrize("role", ["manager", "supervisor", "frontline"])
def test_people_outside_the_program_office_get_403(login, team, nurse, role):
    client = login(team[role])
    assert client.get(URL).status_code == 403
    before = state()
    assert client.post(URL, {"person": nurse.employee_id}).status_code == 403
    assert state() == before


def test_anonymous_visitor_is_sent_to_log_in(client, nurse):
    response = client.post(URL, {"person": nurse.employee_id})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    nurse.refresh_from_db()
    assert nurse.user is None


def test_person_invited_by_someone_else_while_the_form_was_checked_is_refused(
    login, program_office, nurse, monkeypatch
):
    check = InviteForm.clean_person

    def someone_else_invites_meanwhile(self):
        person = check(self)
        other = User.objects.create_user("aiko.t@harbor.example", password=None)
        Person.objects.filter(pk=person.pk).update(user=other)
        return person

    monkeypatch.setattr(InviteForm, "clean_person", someone_else_invites_meanwhile)
    response = login(program_office).post(URL, {"person": nurse.employee_id})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Aiko Tanaka ({nurse.employee_id}) already has a login (aiko.t@harbor.example)." in html
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="invited").exists()
