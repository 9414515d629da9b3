"""The idea board: columns by status for my unit's subtree; one-action moves for managers."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tandem.capture.models import Idea
from tandem.notifications.models import Notification
from tests.factories import make_idea, make_person


def at(day: int) -> datetime:
    return datetime(2026, 11, 1 + day, 9, tzinfo=UTC)


def test_board_shows_four_columns_with_the_ideas_of_my_unit_subtree(team, outsider, login):
    make_idea(team["frontline"], title="Ward idea")
    make_idea(team["colleague"], title="Trying idea", status="trying")
    make_idea(outsider, title="Payroll idea")
    response = login(team["frontline"]).get("/board/")
    html = response.content.decode()
    assert response.status_code == 200
    for status in ("proposed", "trying", "implemented", "parked"):
        assert f'data-status="{status}"' in html
    assert "Ward idea" in html and "Trying idea" in html
    assert "Payroll idea" not in html
    proposed = html[html.index('data-status="proposed"') : html.index('data-status="trying"')]
    assert "Ward idea" in proposed and "Trying idea" not in proposed


def test_unit_picker_changes_the_subtree(team, outsider, login):
    make_idea(team["frontline"], title="Ward idea")
    make_idea(outsider, title="Payroll idea")
    html = login(team["frontline"]).get(f"/board/?unit={outsider.unit.pk}").content.decode()
    assert "Payroll idea" in html and "Ward idea" not in html
    everything = login(team["frontline"]).get("/board/?unit=").content.decode()
    assert "Payroll idea" in everything and "Ward idea" in everything


def test_unknown_unit_shows_an_error_not_a_500(team, login):
    response = login(team["frontline"]).get("/board/?unit=999999")
    assert response.status_code == 200
    assert "There is no such unit" in response.content.decode()


def test_move_buttons_only_for_those_who_may_move(team, login):
    idea = make_idea(team["frontline"])
    frontline_html = login(team["colleague"]).get("/board/").content.decode()
    assert f'hx-post="/ideas/{idea.pk}/move/"' not in frontline_html
    manager_html = login(team["manager"]).get(f"/board/?unit={team['frontline'].unit.pk}")
    html = manager_html.content.decode()
    assert f'hx-post="/ideas/{idea.pk}/move/"' in html
    assert "→ Trying" in html and "→ Parked" in html


def test_manager_moves_a_card_with_htmx_and_gets_the_board_back(team, login):
    idea = make_idea(team["frontline"], title="Night lights")
    unit = team["frontline"].unit
    response = login(team["manager"]).post(
        f"/ideas/{idea.pk}/move/",
        {"to": "trying", "board": str(unit.pk)},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="board">')
    trying = html[html.index('data-status="trying"') : html.index('data-status="implemented"')]
    assert "Night lights" in trying
    assert "Moved “Night lights” to trying." in html
    assert Idea.objects.get(pk=idea.pk).status == "trying"


def test_implemented_from_the_board_needs_the_result_inline(team, login):
    idea = make_idea(team["frontline"], title="Night lights", status="trying")
    client = login(team["manager"])
    html = client.get(f"/board/?unit={team['frontline'].unit.pk}").content.decode()
    assert f'id="result-{idea.pk}"' in html
    refused = client.post(
        f"/ideas/{idea.pk}/move/",
        {"to": "implemented", "board": "", "result": ""},
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 200
    assert "Say what the result was" in refused.content.decode()
    assert Idea.objects.get(pk=idea.pk).status == "trying"
    client.post(
        f"/ideas/{idea.pk}/move/",
        {"to": "implemented", "board": "", "result": "Fewer falls."},
        headers={"HX-Request": "true"},
    )
    assert Idea.objects.get(pk=idea.pk).status == "implemented"


def test_move_from_the_board_without_javascript_redirects_back(team, login):
    idea = make_idea(team["frontline"])
    unit = team["frontline"].unit.pk
    response = login(team["manager"]).post(
        f"/ideas/{idea.pk}/move/",
        {
            "to": "parked",
            "note": "Not this quarter.",
            "board": unit,
            "next": f"/board/?unit={unit}",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/board/?unit={unit}"


def more_link(html: str) -> tuple[str, str]:
    """The hx-get URL and the label of a column's "show more" link."""
    found = re.search(r'hx-get="(/board/column/[^"]+)"[^>]*>([^<]+)</a>', html)
    return found.group(1).replace("&amp;", "&"), found.group(2)


