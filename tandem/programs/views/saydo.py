"""The say–do report (anyone in the organization) and recording an audit (program office).
Scoring: programs/services/saydo.py and docs/say-do.md."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from tandem.lib.errors import add_to_form
from tandem.lib.ids import as_id
from tandem.people.access import person_for
from tandem.people.models import Level, OrgUnit
from tandem.programs import access
from tandem.programs.forms.saydo import (
    SAY_DO_MIN_ROWS,
    SAY_DO_SPARE_ROWS,
    SayDoAuditForm,
    say_do_initial,
)
from tandem.programs.models import SayDoKind
from tandem.programs.services import saydo as service

MAX_ROWS = 200
# The chart: one group of bars per audit, one bar per level, heights in percent.
CHART_HEIGHT, BAR_WIDTH, BAR_GAP, GROUP_GAP, LEFT, TOP = 120, 16, 3, 22, 32, 14
LEVEL_COLOURS = {
    Level.EXECUTIVE: "#1f4e7a",
    Level.SENIOR_LEADER: "#4a7fb0",
    Level.MANAGER: "#0b6e4f",
    Level.SUPERVISOR: "#c77d00",
    Level.FRONTLINE: "#a33a00",
}


def _chart(series: list, levels: list[str]) -> dict | None:
    """Bar geometry for the inline SVG (no script): pure arithmetic on the service's series."""
    if not series or not levels:
        return None
    group = len(levels) * (BAR_WIDTH + BAR_GAP) + GROUP_GAP
    groups = []
    for g, (taken_on, scores) in enumerate(series):
        x0 = LEFT + g * group
        bars = []
        for b, level in enumerate(levels):
            score = scores.get(level)
            height = round(CHART_HEIGHT * (score or 0) / 100)
            bars.append(
                {
                    "x": x0 + b * (BAR_WIDTH + BAR_GAP),
                    "y": TOP + CHART_HEIGHT - height,
                    "mid": x0 + b * (BAR_WIDTH + BAR_GAP) + BAR_WIDTH / 2,
                    "height": height,
                    "score": score,
                    "level": Level(level).label,
                    "colour": LEVEL_COLOURS[level],
                }
            )
        groups.append(
            {"x": x0, "mid": x0 + (group - GROUP_GAP) / 2, "date": taken_on, "bars": bars}
        )
    return {
        "groups": groups,
        "width": LEFT + len(series) * group,
        "top": TOP,
        "bottom": TOP + CHART_HEIGHT,
        "full": TOP + CHART_HEIGHT + 20,
        "half": TOP + CHART_HEIGHT // 2,
        "legend": [(Level(level).label, LEVEL_COLOURS[level]) for level in levels],
    }


def _pick_root(request: HttpRequest, roots: list[OrgUnit]) -> OrgUnit | None:
    wanted = request.GET.get("unit")
    if wanted:
        root = next((u for u in roots if str(u.pk) == wanted), None)
        if root is None:
            raise Http404("No say–do audit of that unit.")
        return root
    return roots[0] if roots else None


@login_required
def say_do(request: HttpRequest) -> HttpResponse:
    if not access.can_view_program(request.user):
        raise PermissionDenied("Only people of the organization see the say–do report.")
    roots = service.say_do_roots(request.user)
    root = _pick_root(request, roots)
    audit = service.latest_audit(root) if root else None
    report = service.say_do_report(audit) if audit else None
    series = service.score_series(root) if root else []
    levels = [lv for lv in Level.values if any(lv in scores for _, scores in series)]
    context = {
        "roots": roots,
        "root": root,
        "report": report,
        "rows": _level_rows(report) if report else [],
        "series": [(taken_on, [scores.get(lv) for lv in levels]) for taken_on, scores in series],
        "series_levels": [Level(lv).label for lv in levels],
        "chart": _chart(series, levels),
        "may_record": access.can_record_say_do(request.user),
    }
    return render(request, "programs/say_do.html", context)


def _level_rows(report: service.SayDoReport) -> list[dict]:
    kinds = [SayDoKind.SCORECARD, SayDoKind.INCENTIVE, SayDoKind.HIRING]
    return [
        {
            "level": Level(s.level).label,
            "shares": [s.shares.get(k) for k in kinds],
            "score": s.score,
        }
        for s in report.levels
    ]


NOTE_FROM_LINK = 1000  # the most of a note a link may carry


@login_required
def say_do_new(request: HttpRequest) -> HttpResponse:
    """Record an audit: all its lines or nothing (weights must add up per kind and level)."""
    if not access.can_record_say_do(request.user):
        raise PermissionDenied("Only the program office records the say–do audit.")
    units = OrgUnit.objects.order_by("path")
    status = 200
    if request.method == "POST":
        try:
            rows = int(request.POST.get("rows", SAY_DO_MIN_ROWS))
        except ValueError:
            rows = SAY_DO_MIN_ROWS
        rows = max(SAY_DO_MIN_ROWS, min(rows, MAX_ROWS))
        form = SayDoAuditForm(request.POST, units=units, rows=rows)
        if form.is_valid():
            data = form.cleaned_data
            try:
                audit = service.record_say_do_audit(
                    request.user,
                    data["root_unit"],
                    data["taken_on"],
                    form.entries(),
                    note=data["note"],
                    created_by=person_for(request.user),
                )
            except ValidationError as error:
                add_to_form(form, error, unplaced=form.entries_errors)
            else:
                messages.success(request, f"Say–do audit of {audit.taken_on} saved.")
                return redirect(f"{reverse('programs:say_do')}?unit={audit.root_unit_id}")
        status = 400
    else:
        # ?root= and ?note= start the audit from a finding elsewhere (an assessment's weak
        # block): that unit's latest lines, the finding as the note.
        root = as_id(request.GET.get("root"))
        asked = units.filter(pk=root).first() if root else None
        roots = [asked] if asked else service.say_do_roots(request.user)
        previous = service.latest_audit(roots[0]) if roots else None
        count = previous.entries.count() if previous else 0
        rows = max(SAY_DO_MIN_ROWS, count + SAY_DO_SPARE_ROWS)
        initial = say_do_initial(previous)
        initial["taken_on"] = timezone.localdate()
        initial["note"] = request.GET.get("note", "")[:NOTE_FROM_LINK]
        if asked:
            initial["root_unit"] = asked.pk
        elif previous is None:
            first = units.filter(depth=1).first()
            initial["root_unit"] = first.pk if first else None
        form = SayDoAuditForm(initial=initial, units=units, rows=rows)
    context = {"form": form, "rows": form.rows}
    return render(request, "programs/say_do_new.html", context, status=status)
