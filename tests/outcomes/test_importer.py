"""The outcome import: all or nothing, every problem named by line and column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tandem.audit.models import AuditEntry
from tandem.outcomes.importer import Problem, import_outcomes, parse_month, parse_value
from tandem.outcomes.models import MEASURE_BY_KEY, MEASURE_KEYS, UnitOutcome
from tandem.people.models import OrgUnit
from tests.factories import make_unit
from tests.outcomes.helpers import CLINIC, HEADER, TODAY, WARD, csv_bytes, db_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return {"ward": make_unit(WARD), "clinic": make_unit(CLINIC)}


def run(data: bytes, **kw):
    return import_outcomes(data, today=TODAY, **kw)


def test_a_good_file_creates_one_row_per_unit_month(units):
    report = run(
        csv_bytes(
            f"{WARD},2026-01,86.5,,4,11,1.25,312.40",
            f"{WARD},2026-02,88%,,2,14,0.8,305.1",
            f"{CLINIC},2026-02,,34,0,3,,",
        )
    )
    assert report.ok, report.problems
    assert (report.rows, report.created, report.updated) == (3, 3, 0)
    assert report.summary() == (
        "3 rows: 3 unit-months created, 0 updated "
        "(csat, nps, complaints, compliments, staff_turnover, cost_to_serve)."
    )
    jan = UnitOutcome.objects.get(unit=units["ward"], month=date(2026, 1, 1))
    assert jan.csat == Decimal("86.50")
    assert jan.nps is None
    assert (jan.complaints, jan.compliments) == (4, 11)
    assert jan.staff_turnover == Decimal("1.25")
    assert jan.cost_to_serve == Decimal("312.40")
    feb = UnitOutcome.objects.get(unit=units["ward"], month=date(2026, 2, 1))
    assert feb.csat == Decimal("88.00")  # "88%" is read as 88
    clinic = UnitOutcome.objects.get(unit=units["clinic"])
    assert (clinic.nps, clinic.complaints, clinic.csat) == (Decimal("34.00"), 0, None)


def test_header_spelling_column_order_bom_and_full_dates_are_accepted(units):
    data = csv_bytes(
        f"2026-02-01,{WARD},3,90",
        f"2026-01-17,{WARD},5,",
        header="Month,Unit,Complaints,Customer Satisfaction",
        bom=True,
        newline="\r\n",
    )
    report = run(data)
    assert not report.ok  # "Customer Satisfaction" is not a column name
    assert report.problems[0].column == "Customer Satisfaction"
    report = run(data.replace(b"Customer Satisfaction", b"CSAT"))
    assert report.ok, report.problems
    assert report.columns == ("csat", "complaints")
    months = dict(UnitOutcome.objects.values_list("month", "complaints"))
    assert months == {date(2026, 2, 1): 3, date(2026, 1, 1): 5}


def test_values_are_rounded_to_the_stored_places(units):
    assert run(csv_bytes(f"{WARD},2026-01,86.456,-12.345,,,,10.005")).ok
    row = UnitOutcome.objects.get()
    assert (row.csat, row.nps, row.cost_to_serve) == (
        Decimal("86.46"),
        Decimal("-12.35"),
        Decimal("10.01"),
    )


def test_reimporting_a_unit_month_updates_it_and_keeps_columns_the_file_lacks(units, team):
    run(csv_bytes(f"{WARD},2026-01,80,,4,11,1.5,300"))
    first = UnitOutcome.objects.get()
    report = run(
        csv_bytes(
            f"{WARD},2026-01,85,", f"{WARD},2026-02,90,", header="unit,month,csat,complaints"
        ),
        actor=team["manager"].user,
    )
    assert report.ok, report.problems
    assert (report.created, report.updated) == (1, 1)
    assert UnitOutcome.objects.count() == 2
    again = UnitOutcome.objects.get(month=date(2026, 1, 1))
    assert again.pk == first.pk
    assert again.csat == Decimal("85.00")
    assert again.complaints is None  # a blank cell in a column of the file clears it
    assert (again.compliments, again.staff_turnover) == (11, Decimal("1.50"))  # not in the file
    assert again.cost_to_serve == Decimal("300.00")
    assert again.imported_by == team["manager"].user
    assert again.imported_at > first.imported_at


def test_each_import_is_audited_once(units, program_office):
    run(csv_bytes(f"{WARD},2026-01,80,,,,,"), actor=program_office.user)
    entry = AuditEntry.objects.get()
    assert entry.action == "imported outcomes"
    assert entry.actor == program_office.user
    assert entry.changes["created"] == 1
    run(csv_bytes(f"{WARD},2026-01,81%,,,,,"), actor=None)
    assert AuditEntry.objects.count() == 2
    assert AuditEntry.objects.latest("pk").actor_label == "system"


BAD_FILES = [
    # (data rows, line, column, words in the message)
    (["Harbor Health/Nursing/Ward 9,2026-01,80,,,,,"], 2, "unit", "unknown unit"),
    (["harbor health/nursing/ward 4b,2026-01,80,,,,,"], 2, "unit", f"did you mean '{WARD}'"),
    ([",2026-01,80,,,,,"], 2, "unit", "missing unit"),
    ([f"{WARD},March 2026,80,,,,,"], 2, "month", "not a month; write YYYY-MM"),
    ([f"{WARD},2026-13,80,,,,,"], 2, "month", "not a valid month"),
    ([f"{WARD},2025-02-30,80,,,,,"], 2, "month", "not a valid month"),
    ([f"{WARD},2026-04,80,,,,,"], 2, "month", "2026-04 is not over yet"),
    ([f"{WARD},2026-03,80,,,,,"], 2, "month", "2026-03 is not over yet"),
    ([f"{WARD},,80,,,,,"], 2, "month", "missing month"),
    ([f"{WARD},1926-01,80,,,,,"], 2, "month", "before 2000"),
    ([f"{WARD},2026-01,101,,,,,"], 2, "csat", "out of range"),
    ([f"{WARD},2026-01,-0.5%,,,,,"], 2, "csat", "out of range"),
    ([f"{WARD},2026-01,,-101,,,,"], 2, "nps", "out of range"),
    ([f"{WARD},2026-01,,,-1,,,"], 2, "complaints", "out of range"),
    ([f"{WARD},2026-01,,,2.5,,,"], 2, "complaints", "not a whole number"),
    ([f"{WARD},2026-01,,,,many,,"], 2, "compliments", "not a number"),
    ([f"{WARD},2026-01,,,,,100.5,"], 2, "staff_turnover", "out of range"),
    ([f"{WARD},2026-01,,,,,,-3"], 2, "cost_to_serve", "out of range"),
    ([f'{WARD},2026-01,,,,,,"1,234.50"'], 2, "cost_to_serve", "no thousands separators"),
    ([f"{WARD},2026-01,,,,,,$300"], 2, "cost_to_serve", "not a number"),
    ([f"{WARD},2026-01,NaN,,,,,"], 2, "csat", "not a number"),
    ([f"{WARD},2026-01,Infinity,,,,,"], 2, "csat", "not a number"),
    ([f"{WARD},2026-01,50%%,,,,,"], 2, "csat", "not a number"),
    ([f"{WARD},2026-01,,,,,,"], 2, ", ".join(MEASURE_KEYS), "every cell is blank"),
    (
        [f"{WARD},2026-01,80,,,,,", f"{CLINIC},2026-01,80,,,,,", f"{WARD} ,2026-01-20,82,,,,,"],
        4,
        "unit, month",
        "appear twice: on line 3 and on line 5",
    ),
]


@pytest.mark.parametrize(("rows", "line", "column", "words"), BAD_FILES)
def test_a_bad_cell_is_named_by_line_and_column_and_nothing_is_saved(
    units, rows, line, column, words
):
    run(csv_bytes(f"{CLINIC},2025-12,70,,,,,"))  # already there: must stay as it was
    before = db_state()
    good = f"{CLINIC},2025-11,75,,,,,"
    report = run(csv_bytes(good, *rows))
    assert not report.ok
    # the good row is line 2, so the bad rows move down one
    problem = report.problems[0]
    assert (problem.line, problem.column) == (line + 1, column), report.problems
    assert words in problem.message
    assert f"line {line + 1}, column {column}:" in str(problem)
    assert db_state() == before


FILE_PROBLEMS = [
    # (bytes, line, words)
    (b"", 1, "the file is empty"),
    (b"\n\n  \n", 1, "the file is empty"),
    (HEADER.encode() + b"\n", 1, "no data rows"),
    (f"{HEADER}\n{WARD},2026-01,Caf\xe9,,,,,\n".encode("cp1252"), 2, "not UTF-8"),
    (f"{HEADER}\n{WARD},2026-01,80,,,,,\n".encode("utf-16"), 1, "not UTF-8"),
    (csv_bytes(f"{WARD},80", header="unit,csat"), 1, "missing column month"),
    (csv_bytes("2026-01,80", header="month,csat"), 1, "missing column unit"),
    (csv_bytes(f"{WARD},2026-01", header="unit,month"), 1, "no outcome column"),
    (csv_bytes(f"{WARD},2026-01,80,x", header="unit,month,csat,notes"), 1, "unknown column"),
    (csv_bytes(f"{WARD},2026-01,80,81", header="unit,month,csat,CSAT"), 1, "appears twice"),
    (csv_bytes(f'{WARD},2026-01,"80,,,,,', f"{WARD},2026-02,80,,,,,"), 2, "closing quote missing"),
]


@pytest.mark.parametrize(("data", "line", "words"), FILE_PROBLEMS)
def test_a_file_that_cannot_be_read_is_refused_with_the_reason(units, data, line, words):
    run(csv_bytes(f"{CLINIC},2025-12,70,,,,,"))
    before = db_state()
    report = run(data)
    assert not report.ok
    assert any(p.line == line and words in p.message for p in report.problems), report.problems
    assert db_state() == before


def test_every_problem_of_a_file_is_reported_in_line_order(units):
    report = run(
        csv_bytes(
            f"{WARD},2026-01,80,,,,,",
            "Nowhere,2026-13,120,,,,,",
            f"{WARD},2026-02,,,,,,",
        )
    )
    assert [(p.line, p.column) for p in report.problems] == [
        (3, "unit"),
        (3, "month"),
        (3, "csat"),
        (4, "csat, nps, complaints, compliments, staff_turnover, cost_to_serve"),
    ]
    assert report.summary() == "4 problem(s) found; nothing was changed."
    assert UnitOutcome.objects.count() == 0


def test_an_outcome_file_never_creates_units(units):
    count = OrgUnit.objects.count()
    report = run(csv_bytes("Harbor Health/New Wing/Ward 1,2026-01,80,,,,,"))
    assert [p.column for p in report.problems] == ["unit"]
    assert "does not create units" in report.problems[0].message
    assert OrgUnit.objects.count() == count


def test_a_long_file_reports_the_first_200_problems_and_counts_the_rest(units):
    rows = [f"{WARD},2026-01,{100 + i},,,,," for i in range(1, 251)]
    report = run(csv_bytes(*rows))
    assert report.problem_count == 250
    assert len(report.problems) == 200
    assert report.hidden_problems == 50


def test_a_large_file_is_written_in_batches(units):
    unit_paths = [f"Harbor Health/Teams/Team {i}" for i in range(60)]
    for path in unit_paths:
        make_unit(path)
    rows = [
        f"{p},{2020 + m // 12}-{m % 12 + 1:02d},{70 + m % 20},,,,,"
        for p in unit_paths
        for m in range(24)
    ]
    report = run(csv_bytes(*rows))
    assert report.ok and report.created == 1440
    report = run(csv_bytes(*rows))
    assert (report.created, report.updated) == (0, 1440)
    assert UnitOutcome.objects.count() == 1440


def test_parse_value_and_month_directly():
    csat = MEASURE_BY_KEY["csat"]
    assert parse_value(csat, " 75.5 % ") == (Decimal("75.50"), "")
    assert parse_value(csat, "") == (None, "")
    assert parse_value(MEASURE_BY_KEY["complaints"], "3.0") == (3, "")
    assert parse_value(MEASURE_BY_KEY["nps"], "12%")[1]  # NPS is not a percentage
    assert parse_month("2026-2", TODAY) == (date(2026, 2, 1), "")
    assert parse_month("2026-02-28", TODAY) == (date(2026, 2, 1), "")
    assert parse_month("2026-03", TODAY)[1]  # this month is not over yet
    assert str(Problem(3, "csat", "bad")) == "line 3, column csat: bad"
    assert str(Problem(1, "", "empty")) == "line 1: empty"


def test_the_documented_example_file_imports(db):
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "outcomes.md").read_text()
    example = re.search(r"```csv\n(.*?)```", text, re.S).group(1)
    for line in example.splitlines()[1:]:
        make_unit(line.split(",")[0])
    report = import_outcomes(example.encode(), today=date(2025, 5, 2))
    assert report.ok, report.problems
    assert report.rows == 3


def test_a_file_with_thousands_of_columns_is_one_problem_and_changes_nothing(units):
    before = db_state()
    header = HEADER + "," + ",".join(f"extra{n}" for n in range(5_000))
    report = run(csv_bytes(f"{WARD},2026-01,86.5,,4,11,1.25,312.40", header=header))
    assert not report.ok
    assert report.problem_count == 1
    assert "the header has 5,008 cells; an import file has at most 50 columns" in str(
        report.problems[0]
    )
    assert db_state() == before
