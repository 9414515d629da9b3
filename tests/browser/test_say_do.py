"""The say–do report in a browser: worked example 1 of docs/say-do.md, seen by a leader."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from tandem.programs.services.saydo import record_say_do_audit
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_program_office, make_team
from tests.programs.saydo_examples import EXAMPLE_1


def test_leader_reads_the_say_do_report(page):
    team = make_team()
    office = make_program_office()
    root = team["executive"].unit
    record_say_do_audit(office.user, root, date(2026, 1, 12), EXAMPLE_1)
    log_in(page, team["manager"])
    page.goto("/program/say-do/")
    scores = page.locator(".score-card")
    expect(scores).to_have_count(3)
    expect(scores.nth(1).locator(".figure-value")).to_have_text("17")
    expect(scores.nth(1).locator(".figure-label")).to_have_text("Supervisor")
    contradictions = page.locator(".contradictions li")
    expect(contradictions.first).to_have_text(
        "Service is declared the top priority, but 0% of supervisors' incentive pay depends on it."
    )
    # The bars of the chart itself (the legend's colour swatches may be SVG too).
    bars = page.get_by_role("img", name="Say–do score per level for each audit").locator("rect")
    expect(bars).to_have_count(3)  # one audit × three levels
    expect(page.get_by_role("link", name="Record an audit")).to_have_count(0)
    screenshot(page, "say-do")
