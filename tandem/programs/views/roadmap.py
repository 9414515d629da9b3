"""The program office's roadmap: phases in order with their checklist items.

Everyone with a person record reads it; the program office starts a program from the
template, moves items through their workflow and adds evidence (services/roadmap.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tandem.people import access
from tandem.programs.forms_roadmap import EvidenceForm, ItemMoveForm, StartProgramForm
from tandem.programs.models import ItemStatus, Program, RoadmapItem
from tandem.programs.services import roadmap as roadmap_services


def error_text(error: ValidationError) -> str:
    """A service's ValidationError as one sentence per problem, naming the field."""
    if hasattr(error, "error_dict"):
        return " ".join(
            f"{field}: {message}" if field != "__all__" else message
            for field, messages_ in error.message_dict.items()
            for message in messages_
        )
    return " ".join(error.messages)


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
        items = RoadmapItem.objects.select_related("owner").order_by("position", "pk")
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
                access.person_for(request.user),
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
    form = ItemMoveForm(request.POST)
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
        )
    except ValidationError as error:
        return _refused(request, program, f"“{item.title}” was not moved. {error_text(error)}")
    messages.success(request, f"“{item.title}” is now {ItemStatus(data['to']).label.lower()}.")
    return redirect(f"{roadmap_url(program)}#item-{item.pk}")


@login_required
@require_POST
def item_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or replace an item's evidence note and link."""
    item = _item_to_edit(request, pk)
    program = item.phase.program
    form = EvidenceForm(request.POST)
    if not form.is_valid():
        return _refused(request, program, form_errors(form))
    changes = {
        field: form.cleaned_data[field]
        for field in ("evidence_note", "evidence_link")
        if form.cleaned_data[field]
    }
    try:
        roadmap_services.update_item(request.user, item, **changes)
    except ValidationError as error:
        return _refused(request, program, error_text(error))
    messages.success(request, f"Evidence saved for “{item.title}”.")
    return redirect(f"{roadmap_url(program)}#item-{item.pk}")
