"""The demo's service-culture program: roadmap, cascade, commitments, meetings, say–do audits.

Seeded once for the package (conftest.py) in a transaction rolled back afterwards, and read
back through the programs services, so what the demo shows is what the app computes.
"""

import hashlib
from collections import Counter, defaultdict
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from tandem.capture.models import Idea, ServiceAction, Story
from tandem.people.models import Level, OrgUnit, Person
from tandem.programs.models import (
    AgendaItem,
    AgendaTag,
    CheckIn,
    Commitment,
    ItemStatus,
    Meeting,
    MeetingKind,
    Program,
    RoadmapItem,
    SayDoAudit,
    SayDoEntry,
    SayDoKind,
    Stage,
    UnitStage,
)
from tandem.programs.services import cascade, meetings, saydo
from tandem.programs.services import commitments as commit
from tandem.programs.services.alignment import alignments, unit_leaders
from tandem.programs.services.roadmap import TEMPLATE
from tests.demo.helpers import wipe


@pytest.fixture
def program(seeded, db) -> Program:
    return Program.objects.get()


def test_program_has_the_template_phases_in_order_leadership_alignment_first(program):
    phases = list(program.phases.all())
    assert [p.name for p in phases] == [name for name, _ in TEMPLATE]
    assert phases[0].name == "Leadership Alignment" and phases[0].position == 1
    status = {p.name: [i.status for i in p.items.all()] for p in phases}
    assert set(status["Leadership Alignment"]) == {ItemStatus.DONE}
    assert set(status["Service Education"]) == {ItemStatus.DONE}
    assert ItemStatus.DOING in status["Building-Block Project Teams"]
    assert set(status["Launch to All Staff"]) == {ItemStatus.DONE, ItemStatus.DOING}
    assert set(status["Sustain and Renew"]) == {ItemStatus.TODO}
    for phase in phases:
        for item in phase.items.all():
            assert item.owner is not None and item.due_on is not None, item
            if item.status == ItemStatus.DONE:
                assert item.evidence_note and item.status_changed_at, item
    assert program.owner.user.groups.filter(name="Program office").exists()


def test_cascade_has_every_stage_and_launched_teams_whose_leader_is_not_aligned(program):
    stages = Counter(stage for _, stage in cascade.cascade_tree(program))
    assert set(stages) == set(Stage.values)
    assert stages[Stage.TEAM_LAUNCHED] > stages[Stage.NOT_STARTED]
    risks = cascade.launched_ahead(program)
    assert 1 <= len(risks) <= 2
    for risk in risks:
        assert risk.leader is not None and risk.missing
        row = UnitStage.objects.get(program=program, unit=risk.unit)
        assert risk.leader.name in row.launch_warning and "not aligned" in row.launch_warning


def test_every_unit_past_not_started_has_an_aligned_leader_except_those_launched_ahead(program):
    rows = list(UnitStage.objects.filter(program=program).select_related("unit"))
    leaders = unit_leaders([r.unit for r in rows])
    found = alignments(program, leaders.values())
    unaligned = {r.unit.pk for r in rows if not found[leaders[r.unit.pk].pk].aligned}
    assert unaligned == {risk.unit.pk for risk in cascade.launched_ahead(program)}


def test_silent_units_are_not_launched_and_active_ones_are(program):
    active = set()
    for model in (Idea, ServiceAction, Story):
        active.update(model.objects.values_list("unit_id", flat=True))
    launched = set(
        UnitStage.objects.filter(stage=Stage.TEAM_LAUNCHED).values_list("unit_id", flat=True)
    )
    leaves = OrgUnit.objects.filter(numchild=0, people__level=Level.FRONTLINE).distinct()
    for unit in leaves:
        assert (unit.pk in launched) == (unit.pk in active), unit.full_path


def test_commitments_have_kept_missed_and_pending_periods_and_some_reflections(program):
    totals = Counter()
    for c in Commitment.objects.prefetch_related("check_ins"):
        totals.update(commit.tally(commit.commitment_record(c)))
    assert totals[commit.KEPT] > totals[commit.MISSED] > 0
    assert totals[commit.NOT_KEPT] > 0 and totals[commit.PENDING] > 0
    assert CheckIn.objects.exclude(reflection="").filter(kept=False).exists()
    per_leader = Counter(
        Commitment.objects.filter(
            leader__level__in=[Level.EXECUTIVE, Level.SENIOR_LEADER]
        ).values_list("leader_id", flat=True)
    )
    seniors = Person.objects.filter(level__in=[Level.EXECUTIVE, Level.SENIOR_LEADER])
    assert set(per_leader) == set(seniors.values_list("pk", flat=True))
    assert all(2 <= n <= 4 for n in per_leader.values())
    assert Commitment.objects.filter(leader__level=Level.MANAGER).values("leader").distinct()


