"""Rollups: the leading indicators kept current as records change, so that a dashboard
reads a few rows per unit instead of the history (see rollups.py for how they are kept).

Every row counts a unit *and everything below it*: a record adds to its own unit's row and
to the rows of every unit above it.
"""

from __future__ import annotations

from django.db import models

from tandem.people.models import OrgUnit, Person


class UnitDay(models.Model):
    """What happened in a unit's subtree on one day (keys: definitions.raw_counts).

    `counts` maps a key to a number: "ideas_created", "stories:compliment",
    "money_saved_cents", ...; `hours` holds the median histograms apart, because only
    the headline figures need them: "h:response:27" = one idea whose first response
    took 27 whole hours. Keys with zero are left out.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    counts = models.JSONField(default=dict)
    hours = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="unitday_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"


class PeriodKind(models.TextChoices):
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"


class PersonPeriod(models.Model):
    """Whether a person took part (logged or was credited on a record) and whether they
    responded as a leader (moved or commented on an idea of someone below them) in a
    calendar week, month or quarter. Only rows with at least one True are kept."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    start = models.DateField()
    took_part = models.BooleanField(default=False)
    responded = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "start"], name="personperiod_unique")
        ]
        indexes = [models.Index(fields=["kind", "start"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.start}"


class UnitPeriod(models.Model):
    """Per subtree and calendar period: active staff placed in it who took part, and
    leaders placed in it who responded (the numerators of participation and manager
    engagement)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    start = models.DateField()
    participants = models.IntegerField(default=0)
    engaged = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "start"], name="unitperiod_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.start}"


class UnitHeadcount(models.Model):
    """Active staff and leaders placed in a unit's subtree today."""

    unit = models.OneToOneField(
        OrgUnit, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    staff = models.IntegerField(default=0)
    leaders = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.staff}"
