"""Leadership alignment, derived from what leaders did rather than ticked off by hand.

A leader is *aligned* in a program when all three hold:

* attended: they are an attendee of a leadership alignment session of the program;
* committed: they have at least one active commitment;
* service first: the most recent meeting they chaired on or after the program's
  start opened with an agenda item tagged service.

A unit's *leader* is the most senior active person placed in the unit itself
(executive before senior leader before manager before supervisor; ties go to the
name, then the earliest record). Frontline staff never lead a unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from tandem.people.models import LEADER_LEVELS, Level, OrgUnit, Person
from tandem.programs.models import AgendaItem, AgendaTag, Commitment, Meeting, MeetingKind, Program

SENIORITY = [Level.EXECUTIVE, Level.SENIOR_LEADER, Level.MANAGER, Level.SUPERVISOR]


@dataclass(frozen=True)
class Alignment:
    person: Person
    attended: bool
    committed: bool
    service_first: bool

    @property
    def aligned(self) -> bool:
        return self.attended and self.committed and self.service_first

    @property
    def missing(self) -> list[str]:
        """What the leader still has to do, in words for a warning."""
        steps = [
            (self.attended, "attend the leadership alignment session"),
            (self.committed, "set their commitments"),
            (self.service_first, "put service first on their meeting agenda"),
        ]
        return [text for done, text in steps if not done]


def first_item_tag() -> Subquery:
    """The tag of a meeting's first agenda item, for annotating a Meeting queryset."""
    first = AgendaItem.objects.filter(meeting=OuterRef("pk")).order_by("position")
    return Subquery(first.values("tag")[:1])


def alignments(program: Program, people: Iterable[Person]) -> dict[int, Alignment]:
    """Alignment of each person, by person id, in three queries whatever the number."""
    people = list(people)
    ids = [p.pk for p in people]
    attended = set(
        Meeting.attendees.through.objects.filter(
            meeting__program=program,
            meeting__kind=MeetingKind.ALIGNMENT_SESSION,
            person_id__in=ids,
        ).values_list("person_id", flat=True)
    )
    committed = set(
        Commitment.objects.filter(leader_id__in=ids, active=True).values_list(
            "leader_id", flat=True
        )
    )
    latest_tag: dict[int, str | None] = {}
    meetings = (
        Meeting.objects.filter(chair_id__in=ids, date__gte=program.started_on)
        .annotate(first_tag=first_item_tag())
        .order_by("date", "pk")
        .values_list("chair_id", "first_tag")
    )
    for chair_id, tag in meetings:
        latest_tag[chair_id] = tag  # later meetings overwrite earlier ones
    return {
        p.pk: Alignment(
            person=p,
            attended=p.pk in attended,
            committed=p.pk in committed,
            service_first=latest_tag.get(p.pk) == AgendaTag.SERVICE,
        )
        for p in people
    }


def alignment_of(program: Program, person: Person) -> Alignment:
    return alignments(program, [person])[person.pk]


def program_leaders(program: Program):
    """The active leaders (supervisor and up) in the program's part of the organization."""
    return (
        Person.objects.active()
        .in_subtree(program.root_unit)
        .filter(level__in=LEADER_LEVELS)
        .select_related("unit")
        .order_by("unit__path", "name")
    )


def leadership_alignment(program: Program) -> list[Alignment]:
    """Every leader of the program with what they have done: the program office's checklist."""
    leaders = list(program_leaders(program))
    found = alignments(program, leaders)
    return [found[p.pk] for p in leaders]


def _seniority_key(person: Person) -> tuple[int, str, int]:
    return (SENIORITY.index(person.level), person.name, person.pk)


def unit_leaders(units: Iterable[OrgUnit]) -> dict[int, Person]:
    """The leader of each unit that has one, by unit id (one query)."""
    best: dict[int, Person] = {}
    candidates = Person.objects.active().filter(unit__in=list(units), level__in=LEADER_LEVELS)
    for person in candidates:
        current = best.get(person.unit_id)
        if current is None or _seniority_key(person) < _seniority_key(current):
            best[person.unit_id] = person
    return best


def unit_leader(unit: OrgUnit) -> Person | None:
    return unit_leaders([unit]).get(unit.pk)
