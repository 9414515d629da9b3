"""programs.services.roadmap: the default template, editing and ordering, the item workflow."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tandem.audit.models import AuditEntry
from tandem.programs.models import ItemStatus, Phase, RoadmapItem, TransitionError
from tandem.programs.services import roadmap
from tests.programs.helpers import START, make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(program_office, team):
    return make_program(program_office, team["executive"].unit, owner=team["senior"])


def names(program):
    return list(program.phases.values_list("name", flat=True))


def test_template_creates_the_five_phases_with_leadership_alignment_first(program):
    assert names(program) == [
        "Leadership Alignment",
        "Service Education",
        "Building-Block Project Teams",
        "Launch to All Staff",
        "Sustain and Renew",
    ]
    assert list(program.phases.values_list("position", flat=True)) == [1, 2, 3, 4, 5]


def test_template_items_are_owned_dated_and_to_do(program, team):
    first = program.phases.get(position=1)
    items = list(first.items.all())
    assert items[0].title == "Hold the leadership alignment session with the executive team"
    assert [i.position for i in items] == [1, 2, 3, 4, 5]
    assert items[0].due_on == date(2026, 1, 19)  # 14 days after 5 January
    assert {i.owner for i in items} == {team["senior"]}
    assert RoadmapItem.objects.filter(phase__program=program).exclude(status="todo").count() == 0
    assert RoadmapItem.objects.filter(phase__program=program).count() == 17


def test_creating_a_program_is_audited(program, program_office):
    entry = AuditEntry.objects.get(object_type="programs.Program", object_id=str(program.pk))
    assert (entry.action, entry.actor) == ("created", program_office.user)
    assert entry.changes["template"] == "default"
    assert program.started_on == START


def test_a_program_needs_a_name(program_office, team):
    with pytest.raises(ValidationError) as error:
        roadmap.create_program_from_template(
            program_office.user, "  ", team["executive"].unit, program_office
        )
    assert "name" in error.value.message_dict


def test_item_moves_todo_doing_done_with_evidence(program, program_office):
    item = program.phases.get(position=1).items.first()
    roadmap.move_item(program_office.user, item, "doing")
    item = roadmap.move_item(
        program_office.user, item, "done", evidence_note="Held on 14 January, 11 of 12 attended."
    )
    assert item.status == ItemStatus.DONE
    assert item.evidence_note == "Held on 14 January, 11 of 12 attended."
    assert item.status_changed_at is not None
    moves = AuditEntry.objects.filter(action="transition", object_id=str(item.pk))
    assert moves.count() == 2


def test_item_cannot_jump_from_todo_to_done(program, program_office):
    item = program.phases.get(position=1).items.first()
    with pytest.raises(TransitionError) as error:
        roadmap.move_item(program_office.user, item, "done", evidence_note="Done already")
    assert error.value.message_dict["to"] == [
        "An item that is todo cannot move to done; it can move to doing, blocked."
    ]
    item.refresh_from_db()
    assert (item.status, item.evidence_note) == ("todo", "")


def test_item_needs_evidence_before_done(program, program_office):
    item = program.phases.get(position=1).items.first()
    roadmap.move_item(program_office.user, item, "doing")
    with pytest.raises(TransitionError) as error:
        roadmap.move_item(program_office.user, item, "done")
    assert "evidence" in error.value.message_dict
    assert RoadmapItem.objects.get(pk=item.pk).status == "doing"


def test_an_evidence_link_alone_is_enough_and_is_validated(program, program_office):
    item = program.phases.get(position=1).items.first()
    roadmap.move_item(program_office.user, item, "doing")
    with pytest.raises(ValidationError) as error:
        roadmap.move_item(program_office.user, item, "done", evidence_link="not a link")
    assert "evidence_link" in error.value.message_dict
    assert RoadmapItem.objects.get(pk=item.pk).status == "doing"
    item = roadmap.move_item(
        program_office.user, item, "done", evidence_link="https://intranet.example/minutes/14"
    )
    assert item.status == "done"


def test_blocked_item_goes_back_to_doing_and_done_can_be_reopened(program, program_office):
    item = program.phases.get(position=1).items.first()
    for to in ("blocked", "doing", "done"):
        item = roadmap.move_item(program_office.user, item, to, evidence_note="Minutes filed")
    assert roadmap.move_item(program_office.user, item, "doing").status == "doing"


def test_an_unknown_status_is_refused(program, program_office):
    item = program.phases.get(position=1).items.first()
    with pytest.raises(TransitionError, match="'finished' is not a status"):
        roadmap.move_item(program_office.user, item, "finished")


def test_reorder_phases_sets_positions_in_the_given_order(program, program_office):
    ids = list(program.phases.values_list("pk", flat=True))
    new = [ids[1], ids[0], *ids[2:]]
    roadmap.reorder_phases(program_office.user, program, new)
    assert names(program)[:2] == ["Service Education", "Leadership Alignment"]
    assert AuditEntry.objects.filter(action="reordered").count() == 1


def test_reorder_with_a_missing_or_foreign_phase_changes_nothing(program, program_office, team):
    other = make_program(program_office, team["executive"].unit)
    ids = list(program.phases.values_list("pk", flat=True))
    with pytest.raises(ValidationError) as error:
        roadmap.reorder_phases(program_office.user, program, ids[:-1])
    assert "order" in error.value.message_dict
    with pytest.raises(ValidationError):
        roadmap.reorder_phases(program_office.user, program, [*ids[:-1], other.phases.first().pk])
    assert names(program)[0] == "Leadership Alignment"


def test_items_are_added_at_the_end_edited_and_reordered(program, program_office, team):
    phase = program.phases.get(position=2)
    item = roadmap.add_item(
        program_office.user, phase, "Book the training rooms", team["manager"], date(2026, 3, 2)
    )
    assert item.position == 4
    roadmap.update_item(program_office.user, item, title="Book the training rooms for March")
    ids = list(phase.items.values_list("pk", flat=True))
    roadmap.reorder_items(program_office.user, phase, [ids[-1], *ids[:-1]])
    assert phase.items.first().title == "Book the training rooms for March"


def test_update_item_refuses_the_status_field(program, program_office):
    item = program.phases.first().items.first()
    with pytest.raises(ValidationError) as error:
        roadmap.update_item(program_office.user, item, status="done")
    assert "status" in error.value.message_dict
    assert RoadmapItem.objects.get(pk=item.pk).status == "todo"


def test_phases_are_added_renamed_and_deleted_closing_the_gap(program, program_office):
    phase = roadmap.add_phase(program_office.user, program, "Second wave")
    assert phase.position == 6
    roadmap.rename_phase(program_office.user, phase, "Second wave: clinics")
    roadmap.delete_phase(program_office.user, program.phases.get(position=2))
    assert list(program.phases.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
    assert names(program)[-1] == "Second wave: clinics"
    assert not Phase.objects.filter(name="Service Education").exists()


def test_progress_counts_done_items_per_phase(program, program_office):
    first = program.phases.get(position=1)
    item = first.items.first()
    roadmap.move_item(program_office.user, item, "doing")
    roadmap.move_item(program_office.user, item, "done", evidence_note="Session held")
    assert roadmap.progress(program)[first.pk] == (1, 5)
