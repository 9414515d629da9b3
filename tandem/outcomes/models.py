"""Lagging outcomes (M11): what a unit's customers and staff show month by month.

One row per unit and calendar month, imported from CSV (`importer.py`). Each measure
is optional: a blank cell means "not measured that month", and a file that does not
carry a column leaves that measure as it was (customer and HR figures often come
from different systems, in different files).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tandem.people.models import OrgUnit


@dataclass(frozen=True)
class Measure:
    """One outcome column: its CSV name, label, bounds and how its numbers are kept."""

    key: str
    label: str
    short: str  # how a sentence names it: "higher {short}"
    help: str
    low: Decimal
    high: Decimal
    places: int  # decimal places kept; 0 = whole numbers only
    percent: bool = False  # a trailing "%" is allowed in the file
    money: bool = False
    counted: bool = False  # a count that grows with the unit's size


MEASURES: tuple[Measure, ...] = (
    Measure(
        "csat",
        "Customer satisfaction (CSAT, %)",
        "CSAT",
        "share of surveyed customers satisfied, 0 to 100",
        Decimal(0),
        Decimal(100),
        2,
        percent=True,
    ),
    Measure(
        "nps",
        "Net Promoter Score",
        "NPS",
        "promoters minus detractors, −100 to 100",
        Decimal(-100),
        Decimal(100),
        2,
    ),
    Measure(
        "complaints",
        "Complaints",
        "complaints",
        "complaints received in the month, a whole number",
        Decimal(0),
        Decimal(1_000_000),
        0,
        counted=True,
    ),
    Measure(
        "compliments",
        "Compliments",
        "compliments",
        "compliments received in the month, a whole number",
        Decimal(0),
        Decimal(1_000_000),
        0,
        counted=True,
    ),
    Measure(
        "staff_turnover",
        "Staff turnover (%)",
        "staff turnover",
        "staff turnover in percent as your HR system reports it, 0 to 100",
        Decimal(0),
        Decimal(100),
        2,
        percent=True,
    ),
    Measure(
        "cost_to_serve",
        "Cost to serve",
        "cost to serve",
        "cost per customer served, in your currency, 0 or more (no currency sign)",
        Decimal(0),
        Decimal("999999999999.99"),
        2,
        money=True,
    ),
)
MEASURE_BY_KEY = {m.key: m for m in MEASURES}
MEASURE_KEYS = tuple(m.key for m in MEASURES)


def _bounded(measure: Measure) -> list:
    return [MinValueValidator(measure.low), MaxValueValidator(measure.high)]


class UnitOutcome(models.Model):
    """The outcomes of one unit in one calendar month (`month` is its first day)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="outcomes")
    month = models.DateField(help_text="The first day of the month.")
    csat = models.DecimalField(
        "CSAT %", max_digits=5, decimal_places=2, null=True, blank=True,
        validators=_bounded(MEASURE_BY_KEY["csat"]),
    )  # fmt: skip
    nps = models.DecimalField(
        "NPS", max_digits=5, decimal_places=2, null=True, blank=True,
        validators=_bounded(MEASURE_BY_KEY["nps"]),
    )  # fmt: skip
    complaints = models.PositiveIntegerField(null=True, blank=True)
    compliments = models.PositiveIntegerField(null=True, blank=True)
    staff_turnover = models.DecimalField(
        "staff turnover %", max_digits=5, decimal_places=2, null=True, blank=True,
        validators=_bounded(MEASURE_BY_KEY["staff_turnover"]),
    )  # fmt: skip
    cost_to_serve = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True,
        validators=_bounded(MEASURE_BY_KEY["cost_to_serve"]),
    )  # fmt: skip
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["unit", "month"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="outcome_one_per_unit_month"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="outcome_month_is_first_day"
            ),
        ]
        indexes = [models.Index(fields=["month"], name="outcome_month_idx")]

    def __str__(self) -> str:
        return f"{self.unit.full_path} {self.month:%Y-%m}"

    def values(self) -> dict[str, Decimal | int | None]:
        return {key: getattr(self, key) for key in MEASURE_KEYS}
