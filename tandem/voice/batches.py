"""When anonymous words arrive, and what date they keep (PRODUCT.md M7: "no exact
timestamp: store the day, or the week for small groups"; "delivery is delayed and
batched so that timing does not tell who wrote it").

Anonymous feedback, an anonymous author's answer back and an anonymous response keep no
time of day. In a group of at least twice the minimum they keep the day they were
written and reach the reader the next morning, with the others of that morning. In a
smaller group, a day could still tell who wrote it (who was on shift, who came back from
leave), so they keep only the Monday of the week they were written in and reach the
reader on the Monday after, with the whole week's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

WEEKLY_BELOW = 2  # groups under this many times the minimum are batched by the week


@dataclass(frozen=True)
class Batch:
    kept_on: date  # the date stored: the day, or the week's Monday
    arrives_on: date  # the morning the reader may read it
    by_week: bool


def by_week(group: int, minimum: int) -> bool:
    """Whether something anonymous from one of `group` people is batched by the week."""
    return group < WEEKLY_BELOW * minimum


def batch(today: date, weekly: bool) -> Batch:
    """The batch of something anonymous written `today`: by the week or by the day."""
    if weekly:
        monday = today - timedelta(days=today.weekday())
        return Batch(monday, monday + timedelta(days=7), True)
    return Batch(today, today + timedelta(days=1), False)
