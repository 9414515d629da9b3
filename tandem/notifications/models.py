"""In-app notifications: what happened to my idea, with an unread count."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from tandem.people.models import Person


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text


def notify(recipients: Iterable[Person], text: str, url: str = "", exclude: Person | None = None):
    """Tell each recipient (once each, never the person who acted) what happened.

    In the app always; by email too when TANDEM_NOTIFY_BY_EMAIL is on, through a
    background task queued only once the transaction has committed.
    """
    people = {p.pk: p for p in recipients if exclude is None or p.pk != exclude.pk}
    created = Notification.objects.bulk_create(
        Notification(recipient=p, text=text[:500], url=url) for p in people.values()
    )
    if settings.TANDEM_NOTIFY_BY_EMAIL and created:
        from tandem.notifications.tasks import email_notifications  # tasks imports models

        ids = [n.pk for n in created]
        transaction.on_commit(lambda: email_notifications.enqueue(ids))
    return created
