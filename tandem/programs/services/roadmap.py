"""Programs and their roadmap: the default template, editing, ordering and the item workflow.

Every write is atomic and audited. Who may call these is decided by
`tandem.programs.access` (the program office edits the roadmap); views check first.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from tandem.audit.models import log_action, snapshot
from tandem.people.access import PROGRAM_OFFICE_GROUP
from tandem.people.models import LEADER_LEVELS, OrgUnit, Person, User
from tandem.programs.models import ItemStatus, Phase, Program, RoadmapItem
from tandem.programs.models.roadmap import check_evidence_file

# The default roadmap: (phase, [(item, days after the program starts that it is due)]).
# Leadership Alignment comes first on purpose: leaders align before the frontline launches.
TEMPLATE: list[tuple[str, list[tuple[str, int]]]] = [
    (
        "Leadership Alignment",
        [
            ("Hold the leadership alignment session with the executive team", 14),
            ("Each leader sets two or three service commitments", 21),
            ("Put service first on every leadership meeting agenda", 30),
            ("Run the say–do audit of scorecards, incentive pay and hiring criteria", 45),
            ("Brief managers and supervisors on their part in the cascade", 60),
        ],
    ),
    (
        "Service Education",
        [
            ("Choose the common service language course and its facilitators", 75),
            ("Train every manager and supervisor in the common service language", 120),
            ("Schedule frontline sessions for every shift, nights and weekends included", 150),
        ],
    ),
    (
        "Building-Block Project Teams",
        [
            ("Assess the 12 building blocks in every division", 120),
            ("Form project teams for the three weakest building blocks", 150),
            ("Each project team reports its first implemented improvement", 210),
        ],
    ),
    (
        "Launch to All Staff",
        [
            ("Announce the service vision at an all-staff event", 240),
            ("Open idea, service action and story capture to everyone", 240),
            ("Every team launched in the cascade", 300),
        ],
    ),
    (
        "Sustain and Renew",
        [
            ("Hold the first showcase day of service improvements", 330),
            ("Renew leaders' commitments and repeat the say–do audit", 365),
            ("Recognize the year's best frontline improvements", 365),
        ],
    ),
]


def _clean(obj) -> None:
    obj.full_clean(exclude=["program", "phase"])


@transaction.atomic
def create_program_from_template(
    actor: User,
    name: str,
    root_unit: OrgUnit,
    owner: Person | None,
    started_on: date | None = None,
) -> Program:
    """A program with the default phases in order, each item owned by `owner` and dated."""
    program = Program(name=name.strip(), root_unit=root_unit, owner=owner)
    if started_on is not None:
        program.started_on = started_on
    program.full_clean()
    program.save()
    for p, (phase_name, items) in enumerate(TEMPLATE, start=1):
        phase = Phase.objects.create(program=program, name=phase_name, position=p)
        RoadmapItem.objects.bulk_create(
            RoadmapItem(
                phase=phase,
                position=i,
                title=title,
                owner=owner,
                due_on=program.started_on + timedelta(days=days),
            )
            for i, (title, days) in enumerate(items, start=1)
        )
    log_action(actor, "created", program, after=snapshot(program), extra={"template": "default"})
    return program


@transaction.atomic
def add_phase(actor: User, program: Program, name: str) -> Phase:
    """A new phase at the end of the roadmap."""
    last = program.phases.order_by("-position").values_list("position", flat=True).first() or 0
    phase = Phase(program=program, name=name.strip(), position=last + 1)
    _clean(phase)
    phase.save()
    log_action(actor, "created", phase, after=snapshot(phase))
    return phase


@transaction.atomic
def rename_phase(actor: User, phase: Phase, name: str) -> Phase:
    before = snapshot(phase)
    phase.name = name.strip()
    _clean(phase)
    phase.save()
    log_action(actor, "updated", phase, before=before, after=snapshot(phase))
    return phase


@transaction.atomic
def delete_phase(actor: User, phase: Phase, *, only_if_empty: bool = False) -> None:
    """Remove a phase and its items, closing the gap in the order.

    With `only_if_empty` a phase that still has items is refused (field `phase`), so a
    click on the roadmap screen never throws away checklist items and their evidence.
    """
    label, program = str(phase), phase.program
    count = phase.items.count()
    if only_if_empty and count:
        raise ValidationError(
            {
                "phase": f"“{label}” still has {count} item{'s' if count != 1 else ''}; "
                "delete them or move them to another phase first."
            }
        )
    files = [i.evidence_file.name for i in phase.items.exclude(evidence_file="")]
    log_action(actor, "deleted", phase, before=snapshot(phase), object_label=label)
    phase.delete()
    _renumber(list(program.phases.all()))
    _remove_files_on_commit(files)


def _remove_files_on_commit(names: list[str]) -> None:
    """Stored evidence files go once the rows pointing at them are gone for good."""
    if not names:
        return
    storage = RoadmapItem._meta.get_field("evidence_file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def _renumber(rows: list) -> None:
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def _reorder(rows: list, ids: list[int], what: str) -> list:
    by_id = {row.pk: row for row in rows}
    if sorted(ids) != sorted(by_id):
        raise ValidationError({"order": f"Give every {what} exactly once to set a new order."})
    ordered = [by_id[pk] for pk in ids]
    _renumber(ordered)
    return ordered


@transaction.atomic
def reorder_phases(actor: User, program: Program, phase_ids: list[int]) -> list[Phase]:
    """Put the program's phases in the given order (all of them, each once)."""
    before = [p.pk for p in program.phases.all()]
    phases = _reorder(list(program.phases.all()), phase_ids, "phase of this program")
    log_action(actor, "reordered", program, extra={"phases": [before, phase_ids]})
    return phases


