"""The meeting page: notes, distribution to the affected teams, and once distributed a
link to the initiative the notes became (responses and answers live there, see
tests/voice/test_meeting_initiatives.py). Outsiders get a 404, those who see but may not
act a 403."""

from __future__ import annotations

from datetime import date

import pytest

from tandem.notifications.models import Notification
from tandem.programs.models import Meeting
from tandem.programs.services.meetings import AgendaInput, record_meeting
from tandem.programs.services.responses import distribute_meeting
from tandem.voice.models import Initiative
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


BEFORE = (
    "Once the notes are distributed, the affected teams respond to them on their "
    "initiative page, and Sam Senior answers there."
)


def urls(meeting: Meeting) -> dict[str, str]:
    base = f"/program/meetings/{meeting.pk}/"
    return {"detail": base, "distribute": base + "distribute/"}


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
    assert BEFORE in html and "the initiative page</a>" not in html


def test_the_meetings_list_links_to_each_meeting(team, login):
    meeting = discharge_meeting(team)
    page = login(team["senior"]).get("/program/meetings/")
    assert f'href="/program/meetings/{meeting.pk}/"' in page.content.decode()


def test_an_outsider_gets_404_everywhere(team, outsider, login):
    meeting = discharge_meeting(team)
    client = login(outsider)
    assert client.get(urls(meeting)["detail"]).status_code == 404
    assert client.post(urls(meeting)["distribute"]).status_code == 404
    assert client.get("/program/meetings/999999/").status_code == 404
    assert Meeting.objects.get().distributed_at is None and not Notification.objects.exists()

    distribute_meeting(team["senior"].user, meeting)
    initiative = Initiative.objects.get(meeting=meeting)
    assert client.get(urls(meeting)["detail"]).status_code == 404
    assert client.get(f"/voice/initiatives/{initiative.pk}/").status_code == 404


def test_chair_distributes_once_and_the_page_says_when_and_to_how_many(team, login):
    meeting = discharge_meeting(team)
    client = login(team["senior"])
    assert "Distribute to affected teams" in client.get(urls(meeting)["detail"]).content.decode()

    reply = client.post(urls(meeting)["distribute"], follow=True)
    html = reply.content.decode()
    assert "Sent to 4 people." in html
    assert "Distributed " in html and "to 4 people in Ward 4B, Pharmacy" in html
    assert "Distribute to affected teams" not in html
    initiative = Initiative.objects.get(meeting=meeting)
    assert f'href="/voice/initiatives/{initiative.pk}/"' in html and BEFORE not in html

    again = client.post(urls(meeting)["distribute"], follow=True)
    assert "already distributed; nobody was told twice" in again.content.decode()
    assert Notification.objects.count() == 4


def test_someone_who_sees_but_does_not_chair_may_not_distribute(team, login):
    meeting = discharge_meeting(team)
    assert login(team["frontline"]).post(urls(meeting)["distribute"]).status_code == 403
    assert Meeting.objects.get().distributed_at is None and not Notification.objects.exists()


def test_once_distributed_those_affected_follow_the_link_to_respond(team, login):
    meeting = discharge_meeting(team)
    distribute_meeting(team["senior"].user, meeting)
    initiative = Initiative.objects.get(meeting=meeting)
    client = login(team["frontline"])

    html = client.get(urls(meeting)["detail"]).content.decode()

    link = f'href="/voice/initiatives/{initiative.pk}/"'
    assert link in html and "Sam Senior answers them" in html
    page = client.get(f"/voice/initiatives/{initiative.pk}/")
    assert page.status_code == 200
    assert "Pharmacy to &lt;b&gt;review&lt;/b&gt; weekend cover." in page.content.decode()


def test_actions_need_post_and_a_login(team, client, login):
    meeting = discharge_meeting(team)
    assert client.get(urls(meeting)["detail"]).status_code == 302
    assert login(team["senior"]).get(urls(meeting)["distribute"]).status_code == 405