def test_a_column_shows_its_newest_cards_and_show_all_loads_the_rest(team, login, monkeypatch):
    monkeypatch.setattr("tandem.capture.views.idea_board.PER_COLUMN", 3)
    for i in range(7):
        idea = make_idea(team["frontline"], title=f"Idea number {i}")
        Idea.objects.filter(pk=idea.pk).update(status_changed_at=at(i))
    client = login(team["frontline"])
    html = client.get("/board/").content.decode()
    assert html.count('class="card board-card"') == 3
    assert re.findall(r"Idea number (\d)", html) == ["6", "5", "4"]
    url, label = more_link(html)
    assert label == "Show all 7"
    unit = team["frontline"].unit.pk
    # Without scripts the link goes to the column in the idea list.
    assert f'href="/ideas/?status=proposed&amp;unit={unit}" hx-get=' in html
    page = client.get(url).content.decode()
    assert re.findall(r"Idea number (\d)", page) == ["3", "2", "1", "0"]
    assert "/board/column/" not in page
    # The keyboard focus lands on the first card loaded.
    assert page.index("autofocus") < page.index("Idea number 3")
    assert page.count("autofocus") == 1


def test_a_column_past_the_count_limit_loads_more_at_a_time(team, login, monkeypatch):
    monkeypatch.setattr("tandem.capture.views.idea_board.PER_COLUMN", 2)
    monkeypatch.setattr("tandem.capture.views.idea_board.COUNT_LIMIT", 4)
    for i in range(7):
        idea = make_idea(team["frontline"], title=f"Idea number {i}")
        Idea.objects.filter(pk=idea.pk).update(status_changed_at=at(i))
    client = login(team["frontline"])
    html = client.get("/board/").content.decode()
    url, label = more_link(html)
    assert label == "Show 2 more"
    assert ">All in the list</a>" in html
    page = client.get(url).content.decode()
    assert re.findall(r"Idea number (\d)", page) == ["4", "3"]
    url, label = more_link(page)
    page = client.get(url).content.decode()
    url, label = more_link(page)
    page = client.get(url).content.decode()
    assert re.findall(r"Idea number (\d)", page) == ["0"]
    assert "/board/column/" not in page


def test_a_short_column_has_no_show_all(team, login):
    for i in range(10):
        make_idea(team["frontline"], title=f"Idea {i}")
    html = login(team["frontline"]).get("/board/").content.decode()
    assert html.count('class="card board-card"') == 10
    assert "Show all" not in html and "/board/column/" not in html


def test_a_long_column_is_cut_at_ten_with_show_all_n(team, login):
    for i in range(23):
        make_idea(team["frontline"], title=f"Idea {i}")
    client = login(team["frontline"])
    html = client.get("/board/").content.decode()
    proposed = html[html.index('data-status="proposed"') : html.index('data-status="trying"')]
    assert proposed.count('class="card board-card"') == 10
    url, label = more_link(proposed)
    assert label == "Show all 23"
    assert client.get(url).content.decode().count('class="card board-card"') == 13


def test_each_column_shows_its_count(team, login):
    for i in range(3):
        make_idea(team["frontline"], title=f"Idea {i}")
    make_idea(team["frontline"], title="Tried", status="trying")
    html = login(team["frontline"]).get("/board/").content.decode()
    assert 'Proposed <span class="count">3<span class="visually-hidden"> ideas</span>' in html
    assert 'Trying <span class="count">1<span class="visually-hidden"> idea</span>' in html
    assert 'Implemented <span class="count">0<span class="visually-hidden"> ideas' in html


def test_a_column_counts_up_to_a_limit_then_says_plus(team, login, monkeypatch):
    monkeypatch.setattr("tandem.capture.views.idea_board.COUNT_LIMIT", 4)
    for i in range(5):
        make_idea(team["frontline"], title=f"Idea {i}")
    make_idea(team["frontline"], title="Tried", status="trying")
    html = login(team["frontline"]).get("/board/").content.decode()
    assert 'Proposed <span class="count">4+<span class="visually-hidden">' in html
    assert 'Trying <span class="count">1<span' in html


def test_the_confirmation_of_a_move_takes_the_focus(team, login):
    idea = make_idea(team["frontline"], title="Night lights")
    client = login(team["manager"])
    assert "autofocus" not in client.get("/board/").content.decode()
    html = client.post(
        f"/ideas/{idea.pk}/move/", {"to": "trying", "board": ""}, headers={"HX-Request": "true"}
    ).content.decode()
    assert (
        '<p class="message board-done" role="status" tabindex="-1" autofocus>'
        "Moved “Night lights” to trying.</p>"
    ) in html


