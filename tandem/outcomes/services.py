"""Outcomes beside the leading indicators (M11): a unit's months, and the org-wide view of
how participation in one quarter moves with each outcome in the next.

Leading figures always come from `tandem.indicators.figures` (never from the raw
records), so they agree with the dashboards and stay cheap as history grows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from tandem.indicators import figures
from tandem.indicators.periods import MONTH, QUARTER, ReportPeriod
from tandem.lib import cadence
from tandem.outcomes import access
from tandem.outcomes.models import MEASURE_KEYS, MEASURES, Measure, UnitOutcome
from tandem.outcomes.stats import Correlation, correlate
from tandem.people.models import OrgUnit

if TYPE_CHECKING:
    from tandem.people.models import User

MONTHS_SHOWN = 24
QUARTERS_BACK = 8  # outcome quarters looked at by the org-wide view: two years
MIN_PAIRS = 20  # below this many unit-quarter pairs the view says "too little data"
CACHE_SECONDS = 600
LEADING_KEYS = (
    "staff",
    "participation",
    "manager_engagement",
    "ideas_created",
    "ideas_implemented",
    "service_actions",
    "stories",
)


# --- months and quarters -----------------------------------------------------------


def months_until(day: date, count: int = MONTHS_SHOWN) -> list[ReportPeriod]:
    """The `count` calendar months ending with the month of `day`, oldest first."""
    first = day.replace(day=1)
    index = first.year * 12 + first.month - 1 - (count - 1)
    start = date(index // 12, index % 12 + 1, 1)
    return [
        ReportPeriod(MONTH, p.start, p.end)
        for p in cadence.periods_between(start, day, cadence.MONTHLY)
    ]


def quarters_until(day: date, count: int) -> list[ReportPeriod]:
    """The `count` calendar quarters ending with the quarter of `day`, oldest first."""
    quarters = [ReportPeriod.containing(QUARTER, day)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters[::-1]


# --- a unit's months ---------------------------------------------------------------


@dataclass
class Timeline:
    """A unit's last months: leading figures and outcomes per month, oldest first."""

    unit: OrgUnit
    months: list[ReportPeriod]
    rows: list[dict[str, Any]]
    measures: list[Measure]  # the outcome measures with at least one value here
    outcome_months: int  # months with an outcome row
    units_below_with_outcomes: list[OrgUnit] = field(default_factory=list)


def unit_timeline(unit: OrgUnit, today: date | None = None, count: int = MONTHS_SHOWN) -> Timeline:
    """Leading indicators (figures.summary per month) and the unit's own outcome rows, for
    the `count` whole months before the month of `today` (outcomes come once a month ends,
    and a month in progress would look like a drop in every figure).

    Outcomes are the unit's own: a department's satisfaction is not the mean of its
    wards' (they serve different numbers of customers), so nothing is rolled up.
    When only units below have outcomes, they are listed to go to instead.
    """
    today = today or timezone.localdate()
    months = months_until(today.replace(day=1) - timedelta(days=1), count)
    stored = {
        o.month: o
        for o in UnitOutcome.objects.filter(
            unit=unit, month__gte=months[0].start, month__lte=months[-1].start
        )
    }
    rows = []
    for month in months:
        figures_of_month = figures.summary(unit, month)
        outcome = stored.get(month.start)
        row: dict[str, Any] = {"month": month.start, "label": f"{month.start:%Y-%m}"}
        row.update({key: figures_of_month.get(key) for key in LEADING_KEYS})
        row.update(outcome.values() if outcome else dict.fromkeys(MEASURE_KEYS))
        rows.append(row)
    measures = [m for m in MEASURES if any(row[m.key] is not None for row in rows)]
    below: list[OrgUnit] = []
    if not stored:
        with_data = UnitOutcome.objects.filter(
            unit__path__startswith=unit.path, month__gte=months[0].start
        ).exclude(unit=unit)
        below = list(OrgUnit.objects.filter(pk__in=with_data.values("unit_id")).order_by("path"))
    return Timeline(unit, months, rows, measures, len(stored), below)


# --- the org-wide view -------------------------------------------------------------

STRENGTH = ((0.1, "No clear"), (0.3, "A weak"), (0.5, "A moderate"), (1.01, "A strong"))


@dataclass
class OutcomeCorrelation:
    """Participation in a quarter against one outcome in the next, pooled over units."""

    measure: Measure
    result: Correlation
    units: int  # units that gave at least one pair
    min_pairs: int

    @property
    def label(self) -> str:
        return f"{self.measure.label} per 100 staff" if self.measure.counted else self.measure.label

    @property
    def noun(self) -> str:
        return f"{self.measure.short} per 100 staff" if self.measure.counted else self.measure.short

    @property
    def enough(self) -> bool:
        return self.result.n >= self.min_pairs and self.result.r is not None

    @property
    def reading(self) -> str:
        """Plain words, never causal: the figures move together or they do not."""
        n, r = self.result.n, self.result.r
        if n < self.min_pairs:
            return (
                f"Too little data: {n} unit-quarter pair{'s' if n != 1 else ''}, "
                f"at least {self.min_pairs} are needed."
            )
        if r is None:
            return "Too little data: the figures do not vary, so nothing can be compared."
        label = self.noun
        strength = next(word for limit, word in STRENGTH if abs(r) < limit)
        if strength == "No clear":
            text = f"No clear relation: {label} did not move with participation."
        else:
            direction = "higher" if r > 0 else "lower"
            text = (
                f"{strength} relation: units with higher participation tended to have "
                f"{direction} {label} the next quarter."
            )
        if strength != "No clear" and self.result.interval_includes_zero:
            text += " The interval includes 0, so it may be chance."
        return text