@transaction.atomic
def reorder_items(actor: User, phase: Phase, item_ids: list[int]) -> list[RoadmapItem]:
    """Put the phase's checklist items in the given order (all of them, each once)."""
    before = [i.pk for i in phase.items.all()]
    items = _reorder(list(phase.items.all()), item_ids, "item of this phase")
    log_action(actor, "reordered", phase, extra={"items": [before, item_ids]})
    return items


def _step(rows: list, row, step: int, what: str) -> list[int]:
    """The ids in their new order after moving `row` one place up (-1) or down (+1)."""
    ids = [r.pk for r in rows]
    at = ids.index(row.pk)
    to = at + step
    if step not in (-1, 1) or not 0 <= to < len(ids):
        where = "first" if step < 0 else "last"
        raise ValidationError({"order": f"“{row}” is already the {where} {what}."})
    ids[at], ids[to] = ids[to], ids[at]
    return ids


def shift_phase(actor: User, phase: Phase, step: int) -> list[Phase]:
    """Move a phase one place up (-1) or down (+1) in its program."""
    program = phase.program
    return reorder_phases(actor, program, _step(list(program.phases.all()), phase, step, "phase"))


def shift_item(actor: User, item: RoadmapItem, step: int) -> list[RoadmapItem]:
    """Move an item one place up (-1) or down (+1) within its phase."""
    phase = item.phase
    return reorder_items(actor, phase, _step(list(phase.items.all()), item, step, "item"))


@transaction.atomic
def move_item_to_phase(actor: User, item: RoadmapItem, phase: Phase) -> RoadmapItem:
    """Put an item at the end of another phase of the same program, closing the gap."""
    old = item.phase
    if phase.program_id != old.program_id:
        raise ValidationError({"phase": "Choose a phase of the same program."})
    if phase.pk == old.pk:
        raise ValidationError({"phase": f"“{item}” is already in “{phase}”."})
    before = snapshot(item)
    last = phase.items.order_by("-position").values_list("position", flat=True).first() or 0
    item.phase, item.position = phase, last + 1
    item.save(update_fields=["phase", "position"])
    _renumber(list(old.items.all()))
    log_action(actor, "updated", item, before=before, after=snapshot(item))
    return item


@transaction.atomic
def delete_item(actor: User, item: RoadmapItem) -> None:
    """Remove a checklist item (and its stored evidence file), closing the gap."""
    phase, label, file_name = item.phase, str(item), item.evidence_file.name
    log_action(actor, "deleted", item, before=snapshot(item), object_label=label)
    item.delete()
    _renumber(list(phase.items.all()))
    _remove_files_on_commit([file_name] if file_name else [])


