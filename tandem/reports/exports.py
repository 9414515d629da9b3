"""CSV and XLSX downloads of any Table.

Views call `maybe_export(request, tables)` first and return its response when it is
not None: `?export=<table slug>&format=csv|xlsx` on the page's own URL downloads that
table, so an export always shows exactly what the page shows to that person.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tandem.reports.tables import Column, Table

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXPORT_PARAM = "export"
FORMAT_PARAM = "format"
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def xlsx_number_format(column: Column) -> str | None:
    """The Excel number format of a column, with as many decimals as the screen shows."""
    decimals = "." + "0" * column.places if column.places else ""
    return {
        "int": "#,##0",
        "float": f"#,##0{decimals}",
        "percent": f"0{decimals}%",
        "days": f"0{decimals}",
        "money": "#,##0.00",
        "date": "yyyy-mm-dd",
    }.get(column.kind)


def neutralise(text: str) -> str:
    """Text a spreadsheet will show as text, never run as a formula (OWASP CSV injection)."""
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def _plain_number(value: float, places: int) -> str:
    """1234.5 -> "1234.5", 3.0 -> "3": no exponent, no separators, no trailing zeros."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def _csv_value(column: Column, row: dict[str, Any]) -> str:
    """Numbers plain and unformatted (no thousands separators), so tools can read them."""
    value = column.raw(row)
    if value is None:
        return ""
    kind = column.kind
    if kind == "int":
        return str(int(round(value)))
    if kind in {"float", "days"}:
        return _plain_number(float(value), max(column.places, 4))
    if kind == "percent":
        return _plain_number(float(value) * 100, 2) + "%"
    if kind == "money":
        return str(Decimal(value).quantize(Decimal("0.01")))
    if kind == "date":
        return column.format(value)
    return neutralise(str(value))


CHUNK_BYTES = 64 * 1024
# An Excel sheet holds 1,048,576 rows; longer exports go on to a second sheet.
EXCEL_ROWS = 1_048_576


