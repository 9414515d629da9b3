"""What the rollups count, shared by the incremental upkeep (rollups.py) and the bulk
rebuild (rebuild.py): the people flags, the calendar periods a day falls in, who counts
as "up the line", and the prefix of the median histograms' keys."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from tandem.indicators.models import PeriodKind
from tandem.lib import cadence

TOOK_PART, RESPONDED = "p", "r"
CADENCE_OF_KIND = {
    PeriodKind.WEEK: cadence.WEEKLY,
    PeriodKind.MONTH: cadence.MONTHLY,
    PeriodKind.QUARTER: cadence.QUARTERLY,
}
BATCH = 2000


def period_starts(day: date) -> list[tuple[str, date]]:
    """The (kind, start) of the week, month and quarter that contain `day`."""
    return [(kind, cadence.period_start(day, cad)) for kind, cad in CADENCE_OF_KIND.items()]


# UnitDay.hours keys start with this ("h:response:27").
HISTOGRAM = "h:"


def is_up_the_line(responder_line: str | None, author_lines: Iterable[str]) -> bool:
    """A strict prefix of an author's reporting line: a leader of that author."""
    if not responder_line:
        return False
    return any(line.startswith(responder_line) and line != responder_line for line in author_lines)
