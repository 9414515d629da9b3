"""Screenshots of the main pages with believable data (docs/screenshots)."""

import pytest

from tandem.capture import services
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_action, make_idea, make_story, make_team


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
    log_in(page, ward["frontline"])
    page.goto("/")
    screenshot(page, "home")


def test_idea_detail_page(page, ward):
    log_in(page, ward["manager"])
    page.goto(f"/ideas/{ward['idea'].pk}/")
    assert page.get_by_role("heading", name="Night lights in the corridors").is_visible()
    screenshot(page, "idea-detail")


def test_story_feed_page(page, ward):
    log_in(page, ward["frontline"])
    page.goto("/stories/")
    assert page.get_by_text("You treated my mum like your own family.").is_visible()
    screenshot(page, "story-feed")


@pytest.mark.parametrize("path", ["/", "/board/", "/ideas/", "/stories/", "/notifications/"])
def test_pages_fit_a_phone_without_sideways_scrolling(phone, ward, path):
    log_in(phone, ward["manager"])
    phone.goto(path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
