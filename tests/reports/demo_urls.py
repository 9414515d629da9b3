"""A test-only page that uses the reports building blocks the way screens do.

Mounted with `@pytest.mark.urls("tests.reports.demo_urls")`; it keeps the app's
own URLs (the bundle view, base.html's links) and adds /demo/.
"""

from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from tandem.reports.charts import bar_chart, line_chart
from tandem.reports.exports import maybe_export
from tandem.reports.tables import Column, Table
from tandem.urls import urlpatterns as app_urlpatterns

PAGE = """{% extends "base.html" %}{% load reports %}
{% block content %}<h1>Demo report</h1>
{% chart trend_spec trend %}
{% chart units_spec units %}
{% data_table units %}
{% data_table empty %}
{% endblock %}"""


def demo_tables() -> tuple[Table, Table, Table]:
    monday = date(2026, 1, 5)
    trend = Table(
        "trend",
        "Weekly trend",
        [
            Column("week", "Week", "date"),
            Column("ideas", "Ideas created", "int"),
            Column("participation", "Participation", "percent"),
        ],
        [
            {"week": monday + timedelta(weeks=i), "ideas": 3 * i, "participation": i / 20}
            for i in range(12)
        ],
    )
    units = Table(
        "units",
        "Sibling units",
        [
            Column("unit", "Unit", "link", href_key="url"),
            Column("ideas_per_employee", "Ideas per employee per year", "float"),
            Column("note", "Note"),
        ],
        [
            {"unit": "Ward 4B", "url": "/units/1/", "ideas_per_employee": 6.5, "note": "ok"},
            {"unit": "Ward 5A", "url": "/units/2/", "ideas_per_employee": 2.25, "note": "=1+1"},
            {"unit": "Ward 6C with a long name", "ideas_per_employee": None, "note": ""},
        ],
    )
    empty = Table("empty", "Silent units", [Column("unit", "Unit")], [])
    return trend, units, empty


def demo(request: HttpRequest) -> HttpResponse:
    trend, units, empty = demo_tables()
    download = maybe_export(request, [trend, units, empty])
    if download is not None:
        return download
    context = {
        "trend": trend,
        "units": units,
        "empty": empty,
        "trend_spec": line_chart(trend, "week", ["ideas"], "Ideas created by week"),
        "units_spec": bar_chart(
            units,
            "unit",
            "ideas_per_employee",
            "Ideas per employee per year",
            references=[("Typical 2.4", 2.4)],
        ),
    }
    return HttpResponse(engines["django"].from_string(PAGE).render(context, request))


urlpatterns = [path("demo/", demo), *app_urlpatterns]
