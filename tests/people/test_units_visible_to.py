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
    """The team of Ward 4B (Harbor Health/Nursing/Ward 4B, the manager's own unit), plus
    the manager's reports placed elsewhere: one in Radiology/Ward 2 (beside Ward 4B, at
    the same depth) and two in Radiology/Ward 2/Night (deeper); units nobody reports into."""
    make_unit("Harbor Health/Pharmacy")
    make_unit("Harbor Health/Radiology/Ward 3")
    ward2 = make_unit("Harbor Health/Radiology/Ward 2")
    night = make_unit("Harbor Health/Radiology/Ward 2/Night")
    make_person("Rae Report", unit=ward2, manager=team["manager"])
    make_person("Nat Night", unit=night, manager=team["manager"])
    make_person("Nia Night", unit=night, manager=team["manager"])
    return team


def brute_force(person: Person | None) -> set[str]:
    """Every unit at or below the person's own unit, or at or below the unit of someone
    below them in their reporting line when that unit is deeper in the tree."""
    if person is None:
        return set()
    tops = {person.unit.path}
    if person.is_leader:
        depth = person.unit.depth
        tops |= {
            p.unit.path for p in Person.objects.all() if p.is_below(person) and p.unit.depth > depth
        }
    return {u.path for u in OrgUnit.objects.all() if any(u.path.startswith(t) for t in tops)}


@pytest.mark.parametrize("role", ["frontline", "colleague", "supervisor", "manager", "executive"])
def test_a_person_sees_their_subtree_and_their_reports_subtrees(org, role):
    person = org[role]
    scope = units_visible_to(person.user)
    units = list(OrgUnit.objects.all())
    expected = brute_force(person)
    assert {u.path for u in scope.filter(units)} == expected
    assert {u.path for u in units if can_view_indicators(person.user, u)} == expected


def test_a_manager_sees_a_deeper_unit_of_reports_but_not_one_beside_their_own(org):
    scope = units_visible_to(org["manager"].user)
    assert scope.contains(OrgUnit.objects.get(name="Night"))
    assert not scope.contains(OrgUnit.objects.get(name="Ward 2"))  # beside Ward 4B
    assert not scope.contains(OrgUnit.objects.get(name="Ward 3"))
    assert not scope.contains(OrgUnit.objects.get(name="Pharmacy"))
    assert scope.others == {OrgUnit.objects.get(name="Night").path: 2}
    # The executive, at the top, sees it all through their own unit.
    assert units_visible_to(org["executive"].user).contains(OrgUnit.objects.get(name="Ward 2"))


def test_the_program_office_sees_everything_and_a_login_without_a_person_nothing(org):
    office = make_program_office()
    assert units_visible_to(office.user).everything
    assert my_units(office.user) == list(OrgUnit.objects.get_root_nodes())
    nobody = User.objects.create_user("nobody@harbor.example", "x-pass-123")
    scope = units_visible_to(nobody)
    assert scope.filter(OrgUnit.objects.all()) == [] and my_units(nobody) == []


def test_my_units_puts_the_unit_with_most_reports_first(org):
    manager = org["manager"]
    # Ward 4B holds three of the manager's reports, Night two: own unit first.
    assert [u.name for u in my_units(manager.user)] == ["Ward 4B", "Night"]
    for n in range(2):
        make_person(f"Extra {n}", unit="Harbor Health/Radiology/Ward 2/Night", manager=manager)
    manager.user._tandem_scope = None  # the scope is kept for one request
    assert [u.name for u in my_units(manager.user)] == ["Night", "Ward 4B"]


def test_a_frontline_person_has_one_unit(org):
    assert my_units(org["frontline"].user) == [org["frontline"].unit]
    assert org["frontline"].level == Level.FRONTLINE


def test_a_unit_in_ones_own_part_costs_no_query_and_one_deeper_elsewhere_one(
    org, django_assert_num_queries
):
    manager = org["manager"]
    scope = units_visible_to(manager.user)
    own, ward3, night, pharmacy = (
        OrgUnit.objects.get(name=n) for n in ("Ward 4B", "Ward 3", "Night", "Pharmacy")
    )
    with django_assert_num_queries(0):
        assert scope.contains(own)
        assert not scope.contains(ward3)  # no deeper than the manager's own unit
    with django_assert_num_queries(1):
        assert scope.contains(night)
    with django_assert_num_queries(1):  # the reports' units, once, then prefix tests
        assert scope.filter([own, ward3, night, pharmacy]) == [own, night]
        assert scope.contains(night)


@pytest.mark.parametrize(
    "placed_in", ["Harbor Health", "Harbor Health/Nursing", "Harbor Health/Pharmacy"]
)
def test_a_report_placed_above_or_beside_opens_nothing_never_a_sibling_never_a_parent(
    org, placed_in
):
    """A report placed at the top, in the leader's parent or in a sibling of the leader's
    own unit (Ward 4B's manager: Harbor Health/Nursing/Ward 4B) gives the leader and
    everyone above them no unit beyond what they saw before."""
    manager = org["manager"]
    pharmacy = make_unit("Harbor Health/Pharmacy/Dispensary")
    before = {
        role: {u.path for u in units_visible_to(org[role].user).filter(OrgUnit.objects.all())}
        for role in ("supervisor", "manager")
    }
    make_person("Misplaced", unit=placed_in, manager=org["supervisor"])
    sibling = make_unit("Harbor Health/Nursing/Ward 5")
    make_person("Next door", unit=sibling, manager=manager)
    for role in ("supervisor", "manager"):
        user = org[role].user
        user._tandem_scope = None
        scope = units_visible_to(user)
        above = [u for u in OrgUnit.objects.all() if org[role].unit.path.startswith(u.path)]
        for unit in [*above, sibling, pharmacy, OrgUnit.objects.get(name="Ward 3")]:
            if unit.pk != org[role].unit_id:
                assert not scope.contains(unit), (role, unit.full_path)
                assert not can_view_indicators(user, unit), (role, unit.full_path)
        seen = {u.path for u in scope.filter(OrgUnit.objects.all())}
        assert seen == before[role], role
    # The manager's start units are their own and the deeper Night, nothing above.
    manager.user._tandem_scope = None
    assert [u.name for u in my_units(manager.user)] == ["Ward 4B", "Night"]
