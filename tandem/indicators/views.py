"""The leader screens: dashboard with heatmap and drill-down, the cascade activity view,
and the "how we count" page.

The dashboard's figures, tables and charts are built by `dashboard.build_dashboard`
(from the rollups only); its highlights come from highlights.py. Who may see which unit
is `access.can_view_indicators` (indicators/access.py): a 403 for a unit one may not see
(indicators are aggregates), a 404 for a unit that does not exist.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import markdown
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from tandem.indicators import access
from tandem.indicators import activity as activity_service
from tandem.indicators.dashboard import BANDS, HEATMAP_COLUMNS, benchmarks, build_dashboard
from tandem.indicators.highlights import best_ideas, best_stories
from tandem.indicators.periods import CUSTOM, MONTH, QUARTER, WEEK, ReportPeriod
from tandem.lib.errors import NO_FIELD, messages_by_field
from tandem.people.access import units_visible_to
from tandem.people.models import OrgUnit, User
from tandem.programs.services.cascade import BUMP_RISK_DEFINITION
from tandem.programs.services.meetings import unit_service_first
from tandem.reports import exports
from tandem.reports.tables import Column, Table

ACTIVITY_ROWS_SHOWN = 300
HIGHLIGHT_DAYS = 7
HIGHLIGHTS_SHOWN = 5


def _bad_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    problems = [
        f"{field}: {' '.join(msgs)}" if field != NO_FIELD else " ".join(msgs)
        for field, msgs in messages_by_field(error).items()
    ]
    return render(request, "indicators/bad_request.html", {"problems": problems}, status=400)


def _export_links(request: HttpRequest, table: Table) -> list[tuple[str, str]]:
    return [(fmt.upper(), exports.export_url(request, table, fmt)) for fmt in ("csv", "xlsx")]


def _period_links(period: ReportPeriod) -> dict[str, Any]:
    """Links of the period picker: the kinds, previous and next (none into the future)."""
    today = timezone.localdate()
    anchor = min(period.end, today)

    def link(p: ReportPeriod) -> str:
        return "?" + urlencode(p.query())

    if period.is_standard:
        following = ReportPeriod.containing(period.kind, period.end + timedelta(days=1))
    else:
        following = ReportPeriod(
            CUSTOM, period.end + timedelta(days=1), period.end + timedelta(days=period.days)
        )
    return {
        "kinds": [
            (kind, kind.title(), link(ReportPeriod.containing(kind, anchor)), kind == period.kind)
            for kind in (WEEK, MONTH, QUARTER)
        ],
        "previous": link(period.previous()),
        "next": link(following) if following.start <= today else None,
    }


# --- the dashboard ----------------------------------------------------------------------


def _breadcrumbs(user: User, unit: OrgUnit) -> list[OrgUnit]:
    """The units above `unit` that the user may see, top down."""
    return [a for a in OrgUnit.objects.get_ancestors(unit) if access.can_view_indicators(user, a)]


def _week_of_highlights(period: ReportPeriod) -> tuple[date, date]:
    end = min(period.end, timezone.localdate())
    return end - timedelta(days=HIGHLIGHT_DAYS - 1), end


def _no_unit(request: HttpRequest) -> HttpResponse:
    """No unit to show: the program office before any import (200), or a login that is
    not linked to a person (403: indicators are for people of the organization)."""
    if units_visible_to(request.user).everything:
        return render(request, "indicators/no_unit.html", {"empty_org": True})
    return render(request, "indicators/no_unit.html", {"empty_org": False}, status=403)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send the user to the dashboard of the highest unit they may see."""
    units = access.my_units(request.user)
    if not units:
        return _no_unit(request)
    return redirect("indicators:dashboard", unit_id=units[0].pk)


@login_required
def dashboard(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, unit_id)
    try:
        period = ReportPeriod.from_query(request.GET)
    except ValidationError as error:
        return _bad_request(request, error)
    board = build_dashboard(request.user, unit, period)
    response = exports.maybe_export(request, board.tables)
    if response is not None:
        return response
    start, end = _week_of_highlights(period)
    mine = access.my_units(request.user)
    context = {
        "unit": unit,
        "board": board,
        "period": period,
        "picker": _period_links(period),
        "period_query": urlencode(period.query()),
        "breadcrumbs": _breadcrumbs(request.user, unit),
        "other_units": [u for u in mine if u.pk != unit.pk] if len(mine) > 1 else [],
        "benchmarks": benchmarks(board.now["ideas_per_employee_per_year"]),
        "service_first": unit_service_first(
            unit, board.counted.start, board.counted.end, subtree=True
        ),
        "highlight_start": start,
        "highlight_end": end,
        "stories": best_stories(
            unit, start, end, limit=HIGHLIGHTS_SHOWN, viewer=request.user, include_private=True
        ),
        "ideas": best_ideas(
            unit, start, end, limit=HIGHLIGHTS_SHOWN, viewer=request.user, include_private=True
        ),
        "bands": [(key, label, short, BANDS[key]) for key, label, short in HEATMAP_COLUMNS],
        "heatmap_exports": _export_links(request, board.heatmap_table),
    }
    return render(request, "indicators/dashboard.html", context)


PDF_COLUMNS = (
    "unit",
    "ideas_created",
    "participation",
    "implementation_rate",
    "manager_engagement",
)


def _compact(table: Table) -> Table:
    """The unit table with the columns that fit half an A4 page."""
    columns = [c for c in table.columns if c.key in PDF_COLUMNS]
    return Table(table.slug, table.title, columns, table.rows, table.note)


