"""programs.services.roadmap: the default template, editing and ordering, the item workflow."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

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


# --- editing helpers for the roadmap screen, and evidence files -----------------------


def pdf(name: str = "minutes.pdf", content: bytes = b"%PDF minutes") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_file_alone_is_evidence_enough_to_mark_done(program, program_office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = program.phases.get(position=1).items.first()
    roadmap.move_item(program_office.user, item, "doing")
    item = roadmap.move_item(program_office.user, item, "done", evidence_file=pdf("sheet.pdf"))
    assert (item.status, item.evidence_file_name) == ("done", "sheet.pdf")
    assert (tmp_path / item.evidence_file.name).read_bytes() == b"%PDF minutes"


def test_a_stored_file_counts_as_evidence_already_on_the_item(
    program, program_office, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = program.phases.get(position=1).items.first()
    roadmap.attach_evidence_file(program_office.user, item, pdf())
    roadmap.move_item(program_office.user, item, "doing")
    assert roadmap.move_item(program_office.user, item, "done").status == "done"


def test_an_empty_file_is_refused_and_changes_nothing(program, program_office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = program.phases.get(position=1).items.first()
    with pytest.raises(ValidationError) as error:
        roadmap.attach_evidence_file(program_office.user, item, pdf(content=b""))
    assert "evidence_file" in error.value.message_dict
    assert not RoadmapItem.objects.get(pk=item.pk).evidence_file


def test_replacing_an_evidence_file_removes_the_old_one(
    program, program_office, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    item = program.phases.get(position=1).items.first()
    roadmap.attach_evidence_file(program_office.user, item, pdf("first.pdf"))
    old = tmp_path / item.evidence_file.name
    with django_capture_on_commit_callbacks(execute=True):
        roadmap.attach_evidence_file(program_office.user, item, pdf("second.pdf"))
    assert not old.exists()
    assert (tmp_path / item.evidence_file.name).exists()
    assert RoadmapItem.objects.get(pk=item.pk).evidence_file_name == "second.pdf"


def test_deleting_an_item_removes_its_file_and_closes_the_gap(
    program, program_office, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    phase = program.phases.get(position=1)
    item = phase.items.get(position=1)
    roadmap.attach_evidence_file(program_office.user, item, pdf())
    stored = tmp_path / item.evidence_file.name
    with django_capture_on_commit_callbacks(execute=True):
        roadmap.delete_item(program_office.user, item)
    assert not stored.exists()
    assert list(phase.items.values_list("position", flat=True)) == [1, 2, 3, 4]
    assert AuditEntry.objects.filter(action="deleted").count() == 1


def test_delete_phase_only_if_empty_refuses_a_phase_with_items(program, program_office):
    phase = program.phases.get(position=2)
    with pytest.raises(ValidationError) as error:
        roadmap.delete_phase(program_office.user, phase, only_if_empty=True)
    assert "still has 3 items" in error.value.message_dict["phase"][0]
    assert Phase.objects.filter(pk=phase.pk).exists()


def test_shift_phase_swaps_with_its_neighbour_and_refuses_past_the_end(program, program_office):
    last = program.phases.get(position=5)
    roadmap.shift_phase(program_office.user, last, -1)
    assert names(program)[3:] == ["Sustain and Renew", "Launch to All Staff"]
    with pytest.raises(ValidationError, match="already the first phase"):
        roadmap.shift_phase(program_office.user, program.phases.get(position=1), -1)


def test_shift_item_moves_one_place_within_its_phase(program, program_office):
    phase = program.phases.get(position=2)
    item = phase.items.get(position=3)
    roadmap.shift_item(program_office.user, item, -1)
    assert phase.items.get(position=2).pk == item.pk
    with pytest.raises(ValidationError, match="already the first item"):
        roadmap.shift_item(program_office.user, phase.items.get(position=1), -1)


def test_move_item_to_phase_appends_and_refuses_another_program(program, program_office, team):
    item = program.phases.get(position=1).items.get(position=1)
    target = program.phases.get(position=5)
    roadmap.move_item_to_phase(program_office.user, item, target)
    assert (item.phase_id, item.position) == (target.pk, 4)
    assert list(program.phases.get(position=1).items.values_list("position", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
    other = make_program(program_office, team["manager"].unit)
    with pytest.raises(ValidationError) as error:
        roadmap.move_item_to_phase(program_office.user, item, other.phases.first())
    assert "phase" in error.value.message_dict
    assert RoadmapItem.objects.get(pk=item.pk).phase_id == target.pk


def test_owner_choices_are_active_leaders_and_the_program_office(program_office, team):
    choices = set(roadmap.owner_choices())
    assert {team["executive"], team["manager"], team["supervisor"], program_office} <= choices
    assert team["frontline"] not in choices
