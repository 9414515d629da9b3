"""The say–do report in a browser: worked example 1 of docs/say-do.md, seen by a leader."""

from __future__ import annotations

from datetime import date

from tandem.programs.services.saydo import record_say_do_audit
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_program_office, make_team
from tests.programs.test_saydo import EXAMPLE_1


def test_leader_reads_the_say_do_report(page):
    team = make_team()
    office = make_program_office()
    root = team["executive"].unit
    record_say_do_audit(office.user, root, date(2026, 1, 12), EXAMPLE_1)
    log_in(page, team["manager"])
    page.goto("/program/say-do/")
    scores = page.locator(".score-card")
    assert scores.count() == 3
    assert scores.nth(1).locator(".figure-value").inner_text() == "17"
    assert scores.nth(1).locator(".figure-label").inner_text() == "Supervisor"
    contradictions = page.locator(".contradictions li")
    assert contradictions.first.inner_text() == (
        "Service is declared the top priority, but 0% of supervisors' incentive pay depends on it."
    )
    assert page.locator(".chart svg rect").count() == 3  # one audit × three levels
    assert page.get_by_role("link", name="Record an audit").count() == 0
    screenshot(page, "say-do")
