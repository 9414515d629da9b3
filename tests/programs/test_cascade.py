"""programs.services.cascade: stage rules, the launched-ahead warning and counts per depth."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tandem.audit.models import AuditEntry
from tandem.people.models import Level, OrgUnit
from tandem.programs.models import Stage, TransitionError, UnitStage
from tandem.programs.services import cascade
from tests.factories import make_person, make_unit
from tests.programs.helpers import align, make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(program_office, team):
    return make_program(program_office, team["executive"].unit)


@pytest.fixture
def ward():
    return OrgUnit.objects.get(full_path="Harbor Health/Nursing/Ward 4B")


def advance(program, unit, program_office, *stages):
    change = None
    for stage in stages:
        change = cascade.set_stage(program_office.user, program, unit, stage, by=program_office)
    return change


def test_a_unit_starts_not_started_and_moves_forward_one_stage_at_a_time(
    program, ward, program_office
):
    assert cascade.stage_of(program, ward) == Stage.NOT_STARTED
    change = advance(program, ward, program_office, "leader_aligned", "managers_briefed")
    assert change.row.stage == "managers_briefed"
    assert change.row.changed_by == program_office
    assert cascade.stage_of(program, ward) == "managers_briefed"
    assert AuditEntry.objects.filter(action="stage").count() == 2


def test_skipping_a_stage_is_refused_naming_the_stage_to_do_first(program, ward, program_office):
    with pytest.raises(TransitionError) as error:
        advance(program, ward, program_office, "managers_briefed")
    assert error.value.message_dict["to"] == [
        "A unit at not started cannot skip to managers briefed; mark it leader aligned first."
    ]
    assert cascade.stage_of(program, ward) == "not_started"


def test_setting_the_same_stage_again_is_refused(program, ward, program_office):
    advance(program, ward, program_office, "leader_aligned")
    with pytest.raises(TransitionError, match="already at leader aligned"):
        advance(program, ward, program_office, "leader_aligned")


def test_moving_back_needs_a_reason_and_keeps_it(program, ward, program_office):
    advance(program, ward, program_office, "leader_aligned", "managers_briefed")
    with pytest.raises(TransitionError) as error:
        advance(program, ward, program_office, "not_started")
    assert "note" in error.value.message_dict
    change = cascade.set_stage(
        program_office.user,
        program,
        ward,
        "leader_aligned",
        by=program_office,
        note="The new ward manager starts in March and needs the briefing again.",
    )
    assert change.row.stage == "leader_aligned"
    assert change.row.note.startswith("The new ward manager")


def test_a_unit_outside_the_program_is_refused(program, program_office):
    elsewhere = make_unit("Bayside Clinic/Front Desk")
    with pytest.raises(ValidationError) as error:
        advance(program, elsewhere, program_office, "leader_aligned")
    assert "unit" in error.value.message_dict
    assert not UnitStage.objects.exists()


def test_launching_under_an_unaligned_manager_is_allowed_with_a_warning(
    program, ward, program_office
):
    change = advance(
        program, ward, program_office, "leader_aligned", "managers_briefed", "team_launched"
    )
    assert change.row.stage == "team_launched"
    assert change.warning == (
        "Ward 4B is launched while its leader Maria Manager is not aligned: they still have to "
        "attend the leadership alignment session and set their commitments and put service "
        "first on their meeting agenda. Staff there may bump into a manager who does not back "
        "them."
    )
    assert UnitStage.objects.get(unit=ward).launch_warning == change.warning
    entry = AuditEntry.objects.filter(action="stage").first()
    assert entry.changes["warning"] == change.warning


def test_an_unaligned_launch_puts_the_unit_on_the_launched_ahead_list_until_aligned(
    program, ward, program_office, team
):
    advance(program, ward, program_office, "leader_aligned", "managers_briefed", "team_launched")
    risks = cascade.launched_ahead(program)
    assert [(r.unit, r.leader) for r in risks] == [(ward, team["manager"])]
    assert "set their commitments" in risks[0].missing
    align(program, team["manager"])
    assert cascade.launched_ahead(program) == []


def test_launching_under_an_aligned_manager_gives_no_warning(program, ward, program_office, team):
    align(program, team["manager"])
    change = advance(
        program, ward, program_office, "leader_aligned", "managers_briefed", "team_launched"
    )
    assert change.warning == ""
    assert cascade.launched_ahead(program) == []


def test_the_unit_leader_is_the_most_senior_person_placed_in_the_unit(program, ward, team):
    from tandem.programs.services.alignment import unit_leader

    assert unit_leader(ward) == team["manager"]
    team["manager"].active = False
    team["manager"].save()
    assert unit_leader(ward) == team["supervisor"]


def test_launching_a_unit_with_no_leader_warns_too(program, program_office):
    desk = make_unit("Harbor Health/Front Desk")
    make_person("Rae Reception", unit=desk, level=Level.FRONTLINE)
    change = advance(
        program, desk, program_office, "leader_aligned", "managers_briefed", "team_launched"
    )
    assert change.warning.startswith("Front Desk has no supervisor or manager")
    assert [(r.unit, r.leader) for r in cascade.launched_ahead(program)] == [(desk, None)]


def test_counts_per_stage_per_depth_include_units_not_started(
    program, ward, program_office, django_assert_max_num_queries
):
    nursing = OrgUnit.objects.get(full_path="Harbor Health/Nursing")
    ward_5 = make_unit("Harbor Health/Nursing/Ward 5")
    make_unit("Harbor Health/Nursing/Ward 6")
    root = program.root_unit
    advance(program, root, program_office, "leader_aligned", "managers_briefed")
    advance(program, nursing, program_office, "leader_aligned")
    advance(program, ward, program_office, "leader_aligned", "managers_briefed", "team_launched")
    advance(program, ward_5, program_office, "leader_aligned")
    with django_assert_max_num_queries(2):
        counts = cascade.stage_counts_by_depth(program)
    zero = dict.fromkeys(Stage.values, 0)
    assert counts == {
        1: {**zero, "managers_briefed": 1},
        2: {**zero, "leader_aligned": 1},
        3: {**zero, "not_started": 1, "leader_aligned": 1, "team_launched": 1},
    }


def test_a_unit_moved_back_to_not_started_counts_as_not_started(program, ward, program_office):
    advance(program, ward, program_office, "leader_aligned")
    cascade.set_stage(
        program_office.user, program, ward, "not_started", by=program_office, note="Wrong ward"
    )
    assert cascade.stage_counts_by_depth(program)[3]["not_started"] == 1


def test_cascade_tree_lists_every_unit_in_tree_order_with_its_stage(program, ward, program_office):
    advance(program, ward, program_office, "leader_aligned")
    tree = [(u.full_path, stage) for u, stage in cascade.cascade_tree(program)]
    assert tree == [
        ("Harbor Health", "not_started"),
        ("Harbor Health/Nursing", "not_started"),
        ("Harbor Health/Nursing/Ward 4B", "leader_aligned"),
    ]
