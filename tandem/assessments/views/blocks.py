"""Assessment rounds: the list, writing and opening one (the program office), answering
it (everyone asked), and its results by unit. The rules are in services.py (what may
happen), results.py (what may be shown) and access.py (who may)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tandem.assessments import access, actions, exports, results, services
from tandem.assessments.forms import AnswerForm, RoundForm
from tandem.assessments.models import SCALE, Round, RoundUnit, Status
from tandem.assessments.views.common import add_errors, step
from tandem.capture.models import BuildingBlock
from tandem.lib.errors import problems
from tandem.people.access import person_for
from tandem.people.models import OrgUnit
from tandem.reports import exports as report_exports


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    me = person_for(request.user)
    office = access.can_run(request.user)
    rounds = Round.objects.all() if office else Round.objects.exclude(status=Status.DRAFT)
    visible = [r for r in rounds if office or access.can_see_results(request.user, r)]
    context = {
        "to_answer": services.open_for(me),
        "rounds": visible,
        "office": office,
    }
    return render(request, "assessments/rounds.html", context)


def _edit(request: HttpRequest, round_: Round | None) -> HttpResponse:
    access.require(access.can_run(request.user), access.RUN_WHY)
    units = OrgUnit.objects.all()
    initial = {}
    if round_ is not None:
        initial = {
            "title": round_.title,
            "units": list(round_.units.all()),
            "who": round_.who,
            "sample_percent": round_.sample_percent,
            "opens_on": round_.opens_on,
            "closes_on": round_.closes_on,
        }
    form = RoundForm(
        request.POST if request.method == "POST" else None,
        initial=initial or {"who": "everyone"},
        units=units,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = services.Plan(
            title=data["title"] or "",
            units=list(data["units"] or []),
            who=data["who"],
            sample_percent=data["sample_percent"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
        )
        try:
            saved = services.save_round(request.user, plan, round_)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The round is saved as a draft; open it when it is ready.")
            return redirect("assessments:results", saved.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "round": round_}
    return render(request, "assessments/edit.html", context, status=status)


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_round(request.user, pk)
    if round_.status != Status.DRAFT:
        access.require(access.can_run(request.user), access.RUN_WHY)
        messages.error(request, "An open or closed round cannot be changed.")
        return redirect("assessments:results", pk)
    return _edit(request, round_)


@login_required
@require_POST
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_round(request.user, pk)
    access.require(access.can_run(request.user), access.RUN_WHY)
    step(
        request,
        lambda: services.open_round(request.user, round_),
        lambda n: f"The round is open: {n:,} people were asked and told.",
    )
    return redirect("assessments:results", pk)


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_round(request.user, pk)
    access.require(access.can_run(request.user), access.RUN_WHY)
    step(
        request,
        lambda: services.close_round(request.user, round_),
        lambda _: "The round is closed; its results are final.",
    )
    return redirect("assessments:results", pk)


@login_required
@never_cache
def round_answer(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_round(request.user, pk)
    me = person_for(request.user)
    access.require(access.is_asked(request.user, round_), access.ANSWER_WHY)
    blocks = services.blocks()
    form = AnswerForm(request.POST if request.method == "POST" else None, blocks=blocks)
    answered = services.has_answered(me, round_)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.answer(me, round_, form.choices())
        except ValidationError as error:
            add_errors(form, error)
        else:
            return render(request, "assessments/answered.html", {"round": round_})
    if form.errors:
        status = 400
    context = {
        "round": round_,
        "form": form,
        "answered": answered,
        "open": round_.status == Status.OPEN,
        "scale": SCALE,
    }
    return render(request, "assessments/answer.html", context, status=status)


@login_required
def round_results(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_round(request.user, pk)
    office = access.can_run(request.user)
    if round_.status == Status.DRAFT:  # the program office only (get_round)
        context = {"round": round_, "office": office, "asked": services.asked(round_).count()}
        return render(request, "assessments/draft.html", context)
    if not access.can_see_results(request.user, round_):
        if access.is_asked(request.user, round_):
            return redirect("assessments:answer", pk)
        raise PermissionDenied(access.RESULTS_WHY)
    starts = access.result_units(request.user, round_)
    wanted = request.GET.get("unit")
    if wanted:
        unit = RoundUnit.objects.filter(round=round_, path=wanted).first()
        if unit is None:
            raise Http404("That unit was not part of this round.")
        if not access.can_see_results(request.user, round_, unit):
            raise PermissionDenied(access.RESULTS_WHY)
    elif starts:
        unit = starts[0]
    else:
        raise PermissionDenied(access.RESULTS_WHY)
    found = results.results(round_, unit)
    tables = exports.tables(found)
    download = report_exports.maybe_export(request, tables)
    if download is not None:
        return download
    if request.GET.get("format") == "pdf":
        return _pdf(round_, unit, tables)
    doing = results.doing(round_, unit)
    above = list(
        RoundUnit.objects.filter(
            round=round_, path__in=_paths_above(unit.path), unit__isnull=False
        ).order_by("path")
    )
    crumbs = [u for u in above if access.can_see_results(request.user, round_, u)]
    blocks = [
        (block, found.rows[0].cells[i], found.against.get(block.pk, []), doing.get(block.pk))
        for i, block in enumerate(found.blocks)
    ]
    grid = [
        (block, [(row, row.cells[i]) for row in found.rows]) for i, block in enumerate(found.blocks)
    ]
    context = {
        "round": round_,
        "office": office,
        "downloads": [
            *((fmt.upper(), report_exports.export_url(request, tables[0], fmt)) for fmt in FMTS),
            ("PDF", f"?{urlencode({'unit': unit.path, 'format': 'pdf'})}"),
        ],
        "may_write": actions.can_write_initiative(request.user, unit),
        "may_plan": actions.can_add_to_roadmap(request.user),
        "may_audit": actions.can_audit_say_do(request.user),
        "r": found,
        "grid": grid,
        "unit": unit,
        "crumbs": crumbs,
        "blocks": blocks,
        "starts": starts,
        "scale": SCALE,
    }
    return render(request, "assessments/results.html", context)


FMTS = ("csv", "xlsx")


def _pdf(round_: Round, unit: RoundUnit, tables) -> HttpResponse:
    # Imported here: fpdf is loaded only when a PDF is asked for.
    from tandem.reports.pdf import dashboard_pdf

    subtitle = (
        f"{round_.get_status_display()} · {round_.opens_on:%-d %b %Y} – "
        f"{round_.closes_on:%-d %b %Y} · groups of at least {round_.min_group}"
    )
    body = dashboard_pdf(f"{round_.title}: {unit.name}", subtitle, [], [], tables)
    response = HttpResponse(body, content_type="application/pdf")
    name = f"tandem-assessment-{round_.pk}-{slugify(unit.name) or 'unit'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _paths_above(path: str) -> list[str]:
    step = OrgUnit.steplen
    return [path[:end] for end in range(step, len(path), step)]


@login_required
@require_POST
def round_act(request: HttpRequest, pk: int) -> HttpResponse:
    """One click from a block's finding to a draft initiative, a roadmap item or a new
    say–do audit."""
    round_ = access.get_round(request.user, pk)
    access.require(access.can_see_results(request.user, round_), access.RESULTS_WHY)
    unit = RoundUnit.objects.filter(round=round_, path=request.POST.get("unit", "")).first()
    block = BuildingBlock.objects.filter(pk=request.POST.get("block") or 0).first()
    if unit is None or block is None:
        messages.error(request, "Choose a block and a unit of this round.")
        return redirect("assessments:results", pk)
    access.require(access.can_see_results(request.user, round_, unit), access.RESULTS_WHY)
    if request.POST.get("to") == "say_do":
        access.require(actions.can_audit_say_do(request.user), "Only the program office audits.")
        return redirect(actions.say_do_url(round_, unit, block))
    try:
        if request.POST.get("to") == "roadmap":
            item = actions.to_roadmap_item(request.user, round_, unit, block)
            messages.success(request, f"Added to the roadmap: “{item.title}”, with the evidence.")
            return redirect("programs:roadmap")
        made = actions.to_initiative(request.user, round_, unit, block)
    except ValidationError as error:
        for _, message in problems(error):
            messages.error(request, message)
        back = reverse("assessments:results", args=[pk])
        return redirect(f"{back}?{urlencode({'unit': unit.path})}")
    messages.success(request, "A draft initiative holds the finding: say what changes, publish.")
    return redirect("voice:initiative_edit", made.pk)
