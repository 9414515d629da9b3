"""A small organization with activity in October 2026 (and less in September) for the
leader screens. Figures are read through figures.*, which may read rollups: the data is
built first and the rollups rebuilt from it, as the nightly job would."""

from __future__ import annotations

from datetime import date

import pytest

from tandem.capture.models import Idea, IdeaComment, StoryKind
from tandem.capture.services import comment_on_idea, transition_idea
from tandem.indicators import rebuild
from tandem.people.models import Level, OrgUnit
from tests.factories import at, make_idea, make_person, make_story, make_team, make_unit

OCTOBER = {"period": "month", "day": "2026-10-10"}
OCTOBER_QUERY = "period=month&day=2026-10-01"


def idea_on(*authors, day: date, **kw) -> Idea:
    idea = make_idea(*authors, **kw)
    Idea.objects.filter(pk=idea.pk).update(created_at=at(day))
    idea.refresh_from_db()
    return idea


def move(idea: Idea, to: str, by, day: date, **kw) -> None:
    transition_idea(by.user, idea, to, by=by, at=at(day, 12), **kw)
    idea.refresh_from_db()


def comment(idea: Idea, by, day: date) -> IdeaComment:
    note = comment_on_idea(by.user, idea, "Let us try it next week.", by=by)
    IdeaComment.objects.filter(pk=note.pk).update(created_at=at(day, 14))
    return note


@pytest.fixture
def org(db):
    """Harbor Health / Nursing / {Ward 4B (a full team), Ward 5C}, Finance / Payroll.

    October 2026 in Ward 4B: three ideas (one implemented), the frontline took part;
    September: one idea. Ward 5C: one idea in October.
    """
    team = make_team("Harbor Health/Nursing/Ward 4B")
    ward_5c = make_unit("Harbor Health/Nursing/Ward 5C")
    other_manager = make_person(
        "Omar Other", unit=ward_5c, level=Level.MANAGER, manager=team["senior"]
    )
    other_front = make_person("Olga Other", unit=ward_5c, manager=other_manager)
    payroll = make_person("Pat Payroll", unit="Harbor Health/Finance/Payroll")

    front = team["frontline"]
    idea_on(front, day=date(2026, 9, 20), title="September idea")
    first = idea_on(front, day=date(2026, 10, 2), title="Quiet hours on the ward")
    idea_on(front, day=date(2026, 10, 8), title="Name boards at the door")
    idea_on(front, day=date(2026, 10, 15), title="Warm blankets in recovery")
    move(first, "trying", team["supervisor"], date(2026, 10, 3))
    move(first, "implemented", team["supervisor"], date(2026, 10, 20), result="Calmer nights.")
    idea_on(other_front, day=date(2026, 10, 5), title="Fifth-floor idea")
    rebuild.rebuild_indicators()
    return {
        **team,
        "ward_4b": team["frontline"].unit,
        "ward_5c": ward_5c,
        "nursing": OrgUnit.objects.get_parent(ward_5c),
        "root": team["executive"].unit,
        "finance": OrgUnit.objects.get_parent(payroll.unit),
        "payroll": payroll,
        "other_manager": other_manager,
        "other_front": other_front,
    }


@pytest.fixture
def story_today(org):
    return make_story(
        org["frontline"],
        kind=StoryKind.SERVICE_RECOVERY,
        what_happened="Found a lost hearing aid before discharge.",
        customer_words="You saved my week.",
    )
