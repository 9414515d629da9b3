"""Import lagging outcomes per unit and month from CSV (M11), all or nothing.

The file has a header with `unit` and `month` and at least one outcome column
(`models.MEASURES`: csat, nps, complaints, compliments, staff_turnover,
cost_to_serve). Like the people import (`tandem.people.importer`), the whole file
is checked first; if any cell is wrong nothing is written and every problem is
reported with its line and column. Unlike it, an outcome file never creates units:
an unknown unit is a mistake in the file (or the org chart is not imported yet).

Reading the bytes (encoding, header spelling, blank lines, broken quotes) is
`tandem.lib.csv_upload`'s job; this module checks what the values mean.

Re-importing a unit-month updates it: the columns in the file replace the stored
values (a blank cell clears one: not measured that month), columns the file does
not have are left as they were.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.audit.models import log_action
from tandem.lib.csv_upload import MAX_COLUMNS, ImportReport, column_key, decode, read_table
from tandem.outcomes.models import MEASURE_BY_KEY, MEASURE_KEYS, Measure, UnitOutcome
from tandem.people.models import PATH_SEPARATOR, OrgUnit, User

KEY_COLUMNS = ("unit", "month")
ALL_COLUMNS = KEY_COLUMNS + MEASURE_KEYS
HEADER = ",".join(ALL_COLUMNS)
EXAMPLE_ROWS = (
    "Harbor Health/Nursing/Ward 4B,2025-03,86.5,,4,11,1.2,312.40",
    "Harbor Health/Nursing/Ward 4B,2025-04,88%,,2,14,0.8,305.10",
)
BATCH_SIZE = 1000
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")


@dataclass(frozen=True, slots=True)
class Problem:
    """Why the file was refused: a line of the file (the header is line 1) and a column."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}" if self.column else f"line {self.line}"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class Row:
    """One valid data row: the unit's id, the first day of the month and the measures."""

    line: int
    unit_id: int
    month: date
    values: dict[str, Decimal | int | None]


@dataclass
class ParsedFile:
    columns: tuple[str, ...] = ()  # the outcome columns the file carries
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class OutcomesReport(ImportReport):
    """The outcomes import: unit-months created and updated, and the measures (columns)
    the file carried."""

    columns: tuple[str, ...] = ()

    def summary(self) -> str:
        if not self.ok:
            return super().summary()
        return (
            f"{self.rows} rows: {self.created} unit-months created, {self.updated} updated "
            f"({', '.join(self.columns)})."
        )

    def counts(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "columns": list(self.columns),
        }


# --- values ----------------------------------------------------------------------


