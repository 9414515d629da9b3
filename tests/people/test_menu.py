"""The main menu shows each role the pages it may open, and only those."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_team

pytestmark = pytest.mark.django_db

# Every page the menu may link to, by the label it would have.
ALL_PAGES = {
    "/board/", "/program/", "/leaders/", "/outcomes/",
    "/voice/initiatives/", "/assessments/", "/recognition/", "/voice/", "/digests/",
    "/notifications/", "/people/import/",
    "/audit/", "/profile/",
}  # fmt: skip


def menu_of(html: str) -> dict[str, str]:
    """{href: label} of the links in the main menu."""
    nav = html[html.index('<nav class="mainnav"') : html.index("</nav>")]
    # A link with an icon keeps its words in a span after it.
    links = re.findall(r'<a href="([^"]+)"[^>]*>(?:<svg.*?</svg><span[^>]*>)?([^<]+)', nav)
    return {href: label.strip() for href, label in links}


@pytest.fixture
def roles(program_office):
    team = make_team()
    return {
        "frontline": team["frontline"],
        "manager": team["manager"],
        "senior": team["senior"],
        "program_office": program_office,
    }


EXPECTED = {
    "frontline": ALL_PAGES - {"/digests/", "/people/import/", "/audit/"},
    "manager": ALL_PAGES - {"/people/import/", "/audit/"},
    "senior": ALL_PAGES - {"/people/import/", "/audit/"},
    "program_office": ALL_PAGES,
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_the_menu_links_every_page_the_role_may_open_and_no_other(client, roles, role):
    client.force_login(roles[role].user)
    menu = menu_of(client.get("/").content.decode())
    assert set(menu) == EXPECTED[role]
    for url in menu:
        assert client.get(url, follow=True).status_code == 200, (role, url)
    for url in ALL_PAGES - set(menu):
        response = client.get(url, follow=True)
        # Left out: refused, or (digests) a page that says they are not for this person.
        if url == "/digests/":
            assert b"The weekly early-wins digest goes to leaders" in response.content
        else:
            assert response.status_code == 403, (role, url)


def test_a_frontline_person_sees_their_teams_figures_not_leaders(client, roles):
    client.force_login(roles["frontline"].user)
    menu = menu_of(client.get("/").content.decode())
    assert menu["/leaders/"] == "Team figures"
    client.force_login(roles["manager"].user)
    assert menu_of(client.get("/").content.decode())["/leaders/"] == "Leaders"


def test_log_button_and_log_out_for_everyone_in_the_organization(client, roles):
    client.force_login(roles["frontline"].user)
    html = client.get("/").content.decode()
    assert 'class="button primary log-button"' in html and 'href="/capture/"' in html
    assert ">Log out</button>" in html


def test_the_current_page_is_marked_in_the_menu(client, roles):
    client.force_login(roles["frontline"].user)
    html = client.get("/program/").content.decode()
    assert menu_of(html)["/program/"] == "Program"
    assert '<a href="/program/" aria-current="page">Program</a>' in html
    assert '<a href="/board/" aria-current="page">' not in html


BOARD_TABS = [
    ("/board/", "Board"),
    ("/ideas/", "Ideas"),
    ("/stories/", "Stories"),
    ("/actions/", "Actions"),
]


@pytest.mark.parametrize(("path", "tab"), BOARD_TABS)
def test_the_board_and_the_lists_are_one_menu_link_and_tabs(client, roles, path, tab):
    """The menu's "Board" stands for the board and the three lists; each page shows the
    four as tabs with its own marked, and the menu marks "Board"."""
    client.force_login(roles["frontline"].user)
    html = client.get(path).content.decode()
    assert '<a href="/board/" aria-current="page">Board</a>' in html  # the menu
    bar = html[html.index('<nav class="page-tabs" aria-label="Board and lists">') :]
    bar = bar[: bar.index("</nav>")]
    tabs = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', bar)
    assert [(href, label) for href, _, label in tabs] == BOARD_TABS
    assert [label for _, mark, label in tabs if mark] == [tab]


def test_a_login_without_a_person_sees_only_its_own_pages(client, django_user_model):
    user = django_user_model.objects.create_user("nobody@harbor.example", "x")
    client.force_login(user)
    html = client.get("/profile/").content.decode()
    assert set(menu_of(html)) == {"/notifications/", "/profile/"}
    assert "log-button" not in html
    # The capture lists would open empty; these refuse a login that is nobody.
    for url in ("/program/", "/leaders/", "/outcomes/"):
        assert client.get(url).status_code == 403, url


def test_no_menu_before_logging_in(client):
    html = client.get("/accounts/login/").content.decode()
    assert '<nav class="mainnav"' not in html
    assert 'href="#content">Skip to content</a>' in html
