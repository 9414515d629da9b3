"""Calendar periods for a cadence (weekly, monthly, quarterly). Pure date logic, no Django.

A week starts on Monday (ISO 8601), a month on its 1st, a quarter on 1 January,
1 April, 1 July or 1 October. A period is the closed range [start, end].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

WEEKLY = "weekly"
MONTHLY = "monthly"
QUARTERLY = "quarterly"
CADENCES = (WEEKLY, MONTHLY, QUARTERLY)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _check(cadence: str) -> None:
    if cadence not in CADENCES:
        raise ValueError(f"Unknown cadence {cadence!r}; use one of {', '.join(CADENCES)}.")


def _add_months(day: date, months: int) -> date:
    """The 1st of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_start(day: date, cadence: str) -> date:
    """The first day of the period containing `day`."""
    _check(cadence)
    if cadence == WEEKLY:
        return day - timedelta(days=day.weekday())
    if cadence == MONTHLY:
        return day.replace(day=1)
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_start(start: date, cadence: str) -> date:
    """The first day of the period after the one starting on `start`."""
    _check(cadence)
    if cadence == WEEKLY:
        return start + timedelta(days=7)
    return _add_months(start, 1 if cadence == MONTHLY else 3)


def period_of(day: date, cadence: str) -> Period:
    start = period_start(day, cadence)
    return Period(start, next_start(start, cadence) - timedelta(days=1))


def is_period_start(day: date, cadence: str) -> bool:
    return period_start(day, cadence) == day


def periods_between(first: date, last: date, cadence: str) -> list[Period]:
    """Every period that overlaps [first, last], oldest first; empty when last < first."""
    periods: list[Period] = []
    if last < first:
        return periods
    start = period_start(first, cadence)
    while start <= last:
        following = next_start(start, cadence)
        periods.append(Period(start, following - timedelta(days=1)))
        start = following
    return periods


def period_label(period: Period, cadence: str) -> str:
    """How a period is named to people: "week of 12 Jan 2026", "January 2026", "Q1 2026"."""
    if cadence == WEEKLY:
        return f"week of {period.start.day} {period.start:%b %Y}"
    if cadence == MONTHLY:
        return f"{period.start:%B %Y}"
    return f"Q{(period.start.month - 1) // 3 + 1} {period.start.year}"


def span_label(start: date, end: date, *, year: bool = False) -> str:
    """A range of days in few words: "4 Dec", "1–4 Dec", "30 Nov – 2 Dec", with the year
    when asked ("1–4 Dec 2026") and always when the range crosses a new year."""
    if start.year != end.year:
        return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
    tail = f" {end.year}" if year else ""
    if start == end:
        return f"{end.day} {end:%b}{tail}"
    if start.month == end.month:
        return f"{start.day}–{end.day} {end:%b}{tail}"
    return f"{start.day} {start:%b} – {end.day} {end:%b}{tail}"
