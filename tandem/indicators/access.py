"""Who may see the leading indicators of which unit (M3).

Built on `tandem.people.access.units_visible_to`: the program office sees every unit;
anyone with a person record their own unit and everything below it; a leader also the
units of the people below them in their reporting line that lie deeper in the tree than
their own, and everything below those (never a unit above or beside their own).

Indicators are aggregates, so there is no 404 for a unit one may not see: the unit list
is public to people in the organization; the caller gets a 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tandem.people.access import units_visible_to
from tandem.people.models import OrgUnit

if TYPE_CHECKING:
    from tandem.people.models import User


def can_view_indicators(user: User, unit: OrgUnit) -> bool:
    """May the user see the leading indicators of `unit` (and everything below it)?"""
    return units_visible_to(user).contains(unit)


def get_unit_for_user(user: User, unit_id: int) -> OrgUnit:
    """The unit, 404 when there is none, 403 when its figures are not the user's to see."""
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404("No such unit.")
    if not can_view_indicators(user, unit):
        raise PermissionDenied("You may not see the figures of this unit.")
    return unit


def my_units(user: User) -> list[OrgUnit]:
    """The highest units whose figures the user may see, the main one first.

    The program office: the root(s). Anyone else: their own unit; a leader also the units
    of reports placed outside it (a manager placed in "Nursing" whose team sits in
    "Radiology/Ward 2"), ordered by how many of their reports each holds; the biggest of
    those comes first when it holds more reports than the leader's own unit.
    """
    scope = units_visible_to(user)
    if scope.everything:
        return list(OrgUnit.objects.get_root_nodes())
    if scope.person is None:
        return []
    own = scope.person.unit
    if not scope.person.is_leader or own.depth == 1:
        return [own]  # at the top, every report is at or below the leader's own unit
    ranked = sorted(scope.others.items(), key=lambda item: -item[1])
    units = {u.path: u for u in OrgUnit.objects.filter(path__in=list(scope.others))}
    others = [units[path] for path, _ in ranked]
    if others and ranked[0][1] > scope.inside:
        return [others[0], own, *others[1:]]
    return [own, *others]
