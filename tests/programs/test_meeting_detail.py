"""The meeting page: notes, distribution to the affected teams, responses and answers.
Outsiders get a 404, those who see but may not act a 403; bad input says why and saves
nothing."""

from __future__ import annotations

from datetime import date

import pytest

from tandem.notifications.models import Notification
from tandem.programs.models import Meeting, MeetingResponse
from tandem.programs.services.meetings import AgendaInput, record_meeting
from tandem.programs.services.responses import respond
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def discharge_meeting(team) -> Meeting:
    """Sam Senior chairs Nursing's meeting; nobody from Pharmacy attends, though affected."""
    return record_meeting(
        team["senior"].user,
        date=date(2026, 2, 2),
        unit=make_unit("Harbor Health/Nursing"),
        chair=team["senior"],
        attendees=[team["senior"], team["manager"]],
        items=[
            AgendaInput("Patient stories", "service", []),
            AgendaInput(
                "Discharge medicines",
                "operations",
                [team["frontline"].unit, make_unit("Harbor Health/Pharmacy")],
            ),
        ],
        notes="Pharmacy to <b>review</b> weekend cover.",
    )


def urls(meeting: Meeting) -> dict[str, str]:
    base = f"/program/meetings/{meeting.pk}/"
    return {"detail": base, "distribute": base + "distribute/", "respond": base + "respond/"}


def answer_url(response: MeetingResponse) -> str:
    return f"/program/meetings/responses/{response.pk}/answer/"


def test_the_page_shows_the_meeting_its_agenda_flags_and_escaped_notes(team, login):
    meeting = discharge_meeting(team)
    page = login(team["frontline"]).get(urls(meeting)["detail"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Leadership meeting of Nursing" in html and "2 Feb 2026" in html
    assert "chaired by Sam Senior" in html and "Maria Manager" in html
    assert html.index("Patient stories") < html.index("Discharge medicines")
    assert "affects Ward 4B, Pharmacy" in html
    assert "Nobody from Pharmacy attended" in html
    assert "Pharmacy to &lt;b&gt;review&lt;/b&gt; weekend cover." in html
    assert "Not distributed yet" in html
    assert "Distribute to affected teams" not in html  # not the chair
    assert 'name="kind"' in html  # an affected person may respond


def test_the_meetings_list_links_to_each_meeting(team, login):
    meeting = discharge_meeting(team)
    page = login(team["senior"]).get("/program/meetings/")
    assert f'href="/program/meetings/{meeting.pk}/"' in page.content.decode()


def test_an_outsider_gets_404_everywhere(team, outsider, login):
    meeting = discharge_meeting(team)
    response = respond(team["frontline"].user, meeting, "concern", "Weekends?")
    client = login(outsider)
    assert client.get(urls(meeting)["detail"]).status_code == 404
    assert client.post(urls(meeting)["distribute"]).status_code == 404
    data = {"kind": "support", "text": "Hi"}
    assert client.post(urls(meeting)["respond"], data).status_code == 404
    assert client.post(answer_url(response), {"answer": "No"}).status_code == 404
    assert client.get("/program/meetings/999999/").status_code == 404
    assert MeetingResponse.objects.count() == 1 and Meeting.objects.get().distributed_at is None


def test_chair_distributes_once_and_the_page_says_when_and_to_how_many(team, login):
    meeting = discharge_meeting(team)
    client = login(team["senior"])
    assert "Distribute to affected teams" in client.get(urls(meeting)["detail"]).content.decode()

    reply = client.post(urls(meeting)["distribute"], follow=True)
    html = reply.content.decode()
    assert "Sent to 4 people." in html
    assert "Distributed " in html and "to 4 people in Ward 4B, Pharmacy" in html
    assert "Distribute to affected teams" not in html

    again = client.post(urls(meeting)["distribute"], follow=True)
    assert "already distributed; nobody was told twice" in again.content.decode()
    assert Notification.objects.count() == 4


def test_someone_who_sees_but_does_not_chair_may_not_distribute(team, login):
    meeting = discharge_meeting(team)
    assert login(team["frontline"]).post(urls(meeting)["distribute"]).status_code == 403
    assert Meeting.objects.get().distributed_at is None and not Notification.objects.exists()


def test_an_affected_person_responds_and_the_chair_hears(team, login):
    meeting = discharge_meeting(team)
    item = meeting.items.get(position=2)
    client = login(team["frontline"])
    data = {"kind": "suggestion", "text": "Pack a <pill> box.", "item": str(item.pk)}
    reply = client.post(urls(meeting)["respond"], data, follow=True)
    html = reply.content.decode()
    assert "your response was sent to the chair" in html
    assert "Pack a &lt;pill&gt; box." in html and "on “Discharge medicines”" in html
    saved = MeetingResponse.objects.get()
    assert (saved.author, saved.kind, saved.item) == (team["frontline"], "suggestion", item)
    assert Notification.objects.filter(recipient=team["senior"]).count() == 1


def test_someone_who_sees_but_is_not_affected_gets_403_on_responding(team, login):
    meeting = discharge_meeting(team)
    client = login(team["executive"])  # sees Nursing's meeting from above, not affected
    page = client.get(urls(meeting)["detail"])
    assert page.status_code == 200 and 'name="kind"' not in page.content.decode()
    reply = client.post(urls(meeting)["respond"], {"kind": "support", "text": "Good"})
    assert reply.status_code == 403
    assert not MeetingResponse.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "praise", "text": "Nice"}, "&#x27;praise&#x27; is not a kind of response"),
        ({"kind": "support", "text": "  "}, "Write your response; it is empty."),
        ({"kind": "", "text": "Nice"}, "Say what kind of response this is"),
        ({"kind": "support", "text": "Nice", "item": "abc"}, "Choose an item on this meeting"),
    ],
)
def test_a_bad_response_says_why_and_saves_nothing(team, login, data, message):
    meeting = discharge_meeting(team)
    reply = login(team["frontline"]).post(urls(meeting)["respond"], data)
    assert reply.status_code == 400
    html = reply.content.decode()
    assert message in html and "Nothing was sent" in html
    assert not MeetingResponse.objects.exists() and not Notification.objects.exists()


