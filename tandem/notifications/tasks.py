"""Background work for notifications, through Django's tasks framework."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from tandem.notifications.models import EmailChoice, Notification


@task
def email_notifications(notification_ids: list[int]) -> int:
    """Email each notification to its recipient. Safe to run twice: sent ones are marked.

    The recipient's choice is read again here, so one who turned email off (or lost
    their address) after the notification was queued is not emailed.
    """
    sent = 0
    pending = Notification.objects.select_related("recipient__email_choice").filter(
        pk__in=notification_ids, emailed_at__isnull=True
    )
    for note in pending:
        if not EmailChoice.wants_email(note.recipient):
            continue
        context = {"notification": note, "site_url": settings.SITE_URL}
        send_mail(
            # A header may not contain line breaks: fold the subject onto one line.
            " ".join(render_to_string("notifications/email/subject.txt", context).split()),
            render_to_string("notifications/email/body.txt", context),
            None,
            [note.recipient.email],
            html_message=render_to_string("notifications/email/body.html", context),
        )
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
