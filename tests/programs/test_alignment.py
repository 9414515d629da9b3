"""programs.services.alignment: each leader's alignment, derived from what they did."""

from __future__ import annotations

from datetime import date

import pytest

from tandem.programs.services.alignment import alignment_of, leadership_alignment
from tandem.programs.services.commitments import create_commitment, stop_commitment
from tests.programs.helpers import START, align, alignment_session, make_program, meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(program_office, team):
    return make_program(program_office, team["executive"].unit)


def test_a_leader_who_did_nothing_is_not_aligned_and_misses_all_three(program, team):
    state = alignment_of(program, team["manager"])
    assert (state.attended, state.committed, state.service_first) == (False, False, False)
    assert not state.aligned
    assert len(state.missing) == 3


def test_a_leader_who_did_all_three_is_aligned(program, team):
    align(program, team["manager"])
    state = alignment_of(program, team["manager"])
    assert state.aligned
    assert state.missing == []


def test_attending_a_session_of_another_program_does_not_count(program, program_office, team):
    other = make_program(program_office, team["executive"].unit)
    alignment_session(other, team["manager"])
    assert not alignment_of(program, team["manager"]).attended
    alignment_session(program, team["supervisor"], team["manager"])
    assert alignment_of(program, team["manager"]).attended


def test_only_an_active_commitment_counts(program, team):
    manager = team["manager"]
    commitment = create_commitment(
        manager.user, manager, "One back-to-the-floor day a quarter", "role_model", "quarterly"
    )
    assert alignment_of(program, manager).committed
    stop_commitment(manager.user, commitment)
    assert not alignment_of(program, manager).committed


def test_service_first_looks_at_the_latest_meeting_chaired_since_the_start(program, team):
    manager = team["manager"]
    meeting(manager, "service", on=date(2025, 12, 1))  # before the program: ignored
    assert not alignment_of(program, manager).service_first
    meeting(manager, "service", "finance", on=date(2026, 1, 20))
    assert alignment_of(program, manager).service_first
    meeting(manager, "finance", "service", on=date(2026, 2, 3))
    assert not alignment_of(program, manager).service_first


def test_attending_someone_elses_service_first_meeting_does_not_count(program, team):
    meeting(team["senior"], "service", attendees=[team["senior"], team["manager"]], on=START)
    assert not alignment_of(program, team["manager"]).service_first


def test_leadership_alignment_lists_every_active_leader_of_the_program(
    program, team, django_assert_max_num_queries
):
    align(program, team["supervisor"])
    with django_assert_max_num_queries(4):
        rows = leadership_alignment(program)
    assert [(r.person.name, r.aligned) for r in rows] == [
        ("Erin Exec", False),
        ("Program Lead", False),
        ("Sam Senior", False),
        ("Maria Manager", False),
        ("Sid Super", True),
    ]
