"""The digest's chart image: drawn from the page's own Vega-Lite spec, and the shortcuts
that make it cheap (a spec built once per shape, no tooltips, a subset of the font, the
compiled Vega kept) leave every byte of the PNG as vl-convert draws the full spec."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import vl_convert

from tandem.digests import emails
from tandem.reports import charts
from tandem.reports.tables import Column, Table

MONDAY = date(2026, 8, 31)


def digest_content(unit: str, weeks: int = 12) -> dict:
    """A digest's content as far as the chart goes: the unit and a skewed weekly trend."""
    trend = [
        {
            "week": (MONDAY + timedelta(weeks=i)).isoformat(),
            "ideas_created": i % 3,
            "ideas_implemented": 1 if i == 7 else 0,
            "service_actions": (i * 7) % 5,
            "stories": 1200 if i == 10 else i,
        }
        for i in range(weeks)
    ]
    return {"unit": {"id": 1, "name": unit}, "trend": trend}


def drawn_as_is(spec: dict, scale: float = 1.5, width: int | None = None) -> bytes:
    """What vl-convert draws from the spec itself, none of the shortcuts."""
    return vl_convert.vegalite_to_png(charts._static(spec, width), scale=scale)


def test_the_email_chart_is_the_page_chart_to_the_byte():
    for unit in ["Ward 4B", "Gériatrie – Aile B", "Ward 5A (night shift)"]:
        spec, _ = emails.trend_chart(digest_content(unit))
        assert charts.to_png(spec, scale=1.5) == drawn_as_is(spec), unit
        assert emails.trend_png(digest_content(unit)) == drawn_as_is(spec), unit


def test_the_subset_font_is_used_for_latin_text_and_not_for_other_scripts():
    if not charts.fast_font_chars():  # no DejaVu Sans here: charts use FONT as they are
        assert charts._with_fast_font({"config": {"font": charts.FONT}}) == {
            "config": {"font": charts.FONT}
        }
        return
    latin, _ = emails.trend_chart(digest_content("Gériatrie"))
    greek, _ = emails.trend_chart(digest_content("Παθολογική Κλινική"))
    assert charts._raster(latin)["config"]["font"].startswith(charts.FAST_FONT)
    assert charts._raster(greek)["config"]["font"] == charts.FONT
    assert charts.to_png(greek, scale=1.5) == drawn_as_is(greek)


def test_bar_charts_with_reference_rules_and_pdf_sizes_are_unchanged_too():
    table = Table(
        "units",
        "Sibling units",
        [Column("unit", "Unit", "text"), Column("rate", "Ideas per employee", "float")],
        [{"unit": "Ward 4B", "rate": 6.1}, {"unit": "Ward 5A", "rate": 2.0}],
    )
    spec = charts.bar_chart(table, "unit", "rate", "Ideas", references=[("Typical 2.4", 2.4)])
    assert charts.to_png(spec, scale=3, width=300) == drawn_as_is(spec, scale=3, width=300)


def test_the_cached_compilation_gives_the_same_vega():
    for unit in ["Ward 4B", "Surgery"]:
        spec = charts._raster(charts._static(emails.trend_chart(digest_content(unit))[0], None))
        assert charts._to_vega(spec) == vl_convert.vegalite_to_vega(spec)
    empty = charts._static(emails.trend_chart(digest_content("Ward 4B", weeks=0))[0], None)
    assert charts._to_vega(empty) == vl_convert.vegalite_to_vega(empty)
    untitled = {**empty, "title": ""}
    assert charts._to_vega(untitled) == vl_convert.vegalite_to_vega(untitled)


def test_to_png_leaves_the_callers_spec_alone():
    spec, _ = emails.trend_chart(digest_content("Ward 4B"))
    before = json.dumps(spec)
    charts.to_png(spec, scale=1)
    assert json.dumps(spec) == before


def test_line_charts_built_from_a_template_equal_altairs_own_and_share_nothing():
    table = emails.trend_table(digest_content("Ward 4B"))
    keys = [key for key, _ in emails.TREND_KEYS]
    spec = charts.line_chart(table, "week", keys, "Ward 4B: last weeks")
    labels = [label for _, label in emails.TREND_KEYS]
    own = charts._line_spec(True, "Week", "int", labels, spec["data"]["values"], spec["title"])
    assert json.dumps(spec) == json.dumps(own)
    # Callers may change their spec (the outcomes page rewrites the x axis).
    other = charts.line_chart(table, "week", keys, "Ward 5A: last weeks")
    kept = copy.deepcopy(other)
    spec["encoding"]["x"]["axis"]["format"] = "%b %y"
    spec["data"]["values"].clear()
    assert other == kept
