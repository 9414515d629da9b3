"""Every list page costs a number of queries that does not grow with its rows: the same
page with 3 and with 40 records of each kind, for a leader (the privacy rule and the
team subquery) and with the filters that change the plan (unit, search)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.people.models import ApiToken
from tests.factories import make_action, make_idea, make_story

pytestmark = pytest.mark.django_db

PAGES = [
    "/ideas/",
    "/ideas/?page=2",
    "/ideas/?unit={unit}",
    "/ideas/?q=lights",
    "/stories/",
    "/stories/?q=lights",
    "/actions/",
    "/actions/?unit={unit}&q=lights",
    "/board/",
    "/board/?unit=&block=vision",
    "/",
    "/api/v1/ideas?limit=100",
    "/api/v1/stories?q=lights",
    "/api/v1/actions?unit={unit}",
]


def make_records(team, n: int) -> None:
    for i in range(n):
        person = team["frontline"] if i % 2 else team["colleague"]
        make_idea(person, title=f"Night lights {i}", blocks=("vision",), private=i % 5 == 0)
        make_story(person, what_happened=f"Fixed the lights in room {i}")
        make_action(person, what=f"Checked the lights on round {i}")


def queries(client, url: str, token: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_a_list_page_costs_the_same_queries_with_few_or_many_rows(team, login, page):
    client = login(team["manager"])
    token = ApiToken.issue(team["manager"].user, "test")[1]
    url = page.format(unit=team["frontline"].unit.pk)
    make_records(team, 3)
    few = queries(client, url, token)
    make_records(team, 40)
    assert queries(client, url, token) <= few
