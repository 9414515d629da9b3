"""Who may import and see lagging outcomes (M11), built on tandem.people.access.

* The program office imports outcomes, like the org chart.
* A unit's outcomes are seen by whoever may see its leading indicators
  (`units_visible_to`); the list of units with outcomes shows only those.
* Outcomes are often imported for a team while its people are placed in units below it
  (a ward's shifts): anyone whose own unit has no outcomes also sees those of the
  nearest unit above it that has some (`covering_unit`), their own team's results,
  but not that unit's leading indicators, which count the teams beside theirs.
* The org-wide correlations pool every unit's outcomes: the program office and
  executives only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tandem.indicators.access import can_view_indicators
from tandem.outcomes.models import UnitOutcome
from tandem.people.access import is_program_office, person_for, units_visible_to
from tandem.people.models import Level, OrgUnit

if TYPE_CHECKING:
    from tandem.people.models import User


def can_view_outcomes(user: User) -> bool:
    """The outcomes pages are for people of the organization and the program office."""
    return is_program_office(user) or person_for(user) is not None


def can_import_outcomes(user: User) -> bool:
    return is_program_office(user)


def can_view_correlations(user: User) -> bool:
    if is_program_office(user):
        return True
    me = person_for(user)
    return me is not None and me.level == Level.EXECUTIVE


def viewable_units(user: User, units: list[OrgUnit]) -> list[OrgUnit]:
    """Of `units`, those whose outcomes the user may see (no query beyond the scope's)."""
    return units_visible_to(user).filter(units)


def covering_unit(user: User) -> OrgUnit | None:
    """The nearest unit above the person's own whose outcomes they see because their own
    unit has none (module docstring), or None (one query; none for the program office)."""
    me = person_for(user)
    if me is None or is_program_office(user):
        return None
    own = me.unit
    step = OrgUnit.steplen
    paths = [own.path[:end] for end in range(step, len(own.path) + 1, step)]
    with_outcomes = (
        OrgUnit.objects.filter(path__in=paths, pk__in=UnitOutcome.objects.values("unit_id"))
        .order_by("-depth")
        .first()
    )
    if with_outcomes is None or with_outcomes.pk == own.pk:
        return None
    return with_outcomes


def get_unit_for_user(user: User, unit_id: int) -> tuple[OrgUnit, bool]:
    """The unit and whether its leading indicators are the user's to see: 404 when there
    is no such unit, 403 when neither its figures nor its outcomes are theirs."""
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404("No such unit.")
    if can_view_indicators(user, unit):
        return unit, True
    covering = covering_unit(user)
    if covering is not None and covering.pk == unit.pk:
        return unit, False
    raise PermissionDenied("You may not see the outcomes of this unit.")
