"""A digest of a week still in progress (a preview, or one built on the week's own days)
compares its days so far with the same days of the week before, as the dashboard does."""

from __future__ import annotations

from datetime import date

import pytest
from django.template.loader import render_to_string

from tandem.digests.services import build_content, week_of
from tests.indicators.helpers import brute_force
from tests.indicators.in_progress import TODAY, build_mid_november, freeze_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def mid_november(db, monkeypatch):
    freeze_today(monkeypatch)
    return build_mid_november()


def headline(content: dict) -> dict:
    return {row["key"]: (row["value"], row["previous"]) for row in content["headline"]}


def test_a_week_in_progress_is_compared_with_the_same_days_of_the_week_before(mid_november):
    manager = mid_november["manager"]
    content = build_content(manager, week_of(TODAY))
    assert content["so_far"] is True
    assert content["compared"] == "2–4 Nov against 26–28 Oct"
    assert content["counted_end"] == TODAY.isoformat()
    now = brute_force(manager.unit, date(2026, 11, 2), TODAY)
    before = brute_force(manager.unit, date(2026, 10, 26), date(2026, 10, 28))
    rows = headline(content)
    for key in ("ideas_created", "ideas_tried", "service_actions", "stories"):
        assert rows[key] == (now[key], before[key]), key
    for key in ("participation", "manager_engagement"):
        assert rows[key][0] == pytest.approx(now[key]), key
        assert rows[key][1] == pytest.approx(before[key]), key
    assert content["ideas_per_employee_per_year"] == pytest.approx(
        now["ideas_created"] / now["staff"] * 365 / 3
    )
    text = render_to_string("digests/email/body.txt", {"c": content})
    assert (
        "so far, change against the same days of the week before: 2–4 Nov against 26–28 Oct" in text
    )


def test_a_finished_week_is_compared_with_the_whole_week_before(mid_november):
    manager = mid_november["manager"]
    week = week_of(date(2026, 10, 26))
    content = build_content(manager, week)
    assert content["so_far"] is False
    now = brute_force(manager.unit, date(2026, 10, 26), date(2026, 11, 1))
    before = brute_force(manager.unit, date(2026, 10, 19), date(2026, 10, 25))
    assert headline(content)["ideas_created"] == (now["ideas_created"], before["ideas_created"])
    text = render_to_string("digests/email/body.txt", {"c": content})
    assert "(change against the week before)" in text
