"""Every page each of the four roles reaches (the menu's pages, then the main detail and
form pages) fits a 390-px phone: no sideways scroll. All offenders are reported at once.

`site` and `pages_for` are shared with test_accessibility.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from tandem.capture import services as capture
from tandem.outcomes.models import UnitOutcome
from tandem.people.models import Level
from tandem.programs.services.commitments import create_commitment
from tests.browser.conftest import log_in, screenshot
from tests.factories import (
    make_action,
    make_idea,
    make_person,
    make_program_office,
    make_story,
    make_team,
)
from tests.programs.helpers import make_program, meeting

ROLES = ["frontline", "manager", "senior", "program_office"]
# Long names, as real org charts have them: what makes a page too wide.
WARD = "Harbor Health/Patient Support/Environmental Services/Night Shift"


def build_site() -> dict:
    """A believable organization: a reporting line with ideas, stories, actions, a
    program, a commitment, a meeting and months of outcomes."""
    team = make_team(WARD)
    office = make_program_office()
    make_person(
        "Wilhelmina Invitee-Longname",
        unit=WARD,
        manager=team["supervisor"],
        login=False,
        email="wilhelmina.invitee-longname@harbor-health.example",
    )
    idea = make_idea(
        team["frontline"],
        title="Night lights in the corridors so that patients do not trip",
        blocks=("improvement", "recovery"),
    )
    capture.transition_idea(
        team["supervisor"].user, idea, "trying", note="Two weeks on the east corridor.",
        by=team["supervisor"],
    )  # fmt: skip
    capture.comment_on_idea(
        team["manager"].user, idea, "Ask facilities for the lights.", by=team["manager"]
    )
    proposed = make_idea(team["frontline"], title="Large-type discharge notes")
    make_idea(team["colleague"], title="Menus read aloud", status="trying")
    story = make_story(
        team["frontline"],
        what_happened="A daughter called at 3 a.m.; Fay found her mother's glasses.",
        customer_words="You treated my mum like your own family.",
    )
    action = make_action(team["frontline"], what="Walked a lost visitor to radiology")
    program = make_program(office, team["executive"].unit)
    today = timezone.localdate()
    commitment = create_commitment(
        team["manager"].user, team["manager"], "Recognize one improvement every week",
        "sustain", "weekly", started_on=today - timedelta(days=14),
    )  # fmt: skip
    held = meeting(
        team["manager"], "service", "finance", on=today - timedelta(days=3),
        attendees=[team["manager"], team["supervisor"]],
    )  # fmt: skip
    first = today.replace(day=1)
    for back in range(1, 7):
        month = (first - timedelta(days=28 * back)).replace(day=1)
        UnitOutcome.objects.get_or_create(
            unit=team["manager"].unit,
            month=month,
            defaults={"csat": 80 + back, "complaints": back, "imported_at": timezone.now()},
        )
    return {
        **team,
        "program_office": office,
        "idea": idea,
        "proposed": proposed,
        "story": story,
        "action": action,
        "program": program,
        "commitment": commitment,
        "meeting": held,
    }


@pytest.fixture
def site(transactional_db):
    return build_site()


def menu_urls(page) -> list[str]:
    """The links of the main menu on the page shown (hidden or not)."""
    return page.eval_on_selector_all(
        "nav.mainnav .menu-links a", "links => links.map(a => a.getAttribute('href'))"
    )


def pages_for(role: str, site: dict) -> list[str]:
    """The main detail and form pages a role reaches, beyond the menu's."""
    person = site[role]
    unit = person.unit_id
    pages = [
        "/",
        "/capture/",
        "/ideas/",  # the three lists: tabs of the board, not in the menu
        "/stories/",
        "/actions/",
        f"/ideas/{site['idea'].pk}/",
        f"/stories/{site['story'].pk}/",
        f"/actions/{site['action'].pk}/",
        "/downloads/",
        "/program/cascade/",
        "/program/alignment/",
        "/program/commitments/",
        "/program/meetings/",
        "/program/say-do/",
        f"/leaders/units/{unit}/",
        "/leaders/activity/",
        "/leaders/how-we-count/",
        f"/outcomes/units/{site['manager'].unit_id}/",
        "/recognition/new/",
        "/recognition/contests/",
        "/recognition/showcase/",
    ]
    if role == "frontline":
        pages.append(f"/ideas/{site['proposed'].pk}/edit/")
    if person.level != Level.FRONTLINE:
        pages += [
            f"/program/commitments/{site['commitment'].pk}/",
            "/program/meetings/new/",
        ]
    if role in ("manager", "program_office"):
        pages.append(f"/program/meetings/{site['meeting'].pk}/")
    if role == "program_office":
        pages += [
            "/people/invite/",
            "/outcomes/import/",
            "/outcomes/correlations/",
            "/program/say-do/new/",
        ]
    return pages


def visit_all(phone, role: str, site: dict) -> list[str]:
    """Log in as the role, then every page of its menu and its detail pages, in order."""
    log_in(phone, site[role])
    urls = list(dict.fromkeys([*menu_urls(phone), *pages_for(role, site)]))
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_every_role_fits_a_phone(phone, site, role):
    urls = visit_all(phone, role, site)
    too_wide = []
    failed = []
    for url in urls:
        try:
            response = phone.goto(url)
        except PlaywrightError as error:
            failed.append(f"{url} ({error.message.splitlines()[0]})")
            continue
        phone.wait_for_load_state("networkidle")
        if response is None or response.status != 200:
            failed.append(f"{url} ({response.status if response else 'no response'})")
            continue
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide.append(f"{url} ({width} px)")
            screenshot(phone, f"too-wide-{role}-{url.strip('/').replace('/', '-') or 'home'}")
    assert len(urls) >= 15
    assert not failed, f"{role}: pages that did not open: {', '.join(failed)}"
    assert not too_wide, f"{role}: pages wider than 390 px: {', '.join(too_wide)}"


def test_the_open_menu_fits_a_phone_and_its_targets_are_44_px(phone, site):
    log_in(phone, site["program_office"])
    phone.goto("/")
    menu = phone.locator("details.menu")
    summary = menu.locator("summary")
    assert summary.bounding_box()["height"] >= 44
    links = menu.locator(".menu-links a")
    assert not links.first.is_visible()  # closed until asked for
    summary.click()
    assert links.first.is_visible()
    for box in [links.nth(i).bounding_box() for i in range(links.count())]:
        assert box["height"] >= 44 and box["width"] >= 44
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "menu-phone-open")
    # No script needed: the keyboard opens and closes it too.
    summary.press("Enter")
    assert not links.first.is_visible()
