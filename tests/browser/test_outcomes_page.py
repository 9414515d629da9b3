"""The unit page in a real browser: every chart draws on the same months, under the strict
CSP, and the page fits a phone. Saves the screenshot outcomes.png (tests/browser/conftest.py
says where)."""

from __future__ import annotations

import random
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from tandem.capture.models import Idea
from tandem.indicators import rebuild
from tandem.outcomes.models import UnitOutcome
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_idea, make_story, make_team

pytestmark = pytest.mark.browser


def months_back(count: int) -> list[date]:
    first = timezone.localdate().replace(day=1)
    index = first.year * 12 + first.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count, index)]


@pytest.fixture
def ward_with_history(browser_db):
    team = make_team()
    ward = team["manager"].unit
    rng = random.Random(7)
    people = [team[k] for k in ("frontline", "colleague", "supervisor", "manager")]
    now = timezone.now()
    with transaction.atomic():  # a transactional test has no outer transaction
        _history(team, ward, rng, people, now)
    rebuild.rebuild_indicators()
    return team


def _history(team, ward, rng, people, now) -> None:
    for i, month in enumerate(months_back(18)):
        active = people[: 1 + (i * 3) // 18]  # the program spreads through the team
        for person in active:
            make_story(person, date=month.replace(day=10))
        for n in range(len(active) // 2 + i % 2):
            idea = make_idea(active[n], title=f"Idea {i}.{n}")
            Idea.objects.filter(pk=idea.pk).update(
                created_at=timezone.make_aware(datetime.combine(month.replace(day=12), time(10)))
            )
        UnitOutcome.objects.create(
            unit=ward,
            month=month,
            csat=Decimal(str(round(78 + i * 0.4 + rng.gauss(0, 1.5), 1))),
            complaints=max(0, int(9 - i * 0.25 + rng.gauss(0, 1.5))),
            compliments=int(3 + i * 0.3 + rng.random() * 3),
            staff_turnover=Decimal(str(round(max(0.0, 1.6 - i * 0.03 + rng.gauss(0, 0.3)), 2))),
            imported_at=now,
        )


def _problems(page) -> list[str]:
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    page.on(
        "console",
        lambda m: (
            found.append(m.text)
            if (m.type == "error" and "favicon" not in m.location.get("url", ""))
            or "Content Security Policy" in m.text
            else None
        ),
    )
    return found


def test_unit_page_draws_indicators_and_outcomes_on_one_axis(page, ward_with_history):
    problems = _problems(page)
    manager = ward_with_history["manager"]
    log_in(page, manager)
    page.goto(f"/outcomes/units/{manager.unit_id}/")
    expect(page.get_by_role("heading", name="Ward 4B: indicators and outcomes")).to_be_visible()
    views = page.locator(".report-chart-view")
    # participation, ideas and actions; CSAT, complaints and compliments, turnover
    expect(views).to_have_count(5)
    for index in range(5):
        expect(views.nth(index).and_(page.locator('[data-chart-state="rendered"]'))).to_be_visible()
        expect(views.nth(index).locator("svg")).to_have_count(1)
    titles = page.locator(".report-chart-view svg")
    expect(titles.nth(0)).to_contain_text("Participation and manager engagement")
    expect(titles.nth(2)).to_contain_text("Customer satisfaction (CSAT, %)")
    # The month-by-month table has the last 24 months, newest first.
    rows = (
        page.locator("caption", has_text="indicators and outcomes by month")
        .locator("xpath=..")
        .locator("tbody tr")
    )
    expect(rows).to_have_count(24)
    assert problems == []
    screenshot(page, "outcomes")


def test_unit_page_fits_a_phone(phone, ward_with_history):
    manager = ward_with_history["manager"]
    log_in(phone, manager)
    phone.goto(f"/outcomes/units/{manager.unit_id}/")
    expect(phone.locator('[data-chart-state="rendered"]').nth(4)).to_be_visible()
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
