"""`q` on the API lists: the same search as the web lists (each word, any text field)."""

import pytest

from tandem.capture.models import Idea
from tests.factories import make_action, make_idea, make_story


@pytest.fixture
def ideas(team):
    f = team["frontline"]
    make_idea(f, title="Quiet hours on the ward")
    visits = make_idea(f, title="Staggered visiting slots", status="implemented")
    Idea.objects.filter(pk=visits.pk).update(result="No crowded rooms at lunchtime any more.")
    return f


def api_titles(caller, q: str) -> list[str]:
    body = caller.get("/ideas", q=q).json()
    return sorted(item["title"] for item in body["items"])


def test_api_finds_an_idea_by_words_of_its_result(api_as, ideas):
    caller = api_as(ideas)
    assert api_titles(caller, "No crowded") == ["Staggered visiting slots"]
    assert api_titles(caller, "lunchtime") == ["Staggered visiting slots"]
    assert caller.get("/ideas", q="No crowded").json()["count"] == 1


def test_api_search_needs_every_word_but_each_may_be_in_another_field(api_as, ideas):
    caller = api_as(ideas)
    # "quiet" is in the title, "discharge" in the description (the factory's).
    assert api_titles(caller, "quiet discharge") == ["Quiet hours on the ward"]
    # "visiting" in the title, "crowded" in the result.
    assert api_titles(caller, "VISITING crowded") == ["Staggered visiting slots"]
    assert api_titles(caller, "quiet crowded") == []


@pytest.mark.parametrize(
    "q", ["No crowded", "quiet discharge", "visiting crowded", "ward", "quiet crowded", "  "]
)
def test_api_and_web_idea_lists_find_the_same_ideas(api_as, login, ideas, q):
    web = login(ideas).get("/ideas/", {"q": q})
    web_titles = sorted(idea.title for idea in web.context["page"].object_list)
    assert api_titles(api_as(ideas), q) == web_titles


def test_api_action_and_story_search_match_words_across_fields(api_as, team):
    f = team["frontline"]
    make_action(f, what="Walked a visitor to radiology", for_whom="Mrs. Lee")
    make_action(f, what="Called a taxi", for_whom="Mr. Okafor")
    make_story(f, what_happened="Sang to a scared child", customer_words="Thank you so much")
    caller = api_as(f)
    actions = caller.get("/actions", q="radiology lee").json()["items"]
    assert [a["what"] for a in actions] == ["Walked a visitor to radiology"]
    stories = caller.get("/stories", q="child thank").json()["items"]
    assert [s["what_happened"] for s in stories] == ["Sang to a scared child"]
    assert caller.get("/stories", q="child taxi").json()["count"] == 0
