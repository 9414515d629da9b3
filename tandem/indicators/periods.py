"""The periods a dashboard reports on: a calendar week, month or quarter, or a custom range.

Standard periods come from `tandem.lib.cadence` (weeks start on Monday). Their
people-based figures (participation, manager engagement) are kept current in
rollups; a custom range is answered from the raw records and is slower.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date

from tandem.lib import cadence

WEEK, MONTH, QUARTER, CUSTOM = "week", "month", "quarter", "custom"
KINDS = (WEEK, MONTH, QUARTER, CUSTOM)
CADENCE_OF = {WEEK: cadence.WEEKLY, MONTH: cadence.MONTHLY, QUARTER: cadence.QUARTERLY}
MAX_CUSTOM_DAYS = 366 * 3


@dataclass(frozen=True)
class ReportPeriod:
    kind: str
    start: date
    end: date

    @classmethod
    def containing(cls, kind: str, day: date | None = None) -> ReportPeriod:
        """The week, month or quarter that contains `day` (default today)."""
        if kind not in CADENCE_OF:
            raise ValidationError(
                {"period": f"Unknown period {kind!r}; use week, month or quarter."}
            )
        span = cadence.period_of(day or timezone.localdate(), CADENCE_OF[kind])
        return cls(kind, span.start, span.end)

    @classmethod
    def custom(cls, start: date, end: date) -> ReportPeriod:
        if end < start:
            raise ValidationError({"end": f"The end ({end}) is before the start ({start})."})
        if (end - start).days + 1 > MAX_CUSTOM_DAYS:
            raise ValidationError(
                {"end": f"A custom period may be at most {MAX_CUSTOM_DAYS} days."}
            )
        return cls(CUSTOM, start, end)

    @classmethod
    def for_range(cls, start: date, end: date) -> ReportPeriod:
        """The calendar week, month or quarter when start..end is exactly one (its
        people figures are kept in rollups), else a custom range."""
        for kind, cad in CADENCE_OF.items():
            span = cadence.period_of(start, cad)
            if (span.start, span.end) == (start, end):
                return cls(kind, start, end)
        return cls.custom(start, end)

    @classmethod
    def from_query(cls, params, default: str = MONTH) -> ReportPeriod:
        """Read ?period=week|month|quarter&day=YYYY-MM-DD or ?period=custom&start=…&end=…

        Bad input raises ValidationError naming the field.
        """
        kind = params.get("period") or default
        if kind == CUSTOM:
            start, end = _day(params, "start"), _day(params, "end")
            return cls.custom(start, end)
        day = _day(params, "day") if params.get("day") else None
        return cls.containing(kind, day)

    @property
    def is_standard(self) -> bool:
        return self.kind in CADENCE_OF

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        if not self.is_standard:
            return f"{self.start:%-d %b %Y} – {self.end:%-d %b %Y}"
        return cadence.period_label(cadence.Period(self.start, self.end), CADENCE_OF[self.kind])

    def previous(self) -> ReportPeriod:
        """The period just before: the previous week/month/quarter, or a custom range of
        the same length ending the day before this one starts."""
        if self.is_standard:
            return ReportPeriod.containing(self.kind, self.start - timedelta(days=1))
        return ReportPeriod(
            CUSTOM, self.start - timedelta(days=self.days), self.start - timedelta(days=1)
        )

    def query(self) -> dict[str, str]:
        """The query-string parameters that name this period (for links)."""
        if self.is_standard:
            return {"period": self.kind, "day": self.start.isoformat()}
        return {"period": CUSTOM, "start": self.start.isoformat(), "end": self.end.isoformat()}


def _day(params, field: str) -> date:
    text = params.get(field) or ""
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        raise ValidationError({field: f"Give a date as YYYY-MM-DD, not {text!r}."})
    return day


def weeks_until(day: date, count: int) -> list[ReportPeriod]:
    """The `count` weeks ending with the week that contains `day`, oldest first."""
    last = ReportPeriod.containing(WEEK, day)
    return [
        ReportPeriod(WEEK, last.start - timedelta(weeks=back), last.end - timedelta(weeks=back))
        for back in range(count - 1, -1, -1)
    ]
