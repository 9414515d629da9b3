"""programs.access: who edits the roadmap and cascade, who sees commitments."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tandem.programs import access
from tandem.programs.services.commitments import create_commitment
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(team):
    manager = team["manager"]
    return create_commitment(
        manager.user,
        manager,
        "Service first on my weekly meeting agenda",
        "declare_priority",
        "weekly",
    )


@pytest.fixture
def people(team, outsider, program_office):
    peer = make_person(
        "Pat Peer", unit="Harbor Health/Nursing/Ward 5", level="manager", manager=team["senior"]
    )
    return {**team, "outsider": outsider, "program_office": program_office, "peer": peer}


# who: (may view the manager's commitment, may edit it)
COMMITMENT_MATRIX = [
    ("manager", True, True),  # the leader themself
    ("supervisor", True, False),  # their team, down the reporting line
    ("frontline", True, False),
    ("senior", True, False),  # their own managers, up the chain
    ("peer", False, False),  # another manager beside them
    ("outsider", False, False),
    ("program_office", True, False),  # sees everything, never rewrites a leader's word
]


@pytest.mark.parametrize(("who", "may_view", "may_edit"), COMMITMENT_MATRIX)
def test_commitment_visibility_and_editing(people, commitment, who, may_view, may_edit):
    user = people[who].user
    assert access.can_view_commitment(user, commitment) is may_view
    assert access.can_edit_commitment(user, commitment) is may_edit


@pytest.mark.parametrize(("who", "may_view", "may_edit"), COMMITMENT_MATRIX)
def test_get_commitment_for_user_gives_404_to_outsiders_and_403_to_viewers(
    people, commitment, who, may_view, may_edit
):
    user = people[who].user
    if not may_view:
        with pytest.raises(Http404):
            access.get_commitment_for_user(user, commitment.pk)
        return
    assert access.get_commitment_for_user(user, commitment.pk) == commitment
    if may_edit:
        assert access.get_commitment_for_user(user, commitment.pk, write=True) == commitment
    else:
        with pytest.raises(PermissionDenied):
            access.get_commitment_for_user(user, commitment.pk, write=True)


def test_visible_commitments_follow_the_same_rule_in_bulk(people, commitment):
    peer_commitment = create_commitment(
        people["peer"].user,
        people["peer"],
        "One back-to-the-floor day a quarter",
        "role_model",
        "quarterly",
    )
    for who, may_view, _ in COMMITMENT_MATRIX:
        seen = set(access.visible_commitments(people[who].user))
        assert (commitment in seen) is may_view, who
    assert set(access.visible_commitments(people["supervisor"].user)) == {commitment}
    assert set(access.visible_commitments(people["senior"].user)) == {commitment, peer_commitment}


def test_a_missing_commitment_is_a_404(people):
    with pytest.raises(Http404):
        access.get_commitment_for_user(people["program_office"].user, 999_999)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("program_office", True), ("executive", False), ("manager", False), ("frontline", False)],
)
def test_only_the_program_office_edits_roadmap_cascade_and_say_do(people, who, expected):
    user = people[who].user
    assert access.can_edit_roadmap(user) is expected
    assert access.can_edit_cascade(user) is expected
    assert access.can_record_say_do(user) is expected
    assert access.can_view_program(user) is True


@pytest.mark.parametrize(
    ("who", "expected"),
    [("manager", True), ("supervisor", True), ("frontline", False), ("program_office", True)],
)
def test_leaders_make_commitments(people, who, expected):
    assert access.can_make_commitments(people[who].user) is expected


def test_a_leader_records_meetings_in_their_unit_and_below_only(people, team):
    ward = team["manager"].unit
    root = team["executive"].unit
    assert access.can_record_meeting(team["manager"].user, ward)
    assert not access.can_record_meeting(team["manager"].user, root)
    assert access.can_record_meeting(team["executive"].user, ward)
    assert not access.can_record_meeting(team["frontline"].user, ward)
    assert access.can_record_meeting(people["program_office"].user, ward)


def test_someone_without_a_person_record_sees_no_program(db):
    from tandem.people.models import User

    user = User.objects.create_user("nobody@harbor.example", "x")
    assert not access.can_view_program(user)
    assert not access.can_make_commitments(user)
