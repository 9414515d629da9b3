"""In-app notifications: what happened to my idea, with an unread count."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from tandem.audit.models import log_action, snapshot
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


class EmailChoiceManager(models.Manager["EmailChoice"]):
    def to_email(self, people: Collection[Person]) -> set[int]:
        """The pks of those among `people` whose notifications go out by email too.

        One query however many people (none when nobody has an address): only the
        choices that differ from the site default are read.
        """
        with_address = {p.pk for p in people if p.email}
        if not with_address:
            return set()
        default = bool(settings.TANDEM_NOTIFY_BY_EMAIL)
        differ = set(
            self.filter(person_id__in=with_address, by_email=not default).values_list(
                "person_id", flat=True
            )
        )
        return with_address - differ if default else differ

    def choose(self, person: Person, by_email: bool, *, actor) -> EmailChoice:
        """Record the person's own choice, audited; choosing the same again changes nothing."""
        with transaction.atomic():
            choice = self.select_for_update().filter(person=person).first()
            if choice is not None and choice.by_email == by_email:
                return choice
            before = snapshot(choice, ["by_email"]) if choice else {}
            if choice is None:
                choice = self.create(person=person, by_email=by_email)
            else:
                choice.by_email = by_email
                choice.changed_at = timezone.now()
                choice.save(update_fields=["by_email", "changed_at"])
            log_action(
                actor, "updated", choice, before=before, after=snapshot(choice, ["by_email"])
            )
            return choice


class EmailChoice(models.Model):
    """A person's own answer to "Email me my notifications".

    Without one, the site default (TANDEM_NOTIFY_BY_EMAIL) holds; with one, exactly
    what the person chose. Nobody without an email address is emailed either way.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="email_choice")
    by_email = models.BooleanField()
    changed_at = models.DateTimeField(default=timezone.now)

    objects = EmailChoiceManager()

    def __str__(self) -> str:
        return f"{self.person}: email {'on' if self.by_email else 'off'}"

    @staticmethod
    def chosen_by(person: Person) -> EmailChoice | None:
        """The person's choice (None: follows the site default), from cache if loaded."""
        return getattr(person, "email_choice", None)  # the missing one raises AttributeError

    @classmethod
    def is_on_for(cls, person: Person) -> bool:
        """The person's choice, or the site default if they have not chosen."""
        choice = cls.chosen_by(person)
        return choice.by_email if choice else bool(settings.TANDEM_NOTIFY_BY_EMAIL)

    @classmethod
    def wants_email(cls, person: Person) -> bool:
        """Whether this person's notifications go out by email too, as things stand."""
        return bool(person.email) and cls.is_on_for(person)


def notify(recipients: Iterable[Person], text: str, url: str = "", exclude: Person | None = None):
    """Tell each recipient (once each, never the person who acted) what happened.

    In the app always; by email too to those who opted in (or, not having chosen,
    when TANDEM_NOTIFY_BY_EMAIL is on), through a background task queued only once
    the transaction has committed. A constant number of queries for any number of
    recipients: the insert and one read of their email choices.
    """
    people = {p.pk: p for p in recipients if exclude is None or p.pk != exclude.pk}
    created = Notification.objects.bulk_create(
        Notification(recipient=p, text=text[:500], url=url) for p in people.values()
    )
    by_email = EmailChoice.objects.to_email(people.values()) if created else set()
    ids = [n.pk for n in created if n.recipient_id in by_email]
    if ids:
        from tandem.notifications.tasks import email_notifications  # tasks imports models

        transaction.on_commit(lambda: email_notifications.enqueue(ids))
    return created
