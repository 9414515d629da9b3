"""`tandem.lib.csv_upload`: reading an uploaded CSV into records, with no database at all."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tandem.lib.csv_upload as csv_upload
from tandem.lib.csv_upload import Record, column_key, decode, read_table

COLUMNS = ("employee_id", "name", "unit")


def read(text: str, columns: tuple[str, ...] = COLUMNS):
    return read_table(text.encode(), columns)


@pytest.mark.parametrize("header", ["employee_id", "Employee ID", "employee-id", " EMPLOYEE  id "])
def test_column_spellings_match_the_same_key(header):
    assert column_key(header) == "employee_id"


def test_byte_order_mark_is_dropped_and_text_returned():
    assert decode("\ufeffa,b\n".encode()) == ("a,b\n", None)


def test_non_utf8_bytes_are_reported_at_their_line_with_the_fix():
    text, problem = decode("a\nb\nJosé\n".encode("cp1252"))
    assert text is None
    assert problem.line == 3
    assert problem.message == (
        "the file is not UTF-8 text (byte 0xE9 cannot be read); "
        "save the export as “CSV UTF-8” and try again"
    )
    assert str(problem).startswith("line 3: the file is not UTF-8 text")


def test_records_keep_their_file_line_and_only_the_wanted_columns_in_order():
    table = read(
        "\n"  # a blank line before the header moves it to line 2
        "Unit,shoe size,Name,Employee-ID\n"
        " Harbor Health ,42, Ann Able ,HH-1\n"
        "\n"
        'Harbor Health/Ward 4B,41,"Bo\nBarnes",HH-2\n'
        "HH-3 only\n"
        ",,,\n"
    )
    assert table.problems == []
    assert table.header_line == 2
    assert table.records == [
        Record(3, {"employee_id": "HH-1", "name": "Ann Able", "unit": "Harbor Health"}),
        Record(5, {"employee_id": "HH-2", "name": "Bo\nBarnes", "unit": "Harbor Health/Ward 4B"}),
        Record(7, {"employee_id": "", "name": "", "unit": "HH-3 only"}),
    ]
    assert list(table.records[0].values) == list(COLUMNS)


def test_missing_and_repeated_columns_are_header_problems_and_no_rows_are_read():
    table = read("name,Name,title\nAnn,Ann,Nurse\n")
    assert table.records == []
    assert [str(p) for p in table.problems] == [
        "line 1: column 'name' appears twice in the header",
        "line 1: missing columns employee_id, unit; the header needs employee_id,name,unit",
    ]


def test_an_unreadable_record_stops_reading_but_keeps_the_records_before_it():
    table = read_table(
        b'employee_id,name,unit\nHH-1,Ann,HH\nHH-2,"' + b"x" * 140_000 + b'",HH\nHH-3,Cy,HH\n',
        COLUMNS,
    )
    assert [r.line for r in table.records] == [2]
    assert [(p.line, p.message) for p in table.problems] == [
        (3, "the CSV cannot be read here (field larger than field limit (131072))")
    ]


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf \r\n", "the file is empty"),
        (b"employee_id,name,unit\n\n", "the file has a header but no data rows"),
    ],
)
def test_files_without_data_say_so_on_line_1(data, message):
    table = read_table(data, COLUMNS)
    assert table.records == []
    [problem] = table.problems
    assert problem.line == 1
    assert problem.message.startswith(message)


def test_module_imports_neither_django_nor_the_apps():
    tree = ast.parse(Path(csv_upload.__file__).read_text(encoding="utf-8"))
    imported = {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
        )
    }
    assert not {name for name in imported if name.split(".")[0] in {"django", "tandem"}}


def test_a_header_wider_than_any_format_is_one_problem():
    header = ",".join(f"c{n}" for n in range(1_000)) + "\n"
    table = read_table((header + "1,2\n").encode(), ["c1", "c2"])
    assert [str(p) for p in table.problems] == [
        "line 1: the header has 1,000 cells; an import file has at most 50 columns "
        "(this one needs c1,c2): is it the right file?"
    ]
    assert table.records == []


def test_a_row_wider_than_any_format_stops_the_reading_there():
    wide = ",".join("x" * 1 for _ in range(60))
    table = read_table(f"a,b\n1,2\n{wide}\n3,4\n".encode(), ["a", "b"])
    assert [r.line for r in table.records] == [2]
    assert [p.line for p in table.problems] == [3]
    assert "this row has 60 cells" in table.problems[0].message
