"""The benchmark's organization generator, at a tiny size: shape, reporting line, records."""

from __future__ import annotations

import importlib.util
import statistics
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from tandem.capture.models import (
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaTransition,
    ServiceAction,
    Story,
    StoryKind,
)
from tandem.people.models import Level, OrgUnit, Person

ROOT = Path(__file__).resolve().parents[2]
PEOPLE, YEARS = 300, 2 / 12


def load_generator():
    spec = importlib.util.spec_from_file_location("generate_org", ROOT / "bench/generate_org.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_org"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


gen = load_generator()


@pytest.fixture
def counts(db):
    return gen.generate(PEOPLE, YEARS, seed=3)


def test_six_unit_levels_with_one_head_above_the_teams_and_teams_of_8_to_12(counts):
    assert counts["people"] == Person.objects.count() == PEOPLE
    depths = Counter(OrgUnit.objects.values_list("depth", flat=True))
    assert sorted(depths) == [1, 2, 3, 4, 5, 6]
    assert depths[1] == 1
    # treebeard's own check of paths, depths and child counts finds nothing wrong.
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
    for unit in OrgUnit.objects.annotate(n=Count("people")):
        if unit.depth < 6:
            assert unit.n == 1, unit.full_path
        else:
            assert 8 <= unit.n <= 12, (unit.full_path, unit.n)
        children = OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        assert children.count() == unit.numchild


def test_reporting_line_runs_executive_to_frontline_and_lines_are_consistent(counts):
    assert Person.rebuild_lines() == 0  # the stored lines are exactly what managers imply
    level_at_depth = {
        1: {Level.EXECUTIVE},
        2: {Level.SENIOR_LEADER},
        3: {Level.SENIOR_LEADER},
        4: {Level.MANAGER},
        5: {Level.MANAGER},
        6: {Level.SUPERVISOR, Level.FRONTLINE},
    }
    people = {p.pk: p for p in Person.objects.select_related("unit")}
    roots = [p for p in people.values() if p.manager_id is None]
    assert [p.level for p in roots] == [Level.EXECUTIVE]
    for person in people.values():
        assert person.level in level_at_depth[person.unit.depth]
        if person.manager_id is None:
            continue
        boss = people[person.manager_id]
        assert person.line == f"{boss.line}{person.pk}/"
        if person.level == Level.FRONTLINE:
            assert boss.level == Level.SUPERVISOR and boss.unit_id == person.unit_id
        else:  # a unit head reports to the head of the unit above
            assert person.unit.path[:-4] == boss.unit.path
    assert Counter(p.level for p in people.values())[Level.FRONTLINE] > PEOPLE * 0.75


def test_records_of_every_kind_with_moves_comments_and_impact(counts):
    assert Idea.objects.count() == counts["ideas"] > 0
    assert ServiceAction.objects.count() == counts["actions"] > 0
    assert Story.objects.count() == counts["stories"] > 0
    assert set(Story.objects.values_list("kind", flat=True)) == set(StoryKind.values)
    moved_to = set(IdeaTransition.objects.values_list("to_status", flat=True))
    assert {IdeaStatus.TRYING, IdeaStatus.IMPLEMENTED, IdeaStatus.PARKED} <= moved_to
    assert IdeaComment.objects.exists()
    implemented = Idea.objects.filter(status=IdeaStatus.IMPLEMENTED)
    assert implemented.filter(minutes_saved_per_week__gt=0).exists()
    # An idea's status is where its last move took it.
    for idea in Idea.objects.prefetch_related("transitions")[:200]:
        moves = list(idea.transitions.all())
        assert idea.status == (moves[-1].to_status if moves else IdeaStatus.PROPOSED)
        for move in moves:
            author_lines = [a.line for a in idea.authors.all()]
            assert any(
                line.startswith(move.by.line) and line != move.by.line for line in author_lines
            )  # moved by someone up an author's line
    # Everything is credited to people of the team it was logged in, dated in the window.
    today = timezone.localdate()
    first = today - timedelta(days=round(YEARS * 365.25) - 1)
    for model, field in ((Idea, "authors"), (ServiceAction, "people"), (Story, "people")):
        for record in model.objects.prefetch_related(field)[:200]:
            people = list(getattr(record, field).all())
            assert people and all(p.unit_id == record.unit_id for p in people)
            assert record.unit.depth == 6
            assert first <= timezone.localtime(record.created_at).date() <= today
    assert not Story.objects.filter(date__gt=today).exists()


def test_activity_is_skewed_with_silent_teams_and_a_busy_tail(counts):
    per_team = Counter()
    for model in (Idea, ServiceAction, Story):
        per_team.update(dict(model.objects.values_list("unit").annotate(n=Count("pk"))))
    teams = OrgUnit.objects.filter(depth=6).values_list("pk", flat=True)
    totals = sorted(per_team.get(pk, 0) for pk in teams)
    assert totals[0] == 0  # some teams are silent
    assert sum(1 for n in totals if n == 0) < len(totals) / 2
    assert totals[-1] >= 4 * max(1, statistics.median(totals))


@pytest.mark.django_db
def test_a_fraction_of_history_is_the_recent_part_of_the_same_history():
    def snapshot():
        return (
            list(Person.objects.order_by("pk").values_list("name", "unit__full_path", "line")),
            Counter(Idea.objects.values_list("unit__full_path", "created_at", "title", "status")),
            Counter(ServiceAction.objects.values_list("unit__full_path", "date", "what")),
        )

    days = round(YEARS * 365.25)
    now = timezone.now()
    cutoff = timezone.localdate(now) - timedelta(days=round(days * 0.5) - 1)
    with transaction.atomic():
        gen.generate(PEOPLE, YEARS, 1.0, seed=5, now=now)
        full_people, full_ideas, full_actions = snapshot()
        transaction.set_rollback(True)
    assert not Person.objects.exists()
    with transaction.atomic():
        gen.generate(PEOPLE, YEARS, 0.5, seed=5, now=now)
        part_people, part_ideas, part_actions = snapshot()
        assert not ServiceAction.objects.filter(date__lt=cutoff).exists()
        transaction.set_rollback(True)
    assert part_people == full_people
    recent_ideas = Counter(
        {k: n for k, n in full_ideas.items() if timezone.localtime(k[1]).date() >= cutoff}
    )
    assert part_ideas == recent_ideas and 0 < sum(part_ideas.values()) < sum(full_ideas.values())
    assert part_actions == Counter({k: n for k, n in full_actions.items() if k[1] >= cutoff})


@pytest.mark.django_db
def test_secondary_indexes_are_back_as_the_migrations_made_them():
    before = sorted(gen.secondary_indexes(connection, gen.Tables.read().big()))
    gen.generate(120, 1 / 12, seed=2, drop_indexes=True)
    assert sorted(gen.secondary_indexes(connection, gen.Tables.read().big())) == before
    assert len(before) > 10
