"""The permission matrix through the API: the same rules as the web app.

The team is one reporting line in Ward 4B (executive → senior → manager →
supervisor → frontline). The frontline person is the author; the outsider works in
Payroll; the program office may do everything. A private idea cannot even be seen by
the outsider (404); one they can see but not change is a 403.
"""

import pytest

from tandem.capture.models import Idea
from tests.factories import make_action, make_idea, make_program_office, make_story

ROLES = ["frontline", "supervisor", "manager", "outsider", "program_office"]

EXPECTED = {
    # Log an idea crediting the frontline author (outsiders may not credit others).
    "create_for_author": [201, 201, 201, 400, 201],
    "view_private": [200, 200, 200, 404, 200],
    "list_private": [True, True, True, False, True],
    "update_private": [200, 403, 403, 404, 200],
    "update_public": [200, 403, 403, 403, 200],
    "transition_private": [403, 200, 200, 404, 200],
    "transition_public": [403, 200, 200, 403, 200],
}
CASES = [
    pytest.param(role, action, codes[i], id=f"{role}-{action}")
    for action, codes in EXPECTED.items()
    for i, role in enumerate(ROLES)
]


@pytest.fixture
def people(team, outsider):
    found = dict(team)
    found["outsider"] = outsider
    found["program_office"] = make_program_office(unit="Harbor Health/Program Office")
    return found


@pytest.mark.parametrize(("role", "action", "expected"), CASES)
def test_permission_matrix(api_as, people, role, action, expected):
    author = people["frontline"]
    caller = api_as(people[role])
    private = make_idea(author, private=True, title="Private")
    public = make_idea(author, title="Public")
    idea = private if action.endswith("private") else public

    if action == "create_for_author":
        response = caller.post(
            "/ideas", {"title": "Logged", "description": "D", "authors": [author.pk]}
        )
        assert response.status_code == expected, response.content
        assert Idea.objects.filter(title="Logged").exists() == (expected == 201)
    elif action == "view_private":
        assert caller.get(f"/ideas/{idea.pk}").status_code == expected
    elif action == "list_private":
        listed = {i["id"] for i in caller.get("/ideas").json()["items"]}
        assert (private.pk in listed) is expected
        assert public.pk in listed
    elif action.startswith("update"):
        response = caller.patch(f"/ideas/{idea.pk}", {"title": "Changed"})
        assert response.status_code == expected, response.content
        idea.refresh_from_db()
        assert (idea.title == "Changed") == (expected == 200)
    elif action.startswith("transition"):
        response = caller.post(f"/ideas/{idea.pk}/transition", {"to": "trying"})
        assert response.status_code == expected, response.content
        idea.refresh_from_db()
        assert idea.status == ("trying" if expected == 200 else "proposed")


def test_outsider_cannot_learn_a_private_story_or_action_exists(api_as, team, outsider):
    story = make_story(team["frontline"], private=True)
    action = make_action(team["frontline"], private=True)
    caller = api_as(outsider)
    assert caller.get(f"/stories/{story.pk}").status_code == 404
    assert caller.patch(f"/stories/{story.pk}", {"what_happened": "X"}).status_code == 404
    assert caller.get(f"/actions/{action.pk}").status_code == 404
    assert caller.get("/stories").json()["count"] == 0
    assert caller.get("/actions").json()["count"] == 0
