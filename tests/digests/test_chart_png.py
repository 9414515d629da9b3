"""The digest's chart image: drawn from the page's own Vega-Lite spec, its title and legend
left to the email's HTML and its size to its content ("pad"), and the shortcuts that make it cheap
(a spec built once per shape, no tooltips, a subset of the font, the compiled Vega kept)
leave every byte of the PNG as vl-convert draws that spec."""

from __future__ import annotations

import copy
import json
import re
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


def drawn_as_is(spec: dict, scale: float = 1.5, width: int | None = None, **options) -> bytes:
    """What vl-convert draws from the spec itself, none of the shortcuts."""
    return vl_convert.vegalite_to_png(charts._static(spec, width, **options), scale=scale)


def png_width(png: bytes) -> int:
    return int.from_bytes(png[16:20], "big")


def svg_legend(svg: str) -> list[tuple[str, str]]:
    """(label, colour) of every legend entry Vega drew, in order."""
    entry = r'role-legend-symbol.*?fill="(#\w+)".*?role-legend-label.*?>([^<]+)</text>'
    return [(label, colour) for colour, label in re.findall(entry, svg)]


EMAIL = {"legend": False, "fit": False, "title": False}


def test_the_email_chart_is_the_page_chart_without_title_and_legend_to_the_byte():
    for unit in ["Ward 4B", "Gériatrie – Aile B", "Ward 5A (night shift)"]:
        spec, _ = emails.trend_chart(digest_content(unit))
        assert charts.to_png(spec, scale=1.5) == drawn_as_is(spec), unit  # the PDF's
        email = drawn_as_is(spec, **EMAIL)
        assert charts.to_png(spec, scale=1.5, **EMAIL) == email, unit
        assert emails.trend_image(digest_content(unit)).png == email, unit
        titled = drawn_as_is(spec, legend=False, fit=False)
        assert charts.to_png(spec, scale=1.5, legend=False, fit=False) == titled, unit
        assert titled != email


def test_units_with_the_same_weeks_share_one_image():
    emails._image_cache.clear()
    first = emails.trend_image(digest_content("Ward 4B"))
    assert emails.trend_image(digest_content("Ward 5A")) is first  # no title in the image
    other = digest_content("Ward 5A")
    other["trend"][3]["stories"] += 1
    assert emails.trend_image(other).png != first.png


def test_the_email_legend_is_the_one_vega_draws_on_the_page():
    spec, _ = emails.trend_chart(digest_content("Ward 4B"))
    page = vl_convert.vegalite_to_svg(charts._static(spec, None))
    drawn = svg_legend(page)
    assert [label for label, _ in drawn] == [label for _, label in emails.TREND_KEYS]
    assert emails.trend_image(digest_content("Ward 4B")).legend == drawn
    assert charts.legend_items(spec) == drawn
    # The image has none; the page's spec keeps its legend and its fit-x sizing.
    image = vl_convert.vegalite_to_svg(charts._static(spec, None, legend=False, fit=False))
    assert "role-legend" not in image and svg_legend(image) == []
    assert spec["encoding"]["color"]["legend"] == {"orient": "bottom", "labelLimit": 0}
    assert spec["config"]["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_a_one_series_chart_has_no_legend_to_write():
    table = emails.trend_table(digest_content("Ward 4B"))
    spec = charts.line_chart(table, "week", ["stories"], "Stories")
    assert charts.legend_items(spec) == []
    assert "role-legend" not in charts.to_svg(spec)


def test_the_pad_sized_image_is_about_as_wide_as_the_fit_one():
    for stories in [3, 1200]:  # short and long y axis labels
        content = digest_content("Ward 4B")
        content["trend"][10]["stories"] = stories
        spec, _ = emails.trend_chart(content)
        fit = png_width(charts.to_png(spec, scale=1))
        pad = png_width(charts.to_png(spec, scale=1, legend=False, fit=False))
        assert fit == charts.STATIC_WIDTH
        assert abs(pad - fit) <= 25, stories
        assert png_width(charts.to_png(spec, scale=1.5, legend=False, fit=False)) > pad


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
    email = drawn_as_is(greek, legend=False, fit=False)
    assert charts.to_png(greek, scale=1.5, legend=False, fit=False) == email


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
        page = emails.trend_chart(digest_content(unit))[0]
        for options in [{}, {"legend": False, "fit": False}, EMAIL]:
            spec = charts._raster(charts._static(page, None, **options))
            assert charts._to_vega(spec) == vl_convert.vegalite_to_vega(spec)
    empty = charts._static(emails.trend_chart(digest_content("Ward 4B", weeks=0))[0], None)
    assert charts._to_vega(empty) == vl_convert.vegalite_to_vega(empty)
    untitled = {**empty, "title": ""}
    assert charts._to_vega(untitled) == vl_convert.vegalite_to_vega(untitled)


def test_to_png_leaves_the_callers_spec_alone():
    spec, _ = emails.trend_chart(digest_content("Ward 4B"))
    before = json.dumps(spec)
    charts.to_png(spec, scale=1)
    charts.to_png(spec, scale=1, legend=False, fit=False)
    charts.to_png(spec, scale=1, width=300, legend=False, fit=False)
    charts.to_png(spec, scale=1, **EMAIL)
    assert json.dumps(spec) == before


def test_line_charts_built_from_a_template_equal_altairs_own_and_share_nothing():
    table = emails.trend_table(digest_content("Ward 4B"))
    keys = [key for key, _ in emails.TREND_KEYS]
    spec = charts.line_chart(table, "week", keys, "Ward 4B: last weeks", weekly=True)
    labels = [label for _, label in emails.TREND_KEYS]
    own = charts._line_spec("weeks", "Week", "int", labels, spec["data"]["values"], spec["title"])
    own["encoding"]["x"]["axis"]["values"] = spec["encoding"]["x"]["axis"]["values"]
    assert json.dumps(spec) == json.dumps(own)
    # Callers may change their spec (the outcomes page rewrites the x axis).
    other = charts.line_chart(table, "week", keys, "Ward 5A: last weeks", weekly=True)
    kept = copy.deepcopy(other)
    spec["encoding"]["x"]["axis"]["format"] = "%b %y"
    spec["data"]["values"].clear()
    assert other == kept
