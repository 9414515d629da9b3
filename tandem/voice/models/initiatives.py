"""Initiatives (PRODUCT.md M7, "you said, we did"): a change written down by a leader or
the program office and distributed to everyone it affects, who answer once per round
with support, a concern or a suggestion, named or anonymous; the owner answers each
response, or several at once. A distributed meeting's notes are an initiative too
(`meeting`), so one response and answer model serves both.

Anonymous responses keep what anonymous feedback keeps (models/feedback.py): no person,
no exact time (the day, or the week in a small group), a random id, the hash of a reply
code. Their `unit` is the smallest team around the author that is at least the minimum
group, never the author's own team when it is smaller. That someone answered (not what)
is kept as a keyed hash in `Responded`, so that each person answers once per round.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from tandem.people.models import Level, OrgUnit, Person
from tandem.programs.models import AgendaItem, Meeting, RoadmapItem

TEXT_LIMIT = 2000


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"


class ResponseKind(models.TextChoices):
    SUPPORT = "support", "Support"
    CONCERN = "concern", "Concern"
    SUGGESTION = "suggestion", "Suggestion"


class AnswerKind(models.TextChoices):
    CHANGED = "changed", "Changed"
    NOT_CHANGED = "not_changed", "Not changed, because"
    QUESTION = "question", "Question back"


class Initiative(models.Model):
    title = models.CharField("What changes", max_length=200)
    what = models.TextField("In detail", max_length=TEXT_LIMIT, blank=True)
    why = models.TextField(
        "Why: the customer or colleague it serves", max_length=TEXT_LIMIT, blank=True
    )
    units = models.ManyToManyField(OrgUnit, related_name="initiatives")
    # The levels it affects, comma-separated (no level's value is part of another's, so
    # `levels__contains` finds one); empty: everyone in the units.
    levels = models.CharField(max_length=100, blank=True)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="initiatives_owned")
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_on = models.DateField("Starts on")
    closes_on = models.DateField(
        "Responses until", null=True, blank=True, help_text="Empty: open until closed."
    )
    roadmap_item = models.ForeignKey(
        RoadmapItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives"
    )
    # A meeting's distributed notes are an initiative with this set.
    meeting = models.OneToOneField(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="initiative"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    round = models.PositiveSmallIntegerField(default=1)
    published_on = models.DateField(null=True, blank=True, db_index=True)
    # This round's distribution (by the worker, in chunks of people in pk order): how
    # many were told so far (None: not started), the last person told, and whether
    # everyone was. A worker that dies midway leaves it to be taken up where it stopped.
    reached = models.PositiveIntegerField(null=True, blank=True)
    told_up_to = models.PositiveIntegerField(default=0)
    distributed = models.BooleanField(default=False)
    queued_at = models.DateTimeField(null=True, blank=True)  # when it was handed to the worker
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["status", "published_on"], name="initiative_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def level_list(self) -> list[str]:
        return [value for value in self.levels.split(",") if value in Level.values]

    @property
    def level_names(self) -> list[str]:
        return [Level(value).label for value in self.level_list]

    def affects_level(self, level: str) -> bool:
        return not self.levels or level in self.level_list

    @property
    def open(self) -> bool:
        if self.status != Status.PUBLISHED:
            return False
        return self.closes_on is None or self.closes_on >= timezone.localdate()


class Answer(models.Model):
    """The owner's answer to one response or to several at once."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="answers")
    # Blank: a plain answer, written before answers had kinds (meetings' old answers).
    kind = models.CharField(max_length=12, choices=AnswerKind.choices, blank=True)
    text = models.TextField(max_length=TEXT_LIMIT)
    by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_on = models.DateField(db_index=True)

    class Meta:
        ordering = ["-answered_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display() or 'Answer'}: {self.text[:40]}"

    @property
    def kind_label(self) -> str:
        return self.get_kind_display() if self.kind else "Answered"


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="responses")
    round = models.PositiveSmallIntegerField()
    # Named responses only: anonymous ones have no author, in any form.
    author = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiative_responses",
    )
    # The author's team, or for anonymous ones the smallest team around it of at least
    # the minimum group (see the module docstring).
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=ResponseKind.choices)
    text = models.TextField(max_length=TEXT_LIMIT)
    code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Named: the day it was written. Anonymous: the day, or in a small group only the
    # Monday of its week (`by_week`; voice/batches.py); changed_on likewise.
    created_on = models.DateField()
    by_week = models.BooleanField(default=False)
    # The day the owner may read it: named at once, anonymous in the next batch (the next
    # morning, or the next Monday in a small group), with the others of that batch (so
    # that timing does not tell who wrote it).
    visible_on = models.DateField()
    notified = models.BooleanField(default=False)  # the owner was told
    changed_on = models.DateField(null=True, blank=True)
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )

    class Meta:
        ordering = ["created_on", "kind", "id"]
        indexes = [
            models.Index(fields=["initiative", "round"], name="response_round"),
            models.Index(fields=["initiative", "answer"], name="response_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.initiative}"

    @property
    def anonymous(self) -> bool:
        return bool(self.code_hash)


class Responded(models.Model):
    """That someone responded to an initiative in a round, as a keyed hash of the person,
    the initiative and the round: it answers "did this person respond already?" for the
    person themself, and is tied to no response."""

    key = models.CharField(max_length=64, unique=True)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"a response to {self.initiative_id}"
