"""The demo's text banks and organization plan, checked without a database."""

import random
import re

import pytest

from tandem.capture.models import BUILDING_BLOCKS, StoryKind
from tandem.demo import org
from tandem.demo.activity import ACTIONS, IDEAS, STORIES
from tandem.demo.bank import describe_team, suits
from tandem.demo.fill import fill, slots
from tandem.demo.names import ascii_slug
from tandem.demo.roster import plan_roster
from tandem.demo.texts import (
    AUTHOR_REPLIES,
    CLOSERS,
    LEADER_COMMENTS,
    OPENERS,
    TO_TRYING,
    TRIAL_ACTIONS,
)

CONTEXT = {
    "first": "Amara",
    "other": "Tomasz",
    "unit": "Ward 4B",
    "here": "on Ward 4B",
    "ward": "Ward 5A",
    "patient": "Mrs Okafor",
    "mr": "Mr Nowak",
    "dept": "Medicine",
    "title": "Quiet hours after 22:00",
}
SLUGS = {slug for slug, _ in BUILDING_BLOCKS}
KINDS = set(org.ROLES)
TAGS = KINDS | {roles.family for roles in org.ROLES.values()} | {"any"}


def templates():
    for entry in IDEAS:
        yield from entry.titles
        yield from (entry.description, entry.helps, entry.result, entry.effect)
    for entry in ACTIONS:
        yield from (entry.what, entry.for_whom)
    for entry in STORIES:
        yield from (entry.what, entry.words)
    for pool in (OPENERS, CLOSERS, TO_TRYING, TRIAL_ACTIONS):
        yield from pool
    for pools in (LEADER_COMMENTS, AUTHOR_REPLIES):
        for pool in pools.values():
            yield from pool


def test_banks_are_big_enough_to_rarely_repeat():
    assert len(IDEAS) >= 80
    assert len(ACTIONS) >= 60
    assert len(STORIES) >= 60
    titles = [t for entry in IDEAS for t in entry.titles]
    assert len(set(titles)) == len(titles)
    assert len({e.description for e in IDEAS}) == len(IDEAS)


def test_every_template_fills_completely():
    broken = []
    for template in templates():
        text = fill(template, random.Random(1), CONTEXT)
        if not slots(template) <= set(CONTEXT) or re.search(r"[{}]|\[[^\]]*\|", text):
            broken.append(template)
        assert "lorem" not in text.lower()
    assert broken == []


def test_entries_use_known_tags_blocks_and_story_kinds():
    for entry in [*IDEAS, *ACTIONS, *STORIES]:
        assert entry.tags and entry.tags <= TAGS, entry
        assert entry.blocks and set(entry.blocks) <= SLUGS, entry
    assert {s.kind for s in STORIES} == set(StoryKind.values)
    assert all(s.words for s in STORIES if s.kind == StoryKind.CUSTOMER_COMPLIMENT)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_of_team_has_its_own_ideas_actions_and_stories(kind):
    family = org.ROLES[kind].family
    for bank in (IDEAS, ACTIONS, STORIES):
        assert sum(suits(e.tags, kind, family) for e in bank) >= 2, (kind, bank[0])


def test_fill_picks_alternatives_and_leaves_plain_brackets_alone():
    rng = random.Random(3)
    seen = {fill("[tea|coffee] for {first} [sic]", rng, CONTEXT) for _ in range(40)}
    assert seen == {"tea for Amara [sic]", "coffee for Amara [sic]"}
    with pytest.raises(KeyError):
        fill("Hello {nobody}", rng, CONTEXT)


def test_email_names_are_plain_ascii():
    assert ascii_slug("Paweł") == "pawel"
    assert ascii_slug("O'Connor") == "oconnor"
    assert ascii_slug("Yılmaz") == "yilmaz"
    assert ascii_slug("de Vries") == "devries"


def test_roster_is_the_same_for_a_seed_and_different_for_another():
    first, again, other = plan_roster(7), plan_roster(7), plan_roster(8)
    names = [(s.name, s.email, s.title, s.unit, s.employee_id) for s in first.staff]
    assert names == [(s.name, s.email, s.title, s.unit, s.employee_id) for s in again.staff]
    assert names != [(s.name, s.email, s.title, s.unit, s.employee_id) for s in other.staff]
    assert len({s.name for s in first.staff}) == len(first.staff)
    assert len({s.email for s in first.staff}) == len(first.staff)
    assert all(
        re.fullmatch(r"[a-z-]+\.[a-z-]+@harborhealth\.example", s.email) for s in first.staff
    )


def test_printed_manager_is_the_printed_frontline_persons_own_supervisor():
    roster = plan_roster(2026)
    assert roster.frontline.level == "frontline" and roster.frontline.login
    assert roster.manager is roster.frontline.manager
    assert roster.manager.level == "supervisor"
    assert roster.frontline.unit == org.SHOWCASE_UNIT


def test_teams_read_naturally_as_a_noun_and_a_place():
    teams = {t.spec.name: t for t in plan_roster(2026).teams}
    assert describe_team(teams["Ward 4B"]) == ("Ward 4B", "on Ward 4B")
    assert describe_team(teams["Emergency Department"]) == (
        "the Emergency Department",
        "in the Emergency Department",
    )
    assert describe_team(teams["Day Porters"]) == ("the Day Porters", "with the Day Porters")
    assert describe_team(teams["Main Reception"]) == ("Main Reception", "at Main Reception")
