"""The roadmap screen: reading it, starting a program, moving items and adding evidence."""

import pytest
from django.urls import reverse

from tandem.programs.models import ItemStatus, Program, RoadmapItem
from tests.factories import make_unit
from tests.programs.helpers import make_program

pytestmark = pytest.mark.django_db

ROADMAP = reverse("programs:roadmap")


def first_item(program: Program) -> RoadmapItem:
    return RoadmapItem.objects.filter(phase__program=program).order_by(
        "phase__position", "position"
    )[0]


def move_url(item: RoadmapItem) -> str:
    return reverse("programs:item_move", args=[item.pk])


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(ROADMAP)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_login_without_person_record_may_not_view(client, django_user_model):
    user = django_user_model.objects.create_user("nobody@harbor.example", "x-pass-123")
    client.force_login(user)
    assert client.get(ROADMAP).status_code == 403


def test_empty_state_offers_the_program_office_the_template(login, program_office):
    response = login(program_office).get(ROADMAP)
    assert response.status_code == 200
    assert "There is no program yet" in response.text
    assert "Start the program from the template" in response.text


def test_empty_state_has_no_start_form_for_frontline(login, team):
    response = login(team["frontline"]).get(ROADMAP)
    assert "There is no program yet" in response.text
    assert "Start the program from the template" not in response.text


def test_program_office_starts_program_with_leadership_alignment_first(login, program_office):
    root = program_office.unit
    response = login(program_office).post(
        reverse("programs:start_program"),
        {"name": "Service First", "root_unit": root.pk, "started_on": "2026-01-05"},
    )
    program = Program.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{ROADMAP}?program={program.pk}"
    page = login(program_office).get(response["Location"]).text
    assert page.index("Leadership Alignment") < page.index("Service Education")
    assert "Hold the leadership alignment session" in page
    assert program.owner == program_office


def test_start_without_a_name_says_which_field_and_creates_nothing(login, program_office):
    response = login(program_office).post(
        reverse("programs:start_program"), {"name": "", "root_unit": program_office.unit.pk}
    )
    assert response.status_code == 400
    assert "Name: This field is required." in response.text
    assert not Program.objects.exists()


@pytest.mark.parametrize("role", ["frontline", "manager", "executive"])
def test_only_program_office_starts_a_program(login, team, role):
    response = login(team[role]).post(
        reverse("programs:start_program"), {"name": "Mine", "root_unit": team[role].unit.pk}
    )
    assert response.status_code == 403
    assert not Program.objects.exists()


def test_frontline_reads_roadmap_without_edit_controls(login, team, program_office):
    program = make_program(program_office, make_unit("Harbor Health"))
    item = first_item(program)
    response = login(team["frontline"]).get(ROADMAP)
    assert response.status_code == 200
    assert item.title in response.text
    assert "Program Lead" in response.text  # the owner
    assert move_url(item) not in response.text
    assert "Add evidence" not in response.text


def test_program_office_sees_the_allowed_moves(login, program_office):
    program = make_program(program_office, make_unit("Harbor Health"))
    item = first_item(program)
    response = login(program_office).get(ROADMAP)
    assert move_url(item) in response.text
    assert "Add evidence" in response.text


