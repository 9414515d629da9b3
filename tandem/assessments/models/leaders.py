"""The leader-responsibility 360 (PRODUCT.md M8): each leader rates themself on the eight
responsibilities of leadership (Koestenbaum), and so do their manager, peers they choose
(approved by their manager) and their direct reports; plus two questions in words (keep
doing, start doing).

Who is asked to rate whom, and in which group, is kept (`Rater`): it says who was asked,
not what they said. A peer's or a report's answers carry no identity (`Feedback360`:
the leader and the group only, a random id, no date); that someone answered is a keyed
hash (`Rated`). The manager's and the leader's own answers are theirs by nature (one
person each), and the leader is told so before the round.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tandem.people.models import OrgUnit, Person

from .blocks import Status

TEXT_LIMIT = 1000


class Responsibility(models.TextChoices):
    MORALE = "morale", "Morale"
    COMMUNICATION = "communication", "Communication"
    INNOVATION = "innovation", "Innovative thinking"
    SYSTEMS = "systems", "Use of systems"
    CULTURE = "culture", "Ownership of culture"
    STRATEGY = "strategy", "Long-term strategic thinking"
    DECISIONS = "decisions", "Quality decisions at lower levels"
    TALENT = "talent", "Developing and keeping talented people"


class Group(models.TextChoices):
    SELF = "self", "Self"
    MANAGER = "manager", "Manager"
    PEER = "peer", "Peers"
    REPORT = "report", "Direct reports"


class ReviewRound(models.Model):
    title = models.CharField(max_length=200)
    units = models.ManyToManyField(OrgUnit, related_name="+")
    opens_on = models.DateField()
    closes_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    min_peers = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(3), MaxValueValidator(10)]
    )
    min_reports = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(3), MaxValueValidator(10)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Review(models.Model):
    """One leader's 360 in a round."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="reviews")
    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    manager = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    peers_approved_on = models.DateField(null=True, blank=True)
    heard = models.ForeignKey(
        "voice.Heard", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "leader"], name="one_review_a_round")
        ]

    def __str__(self) -> str:
        return f"{self.leader} in {self.round}"


class Rater(models.Model):
    """Someone asked to rate a leader, and in which group; a peer counts once the
    leader's manager approved them."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="raters")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    group = models.CharField(max_length=10, choices=Group.choices)
    approved = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "person"], name="one_rater_a_review")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.group}) on {self.review}"


class Feedback360(models.Model):
    """One rater's answers about a leader, with their group and nothing that names them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="answers")
    group = models.CharField(max_length=10, choices=Group.choices)
    keep = models.TextField(max_length=TEXT_LIMIT, blank=True)
    start = models.TextField(max_length=TEXT_LIMIT, blank=True)

    def __str__(self) -> str:
        return f"{self.group} on {self.review}"


class Score(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # no order
    feedback = models.ForeignKey(Feedback360, on_delete=models.CASCADE, related_name="scores")
    responsibility = models.CharField(max_length=20, choices=Responsibility.choices)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )  # None: don't know

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feedback", "responsibility"], name="one_score_each")
        ]

    def __str__(self) -> str:
        return f"{self.responsibility}: {self.score}"


class Rated(models.Model):
    """That someone rated a leader in a round (a keyed hash), tied to no answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # no order
    key = models.CharField(max_length=64, unique=True)
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"a rating of {self.review_id}"