def owner_choices() -> QuerySet[Person]:
    """Who may own a roadmap item: active leaders (supervisor and up) and the program office."""
    return (
        Person.objects.filter(active=True)
        .filter(Q(level__in=LEADER_LEVELS) | Q(user__groups__name=PROGRAM_OFFICE_GROUP))
        .distinct()
        .order_by("name", "pk")
    )


@transaction.atomic
def add_item(
    actor: User, phase: Phase, title: str, owner: Person | None = None, due_on: date | None = None
) -> RoadmapItem:
    """A new checklist item at the end of a phase, to do."""
    last = phase.items.order_by("-position").values_list("position", flat=True).first() or 0
    item = RoadmapItem(
        phase=phase, position=last + 1, title=title.strip(), owner=owner, due_on=due_on
    )
    _clean(item)
    item.save()
    log_action(actor, "created", item, after=snapshot(item))
    return item


EDITABLE_ITEM_FIELDS = {"title", "owner", "due_on", "evidence_note", "evidence_link"}


@transaction.atomic
def update_item(actor: User, item: RoadmapItem, **changes) -> RoadmapItem:
    """Change an item's title, owner, due date or evidence; status moves through `move_item`."""
    unknown = set(changes) - EDITABLE_ITEM_FIELDS
    if unknown:
        raise ValidationError({f: "This field cannot be changed here." for f in sorted(unknown)})
    before = snapshot(item)
    for field, value in changes.items():
        setattr(item, field, value.strip() if isinstance(value, str) else value)
    _clean(item)
    item.save()
    log_action(actor, "updated", item, before=before, after=snapshot(item))
    return item


def _put_file(item: RoadmapItem, upload: UploadedFile) -> str:
    """Attach an upload (saved with the row), returning the replaced file's stored name."""
    check_evidence_file(upload)
    old = item.evidence_file.name or ""
    item.evidence_file = upload
    item.evidence_file_name = (upload.name or "evidence")[-255:]
    return old


@transaction.atomic
def attach_evidence_file(actor: User, item: RoadmapItem, upload: UploadedFile) -> RoadmapItem:
    """Add or replace an item's evidence file (at most 10 MB, not empty)."""
    before = snapshot(item)
    old = _put_file(item, upload)
    _clean(item)
    item.save()
    log_action(actor, "updated", item, before=before, after=snapshot(item))
    _remove_files_on_commit([old] if old else [])
    return item


@transaction.atomic
def move_item(
    actor: User,
    item: RoadmapItem,
    to: str,
    *,
    evidence_note: str = "",
    evidence_link: str = "",
    evidence_file: UploadedFile | None = None,
) -> RoadmapItem:
    """Move an item along todo → doing → done (or blocked); done needs evidence.

    Evidence is a note, a link or a file. Raises TransitionError (fields `to`,
    `evidence`) or ValidationError (`evidence_file`) and changes nothing when refused.
    """
    item = RoadmapItem.objects.select_for_update().get(pk=item.pk)
    item.check_transition(
        to,
        evidence_note=evidence_note,
        evidence_link=evidence_link,
        evidence_file=evidence_file is not None,
    )
    before = snapshot(item)
    old_file = _put_file(item, evidence_file) if evidence_file is not None else ""
    item.status = to
    item.status_changed_at = timezone.now()
    if evidence_note.strip():
        item.evidence_note = evidence_note.strip()
    if evidence_link.strip():
        item.evidence_link = evidence_link.strip()
    _clean(item)
    item.save()
    _remove_files_on_commit([old_file] if old_file else [])
    log_action(actor, "transition", item, before=before, after=snapshot(item))
    return item


def progress(program: Program) -> dict[int, tuple[int, int]]:
    """Per phase id: (items done, items in all), in one query."""
    counts: dict[int, tuple[int, int]] = {p.pk: (0, 0) for p in program.phases.all()}
    for phase_id, status in RoadmapItem.objects.filter(phase__program=program).values_list(
        "phase_id", "status"
    ):
        done, total = counts[phase_id]
        counts[phase_id] = (done + (status == ItemStatus.DONE), total + 1)
    return counts
