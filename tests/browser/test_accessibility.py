"""axe-core over the main pages of every role: no violation of impact "critical" or
"serious". Also the shell's own promises: the skip link, the focus ring, focus on the
confirmation after a form's redirect.

axe's script is injected with Playwright's `evaluate` (the DevTools protocol), which the
site's Content-Security-Policy does not apply to: no bypass needed (the first test shows it).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot, watch_csp
from tests.browser.test_every_page import ROLES, build_site, menu_urls, pages_for

BLOCKING = {"critical", "serious"}


@pytest.fixture
def site(transactional_db):
    return build_site()


def blocking_violations(page, url: str) -> list[str]:
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]][:5]
        found.append(f"{url}: {violation['id']} ({violation['impact']}) at {', '.join(targets)}")
    return found


def test_axe_runs_under_the_sites_policy(page, site):
    problems = watch_csp(page)
    log_in(page, site["frontline"])
    page.goto("/profile/")
    results = Axe().run(page, options=None)
    assert results.response["testEngine"]["name"] == "axe-core"
    assert results.response["passes"]
    assert not [p for p in problems if "Content Security Policy" in p], problems
    # And it finds what it should: a form field without a label is a serious violation.
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    found = blocking_violations(page, "/profile/")
    assert any(": label (critical)" in f or ": label (serious)" in f for f in found), found


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("role", ROLES)
def test_main_pages_have_no_serious_accessibility_violation(page, site, role, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, site[role])
    urls = list(dict.fromkeys([*menu_urls(page), *pages_for(role, site)]))
    found = []
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        found += blocking_violations(page, url)
    assert not found, f"{role} at {width} px:\n" + "\n".join(found)


def test_error_and_login_pages_have_no_serious_violation(page, site):
    found = []
    page.goto("/accounts/login/")
    found += blocking_violations(page, "/accounts/login/")
    log_in(page, site["frontline"])
    for url in ("/no-such-page/", "/audit/"):
        page.goto(url)
        found += blocking_violations(page, url)
    assert not found, "\n".join(found)


def test_skip_link_is_first_shows_on_focus_and_moves_focus_to_the_content(phone, site):
    log_in(phone, site["frontline"])
    phone.goto("/ideas/")
    skip = phone.get_by_role("link", name="Skip to content")
    box = skip.bounding_box()
    assert box["y"] + box["height"] <= 0  # out of sight until focused
    phone.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] >= 44
    screenshot(phone, "skip-link")
    phone.keyboard.press("Enter")
    expect(phone.locator("main#content")).to_be_focused()


def test_focus_ring_is_a_3px_dark_outline_with_an_offset(page, site):
    log_in(page, site["frontline"])
    page.goto("/profile/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")  # "+ Log", a green button
    focused = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return [document.activeElement.textContent.trim(), s.outlineStyle, s.outlineWidth,
                s.outlineColor, s.outlineOffset]; }"""
    )
    assert focused == ["+ Log", "solid", "3px", "rgb(0, 0, 0)", "2px"]


def test_after_a_form_redirects_focus_is_on_the_confirmation(page, site):
    log_in(page, site["frontline"])
    page.goto("/notifications/")
    page.get_by_role("button", name="Mark all read").click()
    status = page.get_by_role("status").filter(has_text="notification")
    expect(status).to_be_focused()
    expect(status).to_contain_text("Marked")


def test_the_menu_is_in_a_row_on_a_wide_screen(page, site):
    log_in(page, site["program_office"])
    page.goto("/")
    expect(page.locator("details.menu > summary")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Board", "Leaders", "Import", "Audit", "Profile"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    boxes = [
        nav.get_by_role("link", name=n, exact=True).bounding_box() for n in ("Board", "Profile")
    ]
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 5  # one row at 1280 px
    assert all(box["height"] >= 44 for box in boxes)
