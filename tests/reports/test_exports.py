import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.test import RequestFactory

from tandem.reports import exports
from tandem.reports.exports import export_url, maybe_export, to_csv, to_xlsx
from tandem.reports.tables import Column, Table

INJECTIONS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"]


def unit_table(rows=None) -> Table:
    return Table(
        "units",
        "Units: ideas/people",
        [
            Column("unit", "Unit", "link", href_key="url"),
            Column("ideas", "Ideas created", "int"),
            Column("per_employee", "Ideas per employee per year", "float"),
            Column("participation", "Participation", "percent"),
            Column("response", "Median days to first response", "days"),
            Column("money", "Money saved per year", "money"),
            Column("since", "Since", "date"),
        ],
        rows
        if rows is not None
        else [
            {
                "unit": "Ward 4B — Nord",
                "url": "/u/1/",
                "ideas": 1234,
                "per_employee": 2.4567,
                "participation": 0.4231,
                "response": 3.5,
                "money": Decimal("12345.60"),
                "since": date(2026, 3, 2),
            },
            {"unit": "Ward 5A", "ideas": 0, "participation": None, "money": None},
        ],
        note="Week of 2 March 2026",
    )


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def test_csv_has_a_label_header_and_plain_machine_readable_values():
    rows = read_csv(to_csv(unit_table()))
    assert rows[0] == [
        "Unit",
        "Ideas created",
        "Ideas per employee per year",
        "Participation",
        "Median days to first response",
        "Money saved per year",
        "Since",
    ]
    assert rows[1] == [
        "Ward 4B — Nord",
        "1234",
        "2.4567",
        "42.31%",
        "3.5",
        "12345.60",
        "2026-03-02",
    ]
    assert rows[2] == ["Ward 5A", "0", "", "", "", "", ""]
    assert len(rows) == 3


def test_csv_of_an_empty_table_is_just_the_header():
    assert read_csv(to_csv(unit_table(rows=[])))[0][0] == "Unit"
    assert len(read_csv(to_csv(unit_table(rows=[])))) == 1


@pytest.mark.parametrize("payload", INJECTIONS)
def test_csv_neutralises_spreadsheet_formulas_in_text(payload):
    table = Table(
        "t", "T", [Column("name", "Name"), Column("n", "N", "int")], [{"name": payload, "n": -3}]
    )
    rows = read_csv(to_csv(table))
    assert rows[1][0] == "'" + payload
    assert rows[1][1] == "-3"  # numbers written by Tandem itself stay numbers


def test_xlsx_round_trip_keeps_title_types_and_number_formats():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(unit_table())))
    sheet = book.active
    assert sheet.title == "Units  ideas people"
    assert sheet["A1"].value == "Units: ideas/people"
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == "Week of 2 March 2026"
    header = [cell.value for cell in sheet[3]]
    assert header[:3] == ["Unit", "Ideas created", "Ideas per employee per year"]
    assert all(cell.font.bold for cell in sheet[3])
    first = sheet[4]
    assert [cell.value for cell in first[:6]] == [
        "Ward 4B — Nord",
        1234,
        2.4567,
        0.4231,
        3.5,
        12345.6,
    ]
    assert first[6].value.date() == date(2026, 3, 2)
    assert isinstance(first[1].value, int)
    assert first[1].number_format == "#,##0"
    assert first[3].number_format == "0%"
    assert first[5].number_format == "#,##0.00"
    assert first[6].number_format == "yyyy-mm-dd"
    second = [cell.value for cell in sheet[5]]
    assert second == ["Ward 5A", 0, None, None, None, None, None]
    assert sheet.max_row == 5
    assert sheet.freeze_panes == "A4"


@pytest.mark.parametrize("payload", INJECTIONS[:4])
def test_xlsx_stores_formula_like_text_as_text(payload):
    table = Table("t", "T", [Column("name", "Name")], [{"name": payload}])
    cell = openpyxl.load_workbook(io.BytesIO(to_xlsx(table))).active["A4"]
    assert cell.data_type == "s"
    assert cell.value == payload


def test_xlsx_drops_control_characters_that_excel_refuses():
    table = Table("t", "T", [Column("name", "Name")], [{"name": "bell\x07 ok"}])
    assert openpyxl.load_workbook(io.BytesIO(to_xlsx(table))).active["A4"].value == "bell ok"


rf = RequestFactory()


def test_maybe_export_is_none_without_the_export_parameter():
    assert maybe_export(rf.get("/leaders/", {"period": "week"}), [unit_table()]) is None


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_maybe_export_downloads_the_named_table(fmt, content_type):
    other = Table("other", "Other", [Column("a", "A")], [{"a": "x"}])
    response = maybe_export(
        rf.get("/leaders/", {"export": "units", "format": fmt}), [other, unit_table()]
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="units-')
    assert disposition.endswith(f'.{fmt}"')
    assert response["Cache-Control"] == "private, no-store"
    expected = to_csv(unit_table()) if fmt == "csv" else None
    if expected:
        assert response.getvalue() == expected
    else:
        assert openpyxl.load_workbook(io.BytesIO(response.getvalue())).active["A1"].value == (
            "Units: ideas/people"
        )


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"export": "nope", "format": "csv"}, "'export'"),
        ({"export": "", "format": "csv"}, "'export'"),
        ({"export": "units"}, "'format'"),
        ({"export": "units", "format": "pdf"}, "'format'"),
        ({"export": "units", "format": "CSV"}, "'format'"),
    ],
)
def test_maybe_export_refuses_unknown_tables_and_formats_with_a_plain_400(query, named):
    response = maybe_export(rf.get("/leaders/", query), [unit_table()])
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert named in response.content.decode()


def test_the_400_lists_the_tables_of_the_page():
    response = maybe_export(rf.get("/x/", {"export": "zzz", "format": "csv"}), [unit_table()])
    assert "units" in response.content.decode()


def test_export_url_keeps_the_current_filters_and_replaces_an_earlier_export():
    request = rf.get(
        "/leaders/", {"unit": "7", "period": "month", "export": "old", "format": "csv"}
    )
    url = export_url(request, unit_table(), "xlsx")
    path, query = url.split("?")
    assert path == "/leaders/"
    assert sorted(query.split("&")) == ["export=units", "format=xlsx", "period=month", "unit=7"]


def test_export_url_refuses_an_unknown_format():
    with pytest.raises(ValueError, match="pdf"):
        export_url(rf.get("/"), unit_table(), "pdf")


def test_a_long_table_is_streamed_in_pieces_that_join_to_the_whole_csv(monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_BYTES", 256)
    rows = [{"unit": f"Ward {n}", "ideas": n} for n in range(200)]
    table = Table("units", "Units", [Column("unit", "Unit"), Column("ideas", "Ideas", "int")], rows)
    request = rf.get("/", {"export": "units", "format": "csv"})
    response = maybe_export(request, [table])
    assert response.streaming
    pieces = list(response.streaming_content)
    assert len(pieces) >= 5 and all(len(piece) < 300 for piece in pieces[:-1])
    assert b"".join(pieces) == to_csv(table)
    assert read_csv(b"".join(pieces))[200] == ["Ward 199", "199"]
