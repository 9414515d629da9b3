"""A small organization seen on a day in the middle of a period (Wednesday 4 November 2026),
for the "like with like" tests of the dashboard, the API and the digests.

`freeze_today` makes timezone.localdate() answer that day; the records are dated
explicitly, never after it.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tandem.capture.models import StoryKind
from tandem.indicators import rebuild
from tandem.people.models import Level, OrgUnit
from tests.factories import make_action, make_person, make_story, make_team, make_unit
from tests.indicators.conftest import comment, idea_on, move

TODAY = date(2026, 11, 4)  # day 4 of November, day 3 of its week, day 35 of Q4


def freeze_today(monkeypatch: pytest.MonkeyPatch, day: date = TODAY) -> None:
    """timezone.localdate() without an argument answers `day` (with one, as before)."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def build_mid_november() -> dict:
    """Harbor Health / Nursing / {Ward 4B (a full team), Ward 5C (one manager, one
    frontline)}. October is busy, most of it after the 4th; 1–4 November less so;
    Ward 5C is quiet in November."""
    team = make_team("Harbor Health/Nursing/Ward 4B")
    ward_5c = make_unit("Harbor Health/Nursing/Ward 5C")
    boss = make_person("Omar Other", unit=ward_5c, level=Level.MANAGER, manager=team["senior"])
    other = make_person("Olga Other", unit=ward_5c, manager=boss)
    front, colleague, sup = team["frontline"], team["colleague"], team["supervisor"]

    first = idea_on(front, day=date(2026, 10, 2), title="Quiet hours")
    comment(first, sup, date(2026, 10, 3))
    for day in (date(2026, 10, 10), date(2026, 10, 20), date(2026, 10, 27)):
        idea_on(colleague, day=day, title=f"October idea of the {day.day}th")
    make_story(front, kind=StoryKind.FRONTLINE_EFFORT, date=date(2026, 10, 2))
    make_action(colleague, date=date(2026, 10, 15))
    idea_on(other, day=date(2026, 10, 2), title="Fifth-floor idea")
    idea_on(other, day=date(2026, 10, 20), title="Another fifth-floor idea")

    tried = idea_on(front, day=date(2026, 11, 2), title="Name boards")
    move(tried, "trying", sup, date(2026, 11, 3))
    idea_on(front, day=date(2026, 11, 4), title="Warm blankets")
    make_story(colleague, kind=StoryKind.SERVICE_RECOVERY, date=date(2026, 11, 1))
    make_action(front, date=date(2026, 11, 4))
    # The same data kept as the nightly job would (and as every save does).
    rebuild.rebuild_indicators()
    return {
        **team,
        "ward_4b": front.unit,
        "ward_5c": ward_5c,
        "nursing": OrgUnit.objects.get_parent(ward_5c),
        "other": other,
    }


# The figures a period's comparison is about (brute_force gives every one of them).
COMPARED = (
    "staff",
    "ideas_created",
    "ideas_tried",
    "ideas_implemented",
    "implementation_rate",
    "median_days_to_first_response",
    "median_days_proposed_to_trying",
    "service_actions",
    "stories",
    "stories_by_kind",
    "participation",
    "leaders",
    "manager_engagement",
    "ideas_per_employee_per_year",
)


def same_figures(got: dict, expected: dict) -> None:
    for key in COMPARED:
        assert got[key] == pytest.approx(expected[key]), key