def csv_chunks(header: list[str], rows: Iterable[list[str]]) -> Iterator[bytes]:
    """UTF-8 CSV in pieces of about CHUNK_BYTES: the header row, then each row.

    Values are written as given: callers neutralise text (`neutralise`) and format
    numbers. Memory stays at one piece whatever the number of rows.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _table_csv_rows(table: Table) -> Iterator[list[str]]:
    for row in table.rows:
        yield [_csv_value(column, row) for column in table.columns]


def to_csv(table: Table) -> bytes:
    """UTF-8 CSV: a header row of column labels, then one line per row."""
    return b"".join(table_csv(table))


def table_csv(table: Table) -> Iterator[bytes]:
    """The CSV of `table` in pieces, for a streamed response."""
    header = [neutralise(column.label) for column in table.columns]
    return csv_chunks(header, _table_csv_rows(table))


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _xlsx_value(column: Column, row: dict[str, Any]) -> Any:
    value = column.raw(row)
    if value is None:
        return None
    kind = column.kind
    if kind == "int":
        return int(round(value))
    if kind in {"float", "percent", "days"}:
        return float(value)
    if kind == "money":
        # Excel stores numbers as doubles; two decimals survive the trip exactly.
        return float(Decimal(value).quantize(Decimal("0.01")))
    if kind == "date":
        if isinstance(value, datetime):
            # Excel has no time zones: the local wall-clock time, as on screen.
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.replace(tzinfo=None)
        if isinstance(value, date):
            return value
        return _clean(str(value))
    return _clean(str(value))


TITLE_ROW = 1
NOTE_ROW = 2
HEADER_ROW = 3


@dataclass(frozen=True)
class SheetColumn:
    """A column of a written sheet: its label, width in characters, number format."""

    label: str
    width: float = 12
    number_format: str | None = None


def write_xlsx(
    target: IO[bytes],
    *,
    title: str,
    note: str,
    columns: list[SheetColumn],
    rows: Iterable[list[Any]],
    sheet_name: str = "",
    sheet_rows: int = EXCEL_ROWS,
) -> int:
    """Write an XLSX workbook to `target` row by row (XlsxWriter's constant-memory mode,
    so memory does not grow with the rows; about twice as fast as openpyxl); return the
    number of rows written.

    Each sheet: the title in A1, the note in A2, bold labels in row 3 (frozen, with a
    filter), then rows. Text is always written as text, so nothing in it runs as a
    formula; numbers and dates keep their column's number format. Rows beyond what a
    sheet holds (`sheet_rows`) continue on a next sheet ("Name (2)") with the same heads.
    """
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    name = re.sub(r"[\[\]:*?/\\]", " ", sheet_name or title)[:26].strip() or "Sheet"
    title_format = workbook.add_format({"bold": True, "font_size": 14})
    note_format = workbook.add_format({"italic": True})
    head_format = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    formats = [
        workbook.add_format({"num_format": c.number_format}) if c.number_format else None
        for c in columns
    ]
    per_sheet = sheet_rows - HEADER_ROW
    last_column = max(len(columns), 1) - 1

    def open_sheet(number: int) -> Any:
        sheet = workbook.add_worksheet(name if number == 1 else f"{name} ({number})")
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width)
        sheet.freeze_panes(HEADER_ROW, 0)
        sheet.write_string(TITLE_ROW - 1, 0, _clean(title), title_format)
        if note:
            sheet.write_string(NOTE_ROW - 1, 0, _clean(note), note_format)
        for index, column in enumerate(columns):
            sheet.write_string(HEADER_ROW - 1, index, _clean(column.label), head_format)
        return sheet

    def close(sheet: Any, count: int) -> None:
        sheet.autofilter(HEADER_ROW - 1, 0, HEADER_ROW - 1 + max(count, 1), last_column)

    sheet = open_sheet(1)
    written = on_sheet = 0
    for row in rows:
        if on_sheet == per_sheet:
            close(sheet, on_sheet)
            sheet = open_sheet(written // per_sheet + 1)
            on_sheet = 0
        line = HEADER_ROW + on_sheet
        for index, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(line, index, _clean(value))
            elif isinstance(value, (datetime, date)):
                sheet.write_datetime(line, index, value, formats[index] or date_format)
            else:
                sheet.write_number(line, index, float(value), formats[index])
        on_sheet += 1
        written += 1
    close(sheet, on_sheet)
    workbook.close()
    return written


def _table_xlsx_rows(table: Table) -> Iterator[list[Any]]:
    for row in table.rows:
        yield [_xlsx_value(column, row) for column in table.columns]


def table_xlsx(table: Table, target: IO[bytes]) -> None:
    """`table` as an XLSX workbook in `target`: columns as wide as their longest text
    (10 to 60 characters), numbers with number formats (percent shares as 0%, money as
    #,##0.00)."""
    widths = [max(10, min(len(column.label) + 2, 40)) for column in table.columns]
    for row in table.rows:
        for index, column in enumerate(table.columns):
            value = _xlsx_value(column, row)
            if isinstance(value, str):
                widths[index] = max(widths[index], min(len(value) + 2, 60))
    columns = [
        SheetColumn(column.label, width, xlsx_number_format(column))
        for column, width in zip(table.columns, widths, strict=True)
    ]
    write_xlsx(
        target,
        title=table.title,
        note=table.note,
        columns=columns,
        rows=_table_xlsx_rows(table),
        sheet_name=table.title[:31] or table.slug[:31],
    )


def to_xlsx(table: Table) -> bytes:
    """`table` as the bytes of an XLSX workbook (see `table_xlsx`)."""
    buffer = io.BytesIO()
    table_xlsx(table, buffer)
    return buffer.getvalue()


def filename(table: Table, fmt: str) -> str:
    """A safe download name: the slug (already [a-z0-9_-]) and today's date."""
    return f"{table.slug}-{timezone.localdate().isoformat()}.{fmt}"


def export_response(table: Table, fmt: str) -> HttpResponseBase:
    """The download of `table`, streamed: CSV piece by piece as it is written; XLSX
    written to a temporary file (a zip is complete only at its end) and sent from it."""
    if fmt == "csv":
        response: HttpResponseBase = StreamingHttpResponse(
            table_csv(table), content_type=FORMATS[fmt]
        )
    else:
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        table_xlsx(table, spool)
        spool.seek(0)
        response = FileResponse(spool, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(table, fmt)}"'
    # The figures are private to the person who asked: never kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def maybe_export(request: HttpRequest, tables: list[Table]) -> HttpResponseBase | None:
    """The download asked for by `?export=<slug>&format=csv|xlsx`, else None.

    An unknown table slug or format is a 400 with a plain message naming the parameter.
    """
    if EXPORT_PARAM not in request.GET:
        return None
    slug = request.GET.get(EXPORT_PARAM, "")
    table = next((t for t in tables if t.slug == slug), None)
    if table is None:
        known = ", ".join(t.slug for t in tables) or "none on this page"
        return _bad_request(
            f"The '{EXPORT_PARAM}' parameter names no table on this page "
            f"(got {slug[:64]!r}; tables here: {known})."
        )
    fmt = request.GET.get(FORMAT_PARAM, "")
    if fmt not in FORMATS:
        return _bad_request(
            f"The '{FORMAT_PARAM}' parameter must be csv or xlsx (got {fmt[:16]!r})."
        )
    return export_response(table, fmt)


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def export_url(request: HttpRequest, table: Table, fmt: str) -> str:
    """This page's URL with its current filters and `export=<slug>&format=<fmt>`."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; use csv or xlsx")
    query = request.GET.copy()
    for name in (EXPORT_PARAM, FORMAT_PARAM):
        query.pop(name, None)
    query[EXPORT_PARAM] = table.slug
    query[FORMAT_PARAM] = fmt
    return f"{request.path}?{query.urlencode()}"
