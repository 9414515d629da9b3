"""Leading indicators (M3) of a unit and everything below it, over a period of days.

The figures are `tandem.indicators.figures.summary` (defined in definitions.py, read
from the rollups): this module only reads the query string, applies the defaults and
asks `access` who may look.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from tandem.api import lookups
from tandem.api.endpoints.common import caller
from tandem.api.errors import responses
from tandem.api.schemas import MAX_INDICATOR_DAYS, IndicatorFilters, IndicatorsOut
from tandem.indicators import access, figures
from tandem.indicators.periods import ReportPeriod
from tandem.people.access import person_for

router = Router(tags=["indicators"])


DEFAULT_DAYS = 28
# Dates outside these years are surely typos, and near the calendar's ends they
# could not be turned into timestamps at all.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


def _check_day(day: dt.date, field: str) -> None:
    if not EARLIEST <= day <= LATEST:
        raise ValidationError({field: f"Give a day between {EARLIEST} and {LATEST}."})


def period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """The inclusive days asked for: `end` defaults to today, `start` to 27 days before
    `end` (28 days in all). A bad or over-long period, or one that starts after today, is
    a 400 naming the field."""
    if end is None:
        end = timezone.localdate()
    _check_day(end, "end")
    if start is None:
        start = end - dt.timedelta(days=DEFAULT_DAYS - 1)
    _check_day(start, "start")
    if end < start:
        raise ValidationError({"end": f"The end ({end}) is before the start ({start})."})
    today = timezone.localdate()
    if start > today:
        raise ValidationError(
            {"start": f"The period starts after today ({today}): nothing has happened in it yet."}
        )
    days = (end - start).days + 1
    if days > MAX_INDICATOR_DAYS:
        raise ValidationError(
            {"end": f"A period may be at most {MAX_INDICATOR_DAYS} days long; this is {days}."}
        )
    return start, end


@router.get("", response=responses({200: IndicatorsOut}, 403), url_name="indicators")
def get_indicators(request: HttpRequest, filters: Query[IndicatorFilters]) -> dict[str, Any]:
    """Every leading indicator of a unit and everything below it over `start`..`end`.

    A period that runs past today is counted up to today: the answer's `end` is then
    today, and rates such as ideas per employee per year are over the days counted. A
    period that starts after today is a 400 naming `start`.

    Defaults: your own unit, the 28 days ending today. The program office may ask for any
    unit; others for their own unit and below it, and leaders also for the units of the
    people below them in their reporting line and below those (else 403). An unknown
    unit is a 400 naming `unit`.
    """
    user = caller(request)
    start, end = period(filters.start, filters.end)
    if filters.unit is not None:
        unit = lookups.unit(filters.unit)
    else:
        me = person_for(user)
        if me is None:
            raise ValidationError({"unit": "You have no unit of your own; give a unit id."})
        unit = me.unit
    if not access.can_view_indicators(user, unit):
        raise PermissionDenied("You may not see the indicators of this unit.")
    # A period running past today is counted up to today (periods.ReportPeriod.so_far),
    # so its pace is over the days that have happened; `end` in the answer says so.
    return figures.summary(unit, ReportPeriod.for_range(start, end).so_far())
