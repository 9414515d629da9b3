"""Recognition (PRODUCT.md M9): someone thanks a colleague or a team for something
specific, tied to an idea, action or story where there is one; a customer compliment
that names people is a recognition from the customer.

Who is recognized is `people` (a team's recognition names its active members on the
day, so counts per person hold when people move); `team` keeps which team it was.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tandem.capture.models import BuildingBlock, Idea, ServiceAction, Story
from tandem.people.models import OrgUnit, Person

WHAT_LIMIT = 1000


class RecognitionSettings(models.Model):
    """What a recognition must name, set by the program office (one row)."""

    must_name = models.BooleanField(
        "A recognition must name a building block or a value",
        default=False,
        help_text="When on, nobody can send a recognition without one of those chosen below.",
    )
    blocks = models.ManyToManyField(
        BuildingBlock,
        blank=True,
        related_name="+",
        help_text="The building blocks a recognition may name; none chosen: all twelve.",
    )
    values = models.TextField(
        "Our values",
        blank=True,
        validators=[MaxLengthValidator(2000)],
        help_text="One per line, e.g. “We own the problem”. A recognition may name one.",
    )

    def __str__(self) -> str:
        return "what a recognition names"

    @classmethod
    def current(cls) -> RecognitionSettings:
        return cls.objects.get_or_create(pk=1)[0]

    def value_list(self) -> list[str]:
        return [line.strip() for line in self.values.splitlines() if line.strip()]


class Source(models.TextChoices):
    COLLEAGUE = "colleague", "A colleague"
    CUSTOMER = "customer", "A customer"
    CONTEST = "contest", "A contest"


class RecognitionQuerySet(models.QuerySet["Recognition"]):
    def received_by(self, person: Person) -> RecognitionQuerySet:
        return self.filter(people=person)

    def given_by(self, person: Person) -> RecognitionQuerySet:
        return self.filter(given_by=person)


class Recognition(models.Model):
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.COLLEAGUE)
    # Who recognized: the colleague; for a customer's, the person who logged it (a manager
    # on the customer's behalf, or the author of the compliment story).
    given_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="recognitions_given"
    )
    customer = models.CharField("the customer", max_length=200, blank=True)
    what = models.TextField(
        "what for", validators=[MaxLengthValidator(WHAT_LIMIT)], help_text="Something specific."
    )
    people = models.ManyToManyField(Person, related_name="recognitions")
    team = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    block = models.ForeignKey(
        BuildingBlock, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.CharField(max_length=200, blank=True)
    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="recognitions"
    )
    action = models.ForeignKey(
        ServiceAction, null=True, blank=True, on_delete=models.SET_NULL, related_name="recognitions"
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="recognitions"
    )
    contest = models.ForeignKey(
        "recognition.Contest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recognitions",
    )
    # A compliment story's own recognition (kept in step with the story's people).
    from_compliment = models.BooleanField(default=False)
    private = models.BooleanField(
        default=False,
        help_text="Only the people recognized, their managers and you see it; "
        "not shown in their unit's feed.",
    )
    date = models.DateField(default=timezone.localdate, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        # Who recognized someone in a period (the indicators' "leaders recognizing").
        indexes = [models.Index(fields=["given_by", "date"], name="recognition_giver_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["story"],
                condition=models.Q(from_compliment=True),
                name="one_recognition_per_compliment",
            )
        ]

    def __str__(self) -> str:
        return self.what[:80]

    def get_absolute_url(self) -> str:
        return reverse("recognition:detail", args=[self.pk])

    @property
    def record(self):
        return self.idea or self.action or self.story

    @property
    def from_whom(self) -> str:
        """Who the recognition is from, in words."""
        if self.source == Source.CUSTOMER:
            return f"a customer{f' ({self.customer})' if self.customer else ''}"
        if self.source == Source.CONTEST:
            return f"the contest “{self.contest.title}”" if self.contest else "a contest"
        return self.given_by.name if self.given_by else "a former colleague"
