"""The permission matrix: each role against each action, allowed and denied.

The team (tests.factories.make_team) is one reporting line in Ward 4B:
executive → senior → manager → supervisor → frontline (the author) and colleague.
"""

import pytest

from tandem.capture import access
from tandem.people.access import can_manage_people, can_read_audit, person_for
from tandem.people.models import ApiToken, User
from tests.factories import make_idea, make_person, make_program_office, make_unit

ROLES = [
    "author",
    "colleague",
    "supervisor",
    "manager",
    "executive",
    "outsider",
    "program_office",
    "no_person",
]


@pytest.fixture
def world(team, outsider):
    people = dict(team)
    people["author"] = team["frontline"]
    people["outsider"] = outsider
    people["program_office"] = make_program_office(unit="Harbor Health/Program Office")
    idea = make_idea(team["frontline"], private=True)
    return {"people": people, "idea": idea}


def user_of(world, role: str) -> User:
    if role == "no_person":
        return User.objects.create_user("nobody@harbor.example", "x-pass-123")
    return world["people"][role].user


def do(world, role: str, action: str) -> bool:
    user = user_of(world, role)
    p = world["people"]
    idea = world["idea"]
    me = person_for(user)
    if action == "log_own_unit":
        return me is not None and access.can_log_for(user, me.unit, [me])
    if action == "log_other_unit":
        other = make_unit("Harbor Health/Pharmacy")
        return access.can_log_for(user, other, [me] if me else [])
    if action == "log_for_author":
        return access.can_log_for(user, p["author"].unit, [p["author"]])
    if action == "view_private_idea":
        return access.can_view(user, idea)
    if action == "view_public_idea":
        return access.can_view(user, make_idea(p["author"], title="Name badges in large print"))
    if action == "see_private_in_list":
        return access.visible_ideas(user).filter(pk=idea.pk).exists()
    if action == "comment":
        return access.can_comment(user, idea)
    if action == "edit_proposed_idea":
        return access.can_edit_idea(user, idea)
    if action == "edit_trying_idea":
        idea.status = "trying"
        idea.save()
        return access.can_edit_idea(user, idea)
    if action == "move_idea":
        return access.can_move_idea(user, idea)
    if action == "manage_people":
        return can_manage_people(user)
    if action == "read_audit":
        return can_read_audit(user)
    raise AssertionError(action)


ACTIONS = [
    "view_public_idea",
    "log_own_unit",
    "log_other_unit",
    "log_for_author",
    "view_private_idea",
    "see_private_in_list",
    "comment",
    "edit_proposed_idea",
    "edit_trying_idea",
    "move_idea",
    "manage_people",
    "read_audit",
]

# Anyone up the author's reporting line, whatever their unit: sees the team's private
# items through the line, logs for the author and moves the idea; edits nothing.
UP_THE_LINE = {
    "view_public_idea",
    "log_own_unit",
    "log_for_author",
    "view_private_idea",
    "see_private_in_list",
    "comment",
    "move_idea",
}

# role → the actions it may do; every other (role, action) pair must be denied.
ALLOWED = {
    "author": {
        "view_public_idea",
        "log_own_unit",
        "log_for_author",
        "view_private_idea",
        "see_private_in_list",
        "comment",
        "edit_proposed_idea",
    },
    # Same unit: sees the unit's private items, may not log for or edit a peer.
    "colleague": {
        "view_public_idea",
        "log_own_unit",
        "view_private_idea",
        "see_private_in_list",
        "comment",
    },
    "supervisor": UP_THE_LINE,
    "manager": UP_THE_LINE,
    "executive": UP_THE_LINE,
    "outsider": {"view_public_idea", "log_own_unit"},
    "program_office": set(ACTIONS),
    # A login whose person is missing or inactive sees nothing, public items included.
    "no_person": set(),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, role, action):
    expected = action in ALLOWED[role]
    assert do(world, role, action) is expected, f"{role} {action}: expected {expected}"


def test_public_items_are_seen_by_everyone_with_a_person(world):
    public = make_idea(world["people"]["author"], title="Name badges in large print")
    for role in ROLES[:-1]:
        assert access.can_view(user_of(world, role), public), role
        assert access.visible_ideas(user_of(world, role)).filter(pk=public.pk).exists(), role


def test_a_manager_of_a_co_author_may_move_a_shared_idea(world):
    other_team_member = make_person("Pat Porter", unit="Harbor Health/Operations/Portering")
    idea = make_idea(other_team_member, world["people"]["author"])
    assert access.can_move_idea(world["people"]["supervisor"].user, idea)
    assert not access.can_move_idea(world["people"]["outsider"].user, idea)


def test_a_deactivated_person_can_do_nothing(world):
    author = world["people"]["author"]
    author.active = False
    author.save()
    user = User.objects.get(pk=author.user_id)
    assert person_for(user) is None
    assert not access.can_log_for(user, author.unit, [author])
    assert not access.can_view(user, world["idea"])


def test_a_manager_cannot_credit_someone_outside_their_line(world):
    supervisor = world["people"]["supervisor"]
    outsider = world["people"]["outsider"]
    assert not access.can_log_for(supervisor.user, outsider.unit, [outsider])
    assert not access.can_log_for(supervisor.user, supervisor.unit, [outsider])


def test_loggable_people_are_me_and_my_reports(world):
    p = world["people"]
    names = set(access.loggable_people(p["supervisor"].user).values_list("name", flat=True))
    assert names == {"Sid Super", "Fay Front", "Cal Colleague"}
    assert list(access.loggable_people(p["author"].user)) == [p["author"]]


def test_a_login_without_a_person_cannot_open_a_public_idea_it_cannot_list(world, client):
    public = make_idea(world["people"]["author"], title="Name badges in large print")
    user = user_of(world, "no_person")
    assert not access.visible_ideas(user).filter(pk=public.pk).exists()
    assert not access.can_view(user, public)
    client.force_login(user)
    assert client.get(f"/ideas/{public.pk}/").status_code == 404
    _, raw = ApiToken.issue(user, "tests")
    response = client.get(f"/api/v1/ideas/{public.pk}", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 404
