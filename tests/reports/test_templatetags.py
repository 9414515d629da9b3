import json
import re

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

from tandem.reports.charts import line_chart
from tandem.reports.tables import Column, Table

rf = RequestFactory()


def table(rows=None) -> Table:
    return Table(
        "units",
        "Sibling units",
        [
            Column("unit", "Unit", "link", href_key="url"),
            Column("rate", "Participation", "percent"),
        ],
        [
            {"unit": "Ward 4B", "url": "/u/1/", "rate": 0.5},
            {"unit": "<b>Ward 5A</b>", "rate": None},
        ]
        if rows is None
        else rows,
        note="Units directly below Nursing",
    )


def render(source: str, request=None, **context) -> str:
    if request is not None:
        context["request"] = request
    return Template("{% load reports %}" + source).render(Context(context))


def test_data_table_renders_rows_note_and_export_links_keeping_filters():
    html = render("{% data_table t %}", rf.get("/leaders/", {"unit": "3"}), t=table())
    assert "<caption>Sibling units</caption>" in html
    assert '<a href="/u/1/">Ward 4B</a>' in html
    assert "&lt;b&gt;Ward 5A&lt;/b&gt;" in html  # row text is escaped
    assert '<td class="num">50%</td>' in html
    assert '<td class="num">—</td>' in html
    assert "Units directly below Nursing" in html
    assert 'href="/leaders/?unit=3&amp;export=units&amp;format=csv"' in html
    assert 'href="/leaders/?unit=3&amp;export=units&amp;format=xlsx"' in html


def test_an_empty_table_shows_its_empty_message_and_no_export_links():
    html = render("{% data_table t %}", rf.get("/"), t=table(rows=[]))
    assert "Nothing to show for this period yet." in html
    assert "<table" not in html
    assert "export=" not in html


def chart_spec():
    return line_chart(
        Table("trend", "Trend", [Column("w", "Week", "date"), Column("n", "Ideas", "int")], []),
        "w",
        ["n"],
        "Ideas by week",
    )


def test_chart_renders_the_spec_a_table_view_and_the_scripts_once():
    t = table()
    spec = chart_spec()
    html = render("{% chart spec t %}{% chart spec t %}", rf.get("/leaders/"), spec=spec, t=t)
    assert html.count('<script src="/reports/vega-') == 1
    assert html.count('src="/static/reports/charts.js" defer') == 1
    assert html.count('href="/static/reports/reports.css"') == 1
    ids = re.findall(r'data-chart-spec="([^"]+)"', html)
    assert len(ids) == 2 and ids[0] != ids[1]
    block = re.search(rf'<script id="{ids[0]}" type="application/json">(.*?)</script>', html, re.S)
    assert json.loads(block.group(1)) == spec
    assert html.count("<summary>Show as table</summary>") == 2
    assert "format=xlsx" in html
    assert "<noscript>" in html


def test_chart_of_an_empty_table_shows_the_empty_message_instead():
    html = render("{% chart spec t %}", rf.get("/"), spec=chart_spec(), t=table(rows=[]))
    assert "Nothing to show for this period yet." in html
    assert "data-chart-spec" not in html
    assert "<script" not in html


def test_chart_without_a_spec_shows_just_the_table():
    html = render("{% chart spec t %}", rf.get("/"), spec=None, t=table())
    assert "data-chart-spec" not in html
    assert "<caption>Sibling units</caption>" in html


def test_htmx_swaps_do_not_load_the_scripts_again():
    request = rf.get("/leaders/", headers={"HX-Request": "true"})
    request.htmx = True
    html = render("{% chart spec t %}", request, spec=chart_spec(), t=table())
    assert "data-chart-spec" in html
    assert "<script src=" not in html


def test_reports_assets_emits_the_scripts_once_for_htmx_only_pages():
    html = render(
        "{% reports_assets %}{% chart spec t %}", rf.get("/"), spec=chart_spec(), t=table()
    )
    assert html.count('<script src="/reports/vega-') == 1


@pytest.mark.parametrize(
    "source", ["{% data_table t %}", "{% chart spec t %}", "{% reports_assets %}"]
)
def test_tags_without_a_request_fail_with_a_clear_message(source):
    with pytest.raises(TemplateSyntaxError, match="needs `request`"):
        render(source, spec=chart_spec(), t=table())
