"""The say–do audit: what the organization declares against what it measures, pays and hires for.

One `SayDoAudit` is a dated snapshot; taking one every quarter gives the series.
Its entries are lines with a weight in percent, each tagged service-related or not:
the declared priorities (organization-wide, no level) and, per level, the scorecard
KPIs, the incentive-pay components and the hiring criteria. Within one kind (and
level) the weights sum to 100. How the score is computed: `services/saydo.py`
and docs/say-do.md.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from tandem.people.models import Level, OrgUnit, Person


class SayDoKind(models.TextChoices):
    DECLARED = "declared", "Declared priority"
    SCORECARD = "scorecard", "Scorecard KPI"
    INCENTIVE = "incentive", "Incentive-pay component"
    HIRING = "hiring", "Hiring criterion"


DOING_KINDS = (SayDoKind.SCORECARD, SayDoKind.INCENTIVE, SayDoKind.HIRING)


class SayDoAudit(models.Model):
    root_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="say_do_audits")
    taken_on = models.DateField(default=timezone.localdate)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["root_unit", "taken_on", "pk"]

    def __str__(self) -> str:
        return f"Say–do audit of {self.root_unit.name} on {self.taken_on}"


class SayDoEntry(models.Model):
    audit = models.ForeignKey(SayDoAudit, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=10, choices=SayDoKind.choices)
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    label = models.CharField(max_length=200)
    weight = models.PositiveIntegerField(help_text="Percent of this kind's total for the level.")
    service = models.BooleanField("service-related", default=False)

    class Meta:
        ordering = ["audit", "kind", "level", "-weight", "pk"]
        verbose_name_plural = "say–do entries"

    def __str__(self) -> str:
        return f"{self.label} ({self.weight}%)"
