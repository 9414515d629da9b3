"""Leaders' commitments, drawn from the seven rules of service leadership, and check-ins."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from tandem.lib import cadence
from tandem.people.models import Person


class Rule(models.TextChoices):
    """The seven rules of service leadership (UP! Your Service)."""

    DECLARE_PRIORITY = "declare_priority", "Declare service a top priority"
    ROLE_MODEL = "role_model", "Be a great role model"
    COMMON_LANGUAGE = "common_language", "Promote a common service language"
    MEASURE = "measure", "Measure what really matters"
    EMPOWER = "empower", "Enable and empower your team"
    REMOVE_ROADBLOCKS = "remove_roadblocks", "Remove roadblocks"
    SUSTAIN = "sustain", "Sustain focus and enthusiasm"


class Cadence(models.TextChoices):
    WEEKLY = cadence.WEEKLY, "Weekly"
    MONTHLY = cadence.MONTHLY, "Monthly"
    QUARTERLY = cadence.QUARTERLY, "Quarterly"


class Commitment(models.Model):
    """Something a leader promises to do, visibly, at a cadence.

    `ended_on` is set when the commitment is stopped, so periods after it are not missed.
    """

    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="commitments")
    text = models.CharField(max_length=300)
    rule = models.CharField(max_length=30, choices=Rule.choices)
    cadence = models.CharField(max_length=10, choices=Cadence.choices)
    started_on = models.DateField(default=timezone.localdate)
    active = models.BooleanField(default=True)
    ended_on = models.DateField(null=True, blank=True)
    reminded_for = models.DateField(
        null=True,
        blank=True,
        help_text="Start of the last period a check-in reminder was sent for.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["leader", "-active", "started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.leader}: {self.text}"


class CheckIn(models.Model):
    """The leader's own account of one period: kept or not, and what got in the way."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="check_ins")
    period_start = models.DateField()
    kept = models.BooleanField()
    reflection = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["commitment", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "period_start"], name="one_check_in_per_period"
            )
        ]

    def __str__(self) -> str:
        state = "kept" if self.kept else "not kept"
        return f"{self.commitment.text} from {self.period_start}: {state}"


# Suggestions a leader picks from (and may reword): (rule, text, cadence).
SUGGESTED_COMMITMENTS: list[tuple[str, str, str]] = [
    (Rule.DECLARE_PRIORITY, "Service first on my weekly meeting agenda", cadence.WEEKLY),
    (Rule.DECLARE_PRIORITY, "Open every all-staff update with a customer story", cadence.MONTHLY),
    (Rule.ROLE_MODEL, "One back-to-the-floor day a quarter", cadence.QUARTERLY),
    (Rule.ROLE_MODEL, "Answer one customer complaint personally each month", cadence.MONTHLY),
    (Rule.COMMON_LANGUAGE, "Use the six levels of service when we review a case", cadence.MONTHLY),
    (Rule.MEASURE, "Review my teams' ideas tried and implemented with them", cadence.MONTHLY),
    (Rule.EMPOWER, "Approve or answer every idea from my team within a week", cadence.WEEKLY),
    (Rule.REMOVE_ROADBLOCKS, "Ask my team for one roadblock and remove it", cadence.MONTHLY),
    (Rule.SUSTAIN, "Recognize one frontline improvement every week", cadence.WEEKLY),
    (Rule.SUSTAIN, "Share the quarter's best service wins with my leaders", cadence.QUARTERLY),
]
