"""Editing the roadmap on its screen: phases, items, their order, and evidence files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.audit.models import AuditEntry
from tandem.programs.models import ItemStatus, Phase, Program, RoadmapItem
from tandem.programs.models.roadmap import MAX_EVIDENCE_BYTES
from tests.factories import make_person, make_unit
from tests.programs.helpers import make_program

pytestmark = pytest.mark.django_db

ROADMAP = reverse("programs:roadmap")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def program(program_office) -> Program:
    return make_program(program_office, make_unit("Harbor Health"))


def phase_at(program: Program, position: int) -> Phase:
    return program.phases.get(position=position)


def names(program: Program) -> list[str]:
    return list(program.phases.order_by("position").values_list("name", flat=True))


def titles(phase: Phase) -> list[str]:
    return list(phase.items.order_by("position").values_list("title", flat=True))


def audited(action: str, model: str) -> int:
    return AuditEntry.objects.filter(action=action, object_type=f"programs.{model}").count()


def upload(name: str = "minutes.pdf", content: bytes = b"%PDF-1.4 minutes") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- phases --------------------------------------------------------------------------


def test_program_office_adds_a_phase_at_the_end(login, program_office, program):
    response = login(program_office).post(
        reverse("programs:phase_add"), {"program": program.pk, "name": "Second wave: clinics"}
    )
    assert response.status_code == 302
    assert names(program)[-1] == "Second wave: clinics"
    assert audited("created", "Phase") == 1


def test_program_office_renames_a_phase(login, program_office, program):
    phase = phase_at(program, 2)
    response = login(program_office).post(
        reverse("programs:phase_rename", args=[phase.pk]), {"name": "Service Academy"}
    )
    assert response.status_code == 302
    assert names(program)[1] == "Service Academy"
    assert audited("updated", "Phase") == 1


def test_renaming_a_phase_to_nothing_says_which_field_and_changes_nothing(
    login, program_office, program
):
    phase = phase_at(program, 2)
    response = login(program_office).post(
        reverse("programs:phase_rename", args=[phase.pk]), {"name": "  "}
    )
    assert response.status_code == 400
    assert "Phase name: This field is required." in response.text
    assert names(program)[1] == "Service Education"
    assert audited("updated", "Phase") == 0


def test_program_office_deletes_an_empty_phase_closing_the_gap(login, program_office, program):
    client = login(program_office)
    client.post(reverse("programs:phase_add"), {"program": program.pk, "name": "Spare"})
    spare = Phase.objects.get(name="Spare")
    client.post(reverse("programs:phase_shift", args=[spare.pk]), {"direction": "up"})
    response = client.post(reverse("programs:phase_delete", args=[spare.pk]))
    assert response.status_code == 302
    assert "Spare" not in names(program)
    assert list(program.phases.values_list("position", flat=True)) == [1, 2, 3, 4, 5]
    assert audited("deleted", "Phase") == 1


def test_deleting_a_phase_with_items_is_refused_and_keeps_everything(
    login, program_office, program
):
    phase = phase_at(program, 2)
    response = login(program_office).post(reverse("programs:phase_delete", args=[phase.pk]))
    assert response.status_code == 400
    assert "“Service Education” still has 3 items" in response.text
    assert "move them to another phase first" in response.text
    assert Phase.objects.filter(pk=phase.pk).exists()
    assert phase.items.count() == 3
    assert audited("deleted", "Phase") == 0


def test_program_office_moves_a_phase_up_and_down(login, program_office, program):
    client = login(program_office)
    education = phase_at(program, 2)
    client.post(reverse("programs:phase_shift", args=[education.pk]), {"direction": "up"})
    assert names(program)[:2] == ["Service Education", "Leadership Alignment"]
    client.post(reverse("programs:phase_shift", args=[education.pk]), {"direction": "down"})
    assert names(program)[:2] == ["Leadership Alignment", "Service Education"]
    assert audited("reordered", "Program") == 2


def test_moving_the_first_phase_up_says_so_and_changes_nothing(login, program_office, program):
    first = phase_at(program, 1)
    response = login(program_office).post(
        reverse("programs:phase_shift", args=[first.pk]), {"direction": "up"}
    )
    assert response.status_code == 400
    assert "“Leadership Alignment” is already the first phase." in response.text
    assert names(program)[0] == "Leadership Alignment"


# --- items ---------------------------------------------------------------------------


def test_program_office_adds_an_item_with_owner_and_due_date(login, program_office, program, team):
    phase = phase_at(program, 2)
    response = login(program_office).post(
        reverse("programs:item_add", args=[phase.pk]),
        {"title": "Book the training rooms", "owner": team["manager"].pk, "due_on": "2026-03-02"},
    )
    assert response.status_code == 302
    item = phase.items.get(title="Book the training rooms")
    assert (item.position, item.owner, str(item.due_on)) == (4, team["manager"], "2026-03-02")
    assert audited("created", "RoadmapItem") == 1


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"title": "", "owner": "", "due_on": ""}, "Title: This field is required."),
        (
            {"title": "Book rooms", "owner": "999999", "due_on": ""},
            "Owner: Choose a leader or someone of the program office.",
        ),
        ({"title": "Book rooms", "owner": "", "due_on": "31/02/2026"}, "Due: Enter a valid date."),
    ],
)
def test_adding_an_item_with_bad_input_says_why_and_adds_nothing(
    login, program_office, program, post, message
):
    phase = phase_at(program, 2)
    response = login(program_office).post(reverse("programs:item_add", args=[phase.pk]), post)
    assert response.status_code == 400
    assert message in response.text
    assert phase.items.count() == 3
    assert audited("created", "RoadmapItem") == 0


def test_a_frontline_person_cannot_be_made_an_item_owner(login, program_office, program, team):
    item = phase_at(program, 1).items.first()
    response = login(program_office).post(
        reverse("programs:item_edit", args=[item.pk]),
        {"title": item.title, "owner": team["frontline"].pk, "due_on": ""},
    )
    assert response.status_code == 400
    assert "Owner: Choose a leader or someone of the program office." in response.text
    item.refresh_from_db()
    assert item.owner == program_office


def test_program_office_edits_title_owner_and_due_date(login, program_office, program, team):
    item = phase_at(program, 1).items.first()
    response = login(program_office).post(
        reverse("programs:item_edit", args=[item.pk]),
        {"title": "Hold the alignment retreat", "owner": team["senior"].pk, "due_on": "2026-02-01"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.owner, str(item.due_on)) == (
        "Hold the alignment retreat",
        team["senior"],
        "2026-02-01",
    )
    entry = AuditEntry.objects.get(action="updated", object_type="programs.RoadmapItem")
    assert set(entry.changes) == {"title", "owner", "due_on"}


def test_editing_an_item_to_an_empty_title_changes_nothing(login, program_office, program):
    item = phase_at(program, 1).items.first()
    response = login(program_office).post(
        reverse("programs:item_edit", args=[item.pk]), {"title": "", "owner": "", "due_on": ""}
    )
    assert response.status_code == 400
    assert "Title: This field is required." in response.text
    item.refresh_from_db()
    assert item.title.startswith("Hold the leadership alignment session")
    assert item.owner == program_office


def test_program_office_deletes_an_item_closing_the_gap(login, program_office, program):
    phase = phase_at(program, 1)
    second = phase.items.get(position=2)
    response = login(program_office).post(reverse("programs:item_delete", args=[second.pk]))
    assert response.status_code == 302
    assert not RoadmapItem.objects.filter(pk=second.pk).exists()
    assert list(phase.items.values_list("position", flat=True)) == [1, 2, 3, 4]
    assert audited("deleted", "RoadmapItem") == 1


def test_program_office_moves_an_item_down_and_back_up(login, program_office, program):
    phase = phase_at(program, 2)
    first, second = titles(phase)[:2]
    item = phase.items.get(position=1)
    client = login(program_office)
    client.post(reverse("programs:item_shift", args=[item.pk]), {"direction": "down"})
    assert titles(phase)[:2] == [second, first]
    client.post(reverse("programs:item_shift", args=[item.pk]), {"direction": "up"})
    assert titles(phase)[:2] == [first, second]
    assert audited("reordered", "Phase") == 2


def test_moving_the_last_item_down_says_so(login, program_office, program):
    item = phase_at(program, 2).items.order_by("-position").first()
    response = login(program_office).post(
        reverse("programs:item_shift", args=[item.pk]), {"direction": "down"}
    )
    assert response.status_code == 400
    assert "is already the last item." in response.text


def test_program_office_moves_an_item_to_another_phase(login, program_office, program):
    source, target = phase_at(program, 1), phase_at(program, 3)
    item = source.items.get(position=1)
    response = login(program_office).post(
        reverse("programs:item_to_phase", args=[item.pk]), {"phase": target.pk}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.phase, item.position) == (target, 4)
    assert list(source.items.values_list("position", flat=True)) == [1, 2, 3, 4]
    assert audited("updated", "RoadmapItem") == 1


def test_an_item_cannot_move_to_another_programs_phase(login, program_office, program, team):
    other = make_program(program_office, team["executive"].unit)
    item = phase_at(program, 1).items.first()
    response = login(program_office).post(
        reverse("programs:item_to_phase", args=[item.pk]), {"phase": other.phases.first().pk}
    )
    assert response.status_code == 400
    assert "Move to phase: Choose a phase of this program." in response.text
    item.refresh_from_db()
    assert item.phase == phase_at(program, 1)


def test_program_office_sees_the_editing_controls(login, program_office, program):
    page = login(program_office).get(ROADMAP).text
    phase = phase_at(program, 1)
    item = phase.items.first()
    for url in (
        reverse("programs:phase_add"),
        reverse("programs:phase_rename", args=[phase.pk]),
        reverse("programs:item_add", args=[phase.pk]),
        reverse("programs:item_edit", args=[item.pk]),
        reverse("programs:item_to_phase", args=[item.pk]),
    ):
        assert url in page
    assert 'enctype="multipart/form-data"' in page


# --- only the program office edits -----------------------------------------------------


def editing_posts(program: Program, team) -> list[tuple[str, dict]]:
    phase = phase_at(program, 1)
    item = phase.items.first()
    return [
        (reverse("programs:phase_add"), {"program": program.pk, "name": "Mine"}),
        (reverse("programs:phase_rename", args=[phase.pk]), {"name": "Mine"}),
        (reverse("programs:phase_delete", args=[phase.pk]), {}),
        (reverse("programs:phase_shift", args=[phase.pk]), {"direction": "down"}),
        (reverse("programs:item_add", args=[phase.pk]), {"title": "Mine"}),
        (reverse("programs:item_edit", args=[item.pk]), {"title": "Mine"}),
        (reverse("programs:item_delete", args=[item.pk]), {}),
        (reverse("programs:item_shift", args=[item.pk]), {"direction": "down"}),
        (reverse("programs:item_to_phase", args=[item.pk]), {"phase": phase_at(program, 2).pk}),
        (reverse("programs:item_evidence", args=[item.pk]), {"evidence_file": upload()}),
    ]


@pytest.mark.parametrize("role", ["frontline", "manager"])
def test_others_get_403_on_every_edit_and_nothing_changes(login, team, program, role):
    before = list(
        RoadmapItem.objects.order_by("pk").values_list("pk", "phase_id", "position", "title")
    )
    client = login(team[role])
    for url, data in editing_posts(program, team):
        assert client.post(url, data).status_code == 403, url
    after = list(
        RoadmapItem.objects.order_by("pk").values_list("pk", "phase_id", "position", "title")
    )
    assert after == before
    assert names(program)[0] == "Leadership Alignment"
    assert len(names(program)) == 5
    assert not RoadmapItem.objects.exclude(evidence_file="").exists()
    assert AuditEntry.objects.exclude(action="created").count() == 0


def test_others_see_no_editing_controls(login, team, program):
    page = login(team["manager"]).get(ROADMAP).text
    assert reverse("programs:phase_add") not in page
    assert "Edit item" not in page
    assert "Delete phase" not in page


# --- evidence as a file ------------------------------------------------------------------


def test_program_office_uploads_an_evidence_file_keeping_its_name(
    login, program_office, program, private_media
):
    item = phase_at(program, 1).items.first()
    response = login(program_office).post(
        reverse("programs:item_evidence", args=[item.pk]),
        {"evidence_file": upload("Alignment session minutes.pdf")},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.evidence_file_name == "Alignment session minutes.pdf"
    assert item.evidence_file.name.startswith("roadmap-evidence/")
    assert (private_media / item.evidence_file.name).read_bytes() == b"%PDF-1.4 minutes"
    assert audited("updated", "RoadmapItem") == 1
    page = login(program_office).get(ROADMAP).text
    assert reverse("programs:item_evidence_file", args=[item.pk]) in page
    assert "Alignment session minutes.pdf" in page


@pytest.mark.parametrize("who", ["program_office", "frontline"])
def test_evidence_file_downloads_as_an_attachment_with_its_name(
    login, program_office, team, program, who
):
    item = phase_at(program, 1).items.first()
    login(program_office).post(
        reverse("programs:item_evidence", args=[item.pk]), {"evidence_file": upload("notes.pdf")}
    )
    person = program_office if who == "program_office" else team["frontline"]
    response = login(person).get(reverse("programs:item_evidence_file", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="notes.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"


def test_anonymous_is_sent_to_log_in_for_an_evidence_file(client, program_office, program):
    item = phase_at(program, 1).items.first()
    client.force_login(program_office.user)
    client.post(reverse("programs:item_evidence", args=[item.pk]), {"evidence_file": upload()})
    client.logout()
    response = client.get(reverse("programs:item_evidence_file", args=[item.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_login_without_person_record_may_not_download(client, program_office, program):
    item = phase_at(program, 1).items.first()
    client.force_login(program_office.user)
    client.post(reverse("programs:item_evidence", args=[item.pk]), {"evidence_file": upload()})
    stranger = make_person("No Record", login=True)
    stranger.user, user = None, stranger.user
    stranger.save()
    client.force_login(user)
    response = client.get(reverse("programs:item_evidence_file", args=[item.pk]))
    assert response.status_code == 403


def test_an_item_without_a_file_has_no_download(login, team, program):
    item = phase_at(program, 1).items.first()
    response = login(team["frontline"]).get(reverse("programs:item_evidence_file", args=[item.pk]))
    assert response.status_code == 404


def test_too_large_evidence_file_is_refused_with_a_clear_message(
    login, program_office, program, private_media
):
    item = phase_at(program, 1).items.first()
    big = upload("scan.pdf", b"x" * (MAX_EVIDENCE_BYTES + 1))
    response = login(program_office).post(
        reverse("programs:item_evidence", args=[item.pk]), {"evidence_file": big}
    )
    assert response.status_code == 400
    assert "Evidence file: The file is 10.0 MB; evidence files may be at most 10 MB." in (
        response.text
    )
    item.refresh_from_db()
    assert not item.evidence_file
    assert not list(private_media.rglob("*.pdf"))


def test_empty_evidence_file_is_refused(login, program_office, program):
    item = phase_at(program, 1).items.first()
    response = login(program_office).post(
        reverse("programs:item_evidence", args=[item.pk]), {"evidence_file": upload(content=b"")}
    )
    assert response.status_code == 400
    assert "Evidence file: The submitted file is empty." in response.text
    item.refresh_from_db()
    assert not item.evidence_file


def test_an_item_is_marked_done_with_only_a_file_as_evidence(login, program_office, program):
    item = phase_at(program, 1).items.first()
    client = login(program_office)
    client.post(reverse("programs:item_move", args=[item.pk]), {"to": "doing"})
    response = client.post(
        reverse("programs:item_move", args=[item.pk]),
        {"to": "done", "evidence_file": upload("sign-in sheet.pdf")},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    assert item.evidence_file_name == "sign-in sheet.pdf"
    assert (item.evidence_note, item.evidence_link) == ("", "")


def test_marking_done_with_a_too_large_file_changes_nothing(login, program_office, program):
    item = phase_at(program, 1).items.first()
    client = login(program_office)
    client.post(reverse("programs:item_move", args=[item.pk]), {"to": "doing"})
    big = upload("scan.pdf", b"x" * (MAX_EVIDENCE_BYTES + 1))
    response = client.post(
        reverse("programs:item_move", args=[item.pk]), {"to": "done", "evidence_file": big}
    )
    assert response.status_code == 400
    assert "evidence files may be at most 10 MB" in response.text
    item.refresh_from_db()
    assert (item.status, bool(item.evidence_file)) == (ItemStatus.DOING, False)


@pytest.mark.parametrize(
    "name, content",
    [
        ("page.html", b"<script>alert(1)</script>"),
        ("logo.svg", b"<svg onload='alert(1)'/>"),
        ("tool.js", b"alert(1)"),
        ("setup.exe", b"MZ\x90"),
        ("no-extension", b"%PDF-1.4"),
    ],
)
def test_an_evidence_file_that_is_not_a_document_picture_or_text_is_refused(
    login, program_office, program, name, content
):
    item = phase_at(program, 1).items.first()
    response = login(program_office).post(
        reverse("programs:item_evidence", args=[item.pk]),
        {"evidence_file": upload(name, content)},
    )
    assert response.status_code == 400
    assert f"“{name}” cannot be evidence: upload a document, a picture or a text" in (response.text)
    assert not RoadmapItem.objects.exclude(evidence_file="").exists()


def test_an_upload_declared_too_large_is_refused_before_its_body_is_read(
    login, program_office, program
):
    item = phase_at(program, 1).items.first()
    client = login(program_office)
    # The body is a small file, the declared length 20 MB: reading the body as declared
    # would wait for bytes that never come, so a 400 here means it was not read.
    response = client.post(
        reverse("programs:item_evidence", args=[item.pk]),
        {"evidence_file": upload()},
        CONTENT_LENGTH=str(20 * 1024 * 1024),
    )
    assert response.status_code == 400
    assert "The upload is 20.0 MB; evidence files may be at most 10 MB." in response.text
    assert not RoadmapItem.objects.exclude(evidence_file="").exists()


def test_an_old_evidence_file_of_another_type_downloads_as_plain_bytes(
    login, program_office, team, program, private_media
):
    item = phase_at(program, 1).items.first()
    (private_media / "roadmap-evidence").mkdir(parents=True, exist_ok=True)
    (private_media / "roadmap-evidence" / "old.html").write_bytes(b"<script>alert(1)</script>")
    RoadmapItem.objects.filter(pk=item.pk).update(
        evidence_file="roadmap-evidence/old.html", evidence_file_name="old.html"
    )
    response = login(team["frontline"]).get(reverse("programs:item_evidence_file", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="old.html"'
    assert response["X-Content-Type-Options"] == "nosniff"
