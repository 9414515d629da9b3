"""Charts: one declarative Vega-Lite spec per chart, built with Altair from a Table.

The same spec (a JSON-able dict, data inline) is drawn in the browser by
`{% chart %}` (vega-embed in CSP-safe interpreter mode) and on the server by
`to_svg` / `to_png` (vl-convert) for emails and the PDF, so every output shows
the same chart.
"""

from __future__ import annotations

import copy
import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import altair as alt
import vl_convert

from tandem.reports.tables import Column, Table

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


def _min_step(column: Column) -> Any:
    """Counts never get ticks between whole numbers (no "0, 0, 1, 1" axes)."""
    return 1 if column.kind == "int" else alt.Undefined


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=11, gridColor="#e6e6e6")
        .configure_legend(orient="bottom", labelFontSize=11, titleFontSize=11, columns=2)
        .configure_title(fontSize=14, anchor="start")
        .configure_range(category=PALETTE)
    )


def line_chart(table: Table, x: str, ys: list[str], title: str) -> dict:
    """Weekly trends: one line per column in `ys` against the date column `x`.

    The series take their names from the column labels; the y axis is formatted
    like the first y column (a percent axis for shares).
    """
    x_column = table.column(x)
    y_columns = [table.column(key) for key in ys]
    if not y_columns:
        raise ValueError("line_chart needs at least one y column")
    values = []
    for row in table.rows:
        x_value = _json_value(x_column, row)
        for column in y_columns:
            values.append(
                {
                    "x": x_value,
                    SERIES: column.label,
                    VALUE: _json_value(column, row),
                    "text": column.format(row.get(column.key)),
                }
            )
    temporal = x_column.kind == "date"
    y_format = AXIS_FORMATS.get(y_columns[0].kind, ",")
    x_encoding = (
        alt.X(
            "x:T",
            title=None,
            axis=alt.Axis(format="%d %b", labelAngle=0, tickCount=6, labelOverlap=True),
        )
        if temporal
        else alt.X("x:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True))
    )
    series_order = [column.label for column in y_columns]
    chart = (
        alt.Chart(alt.Data(values=values), title=title)
        .mark_line(point=alt.OverlayMarkDef(size=30), strokeWidth=2)
        .encode(
            x=x_encoding,
            y=alt.Y(
                f"{VALUE}:Q",
                title=None,
                axis=alt.Axis(format=y_format, tickCount=5, tickMinStep=_min_step(y_columns[0])),
            ),
            color=alt.Color(
                f"{SERIES}:N",
                title=None,
                sort=series_order,
                scale=alt.Scale(domain=series_order),
                legend=alt.Legend(orient="bottom") if len(y_columns) > 1 else None,
            ),
            tooltip=[
                alt.Tooltip("x:T" if temporal else "x:O", title=x_column.label, format="%d %b %Y")
                if temporal
                else alt.Tooltip("x:O", title=x_column.label),
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
            axis=alt.Axis(format=value_format, tickCount=4, tickMinStep=_min_step(y_column)),
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


def _static(spec: dict, width: int | None) -> dict:
    """The spec with a fixed width: "container" means nothing outside a browser."""
    if spec.get("width") != "container" and width is None:
        return spec
    fixed = copy.deepcopy(spec)  # never change the caller's spec
    fixed["width"] = width or STATIC_WIDTH
    return fixed


def to_svg(spec: dict, *, width: int | None = None) -> str:
    """The chart as an SVG document (for email bodies and inline fallbacks).

    `width` (CSS pixels) replaces the browser's "container" width; default 640.
    """
    return vl_convert.vegalite_to_svg(_static(spec, width))


def to_png(spec: dict, scale: float = 2, *, width: int | None = None) -> bytes:
    """The chart as a PNG image (`scale` 2 is sharp on paper and retina screens)."""
    return vl_convert.vegalite_to_png(_static(spec, width), scale=scale)
