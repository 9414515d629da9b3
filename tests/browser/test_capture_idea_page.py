"""An idea's page on a phone: an old, very long description does not push the move box
out of reach; parking asks for the reason, which the page then shows."""

from playwright.sync_api import expect

from tandem.capture.models import Idea
from tests.browser.conftest import log_in, screenshot, watch_csp
from tests.factories import make_idea, make_team


def test_a_long_idea_keeps_the_move_box_in_reach_and_parking_asks_why(phone):
    team = make_team()
    problems = watch_csp(phone)
    idea = make_idea(team["frontline"], title="Night lights in corridors")
    Idea.objects.filter(pk=idea.pk).update(description="Night lights help. " * 10_000)
    log_in(phone, team["manager"])
    phone.goto(f"/ideas/{idea.pk}/")
    move = phone.locator("#move")
    assert move.bounding_box()["y"] < 2000  # a few swipes, not 190,000 characters away
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="Move to parked").click()
    expect(phone.locator("#move")).to_contain_text("Give a reason for parking it")
    assert Idea.objects.get(pk=idea.pk).status == "proposed"
    phone.get_by_label("Note to the authors").fill("No budget until April.")
    phone.get_by_role("button", name="Move to parked").click()
    expect(phone.locator(".parked-reason")).to_contain_text("Reason: No budget until April.")
    expect(phone.locator("#history").locator("xpath=..")).to_contain_text(
        "Reason: No budget until April."
    )
    screenshot(phone, "idea-parked-phone")
    # The rest of the text is one tap away.
    phone.get_by_text("Read the rest").click()
    expect(phone.locator("details.rest > div")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # (The refused move answers 400, which the console reports; nothing else.)
    assert [p for p in problems if "400 (Bad Request)" not in p] == []


def test_editing_an_old_long_description_says_how_much_to_cut(page):
    team = make_team()
    idea = make_idea(team["frontline"])
    Idea.objects.filter(pk=idea.pk).update(description="x" * 5300)
    log_in(page, team["frontline"])
    page.goto(f"/ideas/{idea.pk}/edit/")
    expect(page.locator("#id_description-count")).to_have_text("5,300 / 5,000: 300 too many")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("form.card")).to_contain_text("this one has 5,300")
    assert len(Idea.objects.get(pk=idea.pk).description) == 5300
