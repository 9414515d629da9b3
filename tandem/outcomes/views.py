"""Outcome pages: the upload, the list of units with outcomes, a unit's months beside its
leading indicators, and the org-wide view of how participation moves with outcomes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tandem.outcomes import access, services
from tandem.outcomes.forms import ImportForm
from tandem.outcomes.importer import EXAMPLE_ROWS, HEADER, import_outcomes
from tandem.outcomes.models import MEASURES
from tandem.reports.charts import line_chart
from tandem.reports.exports import maybe_export
from tandem.reports.tables import Column, Table

MONTH = Column("month", "Month", "date")
OUTCOME_KINDS = {"complaints": "int", "compliments": "int", "cost_to_serve": "money"}
# One chart per scale: (table slug, title, measures drawn together).
OUTCOME_CHARTS = (
    ("csat", "Customer satisfaction (CSAT, %)", ("csat",)),
    ("nps", "Net Promoter Score", ("nps",)),
    ("complaints", "Complaints and compliments", ("complaints", "compliments")),
    ("turnover", "Staff turnover (%)", ("staff_turnover",)),
    ("cost", "Cost to serve", ("cost_to_serve",)),
)


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    if not access.can_import_outcomes(request.user):
        raise PermissionDenied("Only the program office imports outcomes.")
    report = None
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = import_outcomes(form.cleaned_data["file"].read(), actor=request.user)
            status = 200 if report.ok else 400
        else:
            status = 400
    else:
        form = ImportForm()
    context = {
        "form": form,
        "report": report,
        "header": HEADER,
        "example_rows": "\n".join(EXAMPLE_ROWS),
        "measures": MEASURES,
    }
    return render(request, "outcomes/import.html", context, status=status)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The units with outcomes that the user may look at."""
    if not access.can_view_outcomes(request.user):
        raise PermissionDenied("Outcomes are shown to people of the organization.")
    context = {
        "units": services.units_with_outcomes(request.user),
        "can_import": access.can_import_outcomes(request.user),
        "can_correlate": access.can_view_correlations(request.user),
    }
    return render(request, "outcomes/index.html", context)


def _month_axis(spec: dict, months: list) -> dict:
    """Every chart of a unit page on the same months: a fixed domain, month labels, UTC
    (a date without a time is midnight UTC; local time would show the previous month
    west of Greenwich)."""
    encoding = spec.get("encoding", {})
    x = encoding.get("x")
    if x is None:
        return spec
    x["scale"] = {"type": "utc", "domain": [months[0].isoformat(), months[-1].isoformat()]}
    x.setdefault("axis", {})["format"] = "%b %y"
    label_of = {m.isoformat(): f"{m:%b %Y}" for m in months}
    for value in spec.get("data", {}).get("values", []):
        value["month"] = label_of.get(value.get("x"), value.get("x"))
    tooltip = encoding.get("tooltip")
    if tooltip:
        tooltip[0] = {"field": "month", "type": "nominal", "title": "Month"}
    return spec


def _chart(
    slug: str, title: str, columns: list[Column], rows: list[dict], months: list
) -> dict[str, Any]:
    table = Table(slug, title, [MONTH, *columns], rows, empty_message="No months to show.")
    spec = line_chart(table, "month", [c.key for c in columns], title)
    return {"spec": _month_axis(spec, months), "table": table}


