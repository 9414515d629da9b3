from django.core import mail

from tandem.capture import services
from tandem.notifications.models import Notification
from tandem.notifications.tasks import email_notifications
from tests.factories import make_idea


def test_per_event_emails_are_off_by_default(team, django_capture_on_commit_callbacks):
    idea = make_idea(team["frontline"])
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_idea(team["supervisor"].user, idea, "trying", by=team["supervisor"])
    assert Notification.objects.filter(recipient=team["frontline"]).count() == 1
    assert mail.outbox == []


def test_when_turned_on_authors_are_emailed_after_commit_once(
    team, settings, django_capture_on_commit_callbacks
):
    settings.TANDEM_NOTIFY_BY_EMAIL = True
    idea = make_idea(team["frontline"])
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_idea(
            team["supervisor"].user, idea, "trying", by=team["supervisor"], note="Go"
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [team["frontline"].email]
    assert "moved your idea" in message.body and f"/ideas/{idea.pk}/" in message.body
    assert message.alternatives  # an HTML part as well as the text

    # Running the task again (a retry) sends nothing more.
    note = Notification.objects.get(recipient=team["frontline"])
    assert email_notifications.call([note.pk]) == 0
    assert len(mail.outbox) == 1


def test_a_comment_with_line_breaks_and_markup_is_emailed_as_plain_text(
    team, settings, django_capture_on_commit_callbacks
):
    settings.TANDEM_NOTIFY_BY_EMAIL = True
    idea = make_idea(team["frontline"], title="Tom & Jerry's <idea>")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_on_idea(
            team["supervisor"].user, idea, "Good.\nTry it Monday", by=team["supervisor"]
        )
    (message,) = mail.outbox
    assert "\n" not in message.subject
    assert "Tom & Jerry's <idea>" in message.subject + message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.subject
