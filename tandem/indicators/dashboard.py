"""The leader dashboard's content: headline figures with their change, the "leading up"
and recognition cards, the weekly trends, the heatmap of the unit tree, the sibling
comparison and the benchmarks, as tables and chart specs (`build_dashboard`), for the
page, its exports and its PDF.

Numbers come only from `figures`, which reads the rollups, so the content costs the same
whatever the size of the history.

Like with like (periods.py): a period in progress is counted so far and compared with
the same days of the period before; its heatmap is then coloured by that change, not
by the bands, which are meant for whole periods.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tandem.indicators import access, figures
from tandem.indicators.definitions import BENCHMARKS
from tandem.indicators.periods import ReportPeriod, comparison_label
from tandem.people.models import OrgUnit, User
from tandem.reports import charts
from tandem.reports.tables import Column, Table

TREND_WEEKS = 12

# (key, label, kind): the figures of the headline cards, in order.
HEADLINE = [
    ("ideas_created", "Ideas logged", "int"),
    ("ideas_implemented", "Ideas implemented", "int"),
    ("implementation_rate", "Implementation rate", "percent"),
    ("participation", "Participation", "percent"),
    ("manager_engagement", "Manager engagement", "percent"),
    ("median_days_to_first_response", "Days to first response", "days"),
    ("service_actions", "Service actions", "int"),
    ("stories", "Stories", "int"),
]
# The "Leading up" cards (M7): initiatives, their responses and answers.
LEADING_UP = [
    ("initiatives_published", "Initiatives published", "int"),
    ("initiative_response_rate", "Response rate", "percent"),
    ("median_days_to_answer", "Days to answer", "days"),
    ("responses_answered_share", "Responses answered", "percent"),
    ("initiatives_changed_share", "Changed because of a response", "percent"),
]
# The "Recognition" cards (M9): how often people here are recognized, how many of them,
# and how many of their leaders recognize someone.
RECOGNITION = [
    ("recognitions", "Recognitions", "int"),
    ("recognitions_per_100_staff", "Recognitions per 100 staff", "float"),
    ("staff_recognized_share", "Staff recognized", "percent"),
    ("leaders_recognizing_share", "Managers who recognized someone", "percent"),
]
# Every figure, for the "all figures" table (exported and in the PDF).
ALL_FIGURES = [
    ("staff", "Active staff", "int"),
    ("ideas_created", "Ideas logged", "int"),
    ("ideas_tried", "Ideas tried", "int"),
    ("ideas_implemented", "Ideas implemented", "int"),
    ("ideas_parked", "Ideas parked", "int"),
    ("ideas_created_per_100_staff", "Ideas logged per 100 staff", "float"),
    ("ideas_tried_per_100_staff", "Ideas tried per 100 staff", "float"),
    ("ideas_implemented_per_100_staff", "Ideas implemented per 100 staff", "float"),
    ("ideas_parked_per_100_staff", "Ideas parked per 100 staff", "float"),
    ("implementation_rate", "Implementation rate", "percent"),
    ("median_days_to_first_response", "Days to first response (median)", "days"),
    ("median_days_proposed_to_trying", "Days proposed → trying (median)", "days"),
    ("median_days_trying_to_implemented", "Days trying → implemented (median)", "days"),
    ("service_actions", "Service actions", "int"),
    ("stories", "Stories", "int"),
    ("participation", "Participation", "percent"),
    ("leaders", "Leaders", "int"),
    ("manager_engagement", "Manager engagement", "percent"),
    ("minutes_saved_per_week", "Minutes saved a week", "int"),
    ("money_saved_per_year", "Money saved a year", "money"),
    ("ideas_per_employee_per_year", "Ideas per employee per year", "float"),
    ("initiatives_published", "Initiatives published", "int"),
    ("initiative_response_rate", "Response rate to initiatives", "percent"),
    ("median_days_to_answer", "Days to answer a response (median)", "days"),
    ("responses_answered_share", "Responses answered", "percent"),
    ("initiatives_changed_share", "Initiatives changed because of a response", "percent"),
    ("recognitions", "Recognitions", "int"),
    ("recognitions_per_100_staff", "Recognitions per 100 staff", "float"),
    ("staff_recognized_share", "Staff recognized", "percent"),
    ("leaders_recognizing", "Managers who recognized someone", "int"),
    ("leaders_recognizing_share", "Managers who recognized someone (share)", "percent"),
]
BENCHMARK_LABELS = {
    "typical": "Typical suggestion scheme",
    "toyota_1973": "Toyota, 1973",
    "world_class": "World class",
}
# Heatmap bands: (low below, high from). Chosen so that a team where one person in five
# takes part, or where most ideas stall, stands out; shown in the legend.
BANDS = {
    "participation": (0.2, 0.5),
    "implementation_rate": (0.1, 0.3),
    "manager_engagement": (0.3, 0.7),
}
# (key, label, short label for phones)
HEATMAP_COLUMNS = [
    ("participation", "Participation", "Taking part"),
    ("implementation_rate", "Implementation rate", "Impl. rate"),
    ("manager_engagement", "Manager engagement", "Managers"),
]


# --- small helpers ------------------------------------------------------------------


def _format(value: Any, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "percent":
        return f"{round(value * 100)}%"
    if kind == "days":
        return f"{value:.1f} days"
    if kind == "float":
        return f"{value:,.1f}"
    if kind == "money":
        return f"{value:,.0f}"
    return f"{value:,}"


def _change(now: Any, before: Any, kind: str) -> tuple[str, str]:
    """The change against the previous period, in words, and its direction.

    Shares and durations are compared as shown (whole percent, tenths of a day), so the
    change always agrees with the two figures a reader sees side by side."""
    if now is None or before is None:
        return "no comparison", "none"
    if kind == "percent":
        delta = round(now * 100) - round(before * 100)
        text = f"{delta:+d} pts"
    elif kind in ("days", "float"):
        delta = round(round(float(now), 1) - round(float(before), 1), 1)
        text = f"{delta:+.1f}" + (" days" if kind == "days" else "")
    else:
        delta = now - before
        text = f"{delta:+,.0f}"
        if before:
            text += f" ({round(delta * 100 / before):+d}%)"
    if not delta:
        return "no change", "same"
    return text.replace("-", "−"), "up" if delta > 0 else "down"


# A heatmap cell of a period in progress is coloured by its change (see build_dashboard).
BAND_OF_CHANGE = {"up": "high", "same": "mid", "down": "low", "none": "none"}
CHANGE_WORDS = {"up": "up", "same": "no change", "down": "down", "none": "nothing to compare"}


def band(key: str, value: float | None) -> str:
    """ "low", "mid", "high" or "none": the CSS class of a heatmap cell."""
    if value is None:
        return "none"
    low, high = BANDS[key]
    return "low" if value < low else "high" if value >= high else "mid"


@dataclass
class Dashboard:
    unit: OrgUnit
    period: ReportPeriod  # the whole period chosen
    counted: ReportPeriod  # its days so far (itself unless in progress)
    previous: ReportPeriod  # what `counted` is compared with
    compared: str  # "1–4 Dec against 1–4 Nov"
    now: dict[str, Any]
    before: dict[str, Any]
    headline: list[dict[str, str]]
    leading_up: list[dict[str, str]]
    recognition: list[dict[str, str]]
    figures_table: Table
    trend_counts: Table
    trend_shares: Table
    trend_recognition: Table
    trend_counts_chart: dict
    trend_shares_chart: dict
    trend_recognition_chart: dict
    heatmap: list[dict[str, Any]]
    heatmap_table: Table
    siblings_table: Table | None
    siblings_chart: dict | None

    @property
    def tables(self) -> list[Table]:
        tables = [
            self.figures_table,
            self.trend_counts,
            self.trend_shares,
            self.trend_recognition,
            self.heatmap_table,
        ]
        return tables + ([self.siblings_table] if self.siblings_table else [])


def _cards(
    which: list[tuple[str, str, str]], now: dict[str, Any], before: dict[str, Any]
) -> list[dict[str, str]]:
    """Cards of figures with their change against the period compared."""
    cards = []
    for key, label, kind in which:
        change, direction = _change(now[key], before[key], kind)
        cards.append(
            {
                "key": key,
                "label": label,
                "value": _format(now[key], kind),
                "change": change,
                "direction": direction,
            }
        )
    return cards


def _figure_row(name: str, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "unit": name,
        "staff": values["staff"],
        "ideas_created": values["ideas_created"],
        "ideas_implemented": values["ideas_implemented"],
        "ideas_created_per_100_staff": values["ideas_created_per_100_staff"],
        "implementation_rate": values["implementation_rate"],
        "participation": values["participation"],
        "manager_engagement": values["manager_engagement"],
    }


UNIT_COLUMNS = [
    Column("unit", "Unit"),
    Column("staff", "Staff", "int"),
    Column("ideas_created", "Ideas logged", "int"),
    Column("ideas_implemented", "Ideas implemented", "int"),
    Column("ideas_created_per_100_staff", "Ideas per 100 staff", "float"),
    Column("implementation_rate", "Implementation rate", "percent"),
    Column("participation", "Participation", "percent"),
    Column("manager_engagement", "Manager engagement", "percent"),
]


def build_dashboard(user: User, unit: OrgUnit, period: ReportPeriod) -> Dashboard:
    """Everything the dashboard and its PDF show, from figures.* only.

    A period in progress is counted so far and compared with the same days of the one
    before (periods.py); the title keeps the whole period's name."""
    counted = period.so_far()
    previous = counted.comparison()
    compared = comparison_label(counted, previous)
    now_label = counted.days_label if counted.is_cut else period.label
    before_label = previous.days_label if counted.is_cut else previous.label
    now = figures.summary(unit, counted)
    children = list(OrgUnit.objects.get_children(unit))
    # In progress, each heatmap cell is compared too: who took part in the same days
    # before is counted from the records (and kept for the day), for the unit and its
    # children in one reading, before the unit's summary with its medians asks again.
    by_child_before = (
        figures.for_units([unit, *children], previous, medians=False) if counted.is_cut else {}
    )
    before = figures.summary(unit, previous)
    figures_table = Table(
        "figures",
        f"All figures: {unit.name}, {period.label}",
        [
            Column("figure", "Figure"),
            Column("now", now_label),
            Column("before", before_label),
            Column("change", "Change"),
        ],
        [
            {
                "figure": label,
                "now": _format(now[key], kind),
                "before": _format(before[key], kind),
                "change": _change(now[key], before[key], kind)[0],
            }
            for key, label, kind in ALL_FIGURES
        ],
    )

    until = min(period.end, timezone.localdate())
    weeks = figures.trend(unit, until, TREND_WEEKS)
    trend_counts = _weekly(
        "trend",
        f"Week by week: {unit.name}",
        weeks,
        Column("ideas_created", "Ideas logged", "int"),
        Column("ideas_implemented", "Ideas implemented", "int"),
        Column("service_actions", "Service actions", "int"),
        Column("stories", "Stories", "int"),
    )
    trend_shares = _weekly(
        "trend-shares",
        f"Participation and manager engagement by week: {unit.name}",
        weeks,
        Column("participation", "Participation", "percent"),
        Column("manager_engagement", "Manager engagement", "percent"),
    )
    trend_recognition = _weekly(
        "trend-recognition",
        f"Recognition by week: {unit.name}",
        weeks,
        Column("staff_recognized_share", "Staff recognized", "percent"),
        Column("leaders_recognizing_share", "Managers who recognized someone", "percent"),
        Column("recognitions", "Recognitions", "int"),
    )

    by_child = figures.for_units(children, counted, medians=False) if children else {}
    heatmap = []
    for child in children:
        values = by_child[child.pk]
        cells = []
        for key, label, _ in HEATMAP_COLUMNS:
            text = _format(values[key], "percent")
            if counted.is_cut:
                change, direction = _change(values[key], by_child_before[child.pk][key], "percent")
                words = CHANGE_WORDS[direction]
                cells.append((key, label, text, BAND_OF_CHANGE[direction], change, words))
            else:
                cells.append((key, label, text, band(key, values[key]), "", ""))
        heatmap.append(
            {
                "unit": child,
                "staff": values["staff"],
                "ideas_created": values["ideas_created"],
                "cells": cells,
            }
        )
    heatmap_table = Table(
        "units",
        f"Units below {unit.name}, {period.label}"
        + (f" so far ({counted.days_label})" if counted.is_cut else ""),
        UNIT_COLUMNS,
        [_figure_row(child.name, by_child[child.pk]) for child in children],
    )

    siblings_table = siblings_chart = None
    parent = OrgUnit.objects.get_parent(unit)
    if parent is not None:
        siblings = [
            s
            for s in OrgUnit.objects.get_children(parent)
            if s.pk == unit.pk or access.can_view_indicators(user, s)
        ]
        if len(siblings) > 1:
            by_sibling = figures.for_units(
                [s for s in siblings if s.pk != unit.pk], counted, medians=False
            )
            by_sibling[unit.pk] = now
            siblings_table = Table(
                "siblings",
                f"{unit.name} beside the other units of {parent.name}, {period.label}"
                + (f" so far ({counted.days_label})" if counted.is_cut else ""),
                UNIT_COLUMNS,
                [_figure_row(s.name, by_sibling[s.pk]) for s in siblings],
            )
            siblings_chart = charts.bar_chart(
                siblings_table, "unit", "participation", "Participation, side by side"
            )
    return Dashboard(
        unit=unit,
        period=period,
        counted=counted,
        previous=previous,
        compared=compared,
        now=now,
        before=before,
        headline=_cards(HEADLINE, now, before),
        leading_up=_cards(LEADING_UP, now, before),
        recognition=_cards(RECOGNITION, now, before),
        figures_table=figures_table,
        trend_counts=trend_counts,
        trend_shares=trend_shares,
        trend_recognition=trend_recognition,
        trend_counts_chart=charts.line_chart(
            trend_counts,
            "week",
            ["ideas_created", "ideas_implemented", "service_actions", "stories"],
            "Activity week by week",
            weekly=True,
        ),
        trend_shares_chart=charts.line_chart(
            trend_shares,
            "week",
            ["participation", "manager_engagement"],
            "Participation and manager engagement",
            weekly=True,
        ),
        trend_recognition_chart=charts.line_chart(
            trend_recognition,
            "week",
            ["staff_recognized_share", "leaders_recognizing_share"],
            "Staff recognized and managers recognizing",
            weekly=True,
        ),
        heatmap=heatmap,
        heatmap_table=heatmap_table,
        siblings_table=siblings_table,
        siblings_chart=siblings_chart,
    )


def benchmarks(value: float | None) -> list[dict[str, Any]]:
    """This unit's ideas per employee per year and the reference points, for a bar list.

    Bar widths on a log scale: 2.4, 6 and 50 would not fit on one linear axis."""
    top = math.log10(1 + BENCHMARKS["world_class"])

    def width(v: float) -> int:
        return max(1, min(100, round(math.log10(1 + v) / top * 100)))

    rows = [
        {"label": BENCHMARK_LABELS[key], "value": v, "width": width(v), "mine": False}
        for key, v in BENCHMARKS.items()
    ]
    if value is not None:
        rows.append({"label": "This unit", "value": value, "width": width(value), "mine": True})
    return sorted(rows, key=lambda r: r["value"])


def _weekly(name: str, title: str, weeks: list[dict], *columns: Column) -> Table:
    """A table of the weeks (oldest first) with the figures of `columns`."""
    return Table(
        name,
        title,
        [Column("week", "Week of", "date"), *columns],
        [{"week": w["period"].start, **{c.key: w[c.key] for c in columns}} for w in weeks],
    )
