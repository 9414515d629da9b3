"""CSV and XLSX downloads of any Table.

Views call `maybe_export(request, tables)` first and return its response when it is
not None: `?export=<table slug>&format=csv|xlsx` on the page's own URL downloads that
table, so an export always shows exactly what the page shows to that person.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

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


def to_csv(table: Table) -> bytes:
    """UTF-8 CSV: a header row of column labels, then one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(column.label) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(column, row) for column in table.columns])
    return buffer.getvalue().encode("utf-8")


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


def to_xlsx(table: Table) -> bytes:
    """An XLSX workbook: the title in A1, the note in A2, bold labels in row 3, then rows.

    Numbers are real numbers with number formats (percent shares as 0%, money as
    #,##0.00); text is always stored as text, so nothing in it runs as a formula.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", table.title)[:31] or table.slug[:31]
    sheet.cell(row=TITLE_ROW, column=1, value=_clean(table.title)).font = Font(bold=True, size=14)
    sheet.cell(row=TITLE_ROW, column=1).data_type = "s"
    if table.note:
        note = sheet.cell(row=NOTE_ROW, column=1, value=_clean(table.note))
        note.data_type = "s"
        note.font = Font(italic=True)
    widths = []
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=_clean(column.label))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths.append(max(10, min(len(column.label) + 2, 40)))
    for offset, row in enumerate(table.rows, start=1):
        for index, column in enumerate(table.columns, start=1):
            value = _xlsx_value(column, row)
            cell = sheet.cell(row=HEADER_ROW + offset, column=index, value=value)
            if isinstance(value, str):
                # openpyxl treats a string starting with "=" as a formula unless told.
                cell.data_type = "s"
                widths[index - 1] = max(widths[index - 1], min(len(value) + 2, 60))
            elif value is not None and xlsx_number_format(column):
                cell.number_format = xlsx_number_format(column)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    if table.columns:
        last = get_column_letter(len(table.columns))
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(len(table.rows), 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(table: Table, fmt: str) -> str:
    """A safe download name: the slug (already [a-z0-9_-]) and today's date."""
    return f"{table.slug}-{timezone.localdate().isoformat()}.{fmt}"


def export_response(table: Table, fmt: str) -> HttpResponse:
    content = to_csv(table) if fmt == "csv" else to_xlsx(table)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(table, fmt)}"'
    # The figures are private to the person who asked: never kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def maybe_export(request: HttpRequest, tables: list[Table]) -> HttpResponse | None:
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
