"""A meeting's distributed notes become a published initiative (voice/initiatives.py,
`meeting_distributed`): the affected teams, the attendees and the chair respond to it,
about the meeting or one agenda item; the chair answers, and the program office may too."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tandem.notifications.models import Notification
from tandem.people.models import User
from tandem.programs.models import Meeting
from tandem.programs.services.meetings import AgendaInput, record_meeting
from tandem.programs.services.responses import distribute_meeting
from tandem.voice import access
from tandem.voice.initiatives import answer, for_meeting, respond
from tandem.voice.models import Initiative, Response, Status
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.django_db

NOTES = "Pharmacy reviews weekend cover by March."
TITLE = "Notes of the leadership meeting of Nursing on 2 Feb 2026"


@pytest.fixture(autouse=True)
def _user_pks_differ_from_person_pks(db):
    """As on PostgreSQL: a login's pk is never its person's, so mixing them shows."""
    User.objects.create_user("no-person@harbor.example")


def discharge_meeting(team, *, attendees=()) -> Meeting:
    """Sam Senior chairs Nursing's meeting; its second item affects Ward 4B and Pharmacy."""
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
                [team["frontline"].unit, make_unit("Harbor Health/Pharmacy")],
            ),
        ],
        notes=NOTES,
        created_by=team["senior"],
    )


def distributed(team, **kw) -> Initiative:
    meeting = discharge_meeting(team, **kw)
    distribute_meeting(team["senior"].user, meeting)
    return Initiative.objects.get(meeting=meeting)


def told(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person).values_list("text", flat=True))


def test_distributing_the_notes_publishes_their_initiative_with_whom_it_reached(team):
    pharmacist = make_person("Pia Pharma", unit="Harbor Health/Pharmacy")
    meeting = discharge_meeting(team)
    assert not Initiative.objects.exists()  # nothing to respond to before it is sent

    sent = distribute_meeting(team["senior"].user, meeting)

    initiative = Initiative.objects.get()
    assert sent == 5 and initiative.reached == 5
    assert initiative.meeting == meeting and initiative.title == TITLE
    assert initiative.what == NOTES
    assert initiative.owner == team["senior"] and initiative.created_by == team["senior"]
    assert initiative.starts_on == date(2026, 2, 2)
    assert initiative.status == Status.PUBLISHED and initiative.open
    assert initiative.published_on == timezone.localdate()
    assert set(initiative.units.all()) == {team["frontline"].unit, pharmacist.unit}
    assert Notification.objects.count() == 5  # the meeting's distribution only, once

    assert distribute_meeting(team["senior"].user, Meeting.objects.get()) == 0
    assert Initiative.objects.get().reached == 5 and Notification.objects.count() == 5


def test_the_initiative_of_notes_not_yet_sent_takes_no_response(team):
    meeting = discharge_meeting(team)
    initiative = for_meeting(meeting)
    assert initiative.status == Status.DRAFT and for_meeting(meeting) == initiative
    with pytest.raises(ValidationError) as caught:
        respond(team["frontline"], initiative, "support", "Yes.")
    assert caught.value.message_dict == {"initiative": ["This initiative is not published yet."]}

    distribute_meeting(team["senior"].user, meeting)
    initiative.refresh_from_db()
    assert initiative.status == Status.PUBLISHED and Initiative.objects.count() == 1
    assert respond(team["frontline"], initiative, "support", "Yes.")[0].author == team["frontline"]


@pytest.mark.parametrize("who", ["frontline", "manager", "attendee", "chair"])
def test_the_affected_teams_the_attendees_and_the_chair_respond(team, who):
    attendee = make_person("Ada Attendee", unit="Harbor Health/Finance")
    people = {**team, "attendee": attendee, "chair": team["senior"]}
    initiative = distributed(team, attendees=[attendee])
    assert access.can_view_initiative(people[who].user, initiative)

    response, code = respond(people[who], initiative, "concern", "  Weekends have no pharmacist. ")

    assert code == "" and response.author == people[who]
    assert response.text == "Weekends have no pharmacist."
    assert Response.objects.get().initiative == initiative


@pytest.mark.parametrize("who", ["executive", "outsider", "inactive", "program_office"])
def test_people_the_notes_do_not_affect_do_not_respond(team, outsider, program_office, who):
    gone = make_person("Gone Gus", unit=team["frontline"].unit, active=False)
    people = {
        "executive": team["executive"],  # above the affected teams, not in them
        "outsider": outsider,
        "inactive": gone,
        "program_office": program_office,
    }
    initiative = distributed(team)
    with pytest.raises(PermissionDenied):
        respond(people[who], initiative, "support", "Yes please.")
    assert not Response.objects.exists()


def test_a_response_on_an_agenda_item_tells_the_chair(team):
    initiative = distributed(team)
    item = initiative.meeting.items.get(position=2)

    response, _ = respond(
        team["frontline"], initiative, "suggestion", "Pack a pill box.", item=item
    )

    assert response.item == item
    assert told(team["senior"]) == [
        f"Fay Front sent a suggestion on “Discharge medicines” about “{TITLE}”."
    ]


def test_an_agenda_item_of_another_meeting_is_refused(team):
    initiative = distributed(team)
    other = discharge_meeting(team)
    with pytest.raises(ValidationError) as caught:
        respond(team["frontline"], initiative, "support", "Yes", item=other.items.first())
    assert caught.value.message_dict == {
        "item": ["That agenda item is not on this meeting's agenda."]
    }
    assert not Response.objects.exists()


def test_the_chair_answers_and_the_author_is_told(team):
    initiative = distributed(team)
    response, _ = respond(team["frontline"], initiative, "concern", "Weekends?")

    reply = answer(
        team["senior"].user, initiative, [response.pk], "changed", "Saturdays from March."
    )

    response.refresh_from_db()
    assert response.answer == reply and reply.by == team["senior"]
    assert told(team["frontline"])[0] == (
        f"Sam Senior answered your response to “{TITLE}”: it changed something."
    )


def test_the_program_office_may_answer_but_others_who_see_the_notes_may_not(team, program_office):
    initiative = distributed(team, attendees=[team["manager"]])
    response, _ = respond(team["frontline"], initiative, "concern", "Weekends?")
    for person in (team["manager"], team["colleague"], team["executive"]):
        with pytest.raises(PermissionDenied):
            answer(person.user, initiative, [response.pk], "not_changed", "Not mine to say.")
    assert Response.objects.get().answer is None

    reply = answer(program_office.user, initiative, [response.pk], "question", "Which weekend?")

    assert reply.by == program_office
    assert Response.objects.get().answer == reply