def test_parking_from_the_board_asks_for_a_reason(team, login):
    idea = make_idea(team["frontline"], title="Night lights")
    client = login(team["manager"])
    html = client.get(f"/board/?unit={team['frontline'].unit.pk}").content.decode()
    card = html[html.index(f'id="card-{idea.pk}"') :]
    assert '<summary class="button small">→ Parked…</summary>' in card
    assert f'<textarea id="reason-{idea.pk}" name="note" rows="2" required' in card
    refused = client.post(
        f"/ideas/{idea.pk}/move/",
        {"to": "parked", "note": "  ", "board": ""},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Give a reason for parking it" in refused
    card = refused[refused.index(f'id="card-{idea.pk}"') :]
    assert card.index("<details open>") < card.index("→ Parked…")
    assert Idea.objects.get(pk=idea.pk).status == "proposed"
    assert not Notification.objects.exists()
    client.post(
        f"/ideas/{idea.pk}/move/",
        {"to": "parked", "note": "No budget until April.", "board": ""},
        headers={"HX-Request": "true"},
    )
    assert Idea.objects.get(pk=idea.pk).status == "parked"
    told = Notification.objects.get(recipient=team["frontline"])
    assert "Reason: No budget until April." in told.text


def test_parked_ideas_start_folded(team, login):
    make_idea(team["frontline"], title="Parked one", status="parked")
    html = login(team["frontline"]).get("/board/").content.decode()
    parked = html[html.index('data-status="parked"') :]
    assert parked.index('<details class="folded">') < parked.index("Parked one")


def test_the_board_filters_by_author_block_and_age(team, login):
    old = make_idea(team["frontline"], title="Old idea", blocks=("recovery",))
    Idea.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=120))
    make_idea(team["colleague"], title="Colleague idea")
    client = login(team["frontline"])
    by_author = client.get("/board/", {"author": team["colleague"].pk}).content.decode()
    assert "Colleague idea" in by_author and "Old idea" not in by_author
    by_block = client.get("/board/", {"block": "recovery"}).content.decode()
    assert "Old idea" in by_block and "Colleague idea" not in by_block
    older = client.get("/board/", {"age": "older"}).content.decode()
    assert "Old idea" in older and "Colleague idea" not in older
    recent = client.get("/board/", {"age": "month"}).content.decode()
    assert "Colleague idea" in recent and "Old idea" not in recent


def test_a_move_keeps_the_filters_of_the_board(team, login):
    idea = make_idea(team["frontline"], title="Night lights")
    make_idea(team["colleague"], title="Other idea")
    client = login(team["manager"])
    unit = team["frontline"].unit.pk
    query = f"unit={unit}&author={team['frontline'].pk}"
    html = client.get(f"/board/?{query}").content.decode()
    assert f'name="board" value="{query.replace("&", "&amp;")}"' in html
    response = client.post(
        f"/ideas/{idea.pk}/move/", {"to": "trying", "board": query}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "Night lights" in html and "Other idea" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [("status=nothing", "There is no such column."), ("status=proposed&start=x", "whole number")],
)
def test_show_more_refuses_a_bad_column_or_start(team, login, query, message):
    response = login(team["frontline"]).get(f"/board/column/?{query}")
    assert response.status_code == 400 and message in response.content.decode()


def test_private_ideas_of_other_units_stay_off_the_board(team, outsider, login):
    make_idea(outsider, title="Payroll secret", private=True)
    html = login(team["executive"]).get("/board/?unit=").content.decode()
    assert "Payroll secret" not in html


def test_board_query_count_does_not_grow_with_cards(team, login, django_assert_max_num_queries):
    people = [
        make_person(unit=team["frontline"].unit, manager=team["supervisor"]) for _ in range(4)
    ]
    for i, person in enumerate(people * 5):
        make_idea(person, title=f"Idea {i}", status=["proposed", "trying", "parked"][i % 3])
    client = login(team["manager"])
    with django_assert_max_num_queries(30):
        response = client.get("/board/")
    assert response.content.decode().count('class="card board-card"') == 20


def test_the_filters_are_folded_unless_in_use(team, login):
    client = login(team["frontline"])
    assert '<details class="filters-more">' in client.get("/board/").content.decode()
    html = client.get("/board/", {"age": "week"}).content.decode()
    assert '<details class="filters-more" open>' in html
    html = client.get("/board/", {"unit": "999999"}).content.decode()
    assert '<details class="filters-more" open>' in html
