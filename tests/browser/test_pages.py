"""The main pages with believable data, and their screenshots (see tests/browser/conftest.py)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.capture import services
from tandem.programs.services.commitments import create_commitment
from tests.browser.conftest import log_in, screenshot, watch_csp
from tests.factories import make_action, make_idea, make_story, make_team
from tests.programs.helpers import meeting


@pytest.fixture
def ward(transactional_db):
    team = make_team()
    lights = make_idea(
        team["frontline"],
        title="Night lights in the corridors",
        blocks=("improvement", "recovery"),
    )
    lights.description = (
        "Patients walking to the bathroom at night trip in the dark corridor.\n"
        "Low plug-in lights by the skirting would help without waking anyone."
    )
    lights.helps = "Patients who get up at night"
    lights.save()
    services.transition_idea(
        team["supervisor"].user,
        lights,
        "trying",
        note="Let's try them for two weeks on the east corridor.",
        by=team["supervisor"],
    )
    services.comment_on_idea(
        team["manager"].user,
        lights,
        "Great idea — ask facilities for the lights.",
        by=team["manager"],
    )
    make_idea(team["frontline"], title="Large-type discharge notes", blocks=("voice-of-customer",))
    menus = make_idea(team["colleague"], title="Menus read aloud", status="trying")
    services.transition_idea(
        team["manager"].user, menus, "implemented", result="Fewer missed meals.", by=team["manager"]
    )
    make_story(
        team["frontline"],
        what_happened=(
            "A daughter called at 3 a.m.; Fay stayed on the line and found her mother's glasses."
        ),
        customer_words="You treated my mum like your own family.",
        service_level="surprising",
    )
    make_story(
        team["colleague"],
        kind="service_recovery",
        what_happened=(
            "Lunch came late twice; Cal apologised and arranged a hot meal from the café."
        ),
    )
    make_action(team["frontline"], what="Walked a lost visitor to radiology")
    return {**team, "idea": lights}


def test_home_page(page, ward):
    """Fay's start page: her two ideas, newest first, and where each stands."""
    log_in(page, ward["frontline"])
    page.goto("/")
    expect(page.get_by_role("heading", name="Welcome, Fay Front", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Log an idea, action or story")).to_be_visible()
    # Sid moved her idea and Maria commented on it: two notifications.
    expect(page.locator(".card.unread")).to_have_text(
        "You have 2 unread notifications — news about your ideas."
    )
    mine = page.get_by_role("region", name="My ideas")
    expect(mine.locator(".page-head .meta")).to_have_text("1 proposed · 1 trying")
    ideas = mine.locator("ul.items > li")
    expect(ideas.locator("h3")).to_have_text(
        ["Large-type discharge notes", "Night lights in the corridors"]
    )
    expect(ideas.nth(0).locator(".status")).to_have_text("Proposed")
    expect(ideas.nth(0).locator(".meta")).to_contain_text("waiting for a first response")
    expect(ideas.nth(1).locator(".status")).to_have_text("Trying")
    expect(ideas.nth(1).locator(".meta")).to_contain_text("Moved to trying by Sid Super")
    expect(ideas.nth(1).locator(".meta")).to_contain_text(
        "“Let's try them for two weeks on the east corridor.”"
    )
    expect(
        ideas.nth(1).get_by_role("link", name="Night lights in the corridors")
    ).to_have_attribute("href", f"/ideas/{ward['idea'].pk}/")
    # Only her own ideas; and nothing of a leader's, which she is not.
    expect(page.get_by_text("Menus read aloud")).to_have_count(0)
    expect(page.get_by_role("heading", name="Waiting for you")).to_have_count(0)
    expect(page.get_by_role("heading", name="Check-ins due")).to_have_count(0)
    expect(page.get_by_role("heading", name="Service first?")).to_have_count(0)
    screenshot(page, "home")


def test_home_page_shows_a_leader_what_waits_for_them(page, ward):
    """Maria's start page: her team's proposed idea, her check-in due, her meetings."""
    maria = ward["manager"]
    today = timezone.localdate()
    create_commitment(
        maria.user,
        maria,
        "Recognize one frontline improvement every week",
        "sustain",
        "weekly",
        started_on=today - timedelta(days=14),
    )
    meeting(maria, "service", "finance", on=today - timedelta(days=3))
    meeting(maria, "finance", "service", on=today - timedelta(days=10))
    log_in(page, maria)
    page.goto("/")
    expect(page.get_by_role("heading", name="Welcome, Maria Manager", level=1)).to_be_visible()

    waiting = page.get_by_role("region", name="Waiting for you")
    expect(waiting.locator(".page-head .meta")).to_have_text(
        "1 proposed idea from your team, longest waiting first"
    )
    expect(waiting.locator("ul.items > li")).to_have_count(1)
    expect(waiting.locator("ul.items > li h3")).to_have_text("Large-type discharge notes")
    expect(waiting.locator("ul.items > li .meta")).to_contain_text("Fay Front · Ward 4B · logged")
    expect(waiting.get_by_role("link", name="Move them along on the board")).to_have_attribute(
        "href", "/board/"
    )

    due = page.get_by_role("region", name="Check-ins due")
    expect(due.locator("form.check-in")).to_have_count(1)
    expect(due.locator("form.check-in p")).to_have_text(
        re.compile(
            r"^Recognize one frontline improvement every week — week of \d{1,2} \w{3} \d{4}$"
        )
    )
    expect(due.get_by_role("button", name="Kept", exact=True)).to_be_visible()
    expect(due.get_by_role("button", name="Not kept")).to_be_visible()

    service = page.get_by_role("region", name="Service first?")
    expect(service.locator("li")).to_have_text(
        ["chaired by you: 50% (1 of 2)", "in Ward 4B and below: 50% (1 of 2)"]
    )

    mine = page.get_by_role("region", name="My ideas")
    expect(mine).to_contain_text("You have not logged an idea yet.")
    expect(mine.locator("ul.items")).to_have_count(0)


def test_idea_detail_page(page, ward):
    log_in(page, ward["manager"])
    page.goto(f"/ideas/{ward['idea'].pk}/")
    expect(page.get_by_role("heading", name="Night lights in the corridors")).to_be_visible()
    screenshot(page, "idea-detail")


def test_story_feed_page(page, ward):
    log_in(page, ward["frontline"])
    page.goto("/stories/")
    expect(page.get_by_text("You treated my mum like your own family.")).to_be_visible()
    screenshot(page, "story-feed")


@pytest.mark.parametrize("path", ["/", "/board/", "/ideas/", "/stories/", "/notifications/"])
def test_pages_fit_a_phone_without_sideways_scrolling(phone, ward, path):
    log_in(phone, ward["manager"])
    phone.goto(path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path


# Every kind of page a manager opens: lists, forms, htmx fragments, charts.
MANAGER_PAGES = [
    "/",
    "/capture/",
    "/board/",
    "/ideas/",
    "/stories/",
    "/actions/",
    "/notifications/",
    "/profile/",
    "/leaders/",
    "/leaders/activity/",
    "/leaders/how-we-count/",
    "/digests/",
    "/outcomes/",
    "/program/",
    "/program/cascade/",
    "/program/alignment/",
    "/program/commitments/",
    "/program/meetings/",
    "/program/say-do/",
]


def test_pages_run_under_the_strict_policy_without_a_violation(page, ward):
    """style-src and script-src are 'self' only: nothing on these pages (htmx, vega-embed,
    the app's own scripts) may inject a <style> element or an inline script or style."""
    problems = watch_csp(page)
    log_in(page, ward["manager"])
    seen = []
    for path in [*MANAGER_PAGES, f"/ideas/{ward['idea'].pk}/"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        seen.append(path)
        assert not problems, f"{path}: {problems}"
    assert len(seen) == len(MANAGER_PAGES) + 1


def test_error_page_and_open_menu_run_under_the_strict_policy(phone, ward):
    """The shell's own parts: the phone menu opens without a script, the 404 page is in the
    layout, and neither breaks the policy."""
    problems = watch_csp(phone)
    log_in(phone, ward["frontline"])
    phone.goto("/no-such-page/")
    expect(phone.get_by_role("heading", name="We can’t find that page")).to_be_visible()
    screenshot(phone, "error-404-phone")
    phone.locator("details.menu > summary").click()
    expect(phone.get_by_role("link", name="Board", exact=True)).to_be_visible()
    screenshot(phone, "menu-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert not [p for p in problems if "favicon" not in p and "404" not in p], problems
