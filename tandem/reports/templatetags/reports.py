"""`{% load reports %}`: `{% chart spec table %}`, `{% data_table table %}`, `{% reports_assets %}`.

Both tags need `request` in the context (the request context processor provides it):
export links keep the page's current filters. The chart scripts and stylesheet are
emitted once per page, before the first chart; pages that only receive charts
through htmx swaps put `{% reports_assets %}` in their own markup once.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tandem.reports import bundle
from tandem.reports.exports import export_url
from tandem.reports.tables import Table

register = template.Library()

_ASSETS_DONE = "_reports_assets_done"
_COUNTER = "_reports_chart_counter"


def _request(context: template.Context, tag: str):
    request = context.get("request")
    if request is None:
        raise template.TemplateSyntaxError(
            f"{{% {tag} %}} needs `request` in the template context "
            "(render with a RequestContext / render(request, ...))."
        )
    return request


def assets_html() -> SafeString:
    bundle.warm()
    return format_html(
        '<link rel="stylesheet" href="{}">'
        '<script src="{}" defer></script><script src="{}" defer></script>',
        static("reports/reports.css"),
        reverse("reports:vega_js", args=[bundle.version()]),
        static("reports/charts.js"),
    )


def _assets_once(request) -> SafeString:
    if getattr(request, _ASSETS_DONE, False):
        return SafeString("")
    setattr(request, _ASSETS_DONE, True)
    # An htmx swap lands in a page that already loaded them (charts.js renders swaps).
    if getattr(request, "htmx", False):
        return SafeString("")
    return assets_html()


def _links(request, table: Table) -> dict[str, str]:
    return {fmt: export_url(request, table, fmt) for fmt in ("csv", "xlsx")}


@register.simple_tag(takes_context=True)
def reports_assets(context: template.Context) -> SafeString:
    """The chart stylesheet and scripts, unless this page already has them."""
    request = _request(context, "reports_assets")
    if getattr(request, _ASSETS_DONE, False):
        return SafeString("")
    setattr(request, _ASSETS_DONE, True)
    return assets_html()


@register.simple_tag(takes_context=True)
def data_table(context: template.Context, table: Table, caption: bool = True) -> str:
    """The table (with its note and CSV/XLSX links), or its empty message."""
    request = _request(context, "data_table")
    return render_to_string(
        "reports/_table.html",
        {"table": table, "links": _links(request, table), "caption": caption},
    )


@register.simple_tag(takes_context=True)
def chart(context: template.Context, spec: dict[str, Any], table: Table) -> str:
    """The chart drawn in the browser, plus the same data as a table with export links.

    With no spec (None) only the table is shown.
    """
    request = _request(context, "chart")
    if not spec:
        return data_table(context, table)
    number = getattr(request, _COUNTER, 0) + 1
    setattr(request, _COUNTER, number)
    return render_to_string(
        "reports/_chart.html",
        {
            "assets": _assets_once(request) if table.rows else "",
            "spec": spec,
            "spec_id": f"report-chart-{table.slug}-{number}",
            "table": table,
            "links": _links(request, table),
        },
    )