def _shown(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_value(measure: Measure, text: str) -> tuple[Decimal | int | None, str]:
    """The value of one cell, or None for a blank; the reason when it is not acceptable."""
    text = text.strip()
    if not text:
        return None, ""
    number = text[:-1].rstrip() if measure.percent and text.endswith("%") else text
    if "," in number:
        return None, (
            f"'{_shown(text)}' is not a number: use a dot for decimals and no thousands "
            "separators (1234.50)"
        )
    try:
        value = Decimal(number)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        return None, f"'{_shown(text)}' is not a number ({measure.help})"
    if value < measure.low or value > measure.high:
        return None, f"{_shown(text)} is out of range: {measure.help}"
    if measure.places == 0:
        if value != value.to_integral_value():
            return None, f"{_shown(text)} is not a whole number ({measure.help})"
        return int(value), ""
    return value.quantize(Decimal(1).scaleb(-measure.places), rounding=ROUND_HALF_UP), ""


def parse_month(text: str, today: date) -> tuple[date | None, str]:
    """The first day of the month written as YYYY-MM (or a date YYYY-MM-DD in it).

    Only months that have ended: a month's outcomes are known once it is over, and the
    unit page shows whole months."""
    text = text.strip()
    if not text:
        return None, "missing month (YYYY-MM, e.g. 2025-03)"
    match = _MONTH.match(text)
    if match is None:
        return None, f"'{_shown(text)}' is not a month; write YYYY-MM, e.g. 2025-03"
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        date(year, month, day)
    except ValueError:
        return None, f"'{text}' is not a valid month or date"
    first = date(year, month, 1)
    if first >= today.replace(day=1):
        return None, (f"{first:%Y-%m} is not over yet; import a month's outcomes once it has ended")
    if year < 2000:
        return None, f"{first:%Y-%m} is before 2000; is the year a typo?"
    return first, ""


def unit_key(text: str) -> str:
    """A unit path as the org chart stores it: parts stripped, joined by "/"."""
    return PATH_SEPARATOR.join(OrgUnit.split_path(text))


# --- the file --------------------------------------------------------------------


def _header(text: str) -> tuple[int, list[str]]:
    """The first non-blank CSV record (the header) and its line; (0, []) if none."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                return reader.line_num, cells
    except csv.Error:
        return 0, []  # read_table reports the broken record with its line
    return 0, []


def _outcome_columns(data: bytes) -> tuple[tuple[str, ...], list[Problem]]:
    """Which outcome columns the header names; unknown columns and no outcome column are
    problems (a typo would otherwise import nothing, silently)."""
    text, problem = decode(data)
    if text is None:
        return (), []  # read_table reports it
    line, header = _header(text)
    if not header or len(header) > MAX_COLUMNS:
        return (), []  # read_table reports a missing or too wide header
    problems: list[Problem] = []
    keys = [column_key(cell) for cell in header]
    for cell, key in zip(header, keys, strict=True):
        if key and key not in ALL_COLUMNS:
            problems.append(
                Problem(
                    line,
                    _shown(cell.strip(), 40),
                    f"unknown column '{_shown(cell.strip(), 40)}'; the columns are {HEADER}",
                )
            )
    present = tuple(key for key in MEASURE_KEYS if key in keys)
    if not present:
        problems.append(
            Problem(
                line,
                "",
                "the header has no outcome column; name at least one of " + ", ".join(MEASURE_KEYS),
            )
        )
    return present, problems


def _check_row(
    line: int,
    values: dict[str, str],
    columns: tuple[str, ...],
    units: dict[str, int],
    today: date,
) -> tuple[Row | None, list[Problem]]:
    broken = [name for name, value in values.items() if "\n" in value or "\r" in value]
    if broken:
        # An unclosed quote swallows the lines after it into one cell.
        return None, [
            Problem(line, name, "contains a line break (is a closing quote missing?)")
            for name in broken
        ]
    problems: list[Problem] = []
    unit_id = None
    path = unit_key(values["unit"])
    if not values["unit"]:
        problems.append(
            Problem(line, "unit", "missing unit (its full path, e.g. Harbor Health/Nursing)")
        )
    else:
        unit_id = units.get(path)
        if unit_id is None:
            hint = _similar(path, units)
            problems.append(
                Problem(
                    line,
                    "unit",
                    f"unknown unit '{_shown(path)}'{hint}; an outcome file does not create "
                    "units (import the org chart first)",
                )
            )
    month, reason = parse_month(values["month"], today)
    if reason:
        problems.append(Problem(line, "month", reason))
    measured: dict[str, Decimal | int | None] = {}
    for key in columns:
        value, reason = parse_value(MEASURE_BY_KEY[key], values[key])
        if reason:
            problems.append(Problem(line, key, reason))
        measured[key] = value
    if not problems and all(value is None for value in measured.values()):
        problems.append(
            Problem(line, ", ".join(columns), "no outcome value on this row; every cell is blank")
        )
    if problems:
        return None, problems
    assert unit_id is not None and month is not None
    return Row(line, unit_id, month, measured), []


def _similar(path: str, units: dict[str, int]) -> str:
    """ "; did you mean 'X'?" when the path differs from a unit's only in letter case."""
    wanted = path.casefold()
    for known in units:
        if known.casefold() == wanted:
            return f"; did you mean '{_shown(known)}'?"
    return ""


def parse_csv(data: bytes, units: dict[str, int], today: date) -> ParsedFile:
    """Check the whole file against the units (full path → id); writes nothing."""
    columns, problems = _outcome_columns(data)
    parsed = ParsedFile(columns=columns, problems=problems)
    table = read_table(data, KEY_COLUMNS + columns)
    if table.problems and not table.records:
        # Decoding, an empty file, a missing column: nothing further can be checked.
        parsed.problems += [Problem(p.line, "", p.message) for p in table.problems]
        return parsed
    if not columns:
        return parsed  # every row would only repeat the header's problem
    first_line: dict[tuple[int, date], int] = {}
    for record in table.records:
        row, row_problems = _check_row(record.line, record.values, columns, units, today)
        if row is not None:
            key = (row.unit_id, row.month)
            if key in first_line:
                row_problems.append(
                    Problem(
                        row.line,
                        "unit, month",
                        f"unit '{_shown(unit_key(record.values['unit']))}' and month "
                        f"{row.month:%Y-%m} appear twice: on line {first_line[key]} and on "
                        f"line {row.line}",
                    )
                )
            else:
                first_line[key] = row.line
                parsed.rows.append(row)
        parsed.problems += row_problems
    parsed.problems += [Problem(p.line, "", p.message) for p in table.problems]
    return parsed


# --- writing ---------------------------------------------------------------------


def import_outcomes(
    data: bytes, *, actor: User | None = None, today: date | None = None
) -> OutcomesReport:
    """Check the file, then write every row in one transaction, or change nothing."""
    today = today or timezone.localdate()
    units = dict(OrgUnit.objects.values_list("full_path", "pk"))
    parsed = parse_csv(data, units, today)
    if parsed.problems:
        return OutcomesReport.refused(parsed.problems)
    columns = parsed.columns
    months = {row.month for row in parsed.rows}
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        existing = set(UnitOutcome.objects.filter(month__in=months).values_list("unit_id", "month"))
        objs = [
            UnitOutcome(
                unit_id=row.unit_id, month=row.month, imported_at=now, imported_by=user,
                **row.values,
            )
            for row in parsed.rows
        ]  # fmt: skip
        # One upsert per batch: new unit-months are inserted, known ones get the
        # file's columns (and only those) replaced.
        UnitOutcome.objects.bulk_create(
            objs,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["unit", "month"],
            update_fields=[*columns, "imported_at", "imported_by"],
        )
        updated = sum(1 for row in parsed.rows if (row.unit_id, row.month) in existing)
        report = OutcomesReport(
            rows=len(parsed.rows),
            created=len(parsed.rows) - updated,
            updated=updated,
            columns=columns,
        )
        log_action(
            actor,
            "imported outcomes",
            object_type="outcomes.UnitOutcome",
            object_label=report.summary(),
            extra=report.counts(),
        )
    return report
