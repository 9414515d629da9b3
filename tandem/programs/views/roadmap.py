"""The program office's roadmap: phases in order with their checklist items.

Everyone with a person record reads it (and downloads evidence files); the program
office starts a program from the template, edits phases and items, moves items through
their workflow and adds evidence (services/roadmap.py). Edits are plain POST + redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tandem.lib.errors import error_text
from tandem.people.access import person_for
from tandem.programs import access
from tandem.programs.forms.roadmap import (
    EvidenceForm,
    ItemForm,
    ItemMoveForm,
    ItemPhaseForm,
    PhaseForm,
    ShiftForm,
    StartProgramForm,
)
from tandem.programs.models import ItemStatus, Phase, Program, RoadmapItem
from tandem.programs.models.roadmap import MAX_EVIDENCE_BYTES, evidence_type
from tandem.programs.services import roadmap as roadmap_services


def form_errors(form) -> str:
    return " ".join(
        f"{form[f].label}: {e}" if f in form.fields else e
        for f, errors in form.errors.items()
        for e in errors
    )


def require_viewer(request: HttpRequest) -> None:
    if not access.can_view_program(request.user):
        raise PermissionDenied("Only people of the organization see the program.")


def pick_program(request: HttpRequest) -> tuple[Program | None, list[Program]]:
    """The program asked for with ?program=ID (or the latest one), and all programs."""
    programs = list(Program.objects.select_related("root_unit"))
    raw = request.GET.get("program") or request.POST.get("program")
    if raw in (None, ""):
        return (programs[0] if programs else None), programs
    try:
        pk = int(raw)
    except ValueError:
        raise BadRequest("program: give a program's number.") from None
    chosen = next((p for p in programs if p.pk == pk), None)
    if chosen is None:
        raise Http404("No such program.")
    return chosen, programs


def roadmap_url(program: Program | None) -> str:
    url = reverse("programs:roadmap")
    return f"{url}?program={program.pk}" if program else url


def _roadmap_page(
    request: HttpRequest, program: Program | None, programs: list[Program], status: int = 200
) -> HttpResponse:
    may_edit = access.can_edit_roadmap(request.user, program)
    phases = []
    progress = {}
    if program is not None:
        items = RoadmapItem.objects.select_related("owner__unit").order_by("position", "pk")
        phases = list(program.phases.prefetch_related(Prefetch("items", queryset=items)))
        progress = roadmap_services.progress(program)
    labels = dict(ItemStatus.choices)
    rows = [
        {
            "phase": phase,
            "done": progress.get(phase.pk, (0, 0))[0],
            "total": progress.get(phase.pk, (0, 0))[1],
            "items": [
                {
                    "item": item,
                    "moves": [(s, labels[s]) for s in item.allowed_transitions()],
                }
                for item in phase.items.all()
            ],
        }
        for phase in phases
    ]
    context = {
        "program": program,
        "programs": programs,
        "phases": rows,
        "may_edit": may_edit,
        "today": timezone.localdate(),
        "start_form": StartProgramForm() if may_edit and program is None else None,
        "all_phases": phases,
        "shift_labels": [("up", "↑ Up"), ("down", "↓ Down")],
    }
    return render(request, "programs/roadmap.html", context, status=status)


@login_required
def roadmap(request: HttpRequest) -> HttpResponse:
    require_viewer(request)
    program, programs = pick_program(request)
    return _roadmap_page(request, program, programs)


@login_required
@require_POST
def start_program(request: HttpRequest) -> HttpResponse:
    """Create a program with the default roadmap (Leadership Alignment first)."""
    if not access.can_edit_roadmap(request.user):
        raise PermissionDenied("Only the program office starts a program.")
    form = StartProgramForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            program = roadmap_services.create_program_from_template(
                request.user,
                data["name"],
                data["root_unit"],
                person_for(request.user),
                started_on=data["started_on"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"Started {program.name} from the template.")
            return redirect(roadmap_url(program))
    else:
        messages.error(request, form_errors(form))
    programs = list(Program.objects.select_related("root_unit"))
    return _roadmap_page(request, programs[0] if programs else None, programs, status=400)


def _item_to_edit(request: HttpRequest, pk: int) -> RoadmapItem:
    item = RoadmapItem.objects.select_related("phase__program").filter(pk=pk).first()
    if item is None:
        raise Http404("No such roadmap item.")
    if not access.can_edit_roadmap(request.user, item.phase.program):
        raise PermissionDenied("Only the program office changes the roadmap.")
    return item


# Room for an upload's other form fields and multipart framing beside the file itself.
FORM_ROOM_BYTES = 256 * 1024


def _upload_too_large(request: HttpRequest) -> str | None:
    """Why the request body is refused before it is read (its declared length is over an
    evidence file's limit and room for the form's other fields), or None."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    size = int(declared) if declared.isdigit() else 0
    if size <= MAX_EVIDENCE_BYTES + FORM_ROOM_BYTES:
        return None
    mb = MAX_EVIDENCE_BYTES // (1024 * 1024)
    return f"The upload is {size / (1024 * 1024):.1f} MB; evidence files may be at most {mb} MB."


