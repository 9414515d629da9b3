"""The import report notes rows placed above or beside their manager's unit: such a
placement opens no unit to the manager (people.access.units_visible_to), so it is
imported as it is and pointed out."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tandem.audit.models import AuditEntry
from tandem.people.importer import import_people
from tests.people.helpers import csv_bytes

pytestmark = pytest.mark.django_db

ROWS = (
    "HH-1,Erin Exec,,Chief Executive,executive,Harbor Health,",
    "HH-2,Sam Senior,,Nursing Director,senior leader,Harbor Health/Nursing,HH-1",
    "HH-3,Maria Manager,,Ward Manager,manager,Harbor Health/Nursing/Ward 4B,HH-2",
    # Deeper elsewhere: fine, the manager sees Night.
    "HH-4,Nat Night,,Nurse,frontline,Harbor Health/Radiology/Ward 2/Night,HH-3",
    # Beside (same depth, another unit) and above (the root): noted.
    "HH-5,Rae Report,,Nurse,frontline,Harbor Health/Radiology/Ward 2,HH-3",
    "HH-6,Tom Top,,Porter,frontline,Harbor Health,HH-3",
    # In the manager's own subtree: fine.
    "HH-7,Fay Front,,Nurse,frontline,Harbor Health/Nursing/Ward 4B/Bay 1,HH-3",
)


def test_rows_above_or_beside_their_managers_unit_are_imported_and_noted():
    report = import_people(csv_bytes(*ROWS))
    assert report.ok and report.created == 7
    assert [note.line for note in report.notes] == [6, 7]
    assert "HH-5 is placed in 'Harbor Health/Radiology/Ward 2', above or beside" in (
        report.notes[0].message
    )
    assert report.note_count == 2
    assert report.summary().endswith("2 placed above or beside their manager's unit.")
    entry = AuditEntry.objects.get(action="imported people")
    assert entry.changes["note_count"] == 2


def test_the_import_page_and_the_command_show_the_notes(client, program_office, tmp_path):
    client.force_login(program_office.user)
    upload = tmp_path / "people.csv"
    upload.write_bytes(csv_bytes(*ROWS))
    with upload.open("rb") as handle:
        response = client.post("/people/import/", {"file": handle})
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 placed above or beside their manager" in page
    assert "HH-6 is placed in &#x27;Harbor Health&#x27;" in page

    out = tmp_path / "out.txt"
    with out.open("w") as stream:
        call_command("import_people", str(upload), stdout=stream)
    text = out.read_text()
    assert "note: line 6: HH-5 is placed in 'Harbor Health/Radiology/Ward 2'" in text
    assert "note: line 7: HH-6 is placed in 'Harbor Health'" in text
