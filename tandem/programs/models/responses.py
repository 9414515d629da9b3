"""Responses to a distributed meeting: the affected teams' say on what was decided (M7).

One model on purpose: when initiatives arrive they are meetings' agenda items made
public, and the same support / concern / suggestion with its answer hangs off them.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from tandem.people.models import Person
from tandem.programs.models.meetings import AgendaItem, Meeting

TEXT_LIMIT = 2000


class ResponseKind(models.TextChoices):
    SUPPORT = "support", "Support"
    CONCERN = "concern", "Concern"
    SUGGESTION = "suggestion", "Suggestion"


class MeetingResponse(models.Model):
    """What someone affected says back about a meeting (or one item of it), and the answer."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="responses")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="meeting_responses")
    kind = models.CharField(max_length=12, choices=ResponseKind.choices)
    text = models.TextField(max_length=TEXT_LIMIT)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    answer = models.TextField(blank=True, max_length=TEXT_LIMIT)
    answered_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.author.name} on {self.meeting}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
