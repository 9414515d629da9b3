"""The program pages share one tab bar (programs/_tabs.html): every page has it, marks its
own tab as the current page, and shows only the tabs the person may open."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tandem.people.models import User
from tandem.programs import access
from tandem.programs.services.meetings import AgendaInput, record_meeting
from tests.programs.helpers import make_program

pytestmark = pytest.mark.django_db

PAGES = {
    "Roadmap": "/program/",
    "Alignment": "/program/alignment/",
    "Cascade": "/program/cascade/",
    "Commitments": "/program/commitments/",
    "Meetings": "/program/meetings/",
    "Say–do": "/program/say-do/",
}


def tab_bar(html: str) -> str:
    bars = re.findall(r'<nav class="page-tabs" aria-label="Program pages">.*?</nav>', html, re.S)
    assert len(bars) == 1, "one tab bar per page"
    return bars[0]


@pytest.mark.parametrize("who", ["program_office", "frontline", "manager"])
def test_every_program_page_has_the_one_tab_bar_with_its_tab_current(
    team, program_office, login, who
):
    make_program(program_office, team["executive"].unit)
    person = program_office if who == "program_office" else team[who]
    client = login(person)
    for label, url in PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, url
        bar = tab_bar(response.content.decode())
        assert re.findall(r'aria-current="page">([^<]+)</a>', bar) == [label], url
        assert re.findall(r">([^<]+)</a></li>", bar) == list(PAGES)
        assert 'class="subnav"' not in response.content.decode()


def test_pages_below_a_tab_mark_it_as_the_current_section(team, login):
    meeting = record_meeting(
        team["manager"].user,
        date=date(2026, 1, 5),
        unit=team["manager"].unit,
        chair=team["manager"],
        attendees=[team["manager"]],
        items=[AgendaInput("Service", "service")],
    )
    bar = tab_bar(login(team["manager"]).get(f"/program/meetings/{meeting.pk}/").content.decode())
    assert 'aria-current="true">Meetings</a>' in bar


def test_the_tabs_keep_the_program_picked(team, program_office, login):
    program = make_program(program_office, team["executive"].unit)
    bar = tab_bar(
        login(program_office).get(f"/program/cascade/?program={program.pk}").content.decode()
    )
    assert f'href="/program/alignment/?program={program.pk}"' in bar
    assert 'href="/program/commitments/"' in bar


def test_only_the_tabs_a_person_may_open_are_offered(team, program_office):
    ghost = User.objects.create_user("ghost@harbor.example", "x")  # a login, no person
    assert access.program_tabs(ghost) == []
    names = [name for name, _ in access.program_tabs(team["frontline"].user)]
    assert names == ["roadmap", "alignment", "cascade", "commitments", "meetings", "say_do"]
