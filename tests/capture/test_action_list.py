"""The service-action list: dated, filtered by the action's date."""

import datetime

from django.utils import timezone

from tests.factories import make_action


def whats(response) -> list[str]:
    return [a.what for a in response.context["page"].object_list]


def test_actions_listed_by_date_newest_first(team, login):
    today = timezone.localdate()
    make_action(team["frontline"], what="Earlier", date=today - datetime.timedelta(days=3))
    make_action(team["frontline"], what="Today", date=today)
    assert whats(login(team["frontline"]).get("/actions/")) == ["Today", "Earlier"]


def test_date_range_applies_to_the_action_date(team, login):
    today = timezone.localdate()
    make_action(team["frontline"], what="Old", date=today - datetime.timedelta(days=30))
    make_action(team["frontline"], what="New", date=today)
    since = (today - datetime.timedelta(days=1)).isoformat()
    assert whats(login(team["frontline"]).get(f"/actions/?date_from={since}")) == ["New"]


def test_search_and_unit_filter(team, outsider, login):
    make_action(team["frontline"], what="Walked a visitor to radiology")
    make_action(outsider, what="Walked a supplier to payroll")
    client = login(team["frontline"])
    assert sorted(whats(client.get("/actions/?q=walked"))) == [
        "Walked a supplier to payroll",
        "Walked a visitor to radiology",
    ]
    unit = team["frontline"].unit.pk
    assert whats(client.get(f"/actions/?q=walked&unit={unit}")) == ["Walked a visitor to radiology"]


def test_empty_state(team, login):
    assert "No service actions yet." in login(team["frontline"]).get("/actions/").content.decode()
