"""The idea list: each filter, the search, pagination and the empty states."""

import datetime

from django.test import override_settings
from django.utils import timezone

from tandem.capture.models import Idea
from tests.factories import make_idea, make_unit


def titles(response) -> list[str]:
    return [idea.title for idea in response.context["page"].object_list]


def test_lists_visible_ideas_newest_first(team, outsider, login):
    make_idea(team["frontline"], title="Older")
    make_idea(team["frontline"], title="Newer")
    make_idea(outsider, title="Payroll secret", private=True)
    response = login(team["frontline"]).get("/ideas/")
    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older"]


def test_unit_filter_includes_the_whole_subtree(team, outsider, login):
    make_idea(team["frontline"], title="Ward idea")
    make_idea(outsider, title="Payroll idea")
    nursing = make_unit("Harbor Health/Nursing")
    response = login(team["frontline"]).get(f"/ideas/?unit={nursing.pk}")
    assert titles(response) == ["Ward idea"]


def test_status_filter(team, login):
    make_idea(team["frontline"], title="Proposed one")
    make_idea(team["frontline"], title="Trying one", status="trying")
    assert titles(login(team["frontline"]).get("/ideas/?status=trying")) == ["Trying one"]


def test_building_block_filter(team, login):
    make_idea(team["frontline"], title="Tagged", blocks=("recovery",))
    make_idea(team["frontline"], title="Untagged")
    assert titles(login(team["frontline"]).get("/ideas/?block=recovery")) == ["Tagged"]


def test_date_range_filter(team, login):
    old = make_idea(team["frontline"], title="Last year")
    Idea.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    make_idea(team["frontline"], title="This week")
    start = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert titles(login(team["frontline"]).get(f"/ideas/?date_from={start}")) == ["This week"]
    end = (timezone.localdate() - datetime.timedelta(days=300)).isoformat()
    assert titles(login(team["frontline"]).get(f"/ideas/?date_to={end}")) == ["Last year"]


def test_only_mine_filter(team, login):
    make_idea(team["frontline"], title="Mine")
    make_idea(team["colleague"], title="Theirs")
    assert titles(login(team["frontline"]).get("/ideas/?mine=on")) == ["Mine"]


def test_search_matches_words_in_title_or_description_case_insensitively(team, login):
    make_idea(team["frontline"], title="Large type notes")
    other = make_idea(team["frontline"], title="Quiet nights")
    Idea.objects.filter(pk=other.pk).update(description="Dim the corridor LIGHTS at ten.")
    client = login(team["frontline"])
    assert titles(client.get("/ideas/?q=large")) == ["Large type notes"]
    assert titles(client.get("/ideas/?q=corridor+lights")) == ["Quiet nights"]
    assert titles(client.get("/ideas/?q=corridor+large")) == []


def test_bad_filter_values_show_form_errors_not_a_500(team, login):
    make_idea(team["frontline"], title="Still listed")
    response = login(team["frontline"]).get(
        "/ideas/?unit=nope&date_from=31-31-2020&block=unknown&status=sideways"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no such unit" in html
    assert "Enter a valid date." in html
    assert "There is no such building block." in html
    assert "Select a valid choice." in html
    assert titles(response) == ["Still listed"]


def test_end_before_start_is_an_error(team, login):
    response = login(team["frontline"]).get("/ideas/?date_from=2025-05-02&date_to=2025-05-01")
    assert "The end date is before the start date." in response.content.decode()


@override_settings(TANDEM_PAGE_SIZE=2)
def test_pagination_keeps_the_filters_in_page_links(team, login):
    for i in range(5):
        make_idea(team["frontline"], title=f"Trying {i}", status="trying")
    make_idea(team["frontline"], title="Proposed")
    client = login(team["frontline"])
    first = client.get("/ideas/?status=trying")
    assert titles(first) == ["Trying 4", "Trying 3"]
    assert 'href="?status=trying&amp;page=2&amp;after=' in first.content.decode()
    last = client.get("/ideas/?status=trying&page=3")
    assert titles(last) == ["Trying 0"]
    assert 'href="?status=trying&amp;page=2&amp;before=' in last.content.decode()
    assert titles(client.get("/ideas/?status=trying&page=abc")) == ["Trying 4", "Trying 3"]


def test_empty_states_say_what_to_do(team, login):
    client = login(team["frontline"])
    assert "Log the first one" in client.get("/ideas/").content.decode()
    make_idea(team["frontline"])
    assert "No ideas match these filters." in client.get("/ideas/?q=zebra").content.decode()


def test_list_query_count_does_not_grow_with_rows(team, login, django_assert_max_num_queries):
    for i in range(20):
        make_idea(team["frontline"], team["colleague"], title=f"Idea {i}", blocks=("vision",))
    client = login(team["frontline"])
    with django_assert_max_num_queries(15):
        assert client.get("/ideas/").status_code == 200
