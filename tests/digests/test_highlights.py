"""Which stories and implemented ideas a leader is shown, and the reasons given."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.capture.models import ServiceLevel, StoryKind, StorySource
from tandem.digests import highlights
from tandem.digests.highlights import best_ideas, best_stories
from tandem.people.models import User
from tests.digests.helpers import WEEK_END, WEEK_START, implemented_idea, story_on
from tests.factories import make_person, make_team, make_unit

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
    """The SQL points and the words come from the same rule: check they agree."""
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
        "idea": highlights._idea_rules(highlights.period_bounds(WEEK_START, WEEK_END)[1]),
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


@pytest.mark.parametrize("python_max", [0, 200])
def test_python_and_database_scoring_pick_the_same(team, ward, monkeypatch, python_max):
    """Few candidates are scored in Python, many by the database: same rules, same picks."""
    fay, cal = team["frontline"], team["colleague"]
    for i, kind in enumerate(StoryKind.values * 3):
        words = "Thank you!" if i % 2 else ""
        people = (fay, cal) if i % 3 == 0 else (fay,)
        story_on(WEEK_START + timedelta(days=i % 7), *people, kind=kind, customer_words=words)
    for i in range(6):
        implemented_idea(
            fay,
            *((cal,) if i % 2 else ()),
            on=WEEK_START + timedelta(days=i),
            proposed=WEEK_START - timedelta(days=5 * i),
            minutes=[None, 30, 200][i % 3],
            money=[None, Decimal("100"), Decimal("9000")][i % 3],
            effect="Less waiting" if i % 2 else "",
        )
    monkeypatch.setattr(highlights, "PYTHON_SCORING_MAX", 200)
    expected_stories = best_stories(ward, WEEK_START, WEEK_END, limit=6)
    expected_ideas = best_ideas(ward, WEEK_START, WEEK_END, limit=4)
    monkeypatch.setattr(highlights, "PYTHON_SCORING_MAX", python_max)
    stories = best_stories(ward, WEEK_START, WEEK_END, limit=6)
    ideas = best_ideas(ward, WEEK_START, WEEK_END, limit=4)

    def key(items):
        return [(h.record.pk, h.score, h.reasons) for h in items]

    assert key(stories) == key(expected_stories)
    assert key(ideas) == key(expected_ideas)
    assert len({h.score for h in stories}) > 1  # the data does rank them
