"""A manager moves a card on the idea board in one click, without a page reload."""

from playwright.sync_api import expect

from tandem.capture.models import Idea
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_idea, make_team


def test_manager_moves_a_card_to_trying(page):
    team = make_team()
    idea = make_idea(team["frontline"], title="Night lights in corridors", blocks=("improvement",))
    make_idea(team["colleague"], title="Greet every visitor", status="trying")
    make_idea(team["colleague"], title="Large-type menus", status="implemented")
    log_in(page, team["manager"])
    page.goto("/board/")
    page.evaluate("window.samePage = true")
    card = page.locator(f"#card-{idea.pk}")
    expect(card.locator("xpath=ancestor::section")).to_have_attribute("data-status", "proposed")
    card.get_by_role("button", name="Trying").click()
    trying = page.locator('section[data-status="trying"]')
    expect(trying.locator(f"#card-{idea.pk}")).to_be_visible()
    assert page.evaluate("window.samePage === true")  # swapped in place, not reloaded
    assert Idea.objects.get(pk=idea.pk).status == "trying"
    expect(page.get_by_text("Moved “Night lights in corridors” to trying.")).to_be_visible()
    screenshot(page, "idea-board")
