"""Small builders for the programs tests, on top of tests/factories.py."""

from __future__ import annotations

from datetime import date

from tandem.people.models import OrgUnit, Person
from tandem.programs.models import MeetingKind, Program
from tandem.programs.services.commitments import create_commitment
from tandem.programs.services.meetings import AgendaInput, record_meeting
from tandem.programs.services.roadmap import create_program_from_template

START = date(2026, 1, 5)  # a Monday


def make_program(actor, root: OrgUnit, owner: Person | None = None) -> Program:
    return create_program_from_template(
        actor.user, "Service First 2026", root, owner or actor, started_on=START
    )


def meeting(chair: Person, *tags: str, attendees=(), on: date = START, unit=None, **kw):
    """A meeting chaired by `chair` whose agenda items carry these tags, in order."""
    return record_meeting(
        chair.user,
        date=on,
        unit=unit or chair.unit,
        chair=chair,
        attendees=list(attendees) or [chair],
        items=kw.pop("items", None) or [AgendaInput(f"Item {n}", t) for n, t in enumerate(tags)],
        **kw,
    )


def alignment_session(program: Program, *leaders: Person):
    return meeting(
        leaders[0],
        "service",
        attendees=leaders,
        kind=MeetingKind.ALIGNMENT_SESSION,
        program=program,
    )


def align(program: Program, leader: Person) -> None:
    """Everything a leader does to be aligned: session, a commitment, service first."""
    alignment_session(program, leader)
    create_commitment(
        leader.user,
        leader,
        "Service first on my weekly meeting agenda",
        "declare_priority",
        "weekly",
        started_on=START,
    )
    meeting(leader, "service", "finance", on=date(2026, 1, 12))
