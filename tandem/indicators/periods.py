"""The periods a dashboard reports on: a calendar week, month or quarter, or a custom range.

Standard periods come from `tandem.lib.cadence` (weeks start on Monday). Their
people-based figures (participation, manager engagement) are kept current in
rollups; a custom range is answered from the raw records and is slower.

Like with like: a period in progress is counted *so far* (`so_far`: cut at today, e.g.
1–4 Dec of December) and compared with the same days of the period before
(`comparison`: 1–4 Nov), never with all of it; paces are worked out over the days
counted. The dashboard, its heatmap and PDF, the API and the digests all go through
these two methods.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    # Set on the part of a period counted so far (see so_far): the last day of the whole
    # week, month, quarter or range it was cut from.
    whole_end: date | None = None

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
        """The days counted (for a cut period, those so far)."""
        return (self.end - self.start).days + 1

    @property
    def is_cut(self) -> bool:
        """Whether this is the part so far of a period still in progress."""
        return self.whole_end is not None

    @property
    def whole(self) -> ReportPeriod:
        """The whole week, month, quarter or range (itself unless cut)."""
        return replace(self, end=self.whole_end, whole_end=None) if self.is_cut else self

    @property
    def label(self) -> str:
        """The name of the whole period: "December 2026", "week of 30 Nov 2026"."""
        whole = self.whole
        if not whole.is_standard:
            return f"{whole.start:%-d %b %Y} – {whole.end:%-d %b %Y}"
        return cadence.period_label(cadence.Period(whole.start, whole.end), CADENCE_OF[self.kind])

    @property
    def days_label(self) -> str:
        """The days counted, in few words: "1–4 Dec"."""
        return cadence.span_label(self.start, self.end)

    def so_far(self, today: date | None = None) -> ReportPeriod:
        """The days of this period up to today: a period in progress is cut at today
        (1–4 Dec of December, on the 4th), so that counts and paces cover the days that
        have happened. A period that has ended, or not begun, is itself."""
        today = today or timezone.localdate()
        if self.is_cut or not self.start <= today < self.end:
            return self
        return replace(self, end=today, whole_end=self.end)

    def comparison(self) -> ReportPeriod:
        """What this period's figures are compared with: the previous period, or for a
        period cut at today the same number of days from the start of the previous one
        (1–4 Nov for 1–4 Dec), stopping at its end when it is shorter (1–30 Mar against
        1–28 Feb). Those days are a custom range: its people figures come from the
        records, as the previous period's rollup covers all of it."""
        before = self.previous()
        if not self.is_cut:
            return before
        end = min(before.start + timedelta(days=self.days - 1), before.end)
        if end == before.end:
            return before
        return ReportPeriod(CUSTOM, before.start, end)

    def previous(self) -> ReportPeriod:
        """The whole period just before: the previous week/month/quarter, or a custom
        range of the same length ending the day before this one starts."""
        if self.is_cut:
            return self.whole.previous()
        if self.is_standard:
            return ReportPeriod.containing(self.kind, self.start - timedelta(days=1))
        return ReportPeriod(
            CUSTOM, self.start - timedelta(days=self.days), self.start - timedelta(days=1)
        )

    def query(self) -> dict[str, str]:
        """The query-string parameters that name this (whole) period, for links."""
        whole = self.whole
        if whole.is_standard:
            return {"period": whole.kind, "day": whole.start.isoformat()}
        return {"period": CUSTOM, "start": whole.start.isoformat(), "end": whole.end.isoformat()}


def comparison_label(now: ReportPeriod, before: ReportPeriod) -> str:
    """ "1–4 Dec against 1–4 Nov" for a period so far; "December 2026 against November
    2026" for whole periods. Years are given when the two are in different years."""
    if not now.is_cut:
        return f"{now.label} against {before.label}"
    years = {now.start.year, now.end.year, before.start.year, before.end.year}
    year = len(years) > 1
    return (
        f"{cadence.span_label(now.start, now.end, year=year)} against "
        f"{cadence.span_label(before.start, before.end, year=year)}"
    )


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