def _refused(request: HttpRequest, program: Program, text: str) -> HttpResponse:
    messages.error(request, text)
    programs = list(Program.objects.select_related("root_unit"))
    return _roadmap_page(request, program, programs, status=400)


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an item to another status; the service refuses illegal moves, changing nothing."""
    item = _item_to_edit(request, pk)
    program = item.phase.program
    if too_large := _upload_too_large(request):
        return _refused(request, program, too_large)
    form = ItemMoveForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, program, form_errors(form))
    data = form.cleaned_data
    try:
        roadmap_services.move_item(
            request.user,
            item,
            data["to"],
            evidence_note=data["evidence_note"],
            evidence_link=data["evidence_link"],
            evidence_file=data["evidence_file"] or None,
        )
    except ValidationError as error:
        return _refused(request, program, f"“{item.title}” was not moved. {error_text(error)}")
    messages.success(request, f"“{item.title}” is now {ItemStatus(data['to']).label.lower()}.")
    return redirect(f"{roadmap_url(program)}#item-{item.pk}")


@login_required
@require_POST
def item_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or replace an item's evidence note, link and file."""
    item = _item_to_edit(request, pk)
    program = item.phase.program
    if too_large := _upload_too_large(request):
        return _refused(request, program, too_large)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, program, form_errors(form))
    changes = {
        field: form.cleaned_data[field]
        for field in ("evidence_note", "evidence_link")
        if form.cleaned_data[field]
    }
    upload = form.cleaned_data["evidence_file"]
    try:
        with transaction.atomic():
            if changes:
                roadmap_services.update_item(request.user, item, **changes)
            if upload:
                roadmap_services.attach_evidence_file(request.user, item, upload)
    except ValidationError as error:
        return _refused(request, program, error_text(error))
    messages.success(request, f"Evidence saved for “{item.title}”.")
    return redirect(f"{roadmap_url(program)}#item-{item.pk}")


@login_required
@require_GET
def item_evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """Download an item's evidence file: anyone who may see the program, never a public URL."""
    require_viewer(request)
    item = RoadmapItem.objects.filter(pk=pk).exclude(evidence_file="").first()
    if item is None:
        raise Http404("This item has no evidence file.")
    try:
        handle = item.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404("The evidence file is missing from storage.") from None
    name = item.evidence_file_name or item.evidence_file.name.rsplit("/", 1)[-1]
    # Always a download, never shown in the app's origin; a file of a type evidence may
    # no longer be (uploaded before the types were limited) as plain bytes.
    kind = evidence_type(name) or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- editing phases and items (program office) ----------------------------------------


def _phase_to_edit(request: HttpRequest, pk: int) -> Phase:
    phase = Phase.objects.select_related("program").filter(pk=pk).first()
    if phase is None:
        raise Http404("No such phase.")
    if not access.can_edit_roadmap(request.user, phase.program):
        raise PermissionDenied("Only the program office changes the roadmap.")
    return phase


def _done(request: HttpRequest, program: Program, text: str, anchor: str = "") -> HttpResponse:
    messages.success(request, text)
    return redirect(f"{roadmap_url(program)}{anchor}")


