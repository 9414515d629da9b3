"""The profile page in a real browser: create a token, see it once, revoke it."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot
from tests.factories import make_team


def test_person_creates_sees_once_and_revokes_a_token_on_a_phone(phone):
    fay = make_team()["frontline"]
    log_in(phone, fay)
    phone.goto("/profile/")
    expect(phone.get_by_role("heading", name="Fay Front")).to_be_visible()
    phone.get_by_label("New token name").fill("Team spreadsheet")
    phone.get_by_role("button", name="Create token").click()
    expect(phone.get_by_label("Token", exact=True)).to_have_value(re.compile(r"^tdm_"))
    expect(phone.get_by_text("it will not be shown again")).to_be_visible()
    screenshot(phone, "profile-new-token")
    phone.goto("/profile/")
    expect(phone.get_by_label("Token", exact=True)).to_have_count(0)
    phone.get_by_role("button", name="Revoke token Team spreadsheet").click()
    expect(phone.get_by_text("is revoked; it no longer works")).to_be_visible()
    screenshot(phone, "profile-tokens")


def test_profile_fits_a_phone_and_a_long_unit_path_breaks_at_its_slashes(phone):
    fay = make_team("Harbor Health/Patient Support/Environmental Services")["frontline"]
    log_in(phone, fay)
    phone.goto("/profile/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    path = phone.locator(".unit-path")
    # Each line of the wrapped path ends at a "/" or at the end of a name, never inside one.
    lines = path.evaluate(
        """el => {
          const range = document.createRange();
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          const lines = [];
          let top = null, node;
          while ((node = walker.nextNode())) {
            for (let i = 0; i < node.length; i++) {
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const y = Math.round(range.getBoundingClientRect().top);
              if (y !== top) { lines.push(''); top = y; }
              lines[lines.length - 1] += node.data[i];
            }
          }
          return lines;
        }"""
    )
    assert len(lines) > 1, lines
    for line in lines[:-1]:
        assert line.rstrip().endswith("/") or line.endswith(" "), lines
    screenshot(phone, "profile-phone")
