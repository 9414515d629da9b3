"""Who may import and see lagging outcomes (M11), built on tandem.people.access.

* The program office imports outcomes, like the org chart.
* A unit's outcomes are seen by whoever may see its leading indicators
  (`units_visible_to`); the list of units with outcomes shows only those.
* The org-wide correlations pool every unit's outcomes: the program office and
  executives only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
