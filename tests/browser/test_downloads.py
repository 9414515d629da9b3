"""A frontline person downloads every idea a filter matches, on a phone."""

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot, watch_csp
from tests.factories import make_idea, make_team


def test_download_all_matching_ideas_from_a_phone(phone):
    team = make_team()
    make_idea(team["frontline"], title="Warm blankets at night", status="trying")
    make_idea(team["frontline"], title="Quiet hours sign")
    problems = watch_csp(phone)
    log_in(phone, team["frontline"])
    phone.goto("/ideas/?status=trying")
    screenshot(phone, "ideas-phone")
    phone.get_by_role("button", name="CSV").click()
    phone.wait_for_url("**/downloads/")
    expect(phone.get_by_text("Your download is being prepared.")).to_be_visible()
    expect(phone.get_by_text("Ideas — Status: Trying")).to_be_visible()
    link = phone.get_by_role("link", name="Download")
    expect(link).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "downloads-phone")
    with phone.expect_download() as info:
        link.click()
    body = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Warm blankets at night" in body and "Quiet hours sign" not in body
    assert problems == []
