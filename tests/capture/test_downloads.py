"""Downloads of whole record lists: asked for from a list, written by the worker, fetched
by the one who asked; what they hold, the refusals, failures and clean-up."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from tandem.capture import exports, search
from tandem.capture.models import ExportStatus, Idea, RecordExport
from tandem.notifications.models import Notification
from tandem.reports.exports import SheetColumn, write_xlsx
from tests.factories import make_action, make_idea, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """POST a download request as `person`, the worker's task run once it commits."""

    def _ask(person, kind="ideas", fmt="csv", query=""):
        client.force_login(person.user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/downloads/new/", {"kind": kind, "format": fmt, "query": query})
        return response

    return _ask


def rows_of(client, export: RecordExport) -> list[dict[str, str]]:
    response = client.get(f"/downloads/{export.pk}/")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8"))))


def test_all_matching_ideas_are_written_and_the_person_is_told(team, client, ask):
    make_idea(team["frontline"], title="Proposed one")
    wanted = make_idea(
        team["frontline"], title="=Trying one", status="trying", blocks=("recovery",)
    )
    response = ask(team["frontline"], query="status=trying")
    assert response.status_code == 302 and response["Location"] == "/downloads/"
    export = RecordExport.objects.get()
    assert export.status == ExportStatus.READY and export.rows == 1
    assert export.description == "Ideas — Status: Trying"
    rows = rows_of(client, export)
    assert [(r["Id"], r["Title"], r["Status"]) for r in rows] == [
        (str(wanted.pk), "'=Trying one", "Trying")  # a formula-like title stays text
    ]
    assert rows[0]["Authors"] == team["frontline"].name
    assert rows[0]["Unit"] == "Harbor Health/Nursing/Ward 4B"
    assert rows[0]["Link"].endswith(f"/ideas/{wanted.pk}/")
    note = Notification.objects.get(recipient=team["frontline"])
    assert note.text == "Your download is ready: 1 idea (CSV)." and note.url == "/downloads/"
    page = client.get("/downloads/").content.decode()
    assert "Ready" in page and f'href="/downloads/{export.pk}/"' in page


def test_the_file_is_an_attachment_only_its_owner_can_fetch(team, client, ask):
    make_idea(team["frontline"])
    ask(team["frontline"])
    export = RecordExport.objects.get()
    response = client.get(f"/downloads/{export.pk}/")
    assert response["Content-Disposition"].startswith('attachment; filename="ideas-')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(team["colleague"].user)
    assert client.get(f"/downloads/{export.pk}/").status_code == 404
    assert f"/downloads/{export.pk}/" not in client.get("/downloads/").content.decode()


def test_private_items_only_for_those_who_may_see_them(team, outsider, program_office, client, ask):
    make_idea(team["frontline"], title="Ward secret", private=True)
    make_idea(team["frontline"], title="Open idea")
    ask(outsider)
    assert [r["Title"] for r in rows_of(client, RecordExport.objects.get())] == ["Open idea"]
    ask(program_office)
    export = RecordExport.objects.get(requested_by=program_office.user)
    titles = [(r["Title"], r["Private"]) for r in rows_of(client, export)]
    assert titles == [("Open idea", ""), ("Ward secret", "yes")]


def test_a_search_downloads_every_match_not_only_the_newest(
    team, outsider, client, ask, monkeypatch
):
    # The feed reads only the newest STREAMED matches of a common word on SQLite; the
    # download must hold them all, in both databases.
    monkeypatch.setattr(search, "STREAMED", 2)
    monkeypatch.setattr(search, "RANKED", 0)
    for number in range(4):
        make_idea(team["frontline"], title=f"Towel rail {number}")
    make_idea(outsider, title="Towel stock")
    make_idea(team["frontline"], title="Something else")
    ward = team["frontline"].unit.pk
    ask(team["frontline"], query=f"q=towel&unit={ward}")
    rows = rows_of(client, RecordExport.objects.get())
    assert sorted(r["Title"] for r in rows) == [f"Towel rail {n}" for n in range(4)]


def test_actions_and_stories_have_their_own_columns(team, client, ask):
    action = make_action(team["frontline"], what="Walked a visitor to radiology")
    story = make_story(team["frontline"], what_happened="A thank-you card")
    ask(team["frontline"], kind="actions")
    ask(team["frontline"], kind="stories")
    actions = rows_of(client, RecordExport.objects.get(kind="actions"))
    stories = rows_of(client, RecordExport.objects.get(kind="stories"))
    assert [(r["Id"], r["What was done"]) for r in actions] == [(str(action.pk), action.what)]
    assert actions[0]["Date"] == action.date.isoformat()
    assert [(r["Id"], r["Kind"], r["What happened"]) for r in stories] == [
        (str(story.pk), "Customer compliment", "A thank-you card")
    ]


def test_xlsx_holds_typed_cells_under_the_heads(team, client, ask):
    idea = make_idea(team["frontline"], title="=1+1", status="implemented")
    Idea.objects.filter(pk=idea.pk).update(minutes_saved_per_week=45)
    ask(team["frontline"], fmt="xlsx")
    export = RecordExport.objects.get()
    response = client.get(f"/downloads/{export.pk}/")
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.title == "Ideas"
    assert sheet["A1"].value == "Ideas — all you can see"
    heads = [cell.value for cell in sheet[3]]
    assert heads[:3] == ["Id", "Logged", "Title"]
    row = {head: cell for head, cell in zip(heads, sheet[4], strict=True)}
    assert row["Id"].value == idea.pk
    assert row["Title"].value == "=1+1" and row["Title"].data_type == "s"
    assert row["Minutes saved per week"].value == 45
    assert row["Logged"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet.max_row == 4 and sheet.freeze_panes == "A4"


def test_a_long_sheet_goes_on_to_the_next_with_the_same_heads():
    buffer = io.BytesIO()
    columns = [SheetColumn("N", 8, "0")]
    written = write_xlsx(
        buffer,
        title="Numbers",
        note="",
        columns=columns,
        rows=([n] for n in range(7)),
        sheet_rows=6,
    )
    book = openpyxl.load_workbook(buffer)
    assert written == 7
    assert book.sheetnames == ["Numbers", "Numbers (2)", "Numbers (3)"]
    values = [[row[0] for row in sheet.iter_rows(min_row=4, values_only=True)] for sheet in book]
    assert values == [[0, 1, 2], [3, 4, 5], [6]]
    assert all(sheet["A3"].value == "N" for sheet in book)


@pytest.mark.parametrize(
    "data, reason",
    [
        ({"kind": "people", "format": "csv"}, "There is no list called &#x27;people&#x27;"),
        ({"kind": "ideas", "format": "pdf"}, "The format must be csv or xlsx"),
        (
            {"kind": "ideas", "format": "csv", "query": "date_from=2026-03-02&date_to=2026-03-01"},
            "To: The end date is before the start date.",
        ),
        (
            {"kind": "ideas", "format": "csv", "query": "status=lost"},
            "Status: Select a valid choice.",
        ),
    ],
)
def test_a_refused_request_says_why_and_queues_nothing(team, ask, data, reason):
    response = ask(team["frontline"], data["kind"], data["format"], data.get("query", ""))
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not RecordExport.objects.exists()


def test_at_most_three_unfinished_downloads_per_person(team, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client.force_login(team["frontline"].user)
    for _ in range(exports.MAX_PENDING):
        assert client.post("/downloads/new/", {"kind": "ideas", "format": "csv"}).status_code == 302
    refused = client.post("/downloads/new/", {"kind": "ideas", "format": "csv"})
    assert refused.status_code == 400
    assert "You already have 3 downloads being prepared" in refused.content.decode()
    page = client.get("/downloads/").content.decode()
    assert 'hx-trigger="every 3s"' in page and "Being prepared" in page
    client.force_login(team["colleague"].user)  # another person is not held up
    assert client.post("/downloads/new/", {"kind": "ideas", "format": "csv"}).status_code == 302


def test_a_failure_is_recorded_and_leaves_no_file(team, ask, monkeypatch, export_folder):
    def broken(export, out):
        out.write(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(exports, "write", broken)
    ask(team["frontline"])
    export = RecordExport.objects.get()
    assert export.status == ExportStatus.FAILED
    assert export.error.startswith("The file could not be written.")
    assert list(export_folder.iterdir()) == []
    assert not Notification.objects.exists()


def test_a_second_run_of_the_task_writes_nothing_more(team, ask, export_folder):
    make_idea(team["frontline"])
    ask(team["frontline"])
    export = RecordExport.objects.get()
    exports.build(export.pk)
    assert len(list(export_folder.iterdir())) == 1
    assert Notification.objects.count() == 1


def test_old_downloads_are_deleted_with_their_files(team, ask, export_folder, settings):
    ask(team["frontline"])
    old = RecordExport.objects.get()
    RecordExport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.TANDEM_EXPORT_KEEP_DAYS + 1)
    )
    ask(team["frontline"])  # each run clears what has expired
    assert list(RecordExport.objects.values_list("pk", flat=True)) != [old.pk]
    assert not RecordExport.objects.filter(pk=old.pk).exists()
    assert len(list(export_folder.iterdir())) == 1


def test_the_lists_offer_the_download_with_their_filters(team, login):
    make_idea(team["frontline"], status="trying")
    page = login(team["frontline"]).get("/ideas/?status=trying").content.decode()
    assert 'action="/downloads/new/"' in page
    assert 'name="query" value="status=trying"' in page
    assert "Download all matching ideas" in page


def test_no_downloads_yet_says_where_to_start(team, login):
    page = login(team["frontline"]).get("/downloads/").content.decode()
    assert "No downloads yet." in page
