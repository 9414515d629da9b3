"""Which stories and implemented ideas a leader is shown, and the reasons given."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.capture.models import (
    Idea,
    IdeaStatus,
    IdeaTransition,
    ServiceLevel,
    Story,
    StoryKind,
    StorySource,
)
from tandem.indicators import candidates, highlights, rollups
from tandem.indicators.highlights import best_ideas, best_stories
from tandem.indicators.models import Candidate
from tandem.people.models import User
from tests.digests.helpers import WEEK_END, WEEK_START
from tests.factories import (
    at,
    implemented_idea,
    make_idea,
    make_person,
    make_team,
    make_unit,
    story_on,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward(team):
    return team["frontline"].unit


def test_recovery_with_customer_words_beats_plain_effort(team, ward):
    fay, cal = team["frontline"], team["colleague"]
    plain = story_on(WEEK_START, fay)
    recovery = story_on(
        WEEK_START,
        fay,
        cal,
        kind=StoryKind.SERVICE_RECOVERY,
        customer_words="You turned my worst day around.",
        source=StorySource.CUSTOMER,
        service_level=ServiceLevel.UNBELIEVABLE,
    )

    picked = best_stories(ward, WEEK_START, WEEK_END)

    assert [h.record for h in picked] == [recovery, plain]
    top = picked[0]
    assert top.reasons[0] == "A service recovery: a customer's problem turned around"
    assert "In the customer's own words" in top.reasons
    assert "Told by the customer" in top.reasons
    assert "Rated unbelievable service" in top.reasons
    assert "2 people involved" in top.reasons
    assert top.score == 4 + 3 + 1 + 2 + 1 + 1  # the last +1: recent
    assert picked[1].score == 2 + 1
    assert picked[1].reasons == ["Frontline effort beyond the routine", "Recent: 2 Nov"]


def test_recent_stories_are_preferred_and_say_so(team, ward):
    fay = team["frontline"]
    early = story_on(WEEK_START, fay)
    late = story_on(WEEK_END - timedelta(days=1), fay)

    picked = best_stories(ward, WEEK_START - timedelta(days=7), WEEK_END)

    assert [h.record for h in picked] == [late, early]
    assert "Recent: 7 Nov" in picked[0].reasons
    assert "Recent: 2 Nov" in picked[1].reasons
    assert picked[0].score == picked[1].score + 1


def test_only_the_subtree_and_the_period_and_the_limit(team, ward, outsider):
    fay = team["frontline"]
    inside = [story_on(WEEK_START + timedelta(days=i), fay) for i in range(4)]
    story_on(WEEK_START - timedelta(days=1), fay)  # before the period
    story_on(WEEK_END + timedelta(days=1), fay)  # after it
    story_on(WEEK_START, outsider)  # another unit

    picked = best_stories(ward, WEEK_START, WEEK_END, limit=3)

    assert [h.record for h in picked] == inside[::-1][:3]
    assert best_stories(ward, WEEK_START, WEEK_END, limit=0) == []
    parent = make_unit("Harbor Health/Nursing")
    assert len(best_stories(parent, WEEK_START, WEEK_END, limit=10)) == 4


def test_excluded_ids_are_skipped(team, ward):
    fay = team["frontline"]
    shown = story_on(WEEK_START, fay, kind=StoryKind.SERVICE_RECOVERY)
    other = story_on(WEEK_START, fay)

    picked = best_stories(ward, WEEK_START, WEEK_END, exclude_ids=[shown.pk])

    assert [h.record for h in picked] == [other]


def test_private_records_are_never_picked_without_asking(team, ward):
    fay = team["frontline"]
    story_on(WEEK_START, fay, private=True)
    implemented_idea(fay, on=WEEK_START, private=True)
    manager = team["manager"].user

    assert best_stories(ward, WEEK_START, WEEK_END) == []
    assert best_stories(ward, WEEK_START, WEEK_END, viewer=manager) == []
    assert best_ideas(ward, WEEK_START, WEEK_END) == []
    # A dashboard may ask for the private ones its viewer may see...
    assert len(best_stories(ward, WEEK_START, WEEK_END, viewer=manager, include_private=True)) == 1
    assert len(best_ideas(ward, WEEK_START, WEEK_END, viewer=manager, include_private=True)) == 1
    # ...but never without naming the viewer.
    assert best_stories(ward, WEEK_START, WEEK_END, include_private=True) == []


def test_viewer_sees_only_what_they_may(team, ward, outsider):
    fay = team["frontline"]
    story_on(WEEK_START, fay, private=True)
    public = story_on(WEEK_START, fay)

    as_outsider = best_stories(
        ward, WEEK_START, WEEK_END, viewer=outsider.user, include_private=True
    )
    assert [h.record for h in as_outsider] == [public]
    login_only = User.objects.create_user("nobody@harbor.example", "x-long-password-1")
    assert best_stories(ward, WEEK_START, WEEK_END, viewer=login_only) == []


def test_ideas_implemented_in_the_period_by_measured_impact(team, ward):
    fay, cal, boss = team["frontline"], team["colleague"], team["supervisor"]
    small = implemented_idea(fay, on=WEEK_START + timedelta(days=1), by=boss, title="Small")
    big = implemented_idea(
        fay,
        cal,
        on=WEEK_START + timedelta(days=1),
        proposed=WEEK_START - timedelta(days=10),
        by=boss,
        minutes=180,
        money=Decimal("12000"),
        effect="Families stop waiting at the desk.",
        title="Big",
    )
    implemented_idea(fay, on=WEEK_START - timedelta(days=2), title="Last week")

    picked = best_ideas(ward, WEEK_START, WEEK_END)

    assert [h.record for h in picked] == [big, small]
    reasons = picked[0].reasons
    assert "Measured impact: saves 180 minutes a week" in reasons
    assert "That is over two hours a week" in reasons
    assert "Measured impact: saves 12,000 a year" in reasons
    assert "Over 5,000 a year" in reasons
    assert "Its effect on customers is described" in reasons
    assert "Implemented 11 days after it was proposed" in reasons
    assert "A team effort: 2 authors" in reasons
    assert picked[0].score == 3 + 1 + 3 + 1 + 3 + 2 + 1 + 1  # the last +1: recent
    assert picked[1].score == 1
    assert picked[1].reasons == ["Implemented recently: 3 Nov"]
    assert picked[0].record.implemented_at.date() == WEEK_START + timedelta(days=1)


def test_ideas_not_implemented_are_not_early_wins(team, ward):
    from tests.factories import make_idea

    make_idea(team["frontline"], status="trying")
    assert best_ideas(ward, WEEK_START, WEEK_END) == []


def test_every_rule_says_something_exactly_when_it_scores(team, ward):
    """The stored points plus the SQL recency and the words come from the same rules."""
    fay, cal = team["frontline"], team["colleague"]
    for kind in StoryKind.values:
        story_on(WEEK_START, fay, kind=kind)
        story_on(WEEK_END, fay, cal, kind=kind, customer_words="Thank you!")
    implemented_idea(fay, on=WEEK_END, minutes=30, proposed=WEEK_END - timedelta(days=3))
    implemented_idea(fay, cal, on=WEEK_START, money=Decimal("9000"), effect="Shorter queue")

    stories = best_stories(ward, WEEK_START, WEEK_END, limit=20)
    ideas = best_ideas(ward, WEEK_START, WEEK_END, limit=20)
    rules = {
        "story": highlights._story_rules(WEEK_END),
        "idea": highlights._idea_rules(WEEK_END),
    }
    assert len(stories) == 6 and len(ideas) == 2
    for h in stories + ideas:
        expected = sum(rule.points for rule in rules[h.kind] if rule.says(h.record))
        assert h.score == expected, (h.record, h.reasons)


def test_query_count_does_not_grow_with_records(team, ward):
    fay = team["frontline"]
    for i in range(3):
        story_on(WEEK_START + timedelta(days=i), fay)
        implemented_idea(fay, on=WEEK_START + timedelta(days=i))
    viewer = User.objects.get(pk=team["manager"].user.pk)
    with CaptureQueriesContext(connection) as few:
        best_stories(ward, WEEK_START, WEEK_END, viewer=viewer)
        best_ideas(ward, WEEK_START, WEEK_END, viewer=viewer)
    for i in range(12):
        story_on(WEEK_START + timedelta(days=i % 7), fay)
        implemented_idea(fay, on=WEEK_START + timedelta(days=i % 7))
    viewer = User.objects.get(pk=team["manager"].user.pk)
    with CaptureQueriesContext(connection) as many:
        best_stories(ward, WEEK_START, WEEK_END, viewer=viewer)
        best_ideas(ward, WEEK_START, WEEK_END, viewer=viewer)
    assert len(many) == len(few) <= 9  # per list: subtree, candidates, 1-2 details; + viewer


def test_other_teams_do_not_leak_into_a_sibling(db):
    a = make_team("Harbor Health/Nursing/Ward 4B")
    b_unit = make_unit("Harbor Health/Nursing/Ward 5A")
    b = make_person("Bo", unit=b_unit)
    story_on(date(2026, 11, 3), b)
    assert best_stories(a["frontline"].unit, WEEK_START, WEEK_END) == []
    assert len(best_stories(b_unit, WEEK_START, WEEK_END)) == 1


def _candidates() -> list[tuple]:
    return sorted(
        Candidate.objects.values_list(
            "kind", "record_id", "unit_id", "day", "at", "points", "people_count", "private"
        )
    )


def test_candidates_kept_with_each_change_equal_a_rebuild(team, ward, monkeypatch):
    """Upkeep through the capture services (rollups.track) and a full rebuild agree (the
    rebuild writing a few rows at a time, as it does 50,000 at a time at scale)."""
    monkeypatch.setattr(candidates, "INSERT_BATCH", 3)
    fay, cal, boss = team["frontline"], team["colleague"], team["supervisor"]
    for i, kind in enumerate(StoryKind.values * 2):
        people = (fay, cal) if i % 3 == 0 else (fay,)
        story_on(WEEK_START + timedelta(days=i % 7), *people, kind=kind)
    kept = implemented_idea(fay, cal, on=WEEK_START, minutes=30, by=boss)
    parked = implemented_idea(fay, on=WEEK_START + timedelta(days=1), by=boss)
    make_idea(fay, status="trying")
    gone, edited = Story.objects.order_by("pk")[0], Story.objects.order_by("-pk")[0]
    points_before = Candidate.objects.get(kind="story", record_id=edited.pk).points

    with rollups.track(gone):
        gone.delete()
    with rollups.track(edited):
        Story.objects.filter(pk=edited.pk).update(customer_words="You made our day.")
    with rollups.track(parked):
        Idea.objects.filter(pk=parked.pk).update(status=IdeaStatus.PARKED)

    kept_up = _candidates()
    assert candidates.rebuild() == len(kept_up)
    assert _candidates() == kept_up
    keys = {row[:2] for row in kept_up}
    assert ("story", gone.pk) not in keys and ("idea", parked.pk) not in keys
    assert ("idea", kept.pk) in keys
    after = Candidate.objects.get(kind="story", record_id=edited.pk).points
    assert after == points_before + 3  # the customer's words


def test_an_idea_counts_in_the_week_of_its_first_implementation(team, ward):
    fay, boss = team["frontline"], team["supervisor"]
    idea = implemented_idea(fay, on=WEEK_START - timedelta(days=7), by=boss)
    with rollups.track(idea):  # parked, then implemented again this week
        IdeaTransition.objects.create(
            idea=idea, from_status="implemented", to_status="parked", by=boss, at=at(WEEK_START)
        )
        IdeaTransition.objects.create(
            idea=idea, from_status="parked", to_status="implemented", by=boss, at=at(WEEK_END)
        )
    assert best_ideas(ward, WEEK_START, WEEK_END) == []
    last_week = best_ideas(ward, WEEK_START - timedelta(days=7), WEEK_START - timedelta(days=1))
    assert [h.record for h in last_week] == [idea]


def rich_story(day, person):
    return story_on(
        day,
        person,
        kind=StoryKind.SERVICE_RECOVERY,
        customer_words="You turned my worst day around.",
        source=StorySource.CUSTOMER,
        service_level=ServiceLevel.UNBELIEVABLE,
    )


def test_picks_are_varied_by_who_logged_them(team, ward):
    fay, cal = team["frontline"], team["colleague"]
    for i in range(3):
        rich_story(WEEK_START + timedelta(days=i), fay)
    plain = story_on(WEEK_START, cal)
    picks = best_stories(ward, WEEK_START, WEEK_END, limit=2)
    assert [h.record.created_by_id for h in picks] == [fay.pk, cal.pk]
    assert picks[1].record == plain
    # With only one other logger, the places left go to the best held back.
    assert len(best_stories(ward, WEEK_START, WEEK_END, limit=4)) == 4


def test_picks_are_varied_by_unit(team):
    busy = [make_person(f"Busy {n}", unit="Harbor Health/Nursing/Ward 4B") for n in "ABC"]
    quiet = make_person("Quinn Quiet", unit="Harbor Health/Nursing/Ward 5C")
    for person in busy:
        rich_story(WEEK_START, person)
    story_on(WEEK_START, quiet)
    nursing = make_unit("Harbor Health/Nursing")
    picks = best_stories(nursing, WEEK_START, WEEK_END, limit=3)
    units = [h.record.unit.name for h in picks]
    assert units.count("Ward 4B") == highlights.PER_UNIT == 2 and "Ward 5C" in units


def test_records_with_no_logger_are_not_held_back_as_one_person(team, ward):
    fay, cal = team["frontline"], team["colleague"]
    imported = [rich_story(WEEK_START + timedelta(days=i), fay) for i in range(2)]
    Story.objects.filter(pk__in=[s.pk for s in imported]).update(created_by=None)
    story_on(WEEK_START, cal)
    picks = best_stories(ward, WEEK_START, WEEK_END, limit=2)
    assert {h.record.pk for h in picks} == {s.pk for s in imported}
