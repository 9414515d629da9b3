"""Recording leadership meetings, and the two figures read from them.

* Service first: the share of meetings whose FIRST agenda item is tagged service
  (a leader's: the meetings they chaired; a unit's: the meetings held in it).
* Inclusion (leading up): an agenda item that affects a unit none of whose people
  attended is flagged. Someone placed in the unit or anywhere below it counts as
  that unit's presence: a ward nurse speaks for Nursing. Per unit: of the meetings
  with an item affecting it, in how many was it present.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tandem.audit.models import log_action, snapshot
from tandem.people.models import OrgUnit, Person, User
from tandem.programs.models import AgendaItem, AgendaTag, Meeting, MeetingKind, Program
from tandem.programs.services.alignment import first_item_tag

TAG_CHOICES = ", ".join(AgendaTag.values)


@dataclass
class AgendaInput:
    """One agenda item as entered, before it is validated and saved."""

    title: str
    tag: str = ""
    affects: Sequence[OrgUnit] = field(default_factory=list)


def _agenda_errors(items: Sequence[AgendaInput]) -> list[str]:
    errors = []
    if not items:
        errors.append("Add at least one agenda item.")
    for n, item in enumerate(items, start=1):
        title = (item.title or "").strip()
        name = f"Agenda item {n}" + (f" (“{title}”)" if title else "")
        if not title:
            errors.append(f"{name} has no title.")
        if not item.tag:
            errors.append(f"{name} has no tag; choose one of {TAG_CHOICES}.")
        elif item.tag not in AgendaTag.values:
            errors.append(f"{name} has the tag '{item.tag}'; choose one of {TAG_CHOICES}.")
    return errors


@transaction.atomic
def record_meeting(
    actor: User,
    *,
    date: date | None,
    unit: OrgUnit | None,
    chair: Person | None,
    attendees: Iterable[Person],
    items: Sequence[AgendaInput],
    notes: str = "",
    kind: str = MeetingKind.MEETING,
    program: Program | None = None,
    created_by: Person | None = None,
) -> Meeting:
    """Validate everything first, then save the meeting, its attendees and its agenda.

    Raises ValidationError keyed by field (date, unit, chair, attendees, items, kind,
    program) listing every problem at once; nothing is saved then.
    """
    attendees = list(attendees)
    errors: dict[str, list[str]] = {}

    def fail(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if date is None:
        fail("date", "Give the date of the meeting.")
    if unit is None:
        fail("unit", "Say which unit held the meeting.")
    if chair is None:
        fail("chair", "Say who chaired the meeting.")
    elif not chair.active:
        fail("chair", f"{chair.name} is no longer active.")
    if not attendees:
        fail("attendees", "A meeting needs at least one attendee.")
    inactive = [p.name for p in attendees if not p.active]
    if inactive:
        fail("attendees", f"No longer active: {', '.join(inactive)}.")
    if kind not in MeetingKind.values:
        fail("kind", f"'{kind}' is not a kind of meeting.")
    if kind == MeetingKind.ALIGNMENT_SESSION and program is None:
        fail("program", "Say which program the leadership alignment session belongs to.")
    for message in _agenda_errors(items):
        fail("items", message)
    if errors:
        raise ValidationError(errors)

    meeting = Meeting.objects.create(
        kind=kind,
        program=program,
        date=date,
        unit=unit,
        chair=chair,
        notes=notes.strip(),
        created_by=created_by,
    )
    people = {p.pk: p for p in attendees}
    people.setdefault(chair.pk, chair)  # the chair attends their own meeting
    meeting.attendees.set(people.values())
    for n, item in enumerate(items, start=1):
        row = AgendaItem.objects.create(
            meeting=meeting, position=n, title=item.title.strip(), tag=item.tag
        )
        row.affects.set(item.affects)
    log_action(
        actor,
        "created",
        meeting,
        after=snapshot(meeting),
        extra={"agenda": [[i.title.strip(), i.tag] for i in items]},
    )
    return meeting


@dataclass(frozen=True)
class Share:
    part: int
    total: int

    @property
    def percent(self) -> int | None:
        """Whole percent, rounded half up; None when there is nothing to count."""
        if not self.total:
            return None
        return (200 * self.part + self.total) // (2 * self.total)


def service_first_share(meetings: QuerySet[Meeting]) -> Share:
    """Of these meetings, how many opened with a service item (one query)."""
    tags = list(meetings.annotate(first_tag=first_item_tag()).values_list("first_tag", flat=True))
    return Share(sum(tag == AgendaTag.SERVICE for tag in tags), len(tags))


def _between(meetings: QuerySet[Meeting], since: date | None, until: date | None):
    if since:
        meetings = meetings.filter(date__gte=since)
    if until:
        meetings = meetings.filter(date__lte=until)
    return meetings


def leader_service_first(person: Person, since: date | None = None, until: date | None = None):
    """Service-first share of the meetings this leader chaired."""
    return service_first_share(_between(Meeting.objects.filter(chair=person), since, until))


def unit_service_first(
    unit: OrgUnit, since: date | None = None, until: date | None = None, subtree: bool = False
) -> Share:
    """Service-first share of the meetings held in the unit (or anywhere below it)."""
    meetings = Meeting.objects.filter(
        **({"unit__path__startswith": unit.path} if subtree else {"unit": unit})
    )
    return service_first_share(_between(meetings, since, until))


# The service-first figures count the meetings of this many days up to today, on every
# page that shows them (the start page, the meetings page), so they always agree.
SERVICE_FIRST_DAYS = 90


@dataclass(frozen=True)
class ServiceFirst:
    """The service-first figures of one person over one window (`since` to `until`)."""

    since: date
    until: date
    mine: Share | None  # the meetings they chaired (leaders only)
    unit: Share | None  # the meetings held in their unit or below
    days: int = SERVICE_FIRST_DAYS

    @property
    def window(self) -> str:
        """The window in words, to stand next to every figure."""
        return f"in the last {self.days} days"


def service_first_figures(
    person: Person, *, leader: bool, today: date | None = None
) -> ServiceFirst:
    """`person`'s service-first figures over the last SERVICE_FIRST_DAYS days: the
    meetings they chaired (when `leader`) and those held in their unit or below."""
    until = today or timezone.localdate()
    since = until - timedelta(days=SERVICE_FIRST_DAYS - 1)
    return ServiceFirst(
        since=since,
        until=until,
        mine=leader_service_first(person, since=since, until=until) if leader else None,
        unit=unit_service_first(person.unit, since=since, until=until, subtree=True),
    )


def _present(unit: OrgUnit, attendee_paths: list[str]) -> bool:
    return any(path.startswith(unit.path) for path in attendee_paths)


def excluded(meeting: Meeting) -> list[tuple[AgendaItem, OrgUnit]]:
    """The (item, unit) pairs where the item affects a unit nobody from which attended."""
    paths = list(meeting.attendees.values_list("unit__path", flat=True))
    flagged = []
    for item in meeting.items.prefetch_related("affects"):
        for unit in item.affects.all():
            if not _present(unit, paths):
                flagged.append((item, unit))
    return flagged


@dataclass(frozen=True)
class Inclusion:
    unit: OrgUnit
    affected: int
    included: int

    @property
    def share(self) -> Share:
        return Share(self.included, self.affected)


def inclusion_by_unit(meetings: QuerySet[Meeting]) -> list[Inclusion]:
    """For each unit affected by any of these meetings: meetings affecting it, and in how
    many somebody from it attended. In tree order; three queries."""
    meetings = meetings.prefetch_related("attendees__unit", "items__affects")
    affected: dict[int, int] = {}
    included: dict[int, int] = {}
    units: dict[int, OrgUnit] = {}
    for meeting in meetings:
        paths = [p.unit.path for p in meeting.attendees.all()]
        touched = {u.pk: u for item in meeting.items.all() for u in item.affects.all()}
        for pk, unit in touched.items():
            units[pk] = unit
            affected[pk] = affected.get(pk, 0) + 1
            included[pk] = included.get(pk, 0) + _present(unit, paths)
    ordered = sorted(units.values(), key=lambda u: u.path)
    return [Inclusion(u, affected[u.pk], included[u.pk]) for u in ordered]