@login_required
@require_POST
def phase_add(request: HttpRequest) -> HttpResponse:
    program, _ = pick_program(request)
    if program is None:
        raise Http404("No program yet.")
    if not access.can_edit_roadmap(request.user, program):
        raise PermissionDenied("Only the program office changes the roadmap.")
    form = PhaseForm(request.POST)
    if not form.is_valid():
        return _refused(request, program, form_errors(form))
    try:
        phase = roadmap_services.add_phase(request.user, program, form.cleaned_data["name"])
    except ValidationError as error:
        return _refused(request, program, error_text(error))
    return _done(request, program, f"Added the phase “{phase.name}”.", f"#phase-{phase.pk}")


@login_required
@require_POST
def phase_rename(request: HttpRequest, pk: int) -> HttpResponse:
    phase = _phase_to_edit(request, pk)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        return _refused(request, phase.program, form_errors(form))
    old = phase.name
    try:
        roadmap_services.rename_phase(request.user, phase, form.cleaned_data["name"])
    except ValidationError as error:
        return _refused(request, phase.program, error_text(error))
    text = f"Renamed “{old}” to “{phase.name}”."
    return _done(request, phase.program, text, f"#phase-{phase.pk}")


@login_required
@require_POST
def phase_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an empty phase; one with items is refused so no checklist work is lost."""
    phase = _phase_to_edit(request, pk)
    program, name = phase.program, phase.name
    try:
        roadmap_services.delete_phase(request.user, phase, only_if_empty=True)
    except ValidationError as error:
        return _refused(request, program, error_text(error))
    return _done(request, program, f"Deleted the phase “{name}”.")


@login_required
@require_POST
def phase_shift(request: HttpRequest, pk: int) -> HttpResponse:
    phase = _phase_to_edit(request, pk)
    form = ShiftForm(request.POST)
    if not form.is_valid():
        return _refused(request, phase.program, form_errors(form))
    try:
        roadmap_services.shift_phase(request.user, phase, form.step)
    except ValidationError as error:
        return _refused(request, phase.program, error_text(error))
    text = f"Moved “{phase.name}” {form.cleaned_data['direction']}."
    return _done(request, phase.program, text, f"#phase-{phase.pk}")


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    phase = _phase_to_edit(request, pk)
    form = ItemForm(request.POST)
    if not form.is_valid():
        return _refused(request, phase.program, form_errors(form))
    data = form.cleaned_data
    try:
        item = roadmap_services.add_item(
            request.user, phase, data["title"], data["owner"], data["due_on"]
        )
    except ValidationError as error:
        return _refused(request, phase.program, error_text(error))
    text = f"Added “{item.title}” to {phase.name}."
    return _done(request, phase.program, text, f"#item-{item.pk}")


@login_required
@require_POST
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an item's title, owner and due date (an empty owner or date clears it)."""
    item = _item_to_edit(request, pk)
    program = item.phase.program
    form = ItemForm(request.POST)
    if not form.is_valid():
        return _refused(request, program, form_errors(form))
    try:
        roadmap_services.update_item(request.user, item, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, program, error_text(error))
    return _done(request, program, f"Saved “{item.title}”.", f"#item-{item.pk}")


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_to_edit(request, pk)
    program, phase, title = item.phase.program, item.phase, item.title
    roadmap_services.delete_item(request.user, item)
    return _done(request, program, f"Deleted “{title}”.", f"#phase-{phase.pk}")


@login_required
@require_POST
def item_shift(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_to_edit(request, pk)
    program = item.phase.program
    form = ShiftForm(request.POST)
    if not form.is_valid():
        return _refused(request, program, form_errors(form))
    try:
        roadmap_services.shift_item(request.user, item, form.step)
    except ValidationError as error:
        return _refused(request, program, error_text(error))
    text = f"Moved “{item.title}” {form.cleaned_data['direction']}."
    return _done(request, program, text, f"#item-{item.pk}")


@login_required
@require_POST
def item_to_phase(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_to_edit(request, pk)
    program = item.phase.program
    form = ItemPhaseForm(request.POST, program=program)
    if not form.is_valid():
        return _refused(request, program, form_errors(form))
    phase = form.cleaned_data["phase"]
    try:
        roadmap_services.move_item_to_phase(request.user, item, phase)
    except ValidationError as error:
        return _refused(request, program, error_text(error))
    return _done(request, program, f"Moved “{item.title}” to {phase.name}.", f"#item-{item.pk}")
