"""Every indicator agrees with a brute-force count over the raw rows.

Checked for several units (root, middle, leaf, empty) and periods, plus hand-computed values.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tandem.capture.models import (
    IdeaStatus,
    StoryKind,
)
from tandem.indicators.definitions import BENCHMARKS, compute
from tandem.people.models import OrgUnit
from tests.factories import make_action, make_idea, make_person, make_story, make_team
from tests.indicators.helpers import (
    PERIODS,
    brute_force,
    build_organization,
    comment_at,
    idea_at,
    move,
)

# --- building data ------------------------------------------------------------------


# --- the brute force: plain Python over every raw row ------------------------------


@pytest.mark.django_db
def test_every_figure_agrees_with_a_brute_force_count_for_every_unit_and_period():
    units = build_organization()
    checked = 0
    for unit in units.values():
        for start, end in PERIODS.values():
            expected = brute_force(unit, start, end)
            got = compute(unit, start, end)
            assert got.keys() == expected.keys()
            for key, value in expected.items():
                assert got[key] == value, (unit.full_path, start, end, key)
            checked += 1
    assert checked == 20
    # Days run midnight to midnight in the server's time zone, whatever it is.
    with timezone.override("Pacific/Auckland"):
        for start, end in PERIODS.values():
            assert compute(units["root"], start, end) == brute_force(units["root"], start, end)


@pytest.mark.django_db
def test_generated_data_exercises_every_figure():
    """Guards the test above: the data has something to count for the custom range."""
    units = build_organization()
    got = compute(units["root"], *PERIODS["custom"])
    assert got["ideas_created"] > 5 and got["ideas_tried"] > 0 and got["ideas_implemented"] > 0
    assert got["ideas_parked"] > 0 and got["service_actions"] > 0 and got["stories"] > 0
    for key in (
        "median_days_to_first_response",
        "median_days_proposed_to_trying",
        "median_days_trying_to_implemented",
        "manager_engagement",
    ):
        assert got[key] is not None and got[key] > 0, key
    assert 0 < got["participation"] <= 1
    assert got["minutes_saved_per_week"] > 0 and got["money_saved_per_year"] > 0
    assert got["recognitions"] > got["leaders_recognizing"] > 0
    assert 0 < got["staff_recognized_share"] < 1
    assert 0 < got["leaders_recognizing_share"] < 1
    week = compute(units["middle"], *PERIODS["week"])
    assert week["recognitions"] > 0 and 0 < week["staff_recognized_share"] < 1


@pytest.mark.django_db
def test_an_empty_unit_and_an_empty_period_have_zero_counts_and_no_ratios():
    units = build_organization()
    empty = compute(units["empty"], *PERIODS["month"])
    assert empty["staff"] == 0 and empty["ideas_created"] == 0
    assert empty["ideas_created_per_100_staff"] is None
    assert empty["participation"] is None and empty["manager_engagement"] is None
    assert empty["ideas_per_employee_per_year"] is None
    assert empty["recognitions"] == 0 and empty["recognitions_per_100_staff"] is None
    assert empty["staff_recognized_share"] is None
    assert empty["leaders_recognizing"] == 0 and empty["leaders_recognizing_share"] is None
    quiet = compute(units["root"], *PERIODS["nothing"])
    assert quiet["ideas_created"] == 0 and quiet["implementation_rate"] is None
    assert quiet["median_days_to_first_response"] is None
    assert quiet["participation"] == 0 and quiet["manager_engagement"] == 0
    assert quiet["money_saved_per_year"] == Decimal("0.00")
    assert quiet["stories_by_kind"] == {kind: 0 for kind in StoryKind.values}


# --- hand-computed values -----------------------------------------------------------


@pytest.fixture
def ward(db):
    """Ward 4B: manager, supervisor, two frontline and one more: five active staff."""
    team = make_team()
    team["third"] = make_person("Tia Third", unit="Harbor Health/Nursing/Ward 4B")
    make_person("Gone Person", unit="Harbor Health/Nursing/Ward 4B", active=False)
    return team


WEEK = (date(2026, 3, 2), date(2026, 3, 8))
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_participation_counts_loggers_and_people_credited(ward):
    make_idea(ward["frontline"])  # created now: outside the week
    idea = idea_at(ward["frontline"], at=MONDAY)
    make_action(ward["colleague"], date=date(2026, 3, 4))
    make_story(ward["frontline"], date=date(2026, 3, 1))  # the day before the week
    got = compute(idea.unit, *WEEK)
    assert got["staff"] == 5
    assert got["participation"] == pytest.approx(0.4)  # frontline and colleague of five
    assert got["ideas_created"] == 1
    assert got["ideas_created_per_100_staff"] == pytest.approx(20.0)
    assert got["ideas_per_employee_per_year"] == pytest.approx(1 / 5 * 365 / 7)
    assert got["service_actions"] == 1 and got["stories"] == 0


def test_a_co_author_credited_by_their_supervisor_participates(ward):
    idea_at(ward["supervisor"], ward["third"], at=MONDAY)
    got = compute(ward["third"].unit, *WEEK)
    assert got["participation"] == pytest.approx(2 / 5)


def test_durations_and_impact_of_one_idea_through_the_workflow(ward):
    idea = idea_at(ward["frontline"], at=MONDAY)
    comment_at(idea, ward["colleague"], MONDAY + timedelta(hours=2))  # a peer: not a response
    comment_at(idea, ward["supervisor"], MONDAY + timedelta(days=1, hours=12))
    move(idea, IdeaStatus.TRYING, ward["manager"], MONDAY + timedelta(days=3))
    move(
        idea,
        IdeaStatus.IMPLEMENTED,
        ward["manager"],
        MONDAY + timedelta(days=5),
        result="Shorter queue.",
        minutes_saved_per_week=30,
        money_saved_per_year=Decimal("1200.00"),
    )
    got = compute(idea.unit, *WEEK)
    assert got["median_days_to_first_response"] == pytest.approx(1.5)
    assert got["median_days_proposed_to_trying"] == pytest.approx(3.0)
    assert got["median_days_trying_to_implemented"] == pytest.approx(2.0)
    assert (got["ideas_tried"], got["ideas_implemented"], got["ideas_parked"]) == (1, 1, 0)
    assert got["implementation_rate"] == pytest.approx(1.0)
    assert got["minutes_saved_per_week"] == 30
    assert got["money_saved_per_year"] == Decimal("1200.00")
    # Manager and supervisor both responded; the executive and senior sit in the root unit.
    assert got["leaders"] == 2 and got["manager_engagement"] == pytest.approx(1.0)
    root = compute(OrgUnit.objects.get(full_path="Harbor Health"), *WEEK)
    assert root["leaders"] == 4 and root["manager_engagement"] == pytest.approx(0.5)


def test_moving_your_own_idea_is_not_a_response_nor_engagement(ward):
    idea = idea_at(ward["supervisor"], at=MONDAY)
    move(idea, IdeaStatus.TRYING, ward["supervisor"], MONDAY + timedelta(days=1))
    got = compute(idea.unit, *WEEK)
    assert got["median_days_to_first_response"] is None
    assert got["manager_engagement"] == 0
    assert got["median_days_proposed_to_trying"] == pytest.approx(1.0)


def test_a_response_before_the_period_is_not_counted_in_it(ward):
    idea = idea_at(ward["frontline"], at=MONDAY - timedelta(days=3))
    comment_at(idea, ward["supervisor"], MONDAY - timedelta(days=2))
    comment_at(idea, ward["manager"], MONDAY + timedelta(days=1))
    got = compute(idea.unit, *WEEK)
    assert got["median_days_to_first_response"] is None
    assert got["manager_engagement"] == pytest.approx(0.5)  # the manager, in the week


def test_an_idea_parked_twice_in_a_period_counts_once(ward):
    idea = idea_at(ward["frontline"], at=MONDAY)
    move(idea, IdeaStatus.PARKED, ward["supervisor"], MONDAY + timedelta(hours=1))
    move(idea, IdeaStatus.PROPOSED, ward["supervisor"], MONDAY + timedelta(hours=2))
    move(idea, IdeaStatus.PARKED, ward["supervisor"], MONDAY + timedelta(hours=3))
    assert compute(idea.unit, *WEEK)["ideas_parked"] == 1


def test_stories_are_counted_per_kind_with_every_kind_present(ward):
    make_story(ward["frontline"], kind=StoryKind.SERVICE_RECOVERY, date=date(2026, 3, 3))
    make_story(ward["colleague"], kind=StoryKind.SERVICE_RECOVERY, date=date(2026, 3, 8))
    got = compute(ward["frontline"].unit, *WEEK)
    assert got["stories_by_kind"] == {
        StoryKind.FRONTLINE_EFFORT: 0,
        StoryKind.SERVICE_RECOVERY: 2,
        StoryKind.CUSTOMER_COMPLIMENT: 0,
    }


def test_benchmarks_are_the_product_reference_values(ward):
    assert BENCHMARKS == {"typical": 2.4, "toyota_1973": 6.0, "world_class": 50.0}
    assert compute(ward["frontline"].unit, *WEEK)["benchmarks"] == BENCHMARKS


def test_an_end_before_the_start_is_refused_naming_the_field(ward):
    with pytest.raises(ValidationError) as raised:
        compute(ward["frontline"].unit, date(2026, 3, 8), date(2026, 3, 2))
    assert "end" in raised.value.message_dict


def test_the_figures_take_a_fixed_handful_of_queries(ward, django_assert_max_num_queries):
    for n in range(5):
        idea = idea_at(ward["frontline"], at=MONDAY + timedelta(hours=n))
        comment_at(idea, ward["supervisor"], MONDAY + timedelta(hours=n + 1))
    with django_assert_max_num_queries(11):
        compute(ward["frontline"].unit, *WEEK)


def test_recognitions_count_where_the_people_recognized_are_placed(ward):
    """Every source and private ones alike; a team once per member, people who left not
    at all; a giver counts as a leader recognizing only at supervisor level and up."""
    from tandem.recognition.models import Recognition, Source

    gone = make_person("Gil Gone", unit="Harbor Health/Nursing/Ward 4B", active=False)

    def recognize(giver, *people, day, **kw):
        recognition = Recognition.objects.create(given_by=giver, what="Thanks!", date=day, **kw)
        recognition.people.set(people)

    fay, cal, tia = ward["frontline"], ward["colleague"], ward["third"]
    recognize(ward["supervisor"], fay, cal, day=date(2026, 3, 3), private=True)
    recognize(ward["manager"], fay, day=date(2026, 3, 4), source=Source.CUSTOMER)
    recognize(None, tia, gone, day=date(2026, 3, 8), source=Source.CONTEST)
    recognize(fay, ward["manager"], day=date(2026, 3, 5))  # a frontline giver
    recognize(ward["executive"], fay, day=date(2026, 3, 1))  # the day before the week
    recognize(ward["supervisor"], ward["executive"], day=date(2026, 3, 6))  # placed above
    got = compute(fay.unit, *WEEK)
    assert (got["staff"], got["leaders"]) == (5, 2)
    assert got["recognitions"] == 5
    assert got["recognitions_per_100_staff"] == pytest.approx(100.0)
    assert got["staff_recognized_share"] == pytest.approx(4 / 5)  # all but the supervisor
    assert got["leaders_recognizing"] == 2
    assert got["leaders_recognizing_share"] == pytest.approx(1.0)
    root = compute(OrgUnit.objects.get(full_path="Harbor Health"), *WEEK)
    assert (root["staff"], root["leaders"]) == (7, 4)
    assert root["recognitions"] == 6
    assert root["staff_recognized_share"] == pytest.approx(5 / 7)
    assert (root["leaders_recognizing"], root["leaders_recognizing_share"]) == (2, 0.5)
    quiet = compute(fay.unit, date(2026, 4, 1), date(2026, 4, 30))
    assert quiet["recognitions"] == 0 and quiet["staff_recognized_share"] == 0
    assert quiet["leaders_recognizing_share"] == 0