def test_chair_answers_and_the_author_is_told(team, login):
    meeting = discharge_meeting(team)
    response = respond(team["frontline"].user, meeting, "concern", "Weekends?")
    client = login(team["senior"])
    assert 'name="answer"' in client.get(urls(meeting)["detail"]).content.decode()

    reply = client.post(answer_url(response), {"answer": "Saturdays from March."}, follow=True)

    html = reply.content.decode()
    assert "Answer sent to Fay Front." in html
    assert "Answer from Sam Senior" in html and "Saturdays from March." in html
    assert MeetingResponse.objects.get().answer == "Saturdays from March."
    assert Notification.objects.filter(recipient=team["frontline"]).count() == 1


def test_an_empty_answer_says_why_and_saves_nothing(team, login):
    meeting = discharge_meeting(team)
    response = respond(team["frontline"].user, meeting, "concern", "Weekends?")
    reply = login(team["senior"]).post(answer_url(response), {"answer": " "})
    assert reply.status_code == 400
    assert "Write your answer; it is empty." in reply.content.decode()
    assert MeetingResponse.objects.get().answered_at is None


@pytest.mark.parametrize("who", ["frontline", "manager", "executive"])
def test_others_who_see_the_meeting_get_403_on_answering(team, login, who):
    meeting = discharge_meeting(team)
    response = respond(team["colleague"].user, meeting, "concern", "Weekends?")
    client = login(team[who])
    assert 'name="answer"' not in client.get(urls(meeting)["detail"]).content.decode()
    assert client.post(answer_url(response), {"answer": "Sure"}).status_code == 403
    assert MeetingResponse.objects.get().answered_at is None


def test_actions_need_post_and_a_login(team, client, login):
    meeting = discharge_meeting(team)
    assert client.get(urls(meeting)["detail"]).status_code == 302
    assert login(team["senior"]).get(urls(meeting)["distribute"]).status_code == 405