def test_program_office_moves_item_to_doing(login, program_office):
    item = first_item(make_program(program_office, make_unit("Harbor Health")))
    response = login(program_office).post(move_url(item), {"to": "doing"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DOING


def test_illegal_move_shows_message_and_changes_nothing(login, program_office):
    item = first_item(make_program(program_office, make_unit("Harbor Health")))
    response = login(program_office).post(
        move_url(item), {"to": "done", "evidence_note": "Held on 12 Jan"}
    )
    assert response.status_code == 400
    assert "An item that is todo cannot move to done" in response.text
    item.refresh_from_db()
    assert (item.status, item.evidence_note) == (ItemStatus.TODO, "")


def test_done_without_evidence_is_refused(login, program_office):
    item = first_item(make_program(program_office, make_unit("Harbor Health")))
    client = login(program_office)
    client.post(move_url(item), {"to": "doing"})
    response = client.post(move_url(item), {"to": "done"})
    assert response.status_code == 400
    assert "Add evidence (a note, a link or a file) before marking the item done." in response.text
    item.refresh_from_db()
    assert item.status == ItemStatus.DOING


def test_done_with_evidence_keeps_the_evidence(login, program_office):
    item = first_item(make_program(program_office, make_unit("Harbor Health")))
    client = login(program_office)
    client.post(move_url(item), {"to": "doing"})
    client.post(move_url(item), {"to": "done", "evidence_note": "Session held, 14 came"})
    item.refresh_from_db()
    assert (item.status, item.evidence_note) == (ItemStatus.DONE, "Session held, 14 came")
    assert "Session held, 14 came" in client.get(ROADMAP).text


def test_unknown_status_is_a_400_naming_the_field(login, program_office):
    item = first_item(make_program(program_office, make_unit("Harbor Health")))
    response = login(program_office).post(move_url(item), {"to": "finished"})
    assert response.status_code == 400
    assert "New status: Select a valid choice." in response.text
    item.refresh_from_db()
    assert item.status == ItemStatus.TODO


def test_unknown_item_is_404(login, program_office):
    response = login(program_office).post(
        reverse("programs:item_move", args=[999999]), {"to": "doing"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["frontline", "manager"])
def test_only_program_office_moves_items_or_adds_evidence(login, team, program_office, role):
    item = first_item(make_program(program_office, make_unit("Harbor Health")))
    client = login(team[role])
    assert client.post(move_url(item), {"to": "doing"}).status_code == 403
    evidence = reverse("programs:item_evidence", args=[item.pk])
    assert client.post(evidence, {"evidence_note": "mine"}).status_code == 403
    item.refresh_from_db()
    assert (item.status, item.evidence_note) == (ItemStatus.TODO, "")


def test_anonymous_post_is_sent_to_log_in(client, program_office):
    item = first_item(make_program(program_office, make_unit("Harbor Health")))
    response = client.post(move_url(item), {"to": "doing"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.TODO


def test_program_office_adds_evidence_link(login, program_office):
    item = first_item(make_program(program_office, make_unit("Harbor Health")))
    response = login(program_office).post(
        reverse("programs:item_evidence", args=[item.pk]),
        {"evidence_link": "https://intranet.example/alignment-minutes"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.evidence_link == "https://intranet.example/alignment-minutes"


def test_bad_evidence_link_is_refused_naming_the_field(login, program_office):
    item = first_item(make_program(program_office, make_unit("Harbor Health")))
    response = login(program_office).post(
        reverse("programs:item_evidence", args=[item.pk]),
        {"evidence_note": "minutes", "evidence_link": "not a link"},
    )
    assert response.status_code == 400
    assert "Evidence link: Enter a valid URL." in response.text
    item.refresh_from_db()
    assert (item.evidence_note, item.evidence_link) == ("", "")


def test_empty_evidence_is_refused(login, program_office):
    item = first_item(make_program(program_office, make_unit("Harbor Health")))
    response = login(program_office).post(
        reverse("programs:item_evidence", args=[item.pk]), {"evidence_note": "  "}
    )
    assert response.status_code == 400
    assert "Give a note, a link or a file as evidence." in response.text


def test_evidence_text_is_escaped(login, program_office):
    item = first_item(make_program(program_office, make_unit("Harbor Health")))
    client = login(program_office)
    client.post(
        reverse("programs:item_evidence", args=[item.pk]),
        {"evidence_note": "<script>alert(1)</script>"},
    )
    page = client.get(ROADMAP).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_picker_shows_the_chosen_program(login, program_office, team):
    first = make_program(program_office, make_unit("Harbor Health"))
    second = make_program(program_office, make_unit("Harbor Health/Nursing"))
    second.name = "Second wave: Nursing"
    second.save()
    response = login(team["frontline"]).get(f"{ROADMAP}?program={first.pk}")
    assert 'name="program"' in response.text  # the picker, since there are two
    assert f'<option value="{first.pk}" selected>' in response.text
    assert "<h1>Service First 2026: roadmap</h1>" in response.text


@pytest.mark.parametrize(("raw", "status"), [("999999", 404), ("abc", 400)])
def test_bad_program_id(login, program_office, raw, status):
    make_program(program_office, make_unit("Harbor Health"))
    assert login(program_office).get(f"{ROADMAP}?program={raw}").status_code == status