@login_required
def dashboard_pdf(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The dashboard on one A4 page for a board meeting."""
    unit = access.get_unit_for_user(request.user, unit_id)
    try:
        period = ReportPeriod.from_query(request.GET)
    except ValidationError as error:
        return _bad_request(request, error)
    # Imported here: fpdf and the chart renderer are only loaded when a PDF is asked for.
    from tandem.reports.pdf import dashboard_pdf as render_dashboard_pdf

    board = build_dashboard(request.user, unit, period)
    headline = [(h["label"], h["value"], h["change"]) for h in board.headline]
    tables = [_compact(board.heatmap_table)] if board.heatmap_table.rows else []
    if board.siblings_table:
        tables.append(_compact(board.siblings_table))
    if not tables:
        tables = [board.figures_table]
    pdf = render_dashboard_pdf(
        f"{unit.name}: leading indicators",
        f"{period.label}{' so far' if board.counted.is_cut else ''} · {board.compared}"
        f" · {unit.full_path}",
        headline,
        [board.trend_counts_chart, board.trend_shares_chart],
        tables,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"tandem-{slugify(unit.name) or 'unit'}-{period.start.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the cascade activity view ------------------------------------------------------------


def _activity_tables(result: activity_service.Activity) -> tuple[Table, Table]:
    levels = Table(
        "levels",
        f"Activity by level below {result.top.name}",
        [
            Column("level", "Level", "int"),
            Column("units", "Units", "int"),
            Column("active", "Active", "int"),
            Column("silent", "Silent", "int"),
            Column("bump_risk", "Bump risk", "int"),
        ],
        [
            {
                "level": row.level,
                "units": row.units,
                "active": row.active,
                "silent": row.silent,
                "bump_risk": row.bump_risk,
            }
            for row in result.levels
        ],
        note="Level 0 is the chosen unit, 1 the units just below it, and so on.",
    )
    units = Table(
        "activity",
        f"Units of {result.top.name}, {result.start:%-d %b} – {result.end:%-d %b %Y}",
        [
            Column("unit", "Unit"),
            Column("level", "Level", "int"),
            Column("status", "Status"),
            Column("records", "Records (30 days)", "int"),
            Column("last_day", "Last record", "date"),
            Column("frontline_active", "Frontline taking part", "int"),
            Column("managers", "Managers", "int"),
            Column("responded", "Managers who responded", "int"),
            Column("bump_risk", "Bump risk"),
        ],
        [
            {
                "unit": u.full_path,
                "level": u.level,
                "status": u.status,
                "records": u.records,
                "last_day": u.last_day,
                "frontline_active": u.frontline_active,
                "managers": u.managers,
                "responded": u.responded,
                "bump_risk": "yes" if u.bump_risk else "no",
            }
            for u in result.units
        ],
    )
    return levels, units


SHOW_CHOICES = {"all": "All units", "silent": "Silent", "risk": "Bump risk"}


@login_required
def activity(request: HttpRequest) -> HttpResponse:
    """Which units are active, which silent, and where frontline effort meets silence."""
    raw = request.GET.get("unit", "")
    show = request.GET.get("show") or "all"
    if show not in SHOW_CHOICES:
        return _bad_request(request, ValidationError({"show": "Use all, silent or risk."}))
    if raw:
        try:
            unit_id = int(raw)
        except ValueError:
            return _bad_request(request, ValidationError({"unit": "Give a unit's number."}))
        unit = access.get_unit_for_user(request.user, unit_id)
    else:
        units = access.my_units(request.user)
        if not units:
            return _no_unit(request)
        unit = units[0]
    result = activity_service.activity(unit)
    levels_table, units_table = _activity_tables(result)
    response = exports.maybe_export(request, [levels_table, units_table])
    if response is not None:
        return response
    rows = {
        "all": result.units[1:],
        "silent": [u for u in result.units[1:] if not u.active],
        "risk": [u for u in result.units if u.bump_risk],
    }[show]
    context = {
        "unit": unit,
        "result": result,
        "top": result.units[0],
        "levels_table": levels_table,
        "units_table": units_table,
        "rows": rows[:ACTIVITY_ROWS_SHOWN],
        "more": max(0, len(rows) - ACTIVITY_ROWS_SHOWN),
        "show": show,
        "show_choices": SHOW_CHOICES,
        "at_risk": result.at_risk,
        "silent_count": len([u for u in result.units[1:] if not u.active]),
        "breadcrumbs": _breadcrumbs(request.user, unit),
        "window_days": activity_service.WINDOW_DAYS,
        "bump_risk_definition": BUMP_RISK_DEFINITION,
        "unit_exports": _export_links(request, units_table),
    }
    return render(request, "indicators/activity.html", context)


# --- how we count -------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _rendered(path: Path, mtime: float) -> str:
    text = path.read_text(encoding="utf-8")
    return markdown.markdown(text, extensions=["tables", "sane_lists", "toc"])


def how_we_count_html() -> str:
    """how-we-count.md (shipped in this package) as HTML: the one text that explains
    every figure."""
    path = Path(__file__).with_name("how-we-count.md")
    return _rendered(path, path.stat().st_mtime)


@login_required
def how_we_count(request: HttpRequest) -> HttpResponse:
    # The document is ours, in the repository, not user input: safe to insert as HTML.
    body = mark_safe(how_we_count_html())  # noqa: S308
    return render(request, "indicators/how_we_count.html", {"body": body})
