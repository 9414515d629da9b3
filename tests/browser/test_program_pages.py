"""The six program pages on a 390-px phone, for four kinds of people: no sideways scroll,
one row of tabs, and the commitments page's filters (see tests/browser/conftest.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tandem.lib import cadence as cal
from tandem.people.models import Level
from tandem.programs.services.commitments import check_in, create_commitment
from tandem.programs.services.saydo import record_say_do_audit
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_person, make_program_office, make_team
from tests.programs.helpers import align, make_program, meeting
from tests.programs.saydo_examples import EXAMPLE_1

PAGES = {
    "roadmap": "/program/",
    "alignment": "/program/alignment/",
    "cascade": "/program/cascade/",
    "commitments": "/program/commitments/",
    "meetings": "/program/meetings/",
    "say-do": "/program/say-do/",
}
PHONE_WIDTH = 390


def weekly_record(leader, text: str, weeks: int, kept_every: int = 2) -> None:
    """A weekly commitment started `weeks` ago, checked in as kept on every
    `kept_every`-th week, not kept on some, missed on the others; this week is due."""
    today = timezone.localdate()
    commitment = create_commitment(
        leader.user, leader, text, "sustain", "weekly", started_on=today - timedelta(weeks=weeks)
    )
    periods = cal.periods_between(commitment.started_on, today, cal.WEEKLY)[:-1]
    for n, period in enumerate(periods):
        if n % kept_every == 0:
            check_in(leader.user, commitment, period.start, True, today=today)
        elif n % 5 == 1:
            check_in(leader.user, commitment, period.start, False, "Short-staffed", today=today)


@pytest.fixture
def program_data(transactional_db):
    """A program with a roadmap, alignment, commitments over a year, meetings and an audit."""
    team = make_team()
    office = make_program_office()
    root = team["executive"].unit
    program = make_program(office, root)
    align(program, team["manager"])
    for n in range(6):  # more leaders in long-named units, for the wide tables
        unit = f"Harbor Health/Surgical Services and Perioperative Care/Recovery Ward {n}"
        make_person(f"Leader {n} with a rather long name", unit=unit, level=Level.SUPERVISOR)
    weekly_record(team["supervisor"], "Recognize one frontline improvement every week", 52)
    weekly_record(team["manager"], "Approve or answer every idea from my team within a week", 30)
    weekly_record(team["senior"], "Service first on my weekly meeting agenda", 20, kept_every=3)
    for n in range(4):
        meeting(team["manager"], "service", "finance", on=timezone.localdate() - timedelta(days=n))
    record_say_do_audit(office.user, root, date(2026, 1, 12), EXAMPLE_1)
    return {**team, "office": office, "program": program}


@pytest.mark.parametrize("who", ["office", "senior", "manager", "frontline"])
def test_no_program_page_scrolls_sideways_on_a_phone(phone, program_data, who):
    log_in(phone, program_data[who])
    for name, url in PAGES.items():
        phone.goto(url)
        tabs = phone.get_by_role("navigation", name="Program pages")
        expect(tabs).to_be_visible()
        current = tabs.locator("[aria-current=page]")
        expect(current).to_have_count(1)
        expect(current).to_be_in_viewport()  # the bar scrolls its current tab into view
        # One row of tabs, each tall enough to tap.
        assert tabs.bounding_box()["height"] <= 52, f"{url}: the tab bar wraps"
        for box in [link.bounding_box() for link in tabs.get_by_role("link").all()]:
            assert box["height"] >= 44
        width = phone.evaluate("document.documentElement.scrollWidth")
        screenshot(phone, f"program-{name}-{who}-phone")
        assert width <= PHONE_WIDTH, f"{url} is {width} px wide for the {who}"


def test_commitments_filters_on_a_phone(phone, program_data):
    """The program office narrows the commitments to one unit and a status, on a phone."""
    log_in(phone, program_data["office"])
    phone.goto(PAGES["commitments"])
    summary = phone.get_by_role("region", name="Record by unit")
    expect(summary.locator("tfoot th")).to_have_text("All units")
    phone.get_by_text("Filters", exact=True).click()
    filters = phone.get_by_role("search", name="Filter commitments")
    filters.get_by_label("Status").select_option(label="Check-in due this period")
    filters.get_by_label("Find a unit").fill("Ward 4B")
    filters.locator("select[name=unit] option", has_text="Ward 4B").wait_for(state="attached")
    filters.locator("select[name=unit]").select_option(label="Harbor Health/Nursing/Ward 4B")
    filters.get_by_role("button", name="Apply").click()
    phone.wait_for_url(lambda url: "status=due" in url)
    # Maria's two and Sid's one have this week open; Sam (Harbor Health) is not in the unit.
    expect(phone.locator(".leader-name")).to_have_count(2)
    expect(phone.locator(".leader-name").first).to_contain_text("Maria Manager")
    rows = phone.get_by_role("region", name="Record by unit").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("th")).to_contain_text("Ward 4B")
    expect(rows.first.locator("td").last).to_have_text("3")  # three due now
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    screenshot(phone, "program-commitments-filtered-phone")

    phone.goto(PAGES["commitments"] + "?status=sleeping&rule=sustain")
    alert = phone.get_by_role("alert")
    expect(alert).to_contain_text("Status: “sleeping” is not a status")
    expect(phone.locator(".leader-name")).to_have_count(3)  # the rule still applies
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


@pytest.mark.parametrize("size", ["page", "phone"])
def test_program_pages_pass_axe(request, program_data, size):
    """No axe violation on any program page (color-contrast included), wide and on a phone."""
    browser_page = request.getfixturevalue(size)
    log_in(browser_page, program_data["office"])
    found = {}
    for name, url in PAGES.items():
        browser_page.goto(url)
        results = Axe().run(browser_page)
        found[name] = [
            (v["id"], len(v["nodes"]), v["nodes"][0]["target"])
            for v in results.response["violations"]
        ]
    assert found == {name: [] for name in PAGES}
