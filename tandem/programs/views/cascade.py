"""Leadership alignment and the cascade through the org tree.

Leaders align first, visibly; then each unit moves leader aligned → managers briefed →
team launched. The rules and counts live in services/alignment.py and services/cascade.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.lib.errors import error_text
from tandem.people.access import person_for
from tandem.people.models import OrgUnit
from tandem.programs import access
from tandem.programs.forms.roadmap import StageForm
from tandem.programs.models import STAGE_ORDER, Program, Stage
from tandem.programs.services import cascade as cascade_services
from tandem.programs.services.alignment import leadership_alignment
from tandem.programs.services.queries_roadmap import ancestors_within, cascade_window
from tandem.programs.views.roadmap import form_errors, pick_program, require_viewer

LEVELS_SHOWN = 3


@login_required
def alignment(request: HttpRequest) -> HttpResponse:
    """For each leader: attended the session, set commitments, service first on the agenda."""
    require_viewer(request)
    program, programs = pick_program(request)
    leaders = leadership_alignment(program) if program else []
    counts = {
        "leaders": len(leaders),
        "attended": sum(a.attended for a in leaders),
        "committed": sum(a.committed for a in leaders),
        "service_first": sum(a.service_first for a in leaders),
        "aligned": sum(a.aligned for a in leaders),
    }
    context = {"program": program, "programs": programs, "leaders": leaders, "counts": counts}
    return render(request, "programs/alignment.html", context)


def _unit_in(program: Program, raw: str | None) -> OrgUnit:
    """The unit asked for with ?unit=ID inside the program's tree, else the program's root."""
    if raw in (None, ""):
        return program.root_unit
    try:
        pk = int(raw)
    except ValueError:
        raise BadRequest("unit: give a unit's number.") from None
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None or not cascade_services.in_program(program, unit):
        raise Http404("No such unit in this program.")
    return unit


def cascade_url(program: Program, top: OrgUnit | None = None) -> str:
    url = f"{reverse('programs:cascade')}?program={program.pk}"
    if top is not None and top.pk != program.root_unit_id:
        url += f"&unit={top.pk}"
    return url


def _stage_counts(program: Program) -> list[dict]:
    """stage_counts_by_depth as rows, levels numbered from the program's root (1)."""
    by_depth = cascade_services.stage_counts_by_depth(program)
    base = program.root_unit.depth
    return [
        {
            "level": depth - base + 1,
            "counts": [(stage, counts[stage]) for stage in STAGE_ORDER],
            "total": sum(counts.values()),
        }
        for depth, counts in by_depth.items()
    ]


def _cascade_page(
    request: HttpRequest,
    program: Program | None,
    programs: list[Program],
    top: OrgUnit | None,
    status: int = 200,
) -> HttpResponse:
    may_edit = program is not None and access.can_edit_cascade(request.user, program)
    rows = cascade_window(program, top, LEVELS_SHOWN) if program and top else []
    labels = dict(Stage.choices)
    units = []
    for row in rows:
        rank = STAGE_ORDER.index(row.stage)
        following = STAGE_ORDER[rank + 1] if rank + 1 < len(STAGE_ORDER) else None
        units.append(
            {
                "row": row,
                "label": labels[row.stage],
                "next": (following, labels[following]) if following else None,
                "earlier": [(s, labels[s]) for s in STAGE_ORDER[:rank]],
                # The deepest shown level links to its own window instead of expanding.
                "more": row.level == LEVELS_SHOWN - 1 and row.unit.numchild > 0,
            }
        )
    context = {
        "program": program,
        "programs": programs,
        "top": top,
        "breadcrumb": ancestors_within(program, top) if program and top else [],
        "units": units,
        "levels": _stage_counts(program) if program else [],
        "stages": [(s, labels[s]) for s in STAGE_ORDER],
        "ahead": cascade_services.launched_ahead(program) if program else [],
        "ahead_definition": cascade_services.LAUNCHED_AHEAD_DEFINITION,
        "bump_risk_definition": cascade_services.BUMP_RISK_DEFINITION,
        "may_edit": may_edit,
    }
    return render(request, "programs/cascade.html", context, status=status)


@login_required
def cascade(request: HttpRequest) -> HttpResponse:
    """The org tree coloured by stage: three levels from the root or from ?unit=ID."""
    require_viewer(request)
    program, programs = pick_program(request)
    top = _unit_in(program, request.GET.get("unit")) if program else None
    return _cascade_page(request, program, programs, top)


@login_required
@require_POST
def unit_stage(request: HttpRequest, program_id: int, unit_id: int) -> HttpResponse:
    """Move one unit's stage. A launch ahead of an unaligned leader succeeds with a warning."""
    program = Program.objects.select_related("root_unit").filter(pk=program_id).first()
    if program is None:
        raise Http404("No such program.")
    if not access.can_edit_cascade(request.user, program):
        raise PermissionDenied("Only the program office moves the cascade.")
    unit = _unit_in(program, str(unit_id))
    top = _unit_in(program, request.POST.get("top"))
    form = StageForm(request.POST)
    text = ""
    if not form.is_valid():
        text = form_errors(form)
    else:
        try:
            change = cascade_services.set_stage(
                request.user,
                program,
                unit,
                form.cleaned_data["to"],
                by=person_for(request.user),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            text = f"{unit.name} was not moved. {error_text(error)}"
    if text:
        messages.error(request, text)
        programs = list(Program.objects.select_related("root_unit"))
        return _cascade_page(request, program, programs, top, status=400)
    messages.success(request, f"{unit.name} is now at {change.row.get_stage_display().lower()}.")
    if change.warning:
        messages.warning(request, f"Launched ahead of its leader: {change.warning}")
    return redirect(f"{cascade_url(program, top)}#unit-{unit.pk}")
