"""An executive opens the leader dashboard, drills down into a unit, exports a table, and
checks the activity view; the dashboard fits a phone. Screenshots: see tests/browser/conftest.py."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from tandem.capture.models import Idea, IdeaComment, IdeaTransition, ServiceAction, Story, StoryKind
from tandem.indicators import rebuild
from tandem.people.models import Level
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_action, make_idea, make_person, make_story

WARDS = {
    "Nursing": ["Ward 4B", "Ward 5C", "Night team"],
    "Clinical Services": ["Radiology", "Pharmacy"],
    "Patient Support": ["Front desk", "Catering"],
}
IDEAS = [
    "Name boards at every bed",
    "Quiet hours after 10 pm",
    "Large-type discharge notes",
    "Warm blankets in recovery",
    "A map at the lift doors",
    "Call families when a scan runs late",
]


def _at(days_ago: float) -> datetime:
    now = timezone.now().astimezone(UTC).replace(hour=10, minute=0, second=0, microsecond=0)
    return now - timedelta(days=days_ago)


def build_hospital() -> dict:
    """Harbor Health with three departments, seven teams and twelve weeks of activity.

    Each team's frontline is busy in proportion to its "pulse", so the heatmap shows
    bands from silent to lively; the Catering manager never answers (a bump risk).
    """
    rng = random.Random(7)
    executive = make_person("Erin Exec", unit="Harbor Health", level=Level.EXECUTIVE)
    result = {"executive": executive}
    pulses = iter([0.9, 0.6, 0.3, 0.7, 0.15, 0.5, 0.8])
    for department, wards in WARDS.items():
        head = make_person(
            f"Head of {department}",
            unit=f"Harbor Health/{department}",
            level=Level.SENIOR_LEADER,
            manager=executive,
        )
        result[department] = head.unit
        for ward in wards:
            pulse = next(pulses)
            path = f"Harbor Health/{department}/{ward}"
            manager = make_person(f"{ward} Manager", unit=path, level=Level.MANAGER, manager=head)
            staff = [make_person(f"{ward} Staff {n}", unit=path, manager=manager) for n in range(5)]
            answers = ward != "Catering"
            for week in range(12):
                for person in staff:
                    if rng.random() > pulse:
                        continue
                    created = _at(week * 7 + rng.uniform(0, 6))
                    idea = make_idea(person, title=rng.choice(IDEAS))
                    Idea.objects.filter(pk=idea.pk).update(created_at=created)
                    if answers and rng.random() < 0.7:
                        when = created + timedelta(days=rng.uniform(0.2, 3))
                        status = "implemented" if rng.random() < 0.5 else "trying"
                        IdeaTransition.objects.create(
                            idea=idea,
                            from_status="proposed",
                            to_status="trying",
                            by=manager,
                            at=when,
                        )
                        if status == "implemented":
                            IdeaTransition.objects.create(
                                idea=idea,
                                from_status="trying",
                                to_status="implemented",
                                by=manager,
                                at=when + timedelta(days=2),
                            )
                        Idea.objects.filter(pk=idea.pk).update(
                            status=status, result="Patients noticed.", minutes_saved_per_week=30
                        )
                        IdeaComment.objects.create(
                            idea=idea, author=manager, text="Let us try it.", created_at=when
                        )
                    if rng.random() < 0.5:
                        action = make_action(person)
                        day = timezone.localdate() - timedelta(days=week * 7 + rng.randint(0, 6))
                        ServiceAction.objects.filter(pk=action.pk).update(date=day)
            result[ward] = manager.unit
    # A team that logs nothing: silent on the activity view.
    chaplain = make_person(
        "Chris Chaplain",
        unit="Harbor Health/Patient Support/Chaplaincy",
        level=Level.SUPERVISOR,
        manager=executive,
    )
    make_person("Cam Chaplaincy", unit=chaplain.unit, manager=chaplain)
    story = make_story(
        result["Ward 4B"].people.first(),
        kind=StoryKind.SERVICE_RECOVERY,
        what_happened="Found a lost hearing aid in the laundry an hour before discharge.",
        customer_words="You saved my mother's week.",
    )
    Story.objects.filter(pk=story.pk).update(date=timezone.localdate())
    rebuild.rebuild_indicators()
    return result


def test_executive_drills_down_and_exports(page):
    org = build_hospital()
    log_in(page, org["executive"])
    page.get_by_role("link", name="Leaders", exact=True).click()
    page.wait_for_url(f"**/leaders/units/{org['executive'].unit_id}/")
    expect(page.locator("h1")).to_have_text("Harbor Health")
    heatmap = page.locator("#heatmap")
    expect(heatmap.locator("tbody tr")).to_have_count(3)
    expect(heatmap.get_by_role("link", name="Nursing")).to_be_visible()
    # Charts draw in the browser; the story of the week is there with its reasons.
    expect(page.locator('[data-chart-state="rendered"]').first).to_be_visible()
    expect(page.locator(".report-chart-view svg").nth(1)).to_be_attached()  # two or more
    expect(page.get_by_text("Found a lost hearing aid")).to_be_visible()
    expect(page.get_by_text("In the customer's own words").first).to_be_visible()
    screenshot(page, "dashboard")

    heatmap.get_by_role("link", name="Nursing").click()
    page.wait_for_url(f"**/leaders/units/{org['Nursing'].pk}/**")
    expect(page.locator("h1")).to_have_text("Nursing")
    expect(page.locator(".crumbs").get_by_role("link", name="Harbor Health")).to_be_visible()
    # The wards in order, each name maybe followed by the drill-down mark "›".
    expect(page.locator("#heatmap tbody tr th")).to_have_text(
        [re.compile(rf"^{re.escape(ward)}[\s›]*$") for ward in WARDS["Nursing"]]
    )
    expect(page.locator('[data-chart-state="rendered"]').first).to_be_visible()
    screenshot(page, "drilldown")

    with page.expect_download() as download_info:
        page.locator("#heatmap-title ~ .ind-exports").get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith(
        "units-"
    ) and download.suggested_filename.endswith(".csv")
    lines = Path(download.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Unit,Staff,Ideas logged")
    assert [line.split(",")[0] for line in lines[1:]] == ["Ward 4B", "Ward 5C", "Night team"]

    page.get_by_role("link", name="Active and silent units").click()
    page.wait_for_url("**/leaders/activity/**")
    expect(page.locator("h1")).to_have_text("Active and silent: Nursing")
    page.locator(".crumbs").get_by_role("link", name="Harbor Health").click()
    page.wait_for_url("**/leaders/units/**")
    page.goto(f"/leaders/activity/?unit={org['executive'].unit_id}")
    risks = page.locator("#bump-risk")
    expect(risks.get_by_text("Harbor Health/Patient Support/Catering")).to_be_visible()
    silent = page.locator("#activity-units tr", has_text="Chaplaincy")
    expect(silent).to_contain_text("silent")
    screenshot(page, "activity")


# What sticks out of a 390-px screen (for the failure message).
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 391)
  .filter(e => getComputedStyle(e).position === 'absolute' || ![...document.querySelectorAll('*')]
      .some(a => a !== e && a.contains(e) && getComputedStyle(a).overflowX !== 'visible'))
  .slice(0, 8)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


def test_dashboard_fits_a_phone(phone):
    org = build_hospital()
    log_in(phone, org["executive"])
    phone.goto(f"/leaders/units/{org['Nursing'].pk}/")
    expect(phone.locator('[data-chart-state="rendered"]').first).to_be_visible()
    wide = phone.evaluate(WIDE_ELEMENTS)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, wide
    expect(phone.locator("#heatmap")).to_be_visible()
    screenshot(phone, "dashboard-phone")
    phone.goto(f"/leaders/activity/?unit={org['executive'].unit_id}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, phone.evaluate(
        WIDE_ELEMENTS
    )
    expect(phone.locator("#bump-risk-definition")).to_be_visible()
    # The wide unit table scrolls inside its own labelled region, reachable by keyboard.
    region = phone.get_by_role("region", name="Units of Harbor Health, scrolls sideways")
    expect(region).to_have_attribute("tabindex", "0")
    screenshot(phone, "activity-phone")
    phone.goto("/leaders/how-we-count/")
    expect(phone.get_by_role("heading", name="Bump risk")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, phone.evaluate(
        WIDE_ELEMENTS
    )
    screenshot(phone, "how-we-count-phone")


def test_the_month_so_far_says_which_days_it_compares(page):
    org = build_hospital()
    log_in(page, org["executive"])
    page.goto(f"/leaders/units/{org['Nursing'].pk}/")
    today = timezone.localdate()
    compared = page.locator("#compared")
    if today.day == 1 or (today + timedelta(days=1)).month != today.month:
        expect(compared).to_contain_text("against")  # a whole month or its first day
    else:
        expect(compared).to_contain_text(f"1–{today.day} {today:%b} against 1–")
        expect(page.locator("#heatmap-note")).to_be_visible()
        expect(page.locator("#heatmap td[data-change]").first).to_be_visible()
