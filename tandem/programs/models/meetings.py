"""Leadership meetings: who attended, the agenda in order, and which teams each item affects.

A meeting's notes go to the affected teams; their responses are the later
initiatives feature (M7), which will hang off `Meeting` rather than copy it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from tandem.people.models import OrgUnit, Person
from tandem.programs.models.roadmap import Program


class MeetingKind(models.TextChoices):
    MEETING = "meeting", "Leadership meeting"
    ALIGNMENT_SESSION = "alignment_session", "Leadership alignment session"


class AgendaTag(models.TextChoices):
    SERVICE = "service", "Service"
    SALES = "sales", "Sales"
    FINANCE = "finance", "Finance"
    OPERATIONS = "operations", "Operations"
    PEOPLE = "people", "People"
    OTHER = "other", "Other"


class Meeting(models.Model):
    kind = models.CharField(max_length=20, choices=MeetingKind.choices, default=MeetingKind.MEETING)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    date = models.DateField()
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="meetings")
    chair = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="chaired_meetings")
    attendees = models.ManyToManyField(Person, related_name="meetings_attended")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    distributed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the notes went to the affected teams (once)."
    )

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["chair", "date"]), models.Index(fields=["unit", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.unit.name} on {self.date}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    tag = models.CharField(max_length=12, choices=AgendaTag.choices)
    affects = models.ManyToManyField(OrgUnit, blank=True, related_name="agenda_items")

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="one_item_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title} ({self.tag})"