@dataclass
class CorrelationReport:
    rows: list[OutcomeCorrelation]
    quarters: list[ReportPeriod]  # the outcome quarters looked at
    units: int  # units with outcome data in those quarters
    min_pairs: int
    pairs: dict[str, list[tuple[float, float]]]  # by measure key, for a scatter/table

    @property
    def has_data(self) -> bool:
        return self.units > 0


def quarterly_outcomes(
    quarters: list[ReportPeriod],
) -> dict[tuple[int, date], dict[str, float]]:
    """(unit id, quarter start) → mean of each measure over the months of the quarter
    that have a value (a quarter with one measured month counts with that month)."""
    values: dict[tuple[int, date], dict[str, list[Decimal | int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    rows = UnitOutcome.objects.filter(
        month__gte=quarters[0].start, month__lte=quarters[-1].end
    ).values_list("unit_id", "month", *MEASURE_KEYS)
    for unit_id, month, *measured in rows.iterator(chunk_size=5000):
        start = cadence.period_start(month, cadence.QUARTERLY)
        for key, value in zip(MEASURE_KEYS, measured, strict=True):
            if value is not None:
                values[(unit_id, start)][key].append(value)
    return {
        key: {m: float(sum(vs)) / len(vs) for m, vs in by_measure.items()}
        for key, by_measure in values.items()
    }


def correlations(today: date | None = None, min_pairs: int | None = None) -> CorrelationReport:
    """For each outcome: Pearson r between a unit's participation in quarter Q and its
    outcome in Q+1, pooled over every unit-quarter pair of the last QUARTERS_BACK outcome
    quarters, with n and a 95% interval (Fisher z).

    Only units with outcome data are looked at, and only in the quarters before those
    with data: participation comes from figures.for_units, one call per quarter.
    """
    today = today or timezone.localdate()
    min_pairs = MIN_PAIRS if min_pairs is None else min_pairs
    quarters = quarters_until(today, QUARTERS_BACK)
    stamp = UnitOutcome.objects.filter(month__gte=quarters[0].start).aggregate(
        last=Max("imported_at"), rows=Count("pk")
    )
    if not stamp["rows"]:
        return _correlate({}, {}, {}, quarters, 0, min_pairs)
    key = f"outcomes:correlations:{today}:{stamp['last'].isoformat()}:{stamp['rows']}:{min_pairs}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    outcomes = quarterly_outcomes(quarters)
    unit_ids = {unit_id for unit_id, _ in outcomes}
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=unit_ids)}
    participation: dict[tuple[int, date], float] = {}
    staff: dict[tuple[int, date], int] = {}
    for quarter in quarters:
        here = [units[uid] for uid, start in outcomes if start == quarter.start and uid in units]
        if not here:
            continue
        before = quarter.previous()
        for uid, figs in figures.for_units(here, before).items():
            if figs.get("participation") is not None:
                participation[(uid, quarter.start)] = float(figs["participation"])
                staff[(uid, quarter.start)] = figs["staff"]
    report = _correlate(outcomes, participation, staff, quarters, len(units), min_pairs)
    cache.set(key, report, CACHE_SECONDS)
    return report


def _correlate(
    outcomes: dict[tuple[int, date], dict[str, float]],
    participation: dict[tuple[int, date], float],
    staff: dict[tuple[int, date], int],
    quarters: list[ReportPeriod],
    unit_count: int,
    min_pairs: int,
) -> CorrelationReport:
    """Pair each unit-quarter's participation with its next-quarter outcomes. Counts
    (complaints, compliments) go per 100 staff: pooled raw, they would mostly say which
    units are big."""
    counted = {m.key for m in MEASURES if m.counted}
    pairs: dict[str, list[tuple[float, float]]] = {key: [] for key in MEASURE_KEYS}
    units_of: dict[str, set[int]] = {key: set() for key in MEASURE_KEYS}
    for key in sorted(outcomes):
        if key not in participation:
            continue
        for measure, value in outcomes[key].items():
            if measure in counted:
                value = value * 100 / staff[key]  # participation is None without staff
            pairs[measure].append((participation[key], value))
            units_of[measure].add(key[0])
    rows = []
    for measure in MEASURES:
        xs = [x for x, _ in pairs[measure.key]]
        ys = [y for _, y in pairs[measure.key]]
        rows.append(
            OutcomeCorrelation(measure, correlate(xs, ys), len(units_of[measure.key]), min_pairs)
        )
    return CorrelationReport(rows, quarters, unit_count, min_pairs, pairs)


def units_with_outcomes(user: User) -> list[dict[str, Any]]:
    """The units with outcome rows that the user may see, with their months and last month."""
    rows = (
        UnitOutcome.objects.values("unit_id")
        .annotate(months=Count("pk"), last=Max("month"))
        .order_by()
    )
    by_unit = {row["unit_id"]: row for row in rows}
    units = list(OrgUnit.objects.filter(pk__in=by_unit).order_by("path"))
    shown = access.viewable_units(user, units)
    covering = access.covering_unit(user)
    if covering is not None and covering not in shown:
        shown = [covering, *shown]  # above the person's own unit: sorts first
    return [
        {
            "unit": unit,
            "months": by_unit[unit.pk]["months"],
            "last": by_unit[unit.pk]["last"],
            "covering": covering is not None and unit.pk == covering.pk,
        }
        for unit in shown
    ]
