"""Who a person is, and the rules every app builds on.

Roles are not stored: they follow from a person's level and reporting line, plus
membership of the "Program office" group. Each app keeps its own rules in its own
`access.py`, built on these: capture (logging, seeing and moving ideas, actions and
stories), programs (roadmap, cascade, commitments, meetings, say–do), indicators (the
leading indicators of a unit), outcomes.

* `person_for(user)`: the active person behind a login; without one, a login sees nothing.
* `is_program_office(user)`: the program office may do everything.
* `manages(a, b)`: a is anywhere up b's reporting line.
* `units_visible_to(user)`: which units' figures a user may see (`UnitScope`):
  - the program office sees every unit;
  - anyone with a person record sees their own unit and every unit below it;
  - a leader also sees the unit of anyone below them in their reporting line when that
    unit lies deeper in the tree than the leader's own, and every unit below it: a
    manager placed in "Nursing" whose team sits in "Radiology/Ward 2" may look at
    Ward 2. Never a unit above or beside their own: a report placed at the top of the
    organization, or in a sibling unit, opens nothing (the org-chart import flags
    such rows).
* The program office imports the org chart, invites people and reads the audit trail.

Views use the `get_*_for_user` helpers of each app: an item the user may not see is a 404
(outsiders cannot even learn it exists); one they see but may not change is a 403.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from tandem.people.models import OrgUnit, Person

if TYPE_CHECKING:
    from tandem.people.models import User

PROGRAM_OFFICE_GROUP = "Program office"


def person_for(user: User | None) -> Person | None:
    """The active person behind a login, or None."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_tandem_person", False)
    if cached is not False:
        return cached
    person = Person.objects.select_related("unit").filter(user=user, active=True).first()
    user._tandem_person = person
    return person


def program_office_people() -> QuerySet[Person]:
    """The people whose login belongs to the program office (to be told of its business)."""
    office = Q(user__groups__name=PROGRAM_OFFICE_GROUP) | Q(user__is_superuser=True)
    return Person.objects.filter(office, user__is_active=True).distinct()


def is_program_office(user: User | None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_tandem_po", None)
    if cached is None:
        cached = user.is_superuser or user.groups.filter(name=PROGRAM_OFFICE_GROUP).exists()
        user._tandem_po = cached
    return cached


def is_leader(user: User | None) -> bool:
    """A supervisor or above, with an active person record: they lead a team."""
    me = person_for(user)
    return me is not None and me.is_leader


def manages(manager: Person, person: Person) -> bool:
    """True when `manager` is anywhere up `person`'s reporting line (a prefix test, no query)."""
    return person.is_below(manager)


def manages_any(manager: Person, people) -> bool:
    return any(person.is_below(manager) for person in people)


def can_manage_people(user: User) -> bool:
    """Import the org chart, invite people, read the audit trail."""
    return is_program_office(user)


can_read_audit = can_manage_people


def can_view_directory(user: User) -> bool:
    """List org units and people: anyone with an active person record, and the program office."""
    return is_program_office(user) or person_for(user) is not None


# --- which units a user may see ---------------------------------------------------


class UnitScope:
    """The units a user may see: the whole organization (`everything`), or every unit at
    or below the person's own unit (`own`, a path) or at or below the unit of someone in
    their reporting line placed elsewhere, deeper in the tree than `own` (`others`).

    Asking costs as little as the question: a unit at or below one's own needs no query, a
    unit elsewhere one indexed query (is a report placed in it or above it?); only the
    whole list of other units (`others`, for a list of units or the leader's start units)
    reads the reporting line, once."""

    def __init__(self, person: Person | None = None, *, everything: bool = False) -> None:
        self.everything = everything
        self.person = person
        self.own: str | None = person.unit.path if person is not None else None

    def contains(self, unit: OrgUnit) -> bool:
        if self.everything:
            return True
        if self.own is None:
            return False
        if unit.path.startswith(self.own):
            return True
        if not self.person.is_leader:
            return False
        if "others" in self.__dict__:
            return any(unit.path.startswith(top) for top in self.others)
        # The unit itself and each unit above it that lies deeper than the leader's own
        # (never a unit above or beside it), as paths: a report placed in any of them.
        step = OrgUnit.steplen
        deeper = range(len(self.own) + step, len(unit.path) + 1, step)
        above_or_self = [unit.path[:end] for end in deeper]
        if not above_or_self:
            return False
        return Person.objects.below(self.person).filter(unit__path__in=above_or_self).exists()

    def filter(self, units) -> list[OrgUnit]:
        """Of `units`, those in the scope (one query at most, then a prefix test each)."""
        if self.everything:
            return list(units)
        if self.own is None:
            return []
        tops = [self.own, *self.others]
        return [unit for unit in units if any(unit.path.startswith(top) for top in tops)]

    @cached_property
    def others(self) -> dict[str, int]:
        """The highest units outside `own`, deeper than it, in which the leader's reports
        are placed, each with how many reports are placed in it or below (empty for
        anyone else)."""
        if self.own is None or not self.person.is_leader:
            return {}
        rows = (
            Person.objects.below(self.person)
            .exclude(unit__path__startswith=self.own)
            .order_by()
            .values("unit__path")
            .annotate(n=Count("pk"))
        )
        deeper = len(self.own)
        outside = {row["unit__path"]: row["n"] for row in rows if len(row["unit__path"]) > deeper}
        others: dict[str, int] = {}
        for path in sorted(outside):  # a parent sorts before its children
            top = next((t for t in others if path.startswith(t)), path)
            others[top] = others.get(top, 0) + outside[path]
        return others

    @cached_property
    def inside(self) -> int:
        """How many of the leader's reports are placed at or below their own unit."""
        if self.own is None or not self.person.is_leader:
            return 0
        below = Person.objects.below(self.person)
        return below.filter(unit__path__startswith=self.own).count()


def units_visible_to(user: User | None) -> UnitScope:
    """Which units a user may see (the rules in the module docstring), kept on the user
    object for the rest of the request."""
    cached = getattr(user, "_tandem_scope", None)
    if cached is not None:
        return cached
    office = is_program_office(user)
    scope = UnitScope(everything=True) if office else UnitScope(person_for(user))
    if user is not None and user.is_authenticated:
        user._tandem_scope = scope
    return scope
