"""people.access.units_visible_to: the one answer to "which units may this user see"."""

from __future__ import annotations

import pytest

from tandem.indicators.access import can_view_indicators, my_units
from tandem.people.access import units_visible_to
from tandem.people.models import Level, OrgUnit, Person, User
from tests.factories import make_person, make_program_office, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(team):
    """The team of Ward 4B, plus a report of the manager placed in Radiology/Ward 2 and
    one in Radiology/Ward 2/Night (merged under Ward 2), and units nobody reports into."""
    make_unit("Harbor Health/Pharmacy")
    make_unit("Harbor Health/Radiology/Ward 3")
    ward2 = make_unit("Harbor Health/Radiology/Ward 2")
    night = make_unit("Harbor Health/Radiology/Ward 2/Night")
    make_person("Rae Report", unit=ward2, manager=team["manager"])
    make_person("Nat Night", unit=night, manager=team["manager"])
    return team


def brute_force(person: Person | None) -> set[str]:
    """Every unit at or below the person's own unit or the unit of someone below them."""
    if person is None:
        return set()
    tops = {person.unit.path}
    if person.is_leader:
        tops |= {p.unit.path for p in Person.objects.all() if p.is_below(person)}
    return {u.path for u in OrgUnit.objects.all() if any(u.path.startswith(t) for t in tops)}


@pytest.mark.parametrize("role", ["frontline", "colleague", "supervisor", "manager", "executive"])
def test_a_person_sees_their_subtree_and_their_reports_subtrees(org, role):
    person = org[role]
    scope = units_visible_to(person.user)
    units = list(OrgUnit.objects.all())
    expected = brute_force(person)
    assert {u.path for u in scope.filter(units)} == expected
    assert {u.path for u in units if can_view_indicators(person.user, u)} == expected
    assert {u.path for u in OrgUnit.objects.filter(scope.q())} == expected


def test_a_manager_sees_a_reports_unit_elsewhere_but_not_its_siblings(org):
    scope = units_visible_to(org["manager"].user)
    assert scope.contains(OrgUnit.objects.get(name="Ward 2"))
    assert scope.contains(OrgUnit.objects.get(name="Night"))
    assert not scope.contains(OrgUnit.objects.get(name="Ward 3"))
    assert not scope.contains(OrgUnit.objects.get(name="Pharmacy"))
    assert scope.others == {OrgUnit.objects.get(name="Ward 2").path: 2}


def test_the_program_office_sees_everything_and_a_login_without_a_person_nothing(org):
    office = make_program_office()
    assert units_visible_to(office.user).everything
    assert my_units(office.user) == list(OrgUnit.objects.get_root_nodes())
    nobody = User.objects.create_user("nobody@harbor.example", "x-pass-123")
    scope = units_visible_to(nobody)
    assert scope.filter(OrgUnit.objects.all()) == [] and my_units(nobody) == []
    assert not OrgUnit.objects.filter(scope.q()).exists()


def test_my_units_puts_the_unit_with_most_reports_first(org):
    manager = org["manager"]
    # Ward 4B holds three of the manager's reports, Ward 2's subtree two: own unit first.
    assert [u.name for u in my_units(manager.user)] == ["Ward 4B", "Ward 2"]
    for n in range(2):
        make_person(f"Extra {n}", unit="Harbor Health/Radiology/Ward 2", manager=manager)
    manager.user._tandem_scope = None  # the scope is kept for one request
    assert [u.name for u in my_units(manager.user)] == ["Ward 2", "Ward 4B"]


def test_a_frontline_person_has_one_unit(org):
    assert my_units(org["frontline"].user) == [org["frontline"].unit]
    assert org["frontline"].level == Level.FRONTLINE
