"""Distributing a meeting's notes to the affected teams, their responses and the answers."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.audit.models import AuditEntry
from tandem.notifications.models import Notification
from tandem.programs.models import Meeting, MeetingResponse
from tandem.programs.services.meetings import AgendaInput, record_meeting
from tandem.programs.services.responses import (
    answer,
    distribute_meeting,
    distribution_count,
    respond,
)
from tests.factories import make_person, make_program_office, make_unit

pytestmark = pytest.mark.django_db


def discharge_meeting(team, *, attendees=(), affects=None) -> Meeting:
    """Sam Senior chairs Nursing's meeting; its second item affects Ward 4B and Pharmacy."""
    ward = team["frontline"].unit
    pharmacy = make_unit("Harbor Health/Pharmacy")
    return record_meeting(
        team["senior"].user,
        date=date(2026, 2, 2),
        unit=make_unit("Harbor Health/Nursing"),
        chair=team["senior"],
        attendees=[team["senior"], *attendees],
        items=[
            AgendaInput("Patient stories", "service", []),
            AgendaInput(
                "Discharge medicines",
                "operations",
                [ward, pharmacy] if affects is None else affects,
            ),
        ],
    )


def told(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person).values_list("text", flat=True))


def test_distribution_reaches_each_active_person_of_the_affected_teams_once(team, outsider):
    pharmacist = make_person("Pia Pharma", unit="Harbor Health/Pharmacy")
    night_tech = make_person("Nico Night", unit="Harbor Health/Pharmacy/Night")
    make_person("Gone Gus", unit="Harbor Health/Pharmacy", active=False)
    meeting = discharge_meeting(team)

    sent = distribute_meeting(team["senior"].user, meeting)

    expected = {
        team["manager"],
        team["supervisor"],
        team["frontline"],
        team["colleague"],
        pharmacist,
        night_tech,
    }
    notified = Notification.objects.all()
    assert sent == 6
    assert {n.recipient for n in notified} == expected
    assert notified.count() == 6
    assert all(n.url == f"/program/meetings/{meeting.pk}/" for n in notified)
    meeting.refresh_from_db()
    assert meeting.distributed_at is not None
    assert distribution_count(meeting) == 6
    entry = AuditEntry.objects.get(action="distributed")
    assert entry.changes["recipients"] == 6
    assert told(outsider) == told(team["executive"]) == []


def test_distributing_twice_notifies_nobody_twice(team, program_office):
    meeting = discharge_meeting(team)
    assert distribute_meeting(team["senior"].user, meeting) == 4
    first_sent_at = Meeting.objects.get().distributed_at

    assert distribute_meeting(program_office.user, Meeting.objects.get()) == 0
    assert distribute_meeting(team["senior"].user, meeting) == 0

    assert Notification.objects.count() == 4
    assert Meeting.objects.get().distributed_at == first_sent_at
    assert AuditEntry.objects.filter(action="distributed").count() == 1


def test_only_the_chair_or_program_office_distributes(team, program_office):
    meeting = discharge_meeting(team)
    with pytest.raises(PermissionDenied):
        distribute_meeting(team["manager"].user, meeting)
    assert Meeting.objects.get().distributed_at is None
    assert distribute_meeting(program_office.user, meeting) == 4


def test_a_meeting_affecting_no_team_cannot_be_distributed(team):
    meeting = discharge_meeting(team, affects=[])
    with pytest.raises(ValidationError) as caught:
        distribute_meeting(team["senior"].user, meeting)
    assert "names a team it affects" in caught.value.message_dict["meeting"][0]
    assert Meeting.objects.get().distributed_at is None
    assert not Notification.objects.exists()


@pytest.mark.parametrize("who", ["frontline", "manager", "attendee", "chair", "program_office"])
def test_those_affected_attendees_chair_and_program_office_may_respond(team, who):
    people = {**team, "attendee": make_person("Ada Attendee", unit="Harbor Health/Finance")}
    people["chair"] = team["senior"]
    people["program_office"] = make_program_office(unit="Harbor Health/Quality")
    meeting = discharge_meeting(team, attendees=[people["attendee"]])

    response = respond(people[who].user, meeting, "concern", "  Weekends have no pharmacist. ")

    assert response.author == people[who]
    assert response.text == "Weekends have no pharmacist."
    assert MeetingResponse.objects.count() == 1


