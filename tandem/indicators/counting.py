"""What the rollups count, shared by the incremental upkeep (rollups.py) and the bulk
rebuild (rebuild.py): the people flags and the UnitPeriod column each one counts in, the
calendar periods a day falls in, who counts as "up the line", and the prefix of the
median histograms' keys."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from tandem.indicators.models import PeriodKind
from tandem.lib import cadence

# What a person did on a day, as the distinct-people figures count it (definitions.py):
# took part (participation), responded to an idea of their team (manager engagement),
# was recognized (staff recognized), gave a recognition (leaders recognizing).
TOOK_PART, RESPONDED, RECOGNIZED, RECOGNIZING = "p", "r", "g", "v"
FLAGS = (TOOK_PART, RESPONDED, RECOGNIZED, RECOGNIZING)
# The UnitPeriod column each flag is counted in.
COLUMN_OF_FLAG = {
    TOOK_PART: "participants",
    RESPONDED: "engaged",
    RECOGNIZED: "recognized",
    RECOGNIZING: "recognizing",
}
COLUMNS = tuple(COLUMN_OF_FLAG.values())
# Flags that count only for leaders (supervisor level and up).
LEADER_FLAGS = frozenset({RESPONDED, RECOGNIZING})
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
