"""The digest page in a real browser, on a phone: readable, chart drawn, no sideways scroll.

The browser runs in a thread of its own with its own Playwright: tests/browser's
session-wide Playwright (whose fixtures this directory cannot see) may still be running
in the main thread, and Playwright's sync API allows one per thread.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tandem.capture.models import StoryKind
from tandem.digests import services
from tandem.digests.models import DigestPreference, Weekday
from tandem.indicators import rebuild
from tests.browser.conftest import CHROMIUM_ARGS, log_in, screenshot
from tests.digests.helpers import WEEK_START
from tests.factories import implemented_idea, make_person, make_team, story_on

pytestmark = pytest.mark.browser


def on_a_phone(base_url: str, steps: Callable[[Page], None]) -> None:
    """Run `steps` on a 390-px phone screen in a fresh thread; re-raise what failed."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                    args=CHROMIUM_ARGS,
                )
                context = browser.new_context(
                    base_url=base_url,
                    viewport={"width": 390, "height": 844},
                    device_scale_factor=2,
                    is_mobile=True,
                    has_touch=True,
                )
                page = context.new_page()
                page.set_default_timeout(10_000)
                try:
                    steps(page)
                finally:
                    browser.close()
        except BaseException as error:  # handed to the test thread
            failure.append(error)

    thread = threading.Thread(target=run, name="digest-browser")
    thread.start()
    thread.join(180)
    assert not thread.is_alive(), "the browser did not finish in 3 minutes"
    if failure:
        raise failure[0]


def test_a_leader_reads_the_digest_on_a_phone_and_picks_a_day(live_server, browser_db):
    team = make_team("Harbor Health/Nursing/Ward 4B")
    make_person("Quinn Quiet", unit="Harbor Health/Nursing/Ward 5A")
    story_on(
        WEEK_START + timedelta(days=2),
        team["frontline"],
        team["colleague"],
        kind=StoryKind.SERVICE_RECOVERY,
        what_happened="A patient's discharge was delayed; Fay rebooked the transport and "
        "stayed with the family until it came.",
        customer_words="She turned a terrible afternoon into one we will remember kindly.",
    )
    implemented_idea(
        team["frontline"],
        on=WEEK_START + timedelta(days=3),
        minutes=90,
        effect="Families wait less at discharge.",
        title="Pre-book transport at admission",
    )
    rebuild.rebuild_indicators()
    senior = team["senior"]
    digest = services.ensure_row(senior, services.week_of(WEEK_START))
    services.deliver(digest.pk)

    def steps(phone: Page) -> None:
        log_in(phone, senior)
        phone.goto("/digests/")
        expect(phone.get_by_role("heading", name="Best stories")).to_be_visible()
        expect(phone.get_by_text("She turned a terrible afternoon")).to_be_visible()
        expect(phone.get_by_text("Pre-book transport at admission")).to_be_visible()
        expect(
            phone.get_by_text("A service recovery: a customer's problem turned around")
        ).to_be_visible()
        expect(phone.locator('[data-chart-state="rendered"]').first).to_be_visible()
        wide = phone.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, wide
        screenshot(phone, "digest-phone")

        phone.select_option("select[name=weekday]", label="Friday")
        phone.get_by_role("button", name="Save").click()
        expect(phone.get_by_text("Your digest comes on Fridays.")).to_be_visible()
        expect(phone.locator("select[name=weekday]")).to_have_value("4")

    on_a_phone(live_server.url, steps)
    assert DigestPreference.objects.get(person=senior).weekday == Weekday.FRIDAY
