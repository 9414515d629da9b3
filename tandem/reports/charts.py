"""Charts: one declarative Vega-Lite spec per chart, built with Altair from a Table.

The same spec (a JSON-able dict, data inline) is drawn in the browser by
`{% chart %}` (vega-embed in CSP-safe interpreter mode) and on the server by
`to_svg` / `to_png` (vl-convert) for emails and the PDF, so every output shows
the same chart.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import logging
import math
import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert
from django.conf import settings

from tandem.reports.tables import Column, Table

log = logging.getLogger(__name__)

# Colour-blind-safe categories (Okabe-Ito), darkest first so one series is high contrast.
PALETTE = ["#0b5cad", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"]
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
STATIC_WIDTH = 640  # server-side renders have no container to fill
LINE_HEIGHT = 220
BAR_STEP = 24
AXIS_FORMATS = {"percent": ".0%", "int": ",.0f", "money": ",.0f", "days": ".1~f", "float": ",.2~f"}
SERIES = "series"
VALUE = "value"


def _json_value(column: Column, row: dict[str, Any]) -> Any:
    value = column.raw(row)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and math.isinf(value):
        return None
    if column.numeric:
        return float(value) if column.kind != "int" else int(value)
    return str(value)


def _min_step(kind: str) -> Any:
    """Counts never get ticks between whole numbers (no "0, 0, 1, 1" axes)."""
    return 1 if kind == "int" else alt.Undefined


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=11, gridColor="#e6e6e6")
        .configure_legend(orient="bottom", labelFontSize=11, titleFontSize=11, columns=2)
        .configure_title(fontSize=14, anchor="start")
        .configure_range(category=PALETTE)
    )


def line_chart(table: Table, x: str, ys: list[str], title: str, *, weekly: bool = False) -> dict:
    """Trends: one line per column in `ys` against the date column `x`.

    The series take their names from the column labels; the y axis is formatted
    like the first y column (a percent axis for shares). `weekly`: the x column holds
    the first day of each week (one row a week, none missing); the points are spaced
    evenly and every other one is labelled with its own date, the latest always (a time
    axis would put its ticks on other days than the points, and costs more to draw). On
    a chart too narrow even for those (under ~240 px for 12 weeks) the browser drops
    every other label again, counting from the first.
    """
    x_column = table.column(x)
    y_columns = [table.column(key) for key in ys]
    if not y_columns:
        raise ValueError("line_chart needs at least one y column")
    if weekly and x_column.kind != "date":
        raise ValueError("a weekly line chart needs a date column for x")
    values, xs = [], []
    for row in table.rows:
        x_value = _json_value(x_column, row)
        xs.append(x_value)
        for column in y_columns:
            value = {
                "x": x_value,
                SERIES: column.label,
                VALUE: _json_value(column, row),
                "text": column.format(row.get(column.key)),
            }
            if weekly:
                value[WEEK_LABEL] = _week_label(x_column.raw(row))
            values.append(value)
    shape = (
        "weeks" if weekly else "time" if x_column.kind == "date" else "categories",
        x_column.label,
        y_columns[0].kind,
        tuple(column.label for column in y_columns),
    )
    spec = copy.deepcopy(_line_template(*shape))
    spec["data"] = {"values": values}
    spec["title"] = title
    if weekly:
        spec["encoding"]["x"]["axis"]["values"] = xs[::-1][::2][::-1]
    if all(column.kind == "int" for column in y_columns):
        top = max((v[VALUE] for v in values if v[VALUE] is not None), default=0)
        if 0 < top < SMALL_COUNTS:
            spec["encoding"]["y"]["axis"]["values"] = list(range(top + 1))
    return spec


# Below this many, d3 steps a count axis by halves ("0, 1, 1, 2" once rounded) even with
# tickMinStep 1 (Vega only lowers the tick count), so the whole numbers are listed.
SMALL_COUNTS = 4


@functools.lru_cache(maxsize=64)
def _line_template(x_kind: str, x_label: str, y_kind: str, series: tuple[str, ...]) -> dict:
    """Everything of a line chart but its data and title, built by Altair once per shape.

    Altair takes ~20 ms to build a chart (most of it checking the objects against the
    Vega-Lite schema); a dashboard draws two and a digest run thousands that differ only
    in their data and title, so the rest is built once and copied (`line_chart`).
    """
    return _line_spec(x_kind, x_label, y_kind, list(series), [], "")


# The x labels of a weekly chart: the ISO date of the week's first day, as in UTC (a
# browser west of Greenwich would otherwise show the day before).
WEEK_AXIS_LABEL = "utcFormat(toDate(datum.value), '%d %b')"
WEEK_LABEL = "week"  # the week written out, for the tooltip


def _week_label(day: date | datetime | None) -> str:
    return f"{day:%d %b %Y}" if day is not None else ""


def _line_spec(
    x_kind: str, x_label: str, y_kind: str, series: list[str], values: list[dict], title: str
) -> dict:
    """`x_kind`: "weeks", "time" (any dates) or "categories"."""
    y_format = AXIS_FORMATS.get(y_kind, ",")
    # No length limit on the labels (dates, numbers, series names: all short, never cut):
    # with one, vl-convert measures every label a second time to see whether to cut it.
    if x_kind == "weeks":
        x_encoding = alt.X(
            "x:O",
            title=None,
            axis=alt.Axis(labelAngle=0, labelOverlap=True, labelLimit=0, labelExpr=WEEK_AXIS_LABEL),
        )
        x_tooltip = alt.Tooltip(f"{WEEK_LABEL}:N", title=x_label)
    elif x_kind == "time":
        x_encoding = alt.X(
            "x:T",
            title=None,
            axis=alt.Axis(
                format="%d %b", labelAngle=0, tickCount=6, labelOverlap=True, labelLimit=0
            ),
        )
        x_tooltip = alt.Tooltip("x:T", title=x_label, format="%d %b %Y")
    else:
        x_encoding = alt.X(
            "x:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True, labelLimit=0)
        )
        x_tooltip = alt.Tooltip("x:O", title=x_label)
    chart = (
        alt.Chart(alt.Data(values=values), title=title)
        .mark_line(point=alt.OverlayMarkDef(size=30), strokeWidth=2)
        .encode(
            x=x_encoding,
            y=alt.Y(
                f"{VALUE}:Q",
                title=None,
                axis=alt.Axis(
                    format=y_format, tickCount=5, tickMinStep=_min_step(y_kind), labelLimit=0
                ),
            ),
            color=alt.Color(
                f"{SERIES}:N",
                title=None,
                sort=series,
                scale=alt.Scale(domain=series),
                legend=alt.Legend(orient="bottom", labelLimit=0) if len(series) > 1 else None,
            ),
            tooltip=[
                x_tooltip,
                alt.Tooltip(f"{SERIES}:N", title="Figure"),
                alt.Tooltip("text:N", title="Value"),
            ],
        )
        .properties(width="container", height=LINE_HEIGHT)
    )
    return _config(chart).to_dict(validate=False)


def bar_chart(
    table: Table,
    x: str,
    y: str,
    title: str,
    *,
    references: list[tuple[str, float]] | None = None,
) -> dict:
    """Sibling comparison: one bar per row, category column `x`, value column `y`.

    Bars run horizontally, longest first, so long unit names stay readable on a
    phone. `references` draws labelled vertical rules (e.g. the benchmarks).
    """
    x_column = table.column(x)
    y_column = table.column(y)
    values = [
        {
            "category": _json_value(x_column, row) or "—",
            VALUE: _json_value(y_column, row),
            "text": y_column.format(row.get(y_column.key)),
        }
        for row in table.rows
    ]
    value_format = AXIS_FORMATS.get(y_column.kind, ",")
    numbers = [v[VALUE] for v in values if v[VALUE] is not None]
    numbers += [value for _, value in references or []]
    # Room on the right for the value labels printed after each bar.
    domain_max = max(numbers) * 1.15 if numbers and max(numbers) > 0 else None
    scale = alt.Scale(domainMax=domain_max, nice=False) if domain_max else alt.Scale()
    base = alt.Chart()  # the layers share the data given to alt.layer below
    category = alt.Y(
        "category:N",
        title=None,
        sort=alt.EncodingSortField(field=VALUE, order="descending"),
        axis=alt.Axis(labelLimit=120),
    )
    bars = base.mark_bar(color=PALETTE[0], cornerRadiusEnd=2).encode(
        y=category,
        x=alt.X(
            f"{VALUE}:Q",
            title=y_column.label,
            scale=scale,
            axis=alt.Axis(format=value_format, tickCount=4, tickMinStep=_min_step(y_column.kind)),
        ),
        tooltip=[
            alt.Tooltip("category:N", title=x_column.label),
            alt.Tooltip("text:N", title=y_column.label),
        ],
    )
    labels = base.mark_text(align="left", dx=3, fontSize=11, color="#333").encode(
        y=category, x=alt.X(f"{VALUE}:Q"), text="text:N"
    )
    layers = [bars, labels]
    if references:
        rules = alt.Data(values=[{VALUE: value, "label": label} for label, value in references])
        rule_base = alt.Chart(rules)
        layers.append(
            rule_base.mark_rule(color=PALETTE[1], strokeDash=[4, 3]).encode(x=f"{VALUE}:Q")
        )
        layers.append(
            rule_base.mark_text(
                align="center", baseline="bottom", dy=-3, fontSize=10, color=PALETTE[1]
            ).encode(x=f"{VALUE}:Q", y=alt.value(0), text="label:N")
        )
    # With reference labels above the plot, the title moves up to leave them room.
    heading = alt.Title(title, offset=16 if references else 4)
    chart = alt.layer(*layers, title=heading, data=alt.Data(values=values)).properties(
        width="container", height=alt.Step(BAR_STEP)
    )
    return _config(chart).to_dict(validate=False)


# A pad-sized chart is as wide as its plot plus its axes: this much less plot comes out
# about as wide as the fit-x chart (a few px more or less with longer y labels).
PAD_ROOM = 43
LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "size", "opacity", "strokeDash")


def _static(
    spec: dict, width: int | None, *, legend: bool = True, fit: bool = True, title: bool = True
) -> dict:
    """The spec as drawn outside a browser, a copy whenever it changes (the caller's is kept).

    A fixed width: "container" means nothing there. `legend=False` draws no legend (the
    caller shows `legend_items` itself), `title=False` no title (the caller writes it).
    `fit=False` sizes the chart with autosize "pad" instead of the spec's "fit-x": one
    layout pass instead of two, a few px off `width`.
    """
    if legend and fit and title and spec.get("width") != "container" and width is None:
        return spec
    fixed = copy.deepcopy(spec)
    if width is not None or fixed.get("width") == "container":
        fixed["width"] = width or STATIC_WIDTH
    if not title:
        fixed.pop("title", None)
    if not legend:
        for part in [fixed, *fixed.get("layer", [])]:
            for channel in LEGEND_CHANNELS:
                definition = part.get("encoding", {}).get(channel)
                if isinstance(definition, dict) and "field" in definition:
                    definition["legend"] = None
    if not fit:
        fixed["config"] = {**fixed.get("config", {}), "autosize": {"type": "pad"}}
        if isinstance(fixed.get("width"), int | float):
            fixed["width"] = max(fixed["width"] - PAD_ROOM, 1)
    return fixed


def legend_items(spec: dict) -> list[tuple[str, str]]:
    """The colour legend the chart draws, as (name, colour) pairs in its order, for an
    image drawn without it (`to_png(..., legend=False)`) and a legend written beside it.

    Only colour legends of an explicit domain (every chart here names its series); none
    where the chart shows no legend (a line chart of one series).
    """
    palette = spec.get("config", {}).get("range", {}).get("category") or PALETTE
    items: list[tuple[str, str]] = []
    for part in [spec, *spec.get("layer", [])]:
        color = part.get("encoding", {}).get("color")
        if not isinstance(color, dict) or color.get("legend", {}) is None:
            continue
        scale = color.get("scale", {})
        domain, colours = scale.get("domain"), scale.get("range", palette)
        if isinstance(domain, list) and isinstance(colours, list):
            items += [(str(name), colours[i % len(colours)]) for i, name in enumerate(domain)]
    return items


def to_svg(spec: dict, *, width: int | None = None) -> str:
    """The chart as an SVG document (for email bodies and inline fallbacks).

    `width` (CSS pixels) replaces the browser's "container" width; default 640.
    """
    return vl_convert.vegalite_to_svg(_static(spec, width))


# --- server-side renders: a lighter copy of the chart font ---------------------------
#
# vl-convert lays out every label with the real font, several times per chart (bounds,
# label overlap, the legend, the second layout pass of autosize "fit"), parsing the font
# file each time: with DejaVu Sans (760 KB, thousands of glyphs and kerning pairs) that
# is most of a chart's cost (and as the file is mapped again for every glyph, the smaller
# the file the better). A 40 KB subset of the same faces with Latin-1 and punctuation
# gives the same glyphs and kerning, so the same pixels (tests/digests/test_chart_png.py
# compares the PNG bytes), about 40% faster. It is registered under its own family name
# and put first only in specs whose every character it has; anything else (a unit named
# in Greek or Japanese) renders with the full font as before.

FAST_FONT = "Tandem Chart Sans"
_FAST_FONT_SOURCES = {"Regular": "DejaVuSans.ttf", "Bold": "DejaVuSans-Bold.ttf"}
_FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts"]
_FAST_FONT_RANGES = [
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xFF),  # Latin-1: the accented letters of Western European names
    (0x2000, 0x206F),  # general punctuation (dashes, quotes, the ellipsis of cut labels)
    (0x20AC, 0x20AC),  # euro sign
    (0x2212, 0x2212),  # the minus sign of negative numbers (d3-format)
]


def _find_font(name: str) -> Path | None:
    for folder in _FONT_DIRS:
        root = Path(folder).expanduser()
        if root.is_dir():
            found = next(root.rglob(name), None)
            if found is not None:
                return found
    return None


def _subset_font(source: Path, target: Path, style: str) -> None:
    # Imported here: fontTools is only needed the first time a machine makes the subset.
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]  # keep kerning and ligatures: the same shapes
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # a FontForge timestamp fontTools cannot subset
    options.hinting = False  # resvg does not hint: the same pixels from a smaller file
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(
        unicodes=[c for low, high in _FAST_FONT_RANGES for c in range(low, high + 1)]
    )
    subsetter.subset(font)
    names = {1: FAST_FONT, 16: FAST_FONT, 4: f"{FAST_FONT} {style}"}
    names[6] = f"{FAST_FONT.replace(' ', '')}-{style}"
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    font.save(partial)
    os.replace(partial, target)  # another process may be writing the same file


@functools.cache
def fast_font_chars() -> frozenset[str]:
    """Register the subset with vl-convert (once per process, made once per machine in
    VAR_DIR) and return the characters it has; empty when it cannot be made (no DejaVu
    Sans on this machine, or no fontTools), and charts then render with FONT as they are.
    """
    sources = {style: _find_font(name) for style, name in _FAST_FONT_SOURCES.items()}
    if not all(sources.values()):
        return frozenset()
    # Made again when the system's font or the ranges change.
    stamp = repr(_FAST_FONT_RANGES) + "".join(
        f"-{p}.{p.stat().st_size}.{p.stat().st_mtime_ns}" for p in sources.values()
    )
    folder = Path(settings.VAR_DIR) / "chart-fonts" / hashlib.sha1(stamp.encode()).hexdigest()[:12]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for style, source in sources.items():
            target = folder / f"{FAST_FONT.replace(' ', '')}-{style}.ttf"
            if not target.exists():
                _subset_font(source, target, style)
        vl_convert.register_font_directory(str(folder))
    except (ImportError, OSError):
        log.warning("Charts render with the full font: its subset could not be made.")
        return frozenset()
    return frozenset(chr(c) for low, high in _FAST_FONT_RANGES for c in range(low, high + 1))


def _with_fast_font(spec: dict) -> dict:
    """`spec` drawn with the subset first, when it draws with FONT in its two faces
    (regular, bold titles) and every character of it is in the subset."""
    config = spec.get("config", {})
    if config.get("font") != FONT:
        return spec
    text = json.dumps(spec, ensure_ascii=False)
    if "fontWeight" in text or "fontStyle" in text or not set(text) <= fast_font_chars():
        return spec
    return {**spec, "config": {**config, "font": f"{FAST_FONT}, {FONT}"}}


def _raster(spec: dict, *, fast_font: bool = True) -> dict:
    """The spec as vl-convert draws it into an image (a copy; the caller's is kept).

    Tooltips and ARIA descriptions (a text per point) never reach the pixels of an image,
    but vl-convert still evaluates them for every point; without them, and with the
    subset font, the PNG is byte for byte the same (tests/digests/test_chart_png.py).
    """
    lean = {**spec, "config": {**spec.get("config", {}), "aria": False}}
    for key in ("encoding", "layer"):
        if key in spec:
            lean[key] = copy.deepcopy(spec[key])
    for part in [lean, *lean.get("layer", [])]:
        part.get("encoding", {}).pop("tooltip", None)
    return _with_fast_font(lean) if fast_font else lean


# vl-convert compiles a Vega-Lite spec to Vega (~6 ms) before drawing it. A digest run
# draws thousands of charts that differ only in their data and title, so the compiled
# Vega is kept per shape and the data and title put into a copy of it; for any other
# spec (data not inline, an unexpected compilation) it compiles as usual.
_TITLE = "\u0000title\u0000"


@functools.lru_cache(maxsize=64)
def _compiled(shape: str) -> str:
    return json.dumps(vl_convert.vegalite_to_vega(json.loads(shape)))


def _to_vega(spec: dict) -> dict:
    data, title = spec.get("data"), spec.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    inline = isinstance(data, dict) and set(data) == {"values"}
    if not inline or ("title" in spec and not (text and isinstance(text, str))):
        return vl_convert.vegalite_to_vega(spec)
    shape = {**spec, "data": {"values": []}}
    if "title" in spec:
        shape["title"] = {**title, "text": _TITLE} if isinstance(title, dict) else _TITLE
    vega = json.loads(_compiled(json.dumps(shape)))
    sources = [entry for entry in vega.get("data", []) if "values" in entry]
    titled = "title" not in spec or vega.get("title", {}).get("text") == _TITLE
    if len(sources) != 1 or sources[0]["values"] or not titled:
        return vl_convert.vegalite_to_vega(spec)
    sources[0]["values"] = data["values"]
    if "title" in spec:
        vega["title"]["text"] = text
    return vega


def to_png(
    spec: dict,
    scale: float = 2,
    *,
    width: int | None = None,
    legend: bool = True,
    fit: bool = True,
    title: bool = True,
) -> bytes:
    """The chart as a PNG image (`scale` 2 is sharp on paper and retina screens).

    `legend=False`, `title=False` and `fit=False` (see `_static`) make it cheaper to draw:
    the digest email writes the title and legend in its HTML and takes the image at about
    `width`.
    """
    static = _static(spec, width, legend=legend, fit=fit, title=title)
    return vl_convert.vega_to_png(_to_vega(_raster(static)), scale=scale)
