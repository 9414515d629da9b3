"""Building dated records for the digest tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from tandem.capture.models import Idea, IdeaStatus, IdeaTransition, Story, StoryKind
from tandem.indicators import rollups
from tandem.people.models import Person
from tests.factories import make_idea, make_story

# A Monday in the past: the week under test is 2 Nov .. 8 Nov 2026.
WEEK_START = date(2026, 11, 2)
WEEK_END = date(2026, 11, 8)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def story_on(day: date, *people: Person, kind: str = StoryKind.FRONTLINE_EFFORT, **kw) -> Story:
    return make_story(*people, kind=kind, date=day, **kw)


def implemented_idea(
    *authors: Person,
    on: date,
    proposed: date | None = None,
    by: Person | None = None,
    minutes: int | None = None,
    money: Decimal | None = None,
    effect: str = "",
    title: str = "Print discharge notes in large type",
    private: bool = False,
) -> Idea:
    """An idea proposed on `proposed`, tried the day after, implemented on `on` (raw rows)."""
    proposed = proposed or on - timedelta(days=60)
    idea = make_idea(*authors, title=title, private=private)
    with rollups.track(idea):  # raw rows, but the indicators and candidates stay current
        _implement(idea, proposed, on, by, minutes, money, effect)
    idea.refresh_from_db()
    return idea


def _implement(idea, proposed, on, by, minutes, money, effect) -> None:
    Idea.objects.filter(pk=idea.pk).update(
        created_at=at(proposed),
        status=IdeaStatus.IMPLEMENTED,
        status_changed_at=at(on),
        result="Patients read them without help.",
        minutes_saved_per_week=minutes,
        money_saved_per_year=money,
        customer_effect=effect,
    )
    IdeaTransition.objects.create(
        idea=idea, from_status="proposed", to_status="trying", by=by, at=at(proposed, 12)
    )
    IdeaTransition.objects.create(
        idea=idea, from_status="trying", to_status="implemented", by=by, at=at(on)
    )
