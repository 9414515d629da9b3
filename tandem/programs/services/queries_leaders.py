"""Read-only queries the commitments, meetings and say–do screens need, kept out of the views.

Who may see a page is decided in people/access.py; these only choose which rows a
page about "my part of the organization" shows.
"""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.people.access import is_program_office, person_for
from tandem.people.models import OrgUnit, Person, User
from tandem.programs.models import SayDoAudit


def recordable_units(user: User) -> QuerySet[OrgUnit]:
    """Units the user may record a meeting for (the bulk form of access.can_record_meeting)."""
    if is_program_office(user):
        return OrgUnit.objects.order_by("path")
    me = person_for(user)
    if me is None or not me.is_leader:
        return OrgUnit.objects.none()
    return me.unit.subtree().order_by("path")


def meeting_people(user: User) -> QuerySet[Person]:
    """Active people who may be picked as attendees or chair: the recordable units' people."""
    if is_program_office(user):
        return Person.objects.active().select_related("unit")
    me = person_for(user)
    if me is None or not me.is_leader:
        return Person.objects.none()
    return Person.objects.active().in_subtree(me.unit).select_related("unit")


def say_do_roots(user: User) -> list[OrgUnit]:
    """The units with say–do audits the user's report may show, in tree order: for the
    program office every audited unit, for anyone else the audited units at or above theirs."""
    roots = OrgUnit.objects.filter(
        pk__in=SayDoAudit.objects.values("root_unit_id").distinct()
    ).order_by("path")
    if is_program_office(user):
        return list(roots)
    me = person_for(user)
    if me is None:
        return []
    return [unit for unit in roots if me.unit.path.startswith(unit.path)]


def latest_audit(root: OrgUnit) -> SayDoAudit | None:
    return (
        SayDoAudit.objects.filter(root_unit=root)
        .prefetch_related("entries")
        .order_by("-taken_on", "-pk")
        .first()
    )
