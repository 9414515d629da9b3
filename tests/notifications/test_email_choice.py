"""Email me my notifications: each person's own choice, the site default for the rest."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.audit.models import AuditEntry
from tandem.notifications import tasks
from tandem.notifications.models import EmailChoice, Notification, notify
from tandem.people.models import Person, User
from tests.factories import make_person


class FakeTask:
    """Stands in for the email task to see which notifications notify() queued."""

    def __init__(self):
        self.queued: list[list[int]] = []

    def enqueue(self, ids):
        self.queued.append(list(ids))


@pytest.fixture
def queued(monkeypatch):
    fake = FakeTask()
    monkeypatch.setattr(tasks, "email_notifications", fake)
    return fake.queued


@pytest.mark.parametrize("default", [True, False])
def test_a_person_who_has_not_chosen_follows_the_site_default(
    team, settings, default, django_capture_on_commit_callbacks
):
    settings.TANDEM_NOTIFY_BY_EMAIL = default
    with django_capture_on_commit_callbacks(execute=True):
        notify([team["frontline"]], "Your idea moved.", "/ideas/1/")
    assert len(mail.outbox) == (1 if default else 0)
    assert EmailChoice.objects.to_email([team["frontline"]]) == (
        {team["frontline"].pk} if default else set()
    )


def test_opting_in_with_the_site_default_off_emails_only_that_person(
    team, settings, django_capture_on_commit_callbacks
):
    settings.TANDEM_NOTIFY_BY_EMAIL = False
    EmailChoice.objects.create(person=team["frontline"], by_email=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify([team["frontline"], team["colleague"]], "Your idea moved.", "/ideas/1/")
    (message,) = mail.outbox
    assert message.to == [team["frontline"].email]
    assert "Your idea moved." in message.body
    assert Notification.objects.get(recipient=team["colleague"]).emailed_at is None


def test_only_the_notifications_to_be_emailed_are_queued(
    team, settings, queued, django_capture_on_commit_callbacks
):
    settings.TANDEM_NOTIFY_BY_EMAIL = False
    EmailChoice.objects.create(person=team["frontline"], by_email=True)
    with django_capture_on_commit_callbacks(execute=True):
        created = notify([team["frontline"], team["colleague"]], "News")
    [mine] = [n for n in created if n.recipient_id == team["frontline"].pk]
    assert queued == [[mine.pk]]


def test_opting_out_with_the_site_default_on_sends_nothing_and_queues_nothing(
    team, settings, django_capture_on_commit_callbacks
):
    settings.TANDEM_NOTIFY_BY_EMAIL = True
    EmailChoice.objects.create(person=team["frontline"], by_email=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify([team["frontline"]], "Your idea moved.", "/ideas/1/")
    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=team["frontline"]).count() == 1  # in the app


def test_a_person_without_an_email_address_is_never_emailed(
    team, settings, django_capture_on_commit_callbacks
):
    settings.TANDEM_NOTIFY_BY_EMAIL = True
    Person.objects.filter(pk=team["frontline"].pk).update(email="")
    person = Person.objects.get(pk=team["frontline"].pk)
    EmailChoice.objects.create(person=person, by_email=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify([person], "Your idea moved.")
    assert callbacks == [] and mail.outbox == []


def test_turning_email_off_after_the_task_was_queued_sends_nothing(
    team, settings, django_capture_on_commit_callbacks
):
    settings.TANDEM_NOTIFY_BY_EMAIL = True
    with django_capture_on_commit_callbacks() as callbacks:
        notify([team["frontline"]], "Your idea moved.")
    EmailChoice.objects.choose(team["frontline"], False, actor=team["frontline"].user)
    for callback in callbacks:
        callback()
    assert mail.outbox == []


def test_notify_takes_as_many_queries_for_30_recipients_as_for_1(team, settings):
    settings.TANDEM_NOTIFY_BY_EMAIL = True
    many = [make_person() for _ in range(30)]
    EmailChoice.objects.bulk_create(EmailChoice(person=p, by_email=False) for p in many[::3])
    with CaptureQueriesContext(connection) as one:
        notify([team["frontline"]], "News")
    with CaptureQueriesContext(connection) as thirty:
        notify(many, "News")
    assert len(one) == len(thirty) <= 2  # the insert and one read of the choices


def test_the_page_shows_the_default_until_one_chooses(team, settings, login):
    settings.TANDEM_NOTIFY_BY_EMAIL = False
    client = login(team["frontline"])
    html = client.get("/notifications/").content.decode()
    assert "Email me my notifications" in html
    assert 'value="off" checked' in html and "have not chosen yet" in html
    assert team["frontline"].email in html

    EmailChoice.objects.create(person=team["frontline"], by_email=True)
    html = client.get("/notifications/").content.decode()
    assert 'value="on" checked' in html and "have not chosen yet" not in html


def test_the_form_changes_only_my_own_choice_and_is_audited(team, login):
    me, other = team["frontline"], team["colleague"]
    client = login(me)
    response = client.post("/notifications/email/", {"by_email": "on", "person": other.pk})
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    assert EmailChoice.objects.get(person=me).by_email is True
    assert not EmailChoice.objects.filter(person=other).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Saved: your notifications will be emailed to {me.email} too."
    ]
    entry = AuditEntry.objects.get(object_type="notifications.EmailChoice")
    assert entry.actor == me.user and entry.changes == {"by_email": [None, True]}

    client.post("/notifications/email/", {"by_email": "off"})
    assert EmailChoice.objects.get(person=me).by_email is False
    assert EmailChoice.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="notifications.EmailChoice").count() == 2


def test_choosing_the_same_again_records_nothing_new(team, login):
    client = login(team["frontline"])
    client.post("/notifications/email/", {"by_email": "on"})
    client.post("/notifications/email/", {"by_email": "on"})
    assert AuditEntry.objects.filter(object_type="notifications.EmailChoice").count() == 1


def test_opting_in_without_an_address_says_no_email_can_reach_me(team, login):
    Person.objects.filter(pk=team["frontline"].pk).update(email="")
    response = login(team["frontline"]).post("/notifications/email/", {"by_email": "on"})
    [message] = get_messages(response.wsgi_request)
    assert "no email address" in str(message)


@pytest.mark.parametrize("data", [{}, {"by_email": "maybe"}, {"by_email": "1"}])
def test_a_bad_value_is_a_400_with_a_message_and_changes_nothing(team, login, data):
    response = login(team["frontline"]).post("/notifications/email/", data)
    assert response.status_code == 400
    assert "Choose on or off" in response.content.decode()
    assert not EmailChoice.objects.exists()


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.post("/notifications/email/", {"by_email": "on"})
    assert response.status_code == 302
    assert "next=/notifications/email/" in response["Location"]
    assert not EmailChoice.objects.exists()


def test_the_form_needs_post(team, login):
    assert login(team["frontline"]).get("/notifications/email/").status_code == 405


def test_a_login_without_a_person_sees_no_form_and_cannot_post(client, db):
    client.force_login(User.objects.create_user("office@harbor.example", "pw-office-123"))
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert "not linked to a person" in page.content.decode()
    assert 'name="by_email"' not in page.content.decode()
    response = client.post("/notifications/email/", {"by_email": "on"})
    assert response.status_code == 403
    assert "not linked to a person" in response.content.decode()
    assert not EmailChoice.objects.exists()
