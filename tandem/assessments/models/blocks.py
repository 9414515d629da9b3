"""The building-block assessment (PRODUCT.md M8): a round in which the people of some
units rate each of the 12 building blocks of service culture on how well the practice
supports service where they work, and may name a practice that works against it.

Who was asked, and where they count, is fixed when the round opens (`Invitation`: a
person moved later still counts where they were). What they answered carries no
identity (`Submission`, `Rating`): no person, no date, a random id, filed under the
smallest unit around the person, as the unit tree stood at the opening, in which at least
the minimum group were asked (never a smaller team; voice/groups.py). That a person
answered, not what, is kept as a keyed hash (`Answered`), so that each answers once.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tandem.capture.models import BuildingBlock
from tandem.people.models import OrgUnit, Person

AGAINST_LIMIT = 1000


class Who(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    LEADERS = "leaders", "Leaders only"
    SAMPLE = "sample", "A random sample"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


# The scale: how well the practice supports service where one works. None: don't know.
SCALE = [
    (1, "Works against service"),
    (2, "Rarely supports it"),
    (3, "Sometimes supports it"),
    (4, "Mostly supports it"),
    (5, "Fully supports it"),
]
DONT_KNOW = "Don't know"


class Round(models.Model):
    title = models.CharField(max_length=200)
    units = models.ManyToManyField(OrgUnit, related_name="+")
    who = models.CharField(max_length=10, choices=Who.choices, default=Who.EVERYONE)
    sample_percent = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text="For a sample: the share of people asked (1–99 %).",
    )
    opens_on = models.DateField()
    closes_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    # The minimum group and the least respondents for comments, fixed at the opening.
    min_group = models.PositiveSmallIntegerField(default=5)
    text_min = models.PositiveSmallIntegerField(default=10)

    class Meta:
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """Who was asked, and the unit they count in (its path as the tree stood when the
    round opened)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, null=True, on_delete=models.SET_NULL, related_name="+")
    path = models.CharField(max_length=255, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="one_invitation_a_round")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.round}"


class RoundUnit(models.Model):
    """A unit as it stood when the round opened: its path and name then (results are by
    this tree, whatever moved since)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="tree")
    unit = models.ForeignKey(OrgUnit, null=True, on_delete=models.SET_NULL, related_name="+")
    path = models.CharField(max_length=255)
    name = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "path"], name="one_path_a_round")]
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class Submission(models.Model):
    """One person's answers, without the person: filed under `path`, the smallest unit
    around them of at least the round's minimum group of people asked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="submissions")
    path = models.CharField(max_length=255, db_index=True)

    def __str__(self) -> str:
        return f"answers to {self.round}"


class Rating(models.Model):
    # Random ids, as for submissions and `Answered`: rows numbered as written would give
    # the order of answering, and with it, to whoever holds the keys, who answered what.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="ratings")
    block = models.ForeignKey(BuildingBlock, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )  # None: don't know
    against = models.TextField(max_length=AGAINST_LIMIT, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "block"], name="one_rating_a_block")
        ]

    def __str__(self) -> str:
        return f"{self.block}: {self.score or DONT_KNOW}"


class Answered(models.Model):
    """That someone answered a round, as a keyed hash of the person and the round: tied
    to no submission."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=64, unique=True)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"an answer to {self.round_id}"
