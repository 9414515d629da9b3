"""Weekly early-wins digests (M4): each leader's preference and one delivery record per week."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone

from tandem.people.models import Person


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


DEFAULT_WEEKDAY = Weekday.MONDAY


class DigestPreference(models.Model):
    """A leader's choice: get the digest or not, and on which weekday.

    No row means the defaults: on, on Mondays.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="digest_preference"
    )
    enabled = models.BooleanField("send me the weekly digest", default=True)
    weekday = models.PositiveSmallIntegerField(
        "on", choices=Weekday.choices, default=DEFAULT_WEEKDAY
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["weekday", "enabled"])]

    def __str__(self) -> str:
        state = self.get_weekday_display() if self.enabled else "off"
        return f"{self.person}: {state}"


class DigestStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    NO_EMAIL = "no_email", "Built (no email address)"


class Digest(models.Model):
    """One leader's digest of one week: the delivery record and what it showed.

    Exactly one row per (leader, week) — a unique constraint, so two workers can never
    both create it. `content` is the snapshot built for that week (what the email and
    the in-app page show); `story_ids` / `idea_ids` are what the leader was shown, so
    later digests do not repeat them. The claim fields implement the send-once protocol
    described in `tandem.digests.services.deliver`.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="digests")
    week_start = models.DateField(help_text="The Monday of the week the digest covers.")
    status = models.CharField(
        max_length=10, choices=DigestStatus.choices, default=DigestStatus.QUEUED
    )
    content = models.JSONField(default=dict, blank=True)
    story_ids = models.JSONField(default=list, blank=True)
    idea_ids = models.JSONField(default=list, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    queued_at = models.DateTimeField(default=timezone.now)
    claim_token = models.CharField(max_length=40, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week_start", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "week_start"], name="digest_once_per_week")
        ]
        indexes = [models.Index(fields=["week_start", "status"])]

    def __str__(self) -> str:
        return f"{self.person} · week of {self.week_start}"

    def get_absolute_url(self) -> str:
        return reverse("digests:detail", args=[self.pk])
