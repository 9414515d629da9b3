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
  - a leader also sees the unit of anyone below them in their reporting line, and
    every unit below that one: a manager placed in "Nursing" whose team sits in
    "Radiology/Ward 2" may look at Ward 2.
* The program office imports the org chart, invites people and reads the audit trail.

Views use the `get_*_for_user` helpers of each app: an item the user may not see is a 404
(outsiders cannot even learn it exists); one they see but may not change is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q

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


def is_program_office(user: User | None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_tandem_po", None)
    if cached is None:
        cached = user.is_superuser or user.groups.filter(name=PROGRAM_OFFICE_GROUP).exists()
        user._tandem_po = cached
    return cached


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


@dataclass
class UnitScope:
    """The units a user may see: the whole organization, or every unit at or below
    `own` (the person's unit) or one of `others` (the highest units, outside `own`, in
    which reports of the person are placed; each with how many reports are placed in it
    or below). `inside`: how many of the person's reports are placed at or below `own`."""

    everything: bool = False
    own: str | None = None
    others: dict[str, int] = field(default_factory=dict)
    inside: int = 0

    @property
    def tops(self) -> list[str]:
        """The paths of the highest units seen (every unit below one is seen too)."""
        return [p for p in (self.own, *self.others) if p]

    def contains(self, unit: OrgUnit) -> bool:
        if self.everything:
            return True
        return any(unit.path.startswith(top) for top in self.tops)

    def filter(self, units) -> list[OrgUnit]:
        """Of `units`, those in the scope (a prefix test each, no query)."""
        return [unit for unit in units if self.contains(unit)]

    def q(self, prefix: str = "") -> Q:
        """A filter on units (or on a relation to one, `prefix="unit__"`) in the scope."""
        if self.everything:
            return Q()
        condition = Q(pk__in=[])
        for top in self.tops:
            condition |= Q(**{f"{prefix}path__startswith": top})
        return condition


def units_visible_to(user: User | None) -> UnitScope:
    """Which units a user may see (the rules in the module docstring); one query for a
    leader, none otherwise, kept on the user object for the rest of the request."""
    cached = getattr(user, "_tandem_scope", None)
    if cached is not None:
        return cached
    scope = _scope_of(user)
    if user is not None and user.is_authenticated:
        user._tandem_scope = scope
    return scope


def _scope_of(user: User | None) -> UnitScope:
    if is_program_office(user):
        return UnitScope(everything=True)
    me = person_for(user)
    if me is None:
        return UnitScope()
    own = me.unit.path
    if not me.is_leader:
        return UnitScope(own=own)
    rows = Person.objects.below(me).order_by().values("unit__path").annotate(n=Count("pk"))
    inside = 0
    outside: dict[str, int] = {}
    for row in rows:
        path, n = row["unit__path"], row["n"]
        if path.startswith(own):
            inside += n
        else:
            outside[path] = n
    others: dict[str, int] = {}
    for path in sorted(outside):  # a parent sorts before its children
        top = next((t for t in others if path.startswith(t)), path)
        others[top] = others.get(top, 0) + outside[path]
    return UnitScope(own=own, others=others, inside=inside)