def test_printed_leaders_and_the_frontline_persons_chain_have_commitments(logins):
    assert logins["executive"].commitments.filter(active=True).count() >= 2
    assert logins["manager"].commitments.filter(active=True).exists()
    chain = Person.objects.filter(pk__in=logins["frontline"].manager_chain_ids())
    assert chain.count() >= 4
    assert all(p.commitments.filter(active=True).exists() for p in chain)


def test_meetings_have_a_service_first_share_strictly_between_0_and_1_that_grows(program):
    held = Meeting.objects.filter(kind=MeetingKind.MEETING)
    share = meetings.service_first_share(held)
    assert 0 < share.part < share.total
    latest = held.order_by("-date").first().date
    early = meetings.service_first_share(held.filter(date__lt=latest - timedelta(days=120)))
    late = meetings.service_first_share(held.filter(date__gt=latest - timedelta(days=60)))
    assert late.percent > early.percent
    assert held.filter(date__lt=latest - timedelta(days=190)).count() == 0
    assert Meeting.objects.filter(kind=MeetingKind.ALIGNMENT_SESSION, program=program).exists()


def test_meetings_have_attendees_tagged_items_and_some_unrepresented_affected_teams(program):
    assert not Meeting.objects.filter(attendees__isnull=True).exists()
    assert not Meeting.objects.filter(items__isnull=True).exists()
    assert set(AgendaItem.objects.values_list("tag", flat=True)) <= set(AgendaTag.values)
    inclusion = meetings.inclusion_by_unit(Meeting.objects.all())
    left_out = next(i.unit for i in inclusion if i.included < i.affected)
    affecting = Meeting.objects.filter(items__affects=left_out).distinct()
    assert any(u == left_out for m in affecting for _, u in meetings.excluded(m))
    assert sum(i.included for i in inclusion) > 0.8 * sum(i.affected for i in inclusion)


def test_say_do_audits_score_every_level_and_improve_with_fewer_contradictions(program):
    audits = list(SayDoAudit.objects.order_by("taken_on"))
    assert len(audits) == 2
    before, after = (saydo.say_do_report(a) for a in audits)
    assert before.service_is_top and after.service_is_top
    assert {s.level for s in before.levels} == set(Level.values)
    for level in Level.values:
        assert after.score_for(level) > before.score_for(level)
    assert len(after.contradictions) < len(before.contradictions)
    assert any("hiring criteria for frontline roles" in c for c in before.contradictions)
    assert after.contradictions and all(
        c.startswith("Service is declared") for c in after.contradictions
    )
    series = saydo.score_series(program.root_unit)
    assert [day for day, _ in series] == [a.taken_on for a in audits]


def test_say_do_weights_sum_to_100_for_every_kind_and_level(program):
    totals = SayDoEntry.objects.values("audit", "kind", "level").annotate(total=Sum("weight"))
    assert totals and {row["total"] for row in totals} == {100}
    kinds = set(SayDoEntry.objects.values_list("kind", flat=True))
    assert kinds == set(SayDoKind.values)
    assert not SayDoEntry.objects.filter(kind=SayDoKind.DECLARED).exclude(level="").exists()


def program_digest() -> str:
    """The program's content, with dates counted from its start so any day compares."""
    program = Program.objects.get()
    start = program.started_on
    h = hashlib.sha256()

    def days(day) -> int:
        return (day - start).days

    rows = [
        (i.phase.name, i.title, i.owner.employee_id, days(i.due_on), i.status, i.evidence_note)
        for i in RoadmapItem.objects.select_related("phase", "owner").order_by(
            "phase__position", "position"
        )
    ]
    rows += list(
        UnitStage.objects.order_by("unit__path").values_list(
            "unit__full_path", "stage", "launch_warning"
        )
    )
    rows += [
        (c.leader.employee_id, c.text, c.cadence, days(c.started_on), c.active)
        for c in Commitment.objects.select_related("leader").order_by("pk")
    ]
    attendees = defaultdict(list)
    for meeting_id, emp in Meeting.attendees.through.objects.values_list(
        "meeting_id", "person__employee_id"
    ).order_by("meeting_id", "person__employee_id"):
        attendees[meeting_id].append(emp)
    rows += [
        (days(m.date), m.unit.full_path, m.chair.employee_id, attendees[m.pk])
        for m in Meeting.objects.select_related("unit", "chair").order_by("pk")
    ]
    rows += list(AgendaItem.objects.order_by("pk").values_list("title", "tag", "position"))
    rows += list(SayDoEntry.objects.order_by("pk").values_list("kind", "level", "label", "weight"))
    for row in rows:
        h.update(repr(row).encode())
    return h.hexdigest()


def test_the_same_seed_gives_the_same_program(seeded, db):
    first = program_digest()
    with transaction.atomic():
        wipe()
        call_command("seed_demo", stdout=StringIO())
        assert program_digest() == first
        transaction.set_rollback(True)
