"""The leading indicators as screens and digests read them.

Same keys and meaning as `definitions.compute` (the definitions live there). This is
the one entry point for screens, exports and digests: it answers from the rollups
so that its cost does not grow with history.
"""

from __future__ import annotations

from typing import Any

from tandem.indicators import definitions
from tandem.indicators.periods import ReportPeriod, weeks_until
from tandem.people.models import OrgUnit


def summary(unit: OrgUnit, period: ReportPeriod) -> dict[str, Any]:
    """Every figure for `unit` and everything below it over `period`."""
    return definitions.compute(unit, period.start, period.end)


def for_units(units: list[OrgUnit], period: ReportPeriod) -> dict[int, dict[str, Any]]:
    """summary() for several units at once (heatmap rows, sibling comparison), by unit id."""
    return {unit.pk: summary(unit, period) for unit in units}


def trend(unit: OrgUnit, until, weeks: int = 12) -> list[dict[str, Any]]:
    """summary() for each of the `weeks` weeks ending with the week containing `until`,
    oldest first; each row also has "period" (the ReportPeriod of that week)."""
    return [{"period": week, **summary(unit, week)} for week in weeks_until(until, weeks)]
