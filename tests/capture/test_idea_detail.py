"""The idea page: visibility (404 for outsiders on private ideas), history, comments, actions."""

import pytest

from tandem.capture import services
from tests.factories import make_idea, make_person


@pytest.fixture
def private_idea(team):
    return make_idea(team["frontline"], title="Quiet hours on Ward 4B", private=True)


def test_outsider_gets_404_on_a_private_idea(private_idea, outsider, login):
    assert login(outsider).get(f"/ideas/{private_idea.pk}/").status_code == 404


def test_missing_idea_is_404(team, login):
    assert login(team["frontline"]).get("/ideas/999999/").status_code == 404


@pytest.mark.parametrize("role", ["colleague", "supervisor", "manager", "executive"])
def test_unit_colleague_and_managers_up_the_chain_see_a_private_idea(
    private_idea, team, login, role
):
    response = login(team[role]).get(f"/ideas/{private_idea.pk}/")
    assert response.status_code == 200
    assert "Quiet hours on Ward 4B" in response.content.decode()


def test_program_office_sees_a_private_idea(private_idea, program_office, login):
    assert login(program_office).get(f"/ideas/{private_idea.pk}/").status_code == 200


def test_outsider_sees_a_public_idea_but_cannot_move_or_edit_it(team, outsider, login):
    idea = make_idea(team["frontline"])
    html = login(outsider).get(f"/ideas/{idea.pk}/").content.decode()
    assert "Move this idea" not in html
    assert f"/ideas/{idea.pk}/edit/" not in html
    assert "Add a comment" in html


def test_page_shows_authors_unit_blocks_status_and_full_history(team, login):
    idea = make_idea(team["frontline"], team["colleague"], blocks=("improvement",))
    services.transition_idea(
        team["manager"].user, idea, "trying", note="Try it for a week.", by=team["manager"]
    )
    html = login(team["frontline"]).get(f"/ideas/{idea.pk}/").content.decode()
    for text in (
        "Fay Front",
        "Cal Colleague",
        "Harbor Health/<wbr>Nursing/<wbr>Ward 4B",
        "Service Improvement Process",
        'class="status status-trying"',
        "by Maria Manager",
        "Try it for a week.",
    ):
        assert text in html


def test_author_sees_edit_link_while_proposed_and_manager_sees_move_buttons(team, login):
    idea = make_idea(team["frontline"])
    author_html = login(team["frontline"]).get(f"/ideas/{idea.pk}/").content.decode()
    assert f"/ideas/{idea.pk}/edit/" in author_html
    assert "Move this idea" not in author_html
    manager_html = login(team["manager"]).get(f"/ideas/{idea.pk}/").content.decode()
    assert 'name="to" value="trying"' in manager_html
    assert 'name="to" value="parked"' in manager_html
    assert 'value="implemented"' not in manager_html


def test_implemented_idea_shows_its_result_and_impact(team, login):
    idea = make_idea(team["frontline"], status="trying")
    services.transition_idea(
        team["manager"].user,
        idea,
        "implemented",
        result="Falls at night halved.",
        minutes_saved_per_week=90,
        by=team["manager"],
    )
    html = login(team["colleague"]).get(f"/ideas/{idea.pk}/").content.decode()
    assert "Falls at night halved." in html
    assert "90 minutes a week" in html


def test_private_linked_actions_are_hidden_from_outsiders(team, outsider, login):
    from tests.factories import make_action

    idea = make_idea(team["frontline"])
    make_action(team["frontline"], what="Public follow-up", idea=idea)
    make_action(team["frontline"], what="Secret follow-up", idea=idea, private=True)
    html = login(outsider).get(f"/ideas/{idea.pk}/").content.decode()
    assert "Public follow-up" in html
    assert "Secret follow-up" not in html


def test_detail_page_query_count_does_not_grow_with_history(
    team, login, django_assert_max_num_queries
):
    idea = make_idea(
        team["frontline"], *[make_person(unit=team["frontline"].unit) for _ in range(5)]
    )
    for to in ("trying", "parked", "proposed", "trying"):
        services.transition_idea(
            team["manager"].user, idea, to, by=team["manager"], note=f"Now {to}."
        )
    client = login(team["frontline"])
    with django_assert_max_num_queries(25):
        assert client.get(f"/ideas/{idea.pk}/").status_code == 200