@pytest.mark.parametrize("who", ["executive", "outsider", "inactive"])
def test_people_the_meeting_does_not_affect_may_not_respond(team, outsider, who):
    gone = make_person("Gone Gus", unit=team["frontline"].unit, active=False)
    people = {"executive": team["executive"], "outsider": outsider, "inactive": gone}
    meeting = discharge_meeting(team)
    with pytest.raises(PermissionDenied):
        respond(people[who].user, meeting, "support", "Yes please.")
    assert not MeetingResponse.objects.exists()


def test_a_response_tells_the_chair_and_is_audited(team):
    meeting = discharge_meeting(team)
    item = meeting.items.get(position=2)
    response = respond(team["frontline"].user, meeting, "suggestion", "Pack a pill box.", item=item)

    assert response.item == item
    assert told(team["senior"]) == [
        "Fay Front sent a suggestion on “Discharge medicines” about the leadership meeting "
        "of Nursing on 2 Feb 2026."
    ]
    assert AuditEntry.objects.filter(action="created", object_id=str(response.pk)).exists()


@pytest.mark.parametrize(
    ("kind", "text", "field", "words"),
    [
        ("", "Fine", "kind", "Say what kind of response"),
        ("praise", "Fine", "kind", "'praise' is not a kind of response"),
        ("support", "   ", "text", "it is empty"),
        ("support", "x" * 2001, "text", "to 2000 characters; it has 2001"),
    ],
)
def test_bad_responses_say_what_is_wrong_and_save_nothing(team, kind, text, field, words):
    meeting = discharge_meeting(team)
    with pytest.raises(ValidationError) as caught:
        respond(team["frontline"].user, meeting, kind, text)
    assert words in caught.value.message_dict[field][0]
    assert not MeetingResponse.objects.exists()
    assert told(team["senior"]) == []


def test_a_response_about_another_meetings_item_is_refused(team):
    meeting = discharge_meeting(team)
    other = discharge_meeting(team)
    with pytest.raises(ValidationError) as caught:
        respond(team["frontline"].user, meeting, "support", "Yes", item=other.items.first())
    assert "not on this meeting's agenda" in caught.value.message_dict["item"][0]
    assert not MeetingResponse.objects.exists()


def test_the_chair_answers_and_the_author_is_told(team):
    meeting = discharge_meeting(team)
    response = respond(team["frontline"].user, meeting, "concern", "Weekends?")

    answer(team["senior"].user, response, "We will staff Saturdays from March.")

    response.refresh_from_db()
    assert response.answer == "We will staff Saturdays from March."
    assert response.answered_by == team["senior"]
    assert response.answered_at is not None
    assert told(team["frontline"]) == [
        "Sam Senior answered your concern about the leadership meeting of Nursing on 2 Feb 2026."
    ]
    assert AuditEntry.objects.filter(action="answered", object_id=str(response.pk)).exists()


def test_program_office_may_answer_but_others_may_not(team, program_office):
    meeting = discharge_meeting(team)
    response = respond(team["frontline"].user, meeting, "concern", "Weekends?")
    for person in (team["manager"], team["colleague"], team["executive"]):
        with pytest.raises(PermissionDenied):
            answer(person.user, response, "Not mine to say.")
    assert MeetingResponse.objects.get().answered_at is None
    answer(program_office.user, response, "The office will look into it.")
    assert MeetingResponse.objects.get().answered_by == program_office


def test_an_empty_answer_or_a_second_answer_is_refused(team):
    meeting = discharge_meeting(team)
    response = respond(team["frontline"].user, meeting, "concern", "Weekends?")
    with pytest.raises(ValidationError) as caught:
        answer(team["senior"].user, response, "  ")
    assert "it is empty" in caught.value.message_dict["answer"][0]
    assert MeetingResponse.objects.get().answered_at is None

    answer(team["senior"].user, response, "Saturdays from March.")
    with pytest.raises(ValidationError) as caught:
        answer(team["senior"].user, response, "Actually Sundays.")
    assert "already been answered" in caught.value.message_dict["answer"][0]
    assert MeetingResponse.objects.get().answer == "Saturdays from March."
    assert len(told(team["frontline"])) == 1
