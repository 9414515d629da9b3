"""Tables: the one shape every report figure takes before it is shown or exported.

A `Table` is a title, typed columns and plain rows (dicts keyed by column key). The
same table is rendered as HTML (`{% data_table %}`), exported (exports.py), drawn
(charts.py, which reads the raw values) and printed (pdf.py, which reads the
formatted strings). Formatting lives here so every output shows a figure the same way.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

KINDS = ("text", "int", "float", "percent", "days", "money", "date", "link")
NUMERIC_KINDS = frozenset({"int", "float", "percent", "days", "money"})
MISSING = "—"
DEFAULT_DIGITS = {"float": 1, "days": 1, "percent": 0, "money": 2}
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def rounded(value: Any, digits: int) -> Decimal:
    """`value` to `digits` decimals, halves rounded up as people expect (2.25 -> 2.3)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Column:
    """One column: `key` in each row dict, `label` for people, `kind` for formatting.

    Kinds: text, int ("1,234"), float ("2.4"), percent (a share 0..1 shown as
    "42%"), days (a float shown as "3.5 days"), money (a Decimal shown as
    "1,234.50"), date ("2026-03-02") and link (the text is the row value; the URL
    is the row's `href_key` value, or the value may be a (text, url) pair).
    `digits` overrides the decimals shown (see `places`).
    """

    key: str
    label: str
    kind: str = "text"
    digits: int | None = None
    href_key: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Column {self.key!r}: unknown kind {self.kind!r}; use one of {KINDS}")

    @property
    def places(self) -> int:
        """Decimals shown: `digits`, else 1 (float, days), 0 (percent) or 2 (money)."""
        if self.digits is not None:
            return self.digits
        return DEFAULT_DIGITS.get(self.kind, 0)

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def text_of(self, value: Any) -> str | None:
        """The display text of a link value (or the value itself for other kinds)."""
        if isinstance(value, tuple | list) and len(value) == 2:
            return None if value[0] is None else str(value[0])
        return value

    def href_of(self, row: dict[str, Any]) -> str | None:
        """The URL of a link cell, if any."""
        if self.kind != "link":
            return None
        value = row.get(self.key)
        if isinstance(value, tuple | list) and len(value) == 2:
            return value[1] or None
        if self.href_key:
            return row.get(self.href_key) or None
        return None

    def raw(self, row: dict[str, Any]) -> Any:
        """The row's value for this column, None when missing or not a number (NaN)."""
        value = row.get(self.key)
        if self.kind == "link":
            value = self.text_of(value)
        if isinstance(value, float) and math.isnan(value):
            return None
        return value

    def format(self, value: Any) -> str:
        """The value as people read it; None (and NaN) is an em dash."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return MISSING
        kind = self.kind
        if kind == "int":
            return f"{rounded(value, 0):,}"
        if kind == "float":
            return f"{rounded(value, self.places):,}"
        if kind == "percent":
            return f"{rounded(Decimal(str(value)) * 100, self.places)}%"
        if kind == "days":
            number = f"{rounded(value, self.places):,}"
            return f"{number} day" if number == "1.0" else f"{number} days"
        if kind == "money":
            return f"{rounded(value, 2):,}"
        if kind == "date":
            if isinstance(value, datetime):
                local = timezone.localtime(value) if timezone.is_aware(value) else value
                return local.date().isoformat()
            if isinstance(value, date):
                return value.isoformat()
            return str(value)
        if kind == "link":
            text = self.text_of(value)
            return MISSING if text is None else str(text)
        return str(value)


@dataclass(frozen=True)
class Cell:
    """A formatted cell for templates: the text, an optional link, and alignment."""

    text: str
    href: str | None = None
    numeric: bool = False


@dataclass
class Table:
    """A titled table of rows; `slug` names it in export links and file names."""

    slug: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    note: str = ""
    empty_message: str = "Nothing to show for this period yet."

    def __post_init__(self) -> None:
        if not SLUG_RE.match(self.slug):
            raise ValueError(
                f"Table slug {self.slug!r} must be 1-64 lowercase letters, digits, - or _"
            )
        keys = [column.key for column in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"Table {self.slug!r} has the same column key twice: {keys}")

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(f"Table {self.slug!r} has no column {key!r}")

    def display_rows(self) -> list[list[str]]:
        """Every row as formatted strings in column order (None -> "—")."""
        return [
            [column.format(row.get(column.key)) for column in self.columns] for row in self.rows
        ]

    def cells(self) -> list[list[Cell]]:
        """Every row as Cells (text, link, numeric alignment) for HTML templates."""
        return [
            [
                Cell(
                    text=column.format(row.get(column.key)),
                    href=column.href_of(row),
                    numeric=column.numeric,
                )
                for column in self.columns
            ]
            for row in self.rows
        ]

    def head(self, count: int) -> Table:
        """The first `count` rows as a new table (the note says how many were left out)."""
        left = len(self.rows) - count
        if left <= 0:
            return self
        more = f"and {left:,} more row{'s' if left != 1 else ''}"
        return Table(
            slug=self.slug,
            title=self.title,
            columns=self.columns,
            rows=self.rows[:count],
            note=f"{self.note} … {more}." if self.note else f"… {more}.",
            empty_message=self.empty_message,
        )
