"""Where the program has reached in each org unit: the cascade stage."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from tandem.people.models import OrgUnit, Person
from tandem.programs.models.roadmap import Program


class Stage(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    LEADER_ALIGNED = "leader_aligned", "Leader aligned"
    MANAGERS_BRIEFED = "managers_briefed", "Managers briefed"
    TEAM_LAUNCHED = "team_launched", "Team launched"


STAGE_ORDER: list[str] = list(Stage.values)


class UnitStage(models.Model):
    """A unit's stage in a program. A unit with no row is not started.

    `launch_warning` keeps the warning given when the team was launched while its
    leader was not aligned (the bump risk), so the history says what was known.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="unit_stages")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="program_stages")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.NOT_STARTED)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.TextField(blank=True)
    launch_warning = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "unit"], name="unique_stage_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_stage_display()}"

    @property
    def rank(self) -> int:
        return STAGE_ORDER.index(self.stage)
