"""The leading indicators as screens, exports and digests read them.

Same keys and meaning as `definitions.compute` (the definitions live there, and
`definitions.derive` works out every ratio and median for both). This module reads the
rollups (models.py, kept by rollups.py), so a dashboard costs a few rows per unit and
day of the period, whatever the length of the history:

* additive counts and median histograms: the UnitDay rows of the period's days;
* staff and leaders: UnitHeadcount;
* the distinct-people figures (participation, manager engagement, staff recognized,
  leaders recognizing): UnitPeriod for a calendar week, month or quarter
  (also for one cut at today by `ReportPeriod.so_far`: nothing is dated after today, so
  the rollup of the period in progress holds exactly its days so far); a custom range
  has no such rows, so those numerators come from the raw records, which is slower
  on a big organization;
* the response rate's siblings (min_group.SiblingReach): InitiativeReach of the units
  above and beside, one more query, and only when a unit's rate reaches the minimum.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from tandem.indicators import definitions
from tandem.indicators.min_group import MinGroup, SiblingReach, reaches_minimum
from tandem.indicators.models import InitiativeReach, UnitDay, UnitHeadcount, UnitPeriod
from tandem.indicators.periods import WEEK, ReportPeriod, weeks_until
from tandem.people.models import OrgUnit


def summary(unit: OrgUnit, period: ReportPeriod) -> dict[str, Any]:
    """Every figure for `unit` and everything below it over `period`."""
    return for_units([unit], period)[unit.pk]


def for_units(
    units: list[OrgUnit], period: ReportPeriod, *, medians: bool = True
) -> dict[int, dict[str, Any]]:
    """summary() for several units at once (heatmap rows, sibling comparison), by unit id:
    three queries for a calendar period, however many units. With medians=False the
    three median figures are None and their histograms are not read (much less data
    for a heatmap or a comparison table that does not show them). One more query when a
    response rate needs its siblings (see _hidden_by_siblings)."""
    if not units:
        return {}
    ids = [unit.pk for unit in units]
    counts = _day_counts(ids, period.start, period.end, medians=medians)
    people = _people(units, period)
    min_group = MinGroup()  # read once, if a response rate needs it
    hidden = _hidden_by_siblings(
        [(unit.path, counts[unit.pk]) for unit in units], period.start, period.end, min_group
    )
    return {
        unit.pk: definitions.derive(
            unit.pk,
            period.start,
            period.end,
            counts[unit.pk],
            **people[unit.pk],
            min_group=min_group,
            hidden_by_siblings=unit.path in hidden,
        )
        for unit in units
    }


def trend(
    unit: OrgUnit, until: date, weeks: int = 12, *, medians: bool = False
) -> list[dict[str, Any]]:
    """summary() for each of the `weeks` weeks ending with the week containing `until`,
    oldest first; each row also has "period" (the ReportPeriod of that week).
    Three queries in all, four when a week's response rate needs its siblings. Medians
    only when asked (see for_units)."""
    span = weeks_until(until, weeks)
    by_week: dict[date, Counter] = defaultdict(Counter)
    rows = UnitDay.objects.filter(unit_id=unit.pk, day__gte=span[0].start, day__lte=span[-1].end)
    for day, *parts in rows.values_list("day", *_fields(medians)):
        week = by_week[ReportPeriod.containing(WEEK, day).start]
        for part in parts:
            week.update(part)
    heads = _headcounts([unit.pk])[unit.pk]
    numerators = _period_numerators([unit.pk], WEEK, [week.start for week in span])
    min_group = MinGroup()
    hidden = _weeks_hidden_by_siblings(unit, span, by_week, min_group)
    return [
        {
            "period": week,
            **definitions.derive(
                unit.pk,
                week.start,
                week.end,
                by_week[week.start],
                **heads,
                **numerators.get((unit.pk, week.start), _NO_NUMERATORS),
                min_group=min_group,
                hidden_by_siblings=week.start in hidden,
            ),
        }
        for week in span
    ]


def _hidden_by_siblings(
    units: list[tuple[str, Counter]], start: date, end: date, min_group: MinGroup
) -> set[str]:
    """The paths of the units (path, counts of the period) whose response rate reaches the
    minimum but is hidden by their siblings' (SiblingReach), from InitiativeReach in one
    query; no query when no rate below the top of the organization reaches the minimum."""
    asked = [
        path
        for path, counts in units
        if len(path) > OrgUnit.steplen and reaches_minimum(counts, min_group)
    ]
    if not asked:
        return set()
    reach: dict[str, dict[int, int]] = defaultdict(dict)
    for path, initiative_id, _day, affected in _reach_around(asked, start, end):
        reach[path][initiative_id] = affected
    siblings = SiblingReach(reach, min_group)
    return {path for path in asked if siblings.hides(path)}


def _weeks_hidden_by_siblings(
    unit: OrgUnit, span: list[ReportPeriod], by_week: dict[date, Counter], min_group: MinGroup
) -> set[date]:
    """The starts of the weeks of `span` whose response rate of `unit` reaches the minimum
    but is hidden by its siblings', in one query for all of them."""
    asked = [
        week
        for week in span
        if len(unit.path) > OrgUnit.steplen and reaches_minimum(by_week[week.start], min_group)
    ]
    if not asked:
        return set()
    reach: dict[date, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for path, initiative_id, day, affected in _reach_around(
        [unit.path], asked[0].start, asked[-1].end
    ):
        reach[ReportPeriod.containing(WEEK, day).start][path][initiative_id] = affected
    return {
        week.start for week in asked if SiblingReach(reach[week.start], min_group).hides(unit.path)
    }


def _reach_around(paths: list[str], start: date, end: date) -> list[tuple[str, int, date, int]]:
    """(unit path, initiative id, published on, affected) of the initiatives first
    published in start..end, in every unit above the units at `paths` and in every child
    of those: what min_group.raw_reach_around counts from the raw records."""
    step = OrgUnit.steplen
    above = {path[:end] for path in paths for end in range(step, len(path), step)}
    near = Q()
    for path in above:  # the unit above and its children
        near |= Q(unit__path__startswith=path, unit__depth__lte=len(path) // step + 1)
    return list(
        InitiativeReach.objects.filter(
            near, published_on__gte=start, published_on__lte=end, affected__gt=0
        ).values_list("unit__path", "initiative_id", "published_on", "affected")
    )


def _fields(medians: bool) -> tuple[str, ...]:
    return ("counts", "hours") if medians else ("counts",)


def _day_counts(
    unit_ids: list[int], start: date, end: date, *, medians: bool
) -> dict[int, Counter]:
    totals: dict[int, Counter] = defaultdict(Counter)
    rows = UnitDay.objects.filter(unit_id__in=unit_ids, day__gte=start, day__lte=end)
    for unit_id, *parts in rows.values_list("unit_id", *_fields(medians)):
        for part in parts:
            totals[unit_id].update(part)
    return totals


def _headcounts(unit_ids: list[int]) -> dict[int, dict[str, int]]:
    heads = {pk: {"staff": 0, "leaders": 0} for pk in unit_ids}
    for unit_id, staff, leaders in UnitHeadcount.objects.filter(unit_id__in=unit_ids).values_list(
        "unit_id", "staff", "leaders"
    ):
        heads[unit_id] = {"staff": staff, "leaders": leaders}
    return heads


# The UnitPeriod columns are named as derive() takes them (definitions.NUMERATORS).
_NO_NUMERATORS = dict.fromkeys(definitions.NUMERATORS, 0)


def _period_numerators(
    unit_ids: list[int], kind: str, starts: list[date]
) -> dict[tuple[int, date], dict[str, int]]:
    rows = UnitPeriod.objects.filter(unit_id__in=unit_ids, kind=kind, start__in=starts)
    return {
        (unit_id, start): dict(zip(definitions.NUMERATORS, numbers, strict=True))
        for unit_id, start, *numbers in rows.values_list(
            "unit_id", "start", *definitions.NUMERATORS
        )
    }


def _people(units: list[OrgUnit], period: ReportPeriod) -> dict[int, dict[str, int]]:
    """Staff, leaders and the numerators of the distinct-people figures per unit."""
    rolled_up = period.is_standard and (not period.is_cut or period.end >= timezone.localdate())
    ids = [unit.pk for unit in units]
    heads = _headcounts(ids)
    if not rolled_up:
        # A custom range (such as the same days of the previous month, which a month in
        # progress is compared with): who took part is counted from the records, for
        # all the units at once.
        numerators = _custom_numerators(units, period)
        return {pk: {**heads[pk], **numerators[pk]} for pk in ids}
    numerators = _period_numerators(ids, period.kind, [period.start])
    return {pk: {**heads[pk], **numerators.get((pk, period.start), _NO_NUMERATORS)} for pk in ids}


def _custom_numerators(units: list[OrgUnit], period: ReportPeriod) -> dict[int, dict[str, int]]:
    """The numerators of the distinct-people figures (who took part, responded, was
    recognized, recognized someone) in a custom range, per unit: counted from the records,
    which at 100,000 people reads every record of the range (0.4 s for six days, 2 s for
    two months on SQLite, before recognitions were counted too). A range wholly in the
    past (the same days of the previous period, which a period in progress is compared
    with) is counted once a day and kept until midnight: a record backdated into it shows
    there the next day."""
    today = timezone.localdate()
    if period.end >= today:
        start_at, end_at = definitions.period_bounds(period.start, period.end)
        return definitions.people_numerators(units, period.start, period.end, start_at, end_at)
    keys = {
        # "people-2": the four numerators (the "took-part" entries had two).
        unit.pk: f"tandem:people-2:{today}:{period.start}:{period.end}:{unit.pk}"
        for unit in units
    }
    found = cache.get_many(list(keys.values()))
    missing = [unit for unit in units if keys[unit.pk] not in found]
    result = {pk: found[key] for pk, key in keys.items() if key in found}
    if missing:
        start_at, end_at = definitions.period_bounds(period.start, period.end)
        counted = definitions.people_numerators(missing, period.start, period.end, start_at, end_at)
        midnight = datetime.combine(
            today + timedelta(days=1), time.min, timezone.get_current_timezone()
        )
        seconds = max(60, int((midnight - timezone.now()).total_seconds()))
        cache.set_many({keys[pk]: value for pk, value in counted.items()}, timeout=seconds)
        result.update(counted)
    return result