def _unit_charts(
    timeline: services.Timeline, with_indicators: bool = True
) -> tuple[list[dict], list[dict], Table]:
    """The charts and the month table; without the leading indicators when they are not
    the user's to see (a unit above their own: outcomes.access.covering_unit)."""
    rows, months = timeline.rows, [m.start for m in timeline.months]
    leading = (
        []
        if not with_indicators
        else [
            _chart(
                "participation",
                "Participation and manager engagement",
                [
                    Column("participation", "Participation", "percent"),
                    Column("manager_engagement", "Manager engagement", "percent"),
                ],
                rows,
                months,
            ),
            _chart(
                "activity",
                "Ideas and service actions",
                [
                    Column("ideas_created", "Ideas created", "int"),
                    Column("ideas_implemented", "Ideas implemented", "int"),
                    Column("service_actions", "Service actions", "int"),
                ],
                rows,
                months,
            ),
        ]
    )
    outcome_charts = []
    present = {m.key: m for m in timeline.measures}
    for slug, title, keys in OUTCOME_CHARTS:
        shown = [present[key] for key in keys if key in present]
        if not shown:
            continue
        columns = [
            Column(m.key, m.label, OUTCOME_KINDS.get(m.key, "float"), digits=1) for m in shown
        ]
        if len(shown) < len(keys):
            title = shown[0].label
        outcome_charts.append(_chart(slug, title, columns, rows, months))
    leading_columns = [
        Column("staff", "Staff", "int"),
        Column("participation", "Participation", "percent"),
        Column("manager_engagement", "Manager engagement", "percent"),
        Column("ideas_created", "Ideas created", "int"),
        Column("ideas_implemented", "Ideas implemented", "int"),
        Column("service_actions", "Service actions", "int"),
        Column("stories", "Stories", "int"),
    ]
    month_columns = [
        Column("label", "Month"),
        *(leading_columns if with_indicators else []),
        *(
            Column(m.key, m.label, OUTCOME_KINDS.get(m.key, "float"), digits=1)
            for m in timeline.measures
        ),
    ]
    if with_indicators:
        title = f"{timeline.unit.name}: indicators and outcomes by month"
        note = (
            "Leading indicators count the unit and everything below it; outcomes are the "
            "unit's own, as imported."
        )
    else:
        title = f"{timeline.unit.name}: outcomes by month"
        note = "Outcomes are the unit's own, as imported."
    table = Table("months", title, month_columns, rows[::-1], note=note)
    return leading, outcome_charts, table


@login_required
@require_GET
def unit_view(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A unit's leading indicators and outcomes on one time axis, the last 24 months."""
    unit, with_indicators = access.get_unit_for_user(request.user, unit_id)
    timeline = services.unit_timeline(unit, timezone.localdate())
    leading, outcome_charts, table = _unit_charts(timeline, with_indicators)
    tables = [chart["table"] for chart in leading + outcome_charts] + [table]
    download = maybe_export(request, tables)
    if download is not None:
        return download
    below = access.viewable_units(request.user, timeline.units_below_with_outcomes)
    context = {
        "unit": unit,
        "with_indicators": with_indicators,
        "timeline": timeline,
        "leading": leading,
        "outcome_charts": outcome_charts,
        "table": table,
        "below": below,
        "first": timeline.months[0],
        "last": timeline.months[-1],
        "can_import": access.can_import_outcomes(request.user),
    }
    return render(request, "outcomes/unit.html", context)


def _correlation_table(report: services.CorrelationReport) -> Table:
    rows = []
    for row in report.rows:
        result = row.result
        enough = row.enough
        rows.append(
            {
                "outcome": row.label,
                "r": result.r if enough else None,
                "low": result.low if enough else None,
                "high": result.high if enough else None,
                "n": result.n,
                "units": row.units,
                "reading": row.reading,
            }
        )
    return Table(
        "correlations",
        "Participation in a quarter and outcomes in the next",
        [
            Column("outcome", "Outcome"),
            Column("r", "r", "float", digits=2),
            Column("low", "95% interval from", "float", digits=2),
            Column("high", "95% interval to", "float", digits=2),
            Column("n", "Unit-quarter pairs (n)", "int"),
            Column("units", "Units", "int"),
            Column("reading", "What it says"),
        ],
        rows,
        note=(
            f"Pearson r over unit-quarter pairs, 95% interval by Fisher's z; below "
            f"{report.min_pairs} pairs it says too little data. Correlation, not cause."
        ),
        empty_message="No outcomes have been imported yet.",
    )


@login_required
@require_GET
def correlations_view(request: HttpRequest) -> HttpResponse:
    """Org-wide: how participation in one quarter moves with each outcome in the next."""
    if not access.can_view_correlations(request.user):
        raise PermissionDenied(
            "The org-wide outcome view is for the program office and executives."
        )
    report = services.correlations(timezone.localdate())
    table = _correlation_table(report)
    download = maybe_export(request, [table])
    if download is not None:
        return download
    context = {
        "report": report,
        "table": table,
        "first": report.quarters[0],
        "last": report.quarters[-1],
        "can_import": access.can_import_outcomes(request.user),
    }
    return render(request, "outcomes/correlations.html", context)
