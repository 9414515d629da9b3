"""`manage.py import_outcomes`: the report on stdout, problems on stderr, a failing exit."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tandem.outcomes.models import UnitOutcome
from tests.factories import make_unit
from tests.outcomes.helpers import WARD, csv_bytes, db_state

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_outcomes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_the_file_and_a_second_run_updates(tmp_path):
    make_unit(WARD)
    path = tmp_path / "outcomes.csv"
    path.write_bytes(csv_bytes(f"{WARD},2025-01,80,,,,,", f"{WARD},2025-02,82,,,,,"))
    out, err = run(str(path))
    assert "2 rows: 2 unit-months created, 0 updated" in out and err == ""
    path.write_bytes(csv_bytes(f"{WARD},2025-02,85", header="unit,month,csat"))
    out, _ = run(str(path))
    assert "1 rows: 0 unit-months created, 1 updated (csat)." in out
    assert sorted(UnitOutcome.objects.values_list("csat", flat=True)) == [80, 85]


def test_command_prints_each_problem_and_fails_without_changing_anything(tmp_path):
    make_unit(WARD)
    path = tmp_path / "outcomes.csv"
    path.write_bytes(csv_bytes(f"{WARD},2025-01,80,,,,,", "Nowhere,2025-01,80,,,,,"))
    before = db_state()
    with pytest.raises(CommandError, match="1 problem\\(s\\) found; nothing was imported"):
        run(str(path))
    assert db_state() == before
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_outcomes", str(path), stderr=err)
    assert "line 3, column unit: unknown unit 'Nowhere'" in err.getvalue()


def test_command_names_a_missing_file_or_a_directory(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="is a directory"):
        run(str(tmp_path))
