"""Monthly outcomes for the demo's teams (M11): believable, and only loosely tied to the program.

Each team gets its own level for every measure (some wards are simply better liked than
others) plus a modest pull from its participation over the three months before (staff who
logged or were credited on anything, read from the generated records), plus month-to-month
noise and a winter bump in complaints. So the org-wide view finds a relation, with a wide
interval, and a single team's line is as noisy as a real one. Patient-facing reception and
experience teams report NPS instead of CSAT; a few teams report nothing, and now and then a
month is missing. The month in progress is not measured yet.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from tandem.demo.activity import Clock, Records
from tandem.demo.roster import Roster, Staff, TeamPlan
from tandem.lib import cadence
from tandem.outcomes.models import UnitOutcome

MONTHS = 18
NPS_KINDS = {"reception", "experience", "billing"}
SILENT_TEAMS = 3  # teams whose outcomes are never imported
MISSING_MONTH = 0.04
BASE_COST = {"care": 320.0}
DEFAULT_COST = 140.0


def _months(last_day: date) -> list[date]:
    """The MONTHS whole months before the month of `last_day`, oldest first."""
    index = last_day.year * 12 + last_day.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - MONTHS, index)]


def _record_day(obj) -> date:
    day = getattr(obj, "date", None)
    return day if day is not None else timezone.localtime(obj.created_at).date()


def took_part_by_month(records: Records) -> dict[date, set[int]]:
    """Month → ids (Python identity) of the planned staff credited on anything dated in it."""
    found: dict[date, set[int]] = defaultdict(set)
    for pairs in records.people.values():
        for obj, people in pairs:
            month = cadence.period_start(_record_day(obj), cadence.MONTHLY)
            found[month].update(id(person) for person in people)
    return found


def _team_staff(team: TeamPlan) -> list[Staff]:
    people = {id(team.manager): team.manager}
    for group in team.groups:
        people[id(group.supervisor)] = group.supervisor
        people.update((id(member), member) for member in group.members)
    return list(people.values())


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the means here are small)."""
    limit, k, product = math.exp(-max(mean, 0.0)), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def build_outcomes(
    roster: Roster, records: Records, clock: Clock, unit_ids: dict[str, int], seed: int
) -> int:
    """Save the demo's monthly outcomes; returns the number of unit-months."""
    rng = random.Random(f"outcomes-{seed}")
    months = _months(clock.at(clock.limit).date())
    took = took_part_by_month(records)
    # Participation from three months before the first measured month (the lag).
    first = _all_months(months[0] - timedelta(days=92), months[0])[0]
    silent = {id(team) for team in rng.sample(roster.teams, SILENT_TEAMS)}
    imported_at = clock.at(clock.limit)
    rows: list[UnitOutcome] = []
    for team in roster.teams:
        # Draw a team's levels even when it is silent, so the other teams do not shift.
        staff = _team_staff(team)
        ids = {id(person) for person in staff}
        share = {
            month: len(ids & took.get(month, set())) / len(staff)
            for month in _all_months(first, months[-1])
        }
        nps = team.spec.kind in NPS_KINDS
        csat_level, nps_level = rng.gauss(80, 3.5), rng.gauss(22, 9)
        turnover_level = rng.gauss(1.4, 0.3)
        cost_level = BASE_COST.get(team.family, DEFAULT_COST) * rng.gauss(1, 0.08)
        size = len(staff)
        for month in months:
            lag = _lag(share, month)
            winter = month.month in (12, 1, 2)
            values = {
                "complaints": _poisson(rng, size / 7 * (1.3 - 0.7 * lag) * (1.2 if winter else 1)),
                "compliments": _poisson(rng, size / 6 * (0.5 + 1.2 * lag)),
                "staff_turnover": _clip(turnover_level - 0.6 * lag + rng.gauss(0, 0.35), 0, 100),
                "cost_to_serve": cost_level * (1 - 0.05 * lag) * rng.gauss(1, 0.03),
            }
            if nps:
                values["nps"] = _clip(nps_level + 25 * lag + rng.gauss(0, 7), -100, 100)
            else:
                values["csat"] = _clip(
                    csat_level + 9 * lag - (1.0 if winter else 0) + rng.gauss(0, 2.4), 0, 99.5
                )
            if id(team) in silent or rng.random() < MISSING_MONTH:
                continue
            rows.append(
                UnitOutcome(
                    unit_id=unit_ids[team.path],
                    month=month,
                    imported_at=imported_at,
                    **{
                        key: value if isinstance(value, int) else _decimal(value)
                        for key, value in values.items()
                    },
                )
            )
    UnitOutcome.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _all_months(first: date, last: date) -> list[date]:
    return [p.start for p in cadence.periods_between(first, last, cadence.MONTHLY)]


def _lag(share: dict[date, float], month: date) -> float:
    """Mean participation over the three months before `month`."""
    before = []
    day = month
    for _ in range(3):
        day = cadence.period_start(day - timedelta(days=1), cadence.MONTHLY)
        before.append(share.get(day, 0.0))
    return sum(before) / len(before)


def _decimal(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")
