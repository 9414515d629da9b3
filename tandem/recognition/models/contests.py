"""Contests for ideas that led to demonstrable improvement (PRODUCT.md M9).

The program office runs one: a theme, building blocks, the units whose ideas may enter,
dates, prizes in words, judges and a rubric weighted towards a measured before/after.
Entries are implemented ideas, nominated by an author, an author's manager or the program
office, with their evidence. Each judge scores each entry alone on every criterion; a
judge who is an author or up an author's reporting line cannot score it. The program
office shortlists and picks the winners, who are recognized.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tandem.capture.models import BuildingBlock, Idea
from tandem.people.models import OrgUnit, Person

TOP_SCORE = 5

# The rubric a new contest starts with: most weight on a measured improvement.
DEFAULT_RUBRIC = [
    (
        "Measured improvement",
        "A before and an after, measured the same way: how much better is it?",
        40,
    ),
    (
        "Recorded impact",
        "Minutes or money saved, or the effect on customers, as recorded on the idea.",
        30,
    ),
    ("Service to the customer", "How much it matters to the people we serve.", 20),
    ("Can spread", "Other teams could do it too, with little help.", 10),
]


class ContestStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for entries"
    JUDGING = "judging", "Being judged"
    CLOSED = "closed", "Winners announced"


class Contest(models.Model):
    title = models.CharField(max_length=200)
    theme = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    blocks = models.ManyToManyField(BuildingBlock, blank=True, related_name="+")
    units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="+", help_text="Whose ideas may enter; none: everyone's."
    )
    opens_on = models.DateField()
    closes_on = models.DateField(help_text="The last day for entries.")
    prizes = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    judges = models.ManyToManyField(Person, blank=True, related_name="contests_judged")
    status = models.CharField(
        max_length=10, choices=ContestStatus.choices, default=ContestStatus.DRAFT
    )
    announced_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recognition:contest", args=[self.pk])


class Criterion(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=100)
    help = models.CharField(max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["contest", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class EntryStatus(models.TextChoices):
    ENTERED = "entered", "Entered"
    SHORTLISTED = "shortlisted", "Shortlisted"
    WINNER = "winner", "Winner"


class Entry(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="contest_entries")
    nominated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    measure = models.CharField(
        "what was measured", max_length=200, help_text="E.g. “Call-backs per week”."
    )
    before = models.DecimalField(max_digits=12, decimal_places=2)
    after = models.DecimalField(max_digits=12, decimal_places=2)
    evidence = models.TextField(
        "how it was measured",
        blank=True,
        validators=[MaxLengthValidator(2000)],
        help_text="Over which weeks, from which records; where the figures can be checked.",
    )
    status = models.CharField(
        max_length=12, choices=EntryStatus.choices, default=EntryStatus.ENTERED
    )
    place = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["contest", "place", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "idea"], name="one_entry_per_idea")
        ]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return f"{self.idea.title} in {self.contest.title}"

    @property
    def change(self):
        """after − before, in the measure's own unit."""
        return self.after - self.before

    @property
    def before_after(self) -> str:
        """“40 to 12”: the figures without trailing zeros."""
        return f"{plain(self.before)} to {plain(self.after)}"


def plain(number) -> str:
    """A decimal as written by hand: 12, 12.5 (not 12.00, not 1.2E+1)."""
    return f"{number.normalize():f}"


class Score(models.Model):
    """One judge's score of one entry on one criterion (0–5)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(TOP_SCORE)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "judge", "criterion"], name="one_score_per_judge_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score} of {TOP_SCORE}"


class Judged(models.Model):
    """A judge scored an entry (once: the scores cannot be changed)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="judged")
    judge = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True, validators=[MaxLengthValidator(1000)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge"], name="one_judging_per_entry")
        ]

    def __str__(self) -> str:
        return f"scored on {self.at:%Y-%m-%d}"
