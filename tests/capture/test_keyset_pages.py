"""Deep pages of the newest-first lists by keyset: the same rows as by page number, no
OFFSET in the query, and old ?page= links and spoilt cursors still work."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.capture.models import Idea
from tests.factories import make_idea, make_story

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="([^"]+)" rel="(next|prev)"')


def links(response) -> dict[str, str]:
    """The page's next/prev links, as URLs (they are the page's own path + a query)."""
    found = LINK.findall(response.content.decode())
    return {rel: response.request["PATH_INFO"] + html.unescape(url) for url, rel in found}


def ids(response) -> list[int]:
    return [row.pk for row in response.context["page"].object_list]


@pytest.fixture
def ten_ideas(team, settings):
    settings.TANDEM_PAGE_SIZE = 3
    now = timezone.now()
    made = [make_idea(team["frontline"], title=f"Idea {n}") for n in range(10)]
    # Two pairs share a moment: the id orders them.
    for n, idea in enumerate(made):
        Idea.objects.filter(pk=idea.pk).update(created_at=now - timedelta(hours=n // 2))
    return made


def test_next_and_previous_walk_the_same_rows_as_page_numbers(team, login, ten_ideas):
    client = login(team["frontline"])
    by_number = [ids(client.get(f"/ideas/?page={n}")) for n in range(1, 5)]
    assert sorted(sum(by_number, [])) == sorted(i.pk for i in ten_ideas)
    response = client.get("/ideas/")
    walked = [ids(response)]
    for _ in range(3):
        url = links(response)["next"]
        assert "after=" in url and "page=" in url
        response = client.get(url)
        walked.append(ids(response))
    assert walked == by_number
    assert response.context["page"].number == 4 and "next" not in links(response)
    back = client.get(links(response)["prev"])
    assert "before=" in links(response)["prev"]
    assert ids(back) == by_number[2] and back.context["page"].number == 3
    assert "Page 3 of 4" in back.content.decode()


def test_a_deep_page_reads_from_its_key_not_through_an_offset(team, login, ten_ideas):
    client = login(team["frontline"])
    second = client.get(links(client.get("/ideas/"))["next"])
    with CaptureQueriesContext(connection) as queries:
        third = client.get(links(second)["next"])
    listing = [q["sql"] for q in queries if 'FROM "capture_idea"' in q["sql"]]
    assert ids(third) == ids(client.get("/ideas/?page=3"))
    assert listing and not any("OFFSET" in sql for sql in listing)


def test_filters_are_kept_along_the_keyset_links(team, login, ten_ideas):
    Idea.objects.filter(pk__in=[i.pk for i in ten_ideas[:7]]).update(status="trying")
    client = login(team["frontline"])
    first = client.get("/ideas/?status=trying")
    second = client.get(links(first)["next"])
    assert "status=trying" in links(first)["next"]
    assert ids(second) == ids(client.get("/ideas/?status=trying&page=2"))


@pytest.mark.parametrize("cursor", ["nonsense", "2026-13-45T00:00:00+00:00~4", "~", "2026-01-01~x"])
def test_a_spoilt_cursor_falls_back_to_the_page_number(team, login, ten_ideas, cursor):
    client = login(team["frontline"])
    response = client.get("/ideas/", {"page": 2, "after": cursor})
    assert response.status_code == 200
    assert ids(response) == ids(client.get("/ideas/?page=2"))


def test_stories_page_by_their_date(team, login, settings):
    settings.TANDEM_PAGE_SIZE = 2
    today = timezone.localdate()
    for n in range(5):
        make_story(team["frontline"], date=today - timedelta(days=n // 2))
    client = login(team["frontline"])
    by_number = [ids(client.get(f"/stories/?page={n}")) for n in range(1, 4)]
    second = client.get(links(client.get("/stories/"))["next"])
    third = client.get(links(second)["next"])
    assert [ids(second), ids(third)] == by_number[1:]
