"""Meeting pages: recording a meeting (leaders of the unit, program office), the list with
the service-first share and the inclusion flags; bad input shows the service's messages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tandem.programs.models import AgendaItem, Meeting
from tandem.programs.services.meetings import AgendaInput, record_meeting
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.django_db

LIST, NEW = "/program/meetings/", "/program/meetings/new/"


def form_data(unit, chair, attendees, *items) -> dict:
    """POST data for the meeting form; items are (title, tag, [units]) for the first rows."""
    data = {
        "date": "2026-02-02",
        "unit": unit.pk,
        "chair": chair.pk,
        "attendees": [p.pk for p in attendees],
        "notes": "",
    }
    for n, (title, tag, affects) in enumerate(items, start=1):
        data[f"item_{n}_title"] = title
        data[f"item_{n}_tag"] = tag
        data[f"item_{n}_affects"] = [u.pk for u in affects]
    return data


def held(chair, *tags, attendees=(), affects=(), on=date(2026, 1, 5)):
    return record_meeting(
        chair.user,
        date=on,
        unit=chair.unit,
        chair=chair,
        attendees=list(attendees) or [chair],
        items=[AgendaInput(f"Item {n}", t, list(affects)) for n, t in enumerate(tags, 1)],
    )


def test_anonymous_is_sent_to_log_in(client):
    for url in (LIST, NEW):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_supervisor_records_a_meeting_with_its_agenda_in_order(team, login):
    pharmacy = make_unit("Harbor Health/Pharmacy")
    ward = team["supervisor"].unit
    client = login(team["supervisor"])
    assert client.get(NEW).status_code == 200
    data = form_data(
        ward,
        team["supervisor"],
        [team["frontline"], team["colleague"]],
        ("Patient stories of the week", "service", []),
        ("", "", []),  # a blank row is ignored
        ("Discharge medicines", "operations", [pharmacy, ward]),
    )
    response = client.post(NEW, data)
    assert response.status_code == 302 and response["Location"] == LIST
    meeting = Meeting.objects.get()
    assert (meeting.unit, meeting.chair, meeting.date) == (
        ward,
        team["supervisor"],
        date(2026, 2, 2),
    )
    assert set(meeting.attendees.all()) == {
        team["supervisor"],
        team["frontline"],
        team["colleague"],
    }
    items = list(meeting.items.all())
    assert [(i.position, i.title, i.tag) for i in items] == [
        (1, "Patient stories of the week", "service"),
        (2, "Discharge medicines", "operations"),
    ]
    assert set(items[1].affects.all()) == {pharmacy, ward}


def test_meeting_without_attendees_or_tags_shows_the_messages_and_saves_nothing(team, login):
    ward = team["supervisor"].unit
    data = form_data(ward, team["supervisor"], [], ("Budget", "", []), ("Rota", "people", []))
    response = login(team["supervisor"]).post(NEW, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "A meeting needs at least one attendee." in html
    assert "Agenda item 1 (“Budget”) has no tag" in html
    assert "Nothing was saved" in html
    assert Meeting.objects.count() == 0 and AgendaItem.objects.count() == 0


def test_meeting_without_date_or_agenda_is_refused(team, login):
    data = form_data(team["supervisor"].unit, team["supervisor"], [team["frontline"]])
    data["date"] = ""
    html = login(team["supervisor"]).post(NEW, data).content.decode()
    assert "Give the date of the meeting." in html and "Add at least one agenda item." in html
    assert Meeting.objects.count() == 0


def test_frontline_may_not_record_meetings(team, login):
    client = login(team["frontline"])
    assert client.get(NEW).status_code == 403
    data = form_data(
        team["frontline"].unit, team["frontline"], [team["frontline"]], ("Hi", "service", [])
    )
    assert client.post(NEW, data).status_code == 403
    assert Meeting.objects.count() == 0


def test_leader_may_not_record_for_a_unit_outside_their_own(team, outsider, login):
    data = form_data(outsider.unit, team["supervisor"], [team["frontline"]], ("Hi", "service", []))
    response = login(team["supervisor"]).post(NEW, data)
    assert response.status_code == 400
    assert "Pick one of the units you record meetings for." in response.content.decode()
    assert Meeting.objects.count() == 0


def test_program_office_records_a_meeting_of_any_unit(team, outsider, program_office, login):
    data = form_data(outsider.unit, outsider, [outsider], ("Payroll service", "service", []))
    assert login(program_office).post(NEW, data).status_code == 302
    assert Meeting.objects.get().unit == outsider.unit


def test_list_shows_service_first_share_and_inclusion_flags(team, login):
    manager = team["manager"]
    pharmacy = make_unit("Harbor Health/Pharmacy")
    today = timezone.localdate()
    held(manager, "service", "finance", on=today - timedelta(days=28))
    held(manager, "finance", "service", affects=[pharmacy], on=today - timedelta(days=21))
    held(manager, "operations", on=today - timedelta(days=14))
    pharmacist = make_person("Phil Pharm", unit=pharmacy)
    held(
        manager,
        "service",
        attendees=[manager, pharmacist],
        affects=[pharmacy],
        on=today - timedelta(days=7),
    )
    held(manager, "service", on=today - timedelta(days=120))  # before the window
    html = login(manager).get(LIST).content.decode()
    # 2 of the 4 meetings the manager chaired in Ward 4B in the window opened with service,
    # and the window is said next to the figure.
    assert "chaired by you opened with service, in the last 90 days" in html
    assert "(2 of 4; since" in html and "50%" in html
    assert "Nobody from Pharmacy attended, though this item affects them." in html
    assert html.count("Nobody from Pharmacy attended") == 2  # both items of that meeting
    assert "1 of 2 (50%)" in html  # Pharmacy was present at 1 of the 2 meetings affecting it


def test_affected_team_sees_the_meeting_but_outsiders_do_not(team, outsider, login):
    pharmacy = make_unit("Harbor Health/Pharmacy")
    pharmacist = make_person("Phil Pharm", unit=pharmacy)
    held(team["manager"], "service", affects=[pharmacy])
    assert "Maria Manager" in login(pharmacist).get(LIST).content.decode()
    html = login(outsider).get(LIST).content.decode()
    assert "Maria Manager" not in html and "No meetings recorded yet." in html
    assert "Record a meeting" not in html  # frontline outsider may not record


def test_login_without_a_person_may_not_see_meetings(client, db):
    from tandem.people.models import User

    user = User.objects.create_user("ghost@harbor.example", "x")
    client.force_login(user)
    assert client.get(LIST).status_code == 403
    assert client.get(NEW).status_code == 403


def test_agenda_text_is_escaped(team, login):
    record_meeting(
        team["manager"].user,
        date=date(2026, 1, 5),
        unit=team["manager"].unit,
        chair=team["manager"],
        attendees=[team["manager"]],
        items=[AgendaInput("<script>alert(1)</script>", "service")],
    )
    html = login(team["frontline"]).get(LIST).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
