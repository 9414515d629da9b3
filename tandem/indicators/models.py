"""Rollups: the leading indicators kept current as records change, so that a dashboard
reads a few rows per unit instead of the history (see rollups.py for how they are kept).

Every row counts a unit *and everything below it*: a record adds to its own unit's row and
to the rows of every unit above it.
"""

from __future__ import annotations

from django.db import models

from tandem.people.models import OrgUnit


class UnitDay(models.Model):
    """What happened in a unit's subtree on one day (keys: definitions.raw_counts).

    `counts` maps a key to a number: "ideas_created", "stories:compliment",
    "money_saved_cents", ...; `hours` holds the median histograms apart, because only
    the headline figures need them: "h:response:27" = one idea whose first response
    took 27 whole hours. Keys with zero are left out.

    "recognitions" is the one key counted where people are placed, not where a record
    is: (recognition, person recognized) pairs, in the unit of that person now (active
    people only), so it moves with them (rollups.people_changed).
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


class UnitPeriod(models.Model):
    """Per subtree and calendar period, the numerators of the distinct-people figures:
    active staff placed in it who took part (participation) and who were recognized
    (staff recognized), leaders placed in it who responded (manager engagement) and who
    gave a recognition (leaders recognizing)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    start = models.DateField()
    participants = models.IntegerField(default=0)
    engaged = models.IntegerField(default=0)
    recognized = models.IntegerField(default=0)
    recognizing = models.IntegerField(default=0)

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


class CandidateKind(models.TextChoices):
    STORY = "story", "Story"
    IDEA = "idea", "Idea"


class Candidate(models.Model):
    """A story, or an implemented idea, that may be picked as an early win (highlights.py).

    One row per story and per idea that is implemented now, kept by
    `tandem.indicators.candidates` in the same transaction as the record (through
    `rollups.track`), so picking the week's best of a 100,000-person organization reads a
    few thousand narrow rows instead of scoring the raw records. `points` is the part of
    the score that does not depend on the period (all rules but recency); `day` dates the
    record: a story's date, the local day of an idea's first move to implemented (`at`).
    """

    kind = models.CharField(max_length=5, choices=CandidateKind.choices)
    record_id = models.PositiveBigIntegerField()
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, db_index=False, related_name="+")
    day = models.DateField()
    at = models.DateTimeField(null=True, blank=True)
    points = models.PositiveSmallIntegerField()
    people_count = models.PositiveSmallIntegerField()
    private = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "record_id"], name="candidate_once")]
        indexes = [
            models.Index(fields=["kind", "day"], name="candidate_period"),
            models.Index(fields=["unit", "kind", "day"], name="candidate_unit_period"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id} ({self.points} points, {self.day})"


class InitiativeReach(models.Model):
    """What one published initiative adds to one subtree's figures on the day it was
    published (leading_up.py): one row per initiative and per unit that is an affected unit
    or above one (the subtrees the initiative counts in). Kept so that a change (a response,
    an answer, someone moving) can take back exactly what the row added to UnitDay.

    `initiative_id` is a plain id, not a foreign key: when an initiative is deleted its
    rows must outlive it long enough to be subtracted.
    """

    initiative_id = models.BigIntegerField(db_index=True)
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    published_on = models.DateField()
    rounds = models.PositiveSmallIntegerField()
    affected = models.IntegerField()  # active people of the affected levels in the subtree
    responses = models.IntegerField()  # responses of every round stored in the subtree
    changed = models.BooleanField()  # it has an answer of kind "changed"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["initiative_id", "unit"], name="reach_unique")
        ]

    def __str__(self) -> str:
        return f"initiative {self.initiative_id} in {self.unit_id}"


class CountedResponses(models.Model):
    """How many responses of an initiative the rollups counted with the same unit, day
    visible and day answered (leading_up.py): counts only, no response ids, so that a
    change of any of them can be taken back from UnitDay. A plain initiative id, as in
    InitiativeReach."""

    initiative_id = models.BigIntegerField(db_index=True)
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    visible_on = models.DateField()
    answered_on = models.DateField(null=True, blank=True)
    n = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.n} of initiative {self.initiative_id} in {self.unit_id}"
