"""Full-text search (tandem.capture.search): the database's own engine, kept current in
the same transaction as the write, ranked and highlighted the same way on SQLite and
PostgreSQL (the suite runs on both with the same expectations)."""

from __future__ import annotations

import html
import re

import pytest
from django.db import transaction

from tandem.capture import search, services
from tandem.capture.models import Idea
from tests.factories import make_action, make_idea, make_story

pytestmark = pytest.mark.django_db


def titles(client, query: str, url: str = "/ideas/") -> list[str]:
    page = client.get(url, {"q": query}).content.decode()
    found = re.findall(r'<h2><a href="[^"]+">(.*?)</a></h2>', page)
    return [html.unescape(re.sub(r"</?mark>", "", t)) for t in found]


def test_a_new_idea_is_found_at_once_and_an_edit_or_delete_follows(team, login):
    client = login(team["frontline"])
    with transaction.atomic():
        idea = make_idea(team["frontline"], title="Warm blankets in recovery")
        found = search.matching(Idea.objects.all(), ["blankets"])
        assert list(found) == [idea]  # inside the writing transaction
    services.update_record(team["frontline"].user, idea, {"title": "Quieter night rounds"})
    assert titles(client, "blankets") == []
    assert titles(client, "quieter") == ["Quieter night rounds"]
    idea.delete()
    assert titles(client, "quieter") == []


def test_every_word_must_start_a_word_of_a_searched_field(team, login):
    make_idea(team["frontline"], title="Discharge notes in large type")
    make_idea(team["frontline"], title="Large print menus")
    client = login(team["frontline"])
    assert titles(client, "LARGE Type") == ["Discharge notes in large type"]
    assert titles(client, "typ") == ["Discharge notes in large type"]  # a prefix
    assert titles(client, "rint") == []  # not inside a word
    assert titles(client, "large zebra") == []


def test_results_are_ranked_title_first_then_newest(team, login):
    older_title = make_idea(team["frontline"], title="Parking signs at the entrance")
    make_idea(team["frontline"], title="Better maps", description="The parking is hard to find.")
    newer_title = make_idea(team["frontline"], title="Parking for night staff")
    assert older_title.pk < newer_title.pk
    assert titles(login(team["frontline"]), "parking") == [
        "Parking for night staff",
        "Parking signs at the entrance",
        "Better maps",
    ]


def test_matched_words_are_marked_and_the_rest_escaped(team, login):
    make_idea(team["frontline"], title="<b>Fix</b> the amp & plug")
    html = login(team["frontline"]).get("/ideas/", {"q": "amp fix"}).content.decode()
    assert "&lt;b&gt;<mark>Fix</mark>&lt;/b&gt; the <mark>amp</mark> &amp; plug" in html
    assert "<b>Fix</b>" not in html


def test_highlight_leaves_entities_whole():
    assert search.highlight("Tom & Jerry's", "amp 39") == "Tom &amp; Jerry&#x27;s"


def test_only_the_newest_matches_are_ranked_and_the_page_says_so(team, login, monkeypatch):
    monkeypatch.setattr(search, "RANKED", 2)
    for n in range(3):
        make_idea(team["frontline"], title=f"Lift number {n}")
    client = login(team["frontline"])
    html = client.get("/ideas/", {"q": "lift"}).content.decode()
    assert "More than 2 ideas match, best match first: the newest 2 are ranked" in html
    assert titles(client, "lift") == ["Lift number 2", "Lift number 1"]


def test_stories_and_actions_are_searched_in_their_own_fields(team, login):
    make_story(
        team["frontline"], what_happened="Found a lost hearing aid", customer_words="Thank you"
    )
    make_action(team["frontline"], what="Walked a visitor to radiology", for_whom="A lost visitor")
    client = login(team["frontline"])
    stories = client.get("/stories/", {"q": "thank"}).content.decode()
    assert "<mark>Thank</mark> you" in stories
    actions = client.get("/actions/", {"q": "lost visitor"}).content.decode()
    assert "Walked a <mark>visitor</mark> to radiology" in actions
    assert "<mark>lost</mark> <mark>visitor</mark>" in actions


def test_private_records_stay_hidden_from_a_search(team, outsider, login):
    make_idea(outsider, title="Payroll secret plan", private=True)
    assert titles(login(team["frontline"]), "secret") == []


def test_the_api_ranks_the_same_way_and_says_the_count_is_exact(team, login):
    from tandem.people.models import ApiToken

    make_idea(team["frontline"], title="Better maps", description="Parking is hard to find.")
    make_idea(team["frontline"], title="Parking for night staff")
    token = ApiToken.issue(team["frontline"].user, "test")[1]
    response = login(team["frontline"]).get(
        "/api/v1/ideas", {"q": "parking"}, headers={"Authorization": f"Bearer {token}"}
    )
    body = response.json()
    assert [i["title"] for i in body["items"]] == ["Parking for night staff", "Better maps"]
    assert body["count"] == 2 and body["count_is_exact"] is True


def test_a_search_page_costs_a_bounded_number_of_queries(
    team, login, django_assert_max_num_queries
):
    for n in range(30):
        make_idea(team["frontline"], title=f"Idea about lifts {n}")
    client = login(team["frontline"])
    with django_assert_max_num_queries(14):
        response = client.get("/ideas/", {"q": "lifts"})
    assert response.content.decode().count("<mark>lifts</mark>") == 25


def test_search_terms_are_words_only():
    assert search.terms('  Nurse\'s "station" OR (night)* -- nurse ') == [
        "nurse",
        "station",
        "or",
        "night",
    ]
    assert search.terms("a b c d e f g h") == ["a", "b", "c", "d", "e", "f"]  # alone, kept
    assert search.terms("'; DROP TABLE --") == ["drop", "table"]


def test_an_apostrophe_does_not_search_for_every_word_starting_with_s(team, login):
    make_idea(team["frontline"], title="Tomorrow's rota on the board")
    make_idea(team["frontline"], title="Shift swaps by text")
    client = login(team["frontline"])
    assert titles(client, "tomorrow's") == ["Tomorrow's rota on the board"]
    html = client.get("/ideas/", {"q": "tomorrow's"}).content.decode()
    assert "<mark>Tomorrow</mark>&#x27;s rota" in html
