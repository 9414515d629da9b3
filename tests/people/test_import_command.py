"""`manage.py import_people`: the report on stdout, problems on stderr, a failing exit."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tandem.people.models import Person
from tests.people.helpers import BASE, csv_bytes, db_state

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_the_file_and_prints_the_report(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(BASE)
    out, err = run(str(path))
    assert "4 rows: 4 created, 0 updated, 0 unchanged, 0 deactivated; 3 units created." in out
    assert err == ""
    assert Person.objects.count() == 4
    out, _ = run(str(path))
    assert "0 created, 0 updated, 4 unchanged" in out


def test_command_deactivates_missing_people_with_the_flag(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(BASE)
    run(str(path))
    path.write_bytes(
        csv_bytes("HH-1,Erin Exec,erin@harbor.example,Chief Executive,executive,Harbor Health,")
    )
    out, _ = run(str(path), "--deactivate-missing")
    assert "3 deactivated" in out
    assert list(Person.objects.filter(active=True).values_list("employee_id", flat=True)) == [
        "HH-1"
    ]


def test_command_prints_each_problem_and_fails_without_changing_anything(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes(
            "HH-1,Ann,,,frontline,Harbor Health,",
            "HH-2,Bo,,,boss,Harbor Health,",
            "HH-3,Cy,not-an-email,,frontline,Harbor Health,",
        )
    )
    before = db_state()
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"2 problem\(s\) found; nothing was imported"):
        call_command("import_people", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("line 3: unknown level 'boss'; allowed levels: executive")
    assert lines[1] == "line 4: email 'not-an-email' is not a valid email address"
    assert db_state() == before


def test_command_reports_a_missing_file_clearly(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(CommandError, match=f"No such file: {missing}"):
        run(str(missing))


def test_command_refuses_a_directory(tmp_path):
    with pytest.raises(CommandError, match="is a directory"):
        run(str(tmp_path))
