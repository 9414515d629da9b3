import json
import re
from datetime import date, timedelta

import altair as alt
import pytest

from tandem.reports.charts import bar_chart, line_chart, to_png, to_svg
from tandem.reports.tables import Column, Table

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def trend_table() -> Table:
    monday = date(2026, 1, 5)
    return Table(
        "trend",
        "Weekly trend",
        [
            Column("week", "Week", "date"),
            Column("participation", "Participation", "percent"),
            Column("engagement", "Manager engagement", "percent"),
        ],
        [
            {"week": monday + timedelta(weeks=i), "participation": i / 12, "engagement": None}
            for i in range(12)
        ],
    )


def units_table() -> Table:
    return Table(
        "units",
        "Sibling units",
        [
            Column("unit", "Unit", "link", href_key="url"),
            Column("rate", "Ideas per employee", "float"),
        ],
        [{"unit": "Ward 4B", "url": "/u/1/", "rate": 6.1}, {"unit": "Ward 5A", "rate": 2.0}],
    )


def test_line_chart_is_valid_vega_lite_with_inline_data_and_one_series_per_column():
    spec = line_chart(trend_table(), "week", ["participation", "engagement"], "Participation trend")
    alt.Chart.from_dict(spec, validate=True)  # raises if the spec breaks the Vega-Lite schema
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    assert spec["width"] == "container"
    assert spec["title"] == "Participation trend"
    values = spec["data"]["values"]
    assert len(values) == 24
    assert values[0] == {"x": "2026-01-05", "series": "Participation", "value": 0.0, "text": "0%"}
    assert values[1]["series"] == "Manager engagement"
    assert values[1]["value"] is None  # a gap in the line, not a zero
    assert spec["encoding"]["x"]["type"] == "temporal"
    assert spec["encoding"]["y"]["axis"]["format"] == ".0%"
    json.dumps(spec)  # JSON-able as it is


def test_a_weekly_chart_labels_every_other_week_by_its_own_monday_the_latest_always():
    table = trend_table()  # 12 Mondays from 5 Jan 2026
    spec = line_chart(table, "week", ["participation"], "Weekly", weekly=True)
    alt.Chart.from_dict(spec, validate=True)
    mondays = [row["week"] for row in table.rows]
    assert spec["encoding"]["x"]["axis"]["values"] == [d.isoformat() for d in mondays[1::2]]
    assert spec["data"]["values"][0]["week"] == "05 Jan 2026"  # the tooltip's
    svg = to_svg(spec)
    labels = re.findall(r"<text[^>]*>(\d\d \w\w\w)</text>", svg)
    assert labels == [f"{d:%d %b}" for d in mondays[1::2]]  # 12 Jan ... 23 Mar, Mondays
    # Not weekly: a time axis (the outcomes page's months), whose ticks d3 chooses.
    assert line_chart(table, "week", ["participation"], "T")["encoding"]["x"]["type"] == "temporal"
    with pytest.raises(ValueError):
        line_chart(units_table(), "unit", ["rate"], "T", weekly=True)


def test_small_counts_get_whole_number_ticks():
    for top in [1, 2, 3, 4, 7]:
        rows = [{"week": date(2026, 1, 5) + timedelta(weeks=i), "n": i % 2} for i in range(12)]
        rows[5]["n"] = top
        table = Table("t", "T", [Column("week", "Week", "date"), Column("n", "Ideas", "int")], rows)
        svg = to_svg(line_chart(table, "week", ["n"], "Ideas", weekly=True))
        y_labels = re.findall(r'<text[^>]*text-anchor="end"[^>]*>([^<]*)</text>', svg)
        assert y_labels == [str(n) for n in range(top + 1)], top  # not "0, 1, 1, 2, 2"


def test_bar_chart_sorts_bars_and_draws_reference_rules():
    spec = bar_chart(
        units_table(), "unit", "rate", "Ideas per employee", references=[("Typical 2.4", 2.4)]
    )
    alt.LayerChart.from_dict(spec, validate=True)
    assert [v["category"] for v in spec["data"]["values"]] == ["Ward 4B", "Ward 5A"]
    bars, labels, rule, rule_label = spec["layer"]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["y"]["sort"] == {"field": "value", "order": "descending"}
    assert rule["mark"]["type"] == "rule"
    assert rule["data"]["values"] == [{"value": 2.4, "label": "Typical 2.4"}]
    assert labels["encoding"]["text"]["field"] == "text"


def test_unknown_columns_are_refused_by_name():
    with pytest.raises(KeyError, match="nope"):
        line_chart(trend_table(), "week", ["nope"], "T")
    with pytest.raises(ValueError, match="at least one"):
        line_chart(trend_table(), "week", [], "T")


def test_svg_is_drawn_from_the_same_spec_and_contains_the_title():
    spec = line_chart(trend_table(), "week", ["participation"], "Participation by week")
    svg = to_svg(spec)
    assert svg.lstrip().startswith("<svg")
    assert "Participation by week" in svg
    assert spec["width"] == "container"  # the caller's spec is left as it was


def test_png_has_png_magic_bytes_and_scales():
    spec = bar_chart(units_table(), "unit", "rate", "Ideas per employee")
    small, large = to_png(spec, scale=1), to_png(spec, scale=2)
    assert small.startswith(PNG_MAGIC) and large.startswith(PNG_MAGIC)
    width = int.from_bytes(small[16:20], "big")
    assert int.from_bytes(large[16:20], "big") == 2 * width


def test_an_empty_table_still_gives_a_drawable_chart():
    empty = Table("t", "T", trend_table().columns, [])
    assert "Empty trend" in to_svg(line_chart(empty, "week", ["participation"], "Empty trend"))
    assert to_png(
        bar_chart(Table("u", "U", units_table().columns, []), "unit", "rate", "E")
    ).startswith(PNG_MAGIC)
