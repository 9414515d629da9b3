"""A person placed below the unit their outcomes are imported for (a ward's night shift)
sees their own team's outcomes, without that unit's leading indicators, and nothing else."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tandem.outcomes import access
from tandem.outcomes.models import UnitOutcome
from tandem.people.models import Level
from tests.factories import make_person, make_team, make_unit

pytestmark = pytest.mark.django_db
WARD = "Harbor Health/Nursing/Ward 4B"


def last_month() -> date:
    first = timezone.localdate().replace(day=1)
    index = first.year * 12 + first.month - 2
    return date(index // 12, index % 12 + 1, 1)


def outcome(path: str, **values) -> UnitOutcome:
    return UnitOutcome.objects.create(
        unit=make_unit(path), month=last_month(), imported_at=timezone.now(), **values
    )


@pytest.fixture
def shift():
    team = make_team(WARD)
    night = make_person(
        "Nia Night", unit=f"{WARD}/Night", level=Level.FRONTLINE, manager=team["supervisor"]
    )
    return {**team, "night": night}


def test_a_frontline_person_below_the_ward_sees_the_wards_outcomes(client, shift):
    ward = outcome(WARD, csat=84)
    client.force_login(shift["night"].user)
    html = client.get("/outcomes/").content.decode()
    assert "No outcomes yet" not in html
    assert f'href="/outcomes/units/{ward.unit_id}/"' in html
    assert "(your team)" in html

    response = client.get(f"/outcomes/units/{ward.unit_id}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ward 4B: outcomes</h1>" in page
    assert 'id="covering"' in page
    # The ward's leading indicators count the other shifts too: not shown.
    assert "Leading indicators" not in page and "Participation" not in page
    assert "Leader dashboard" not in page


def test_someone_whose_unit_has_outcomes_sees_them_with_the_indicators(client, shift):
    ward = outcome(WARD, csat=84)
    client.force_login(shift["frontline"].user)  # placed in the ward itself
    page = client.get(f"/outcomes/units/{ward.unit_id}/").content.decode()
    assert "Ward 4B: indicators and outcomes</h1>" in page
    assert "Leading indicators" in page
    assert access.covering_unit(shift["frontline"].user) is None


def test_a_frontline_person_whose_units_have_no_outcomes_sees_the_empty_state(client, shift):
    other = outcome("Harbor Health/Finance/Payroll", nps=12)
    client.force_login(shift["night"].user)
    html = client.get("/outcomes/").content.decode()
    assert "No outcomes yet" in html
    assert "Payroll" not in html
    assert client.get(f"/outcomes/units/{other.unit_id}/").status_code == 403


def test_only_the_nearest_unit_above_is_shown_never_other_units(client, shift):
    ward = outcome(WARD, csat=84)
    nursing = outcome("Harbor Health/Nursing", csat=80)
    root = outcome("Harbor Health", csat=79)
    beside = outcome(f"{WARD}/Day", csat=90)
    payroll = outcome("Harbor Health/Finance/Payroll", nps=12)
    user = shift["night"].user
    assert access.covering_unit(user) == ward.unit
    client.force_login(user)
    html = client.get("/outcomes/").content.decode()
    assert f"/outcomes/units/{ward.unit_id}/" in html
    for other in (nursing, root, beside, payroll):
        assert f"/outcomes/units/{other.unit_id}/" not in html
        assert client.get(f"/outcomes/units/{other.unit_id}/").status_code == 403


def test_the_program_office_and_the_wards_manager_are_unchanged(client, shift, program_office):
    ward = outcome(WARD, csat=84)
    assert access.covering_unit(program_office.user) is None
    assert access.covering_unit(shift["manager"].user) is None
    client.force_login(shift["manager"].user)
    assert "Leading indicators" in client.get(f"/outcomes/units/{ward.unit_id}/").content.decode()


def test_a_unit_that_does_not_exist_is_a_404(client, shift):
    client.force_login(shift["night"].user)
    assert client.get("/outcomes/units/999999/").status_code == 404
