"""The rollups the dashboard reads agree exactly with the raw count, whether they were
rebuilt in bulk or kept current change by change through the services."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tandem.capture.models import Idea, IdeaStatus, ServiceAction, Story, StoryKind
from tandem.capture.services import (
    comment_on_idea,
    create_record,
    transition_idea,
    update_record,
)
from tandem.indicators import figures, rebuild, rollups
from tandem.indicators.definitions import compute
from tandem.indicators.models import UnitDay, UnitHeadcount, UnitPeriod
from tandem.indicators.periods import ReportPeriod
from tandem.people.models import Level, OrgUnit, Person
from tests.factories import make_person, make_team, make_unit
from tests.indicators.helpers import PERIODS, build_organization, snapshot

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
STANDARD = [
    ReportPeriod.containing("week", date(2026, 2, 4)),
    ReportPeriod.containing("month", date(2026, 2, 4)),
    ReportPeriod.containing("quarter", date(2026, 2, 4)),
    ReportPeriod.containing("month", date(2025, 6, 1)),  # before any activity
]


def assert_figures_match_raw(units, periods) -> int:
    checked = 0
    for unit in units:
        for period in periods:
            got = figures.summary(unit, period)
            assert got == compute(unit, period.start, period.end), (unit.full_path, period)
            checked += 1
    return checked


@pytest.mark.django_db
def test_rebuilt_rollups_give_every_figure_of_the_raw_count():
    units = build_organization()
    rebuild.rebuild_indicators()
    assert UnitDay.objects.exists() and UnitPeriod.objects.exists()
    assert assert_figures_match_raw(units.values(), STANDARD) == 16


@pytest.mark.django_db
def test_custom_ranges_combine_rollup_counts_with_raw_people_figures():
    units = build_organization()
    rebuild.rebuild_indicators()
    for unit in units.values():
        for start, end in PERIODS.values():
            period = ReportPeriod.custom(start, end)
            assert figures.summary(unit, period) == compute(unit, start, end)


@pytest.mark.django_db
def test_custom_ranges_for_many_nested_units_at_once_equal_each_units_raw_count(
    django_assert_max_num_queries,
):
    units = build_organization()
    rebuild.rebuild_indicators()
    nested = list(units.values())  # a unit, its children and grandchildren, side by side
    for start, end in PERIODS.values():
        period = ReportPeriod.custom(start, end)
        # The days, the heads, the four people reads (took part, responded, recognized,
        # recognized someone).
        with django_assert_max_num_queries(6):
            found = figures.for_units(nested, period)
        for unit in nested:
            assert found[unit.pk] == compute(unit, start, end), (unit.full_path, start, end)


@pytest.mark.django_db
def test_who_took_part_in_a_past_range_is_counted_once_a_day(django_assert_num_queries):
    units = list(build_organization().values())
    rebuild.rebuild_indicators()
    start, end = next(iter(PERIODS.values()))
    period = ReportPeriod.custom(start, end)
    first = figures.for_units(units, period)
    with django_assert_num_queries(2):  # the days and the heads; who took part is kept
        assert figures.for_units(units, period) == first
    # A range running to today is counted every time: its records are still coming in.
    today = ReportPeriod.custom(end, timezone.localdate())
    figures.for_units(units, today)
    with django_assert_num_queries(6):
        figures.for_units(units, today)


@pytest.mark.django_db
def test_weekly_trend_rows_equal_the_raw_count_of_each_week():
    units = build_organization()
    rebuild.rebuild_indicators()
    rows = figures.trend(units["middle"], date(2026, 3, 1), weeks=8, medians=True)
    assert [row["period"].start for row in rows] == [
        date(2026, 1, 5) + timedelta(weeks=n) for n in range(8)
    ]
    for row in rows:
        expected = compute(units["middle"], row["period"].start, row["period"].end)
        assert {k: v for k, v in row.items() if k != "period"} == expected
    assert sum(row["ideas_created"] for row in rows) > 0


def _log_activity(rng: random.Random, teams: list[dict], count: int) -> None:
    """Ideas, moves, comments, actions and stories, all through the capture services."""
    staff = [p for team in teams for p in team.values()]
    for n in range(count):
        team = rng.choice(teams)
        author = rng.choice([team["frontline"], team["colleague"]])
        leader = rng.choice([team["supervisor"], team["manager"]])
        when = T0 + timedelta(days=rng.uniform(0, 80))
        idea = Idea(
            title=f"Idea {n}", description="Make it easier.", unit=author.unit, created_at=when
        )
        co = [team["colleague"]] if author != team["colleague"] and rng.random() < 0.3 else []
        create_record(author.user, idea, [author, *co], created_by=author)
        if rng.random() < 0.5:
            when += timedelta(hours=rng.uniform(1, 70))
            comment_on_idea(leader.user, idea, "Good one.", by=leader, at=when)
        if rng.random() < 0.6:
            when += timedelta(days=rng.uniform(0.1, 6))
            transition_idea(leader.user, idea, IdeaStatus.TRYING, by=leader, at=when)
            idea.refresh_from_db()
            if rng.random() < 0.5:
                when += timedelta(days=rng.uniform(0.1, 9))
                transition_idea(
                    leader.user,
                    idea,
                    IdeaStatus.IMPLEMENTED,
                    by=leader,
                    at=when,
                    result="Done.",
                    minutes_saved_per_week=rng.choice([None, 20]),
                    money_saved_per_year=rng.choice([None, Decimal("99.99")]),
                )
        elif rng.random() < 0.3:
            transition_idea(
                leader.user, idea, IdeaStatus.PARKED, by=leader, at=when, note="Not now."
            )
        doer = rng.choice(staff)
        day = (T0 + timedelta(days=rng.uniform(0, 80))).date()
        action = ServiceAction(what="Walked a visitor", unit=doer.unit, date=day)
        create_record(doer.user, action, [doer], created_by=doer)
        if rng.random() < 0.5:
            story = Story(
                kind=rng.choice(StoryKind.values),
                what_happened="A patient thanked the ward.",
                unit=doer.unit,
                date=day,
            )
            create_record(doer.user, story, [doer], created_by=doer)


@pytest.fixture
def org(db):
    teams = [
        make_team("Harbor Health/Nursing/Ward 4B"),
        make_team("Harbor Health/Nursing/Ward 5A"),
    ]
    make_unit("Harbor Health/Quiet Corner")
    return teams


def _units() -> list[OrgUnit]:
    return list(OrgUnit.objects.all())


def test_change_by_change_upkeep_equals_a_rebuild_and_the_raw_count(org):
    rng = random.Random(7)
    _log_activity(rng, org, 30)
    kept = snapshot()
    assert len(kept["days"]) > 50 and len(kept["periods"]) > 20 and kept["heads"]
    rebuild.rebuild_indicators()
    assert snapshot() == kept
    assert assert_figures_match_raw(_units(), STANDARD) == 4 * len(_units())


def test_edits_that_move_or_remove_contributions_are_followed(org):
    rng = random.Random(11)
    _log_activity(rng, org, 12)
    ward_a, ward_b = org
    # Move an idea to the other ward, change its authors, shift an action to another day
    # and another unit, change a story's kind, then delete a story.
    idea = Idea.objects.filter(unit=ward_a["frontline"].unit).first()
    update_record(
        ward_a["manager"].user,
        idea,
        {"unit": ward_b["frontline"].unit},
        people=[ward_b["frontline"]],
    )
    action = ServiceAction.objects.first()
    update_record(
        action.created_by.user,
        action,
        {"date": date(2026, 2, 20), "unit": ward_b["colleague"].unit},
        people=[ward_b["colleague"]],
    )
    story = Story.objects.first()
    update_record(story.created_by.user, story, {"kind": StoryKind.SERVICE_RECOVERY})
    gone = Story.objects.last()
    with rollups.track(gone):
        gone.delete()
    kept = snapshot()
    rebuild.rebuild_indicators()
    assert snapshot() == kept


def test_someone_only_credited_in_a_period_is_counted_once(org):
    """Took-part is decided from the records a person logged first and, only when those
    leave a period open, from the records they are credited on: check both paths."""
    from tests.factories import make_action, make_story

    ward = org[0]
    fay, cal = ward["frontline"], ward["colleague"]
    week = ReportPeriod.containing("week", date(2026, 2, 4))

    def took_part() -> int:
        row = UnitPeriod.objects.filter(unit=fay.unit, kind="week", start=week.start).first()
        return row.participants if row else 0

    credited = make_story(fay, cal, date=date(2026, 2, 3))  # Cal only credited
    assert took_part() == 2
    own = make_action(cal, date=date(2026, 2, 5))  # Cal logs one: still counted once
    assert took_part() == 2
    with rollups.track(own):  # her own one goes: the credited story still counts
        own.delete()
    assert took_part() == 2
    update_record(fay.user, credited, {}, people=[fay])  # no longer credited: she is out
    assert took_part() == 1
    later = make_story(fay, cal, date=date(2026, 2, 6))
    with rollups.track(later):
        later.delete()
    assert took_part() == 1
    kept = snapshot()
    rebuild.rebuild_indicators()
    assert snapshot() == kept


def test_moving_and_deactivating_people_moves_their_part(org):
    rng = random.Random(5)
    _log_activity(rng, org, 15)
    ward_a, ward_b = org
    mover = ward_a["colleague"]
    mover.unit = ward_b["colleague"].unit
    mover.save()
    leaver = ward_b["supervisor"]
    leaver.active = False
    leaver.save()
    promoted = ward_a["frontline"]
    promoted.level = Level.SUPERVISOR
    promoted.save()
    newcomer = make_person("Nia New", unit="Harbor Health/Nursing/Ward 4B")
    kept = snapshot()
    rebuild.rebuild_indicators()
    assert snapshot() == kept
    heads = {row.unit_id: row.staff for row in UnitHeadcount.objects.all()}
    assert heads[newcomer.unit_id] == Person.objects.active().filter(unit=newcomer.unit).count()


def test_an_idea_counts_as_tried_only_in_the_period_of_its_first_move(org):
    ward = org[0]
    leader, author = ward["supervisor"], ward["frontline"]
    idea = Idea(title="Signs", description="Bigger.", unit=author.unit, created_at=T0)
    create_record(author.user, idea, [author], created_by=author)
    transition_idea(
        leader.user, idea, IdeaStatus.PARKED, by=leader, at=T0 + timedelta(days=1), note="Not now."
    )
    idea.refresh_from_db()
    transition_idea(leader.user, idea, IdeaStatus.PROPOSED, by=leader, at=T0 + timedelta(days=2))
    idea.refresh_from_db()
    transition_idea(
        leader.user, idea, IdeaStatus.PARKED, by=leader, at=T0 + timedelta(days=9), note="Not now."
    )
    first_week = ReportPeriod.containing("week", T0.date())
    second_week = ReportPeriod.containing("week", T0.date() + timedelta(days=9))
    assert figures.summary(author.unit, first_week)["ideas_parked"] == 1
    assert figures.summary(author.unit, second_week)["ideas_parked"] == 0


def test_a_dashboard_read_is_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    _log_activity(random.Random(3), org, 10)
    root = OrgUnit.objects.get(full_path="Harbor Health")
    units = list(OrgUnit.objects.all())
    period = ReportPeriod.containing("quarter", T0.date())
    with django_assert_max_num_queries(3):
        figures.summary(root, period)
    with django_assert_max_num_queries(3):
        heat = figures.for_units(units, period, medians=False)
    assert heat[root.pk]["median_days_to_first_response"] is None
    full = figures.summary(root, period)
    assert {k: v for k, v in heat[root.pk].items() if not k.startswith("median")} == {
        k: v for k, v in full.items() if not k.startswith("median")
    }
    with django_assert_max_num_queries(3):
        figures.trend(root, T0.date() + timedelta(days=60), weeks=12)
