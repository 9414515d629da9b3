"""Who may see which unit's figures: the matrix of roles × units × screens."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tandem.people.access import PROGRAM_OFFICE_GROUP
from tandem.people.models import Level, OrgUnit, User
from tests.factories import make_person, make_program_office, make_unit
from tests.indicators.conftest import OCTOBER

pytestmark = pytest.mark.django_db

SCREENS = [
    lambda unit: (reverse("indicators:dashboard", args=[unit.pk]), OCTOBER),
    lambda unit: (reverse("indicators:dashboard_pdf", args=[unit.pk]), OCTOBER),
    lambda unit: (reverse("indicators:activity"), {"unit": unit.pk}),
    lambda unit: (
        reverse("indicators:dashboard", args=[unit.pk]),
        {**OCTOBER, "export": "figures", "format": "csv"},
    ),
]
YES, NO = 200, 403

# role -> {unit key: expected status}
MATRIX = {
    "frontline": {"ward_4b": YES, "ward_5c": NO, "nursing": NO, "root": NO, "finance": NO},
    "manager": {"ward_4b": YES, "ward_5c": NO, "nursing": NO, "root": NO, "finance": NO},
    "other_manager": {"ward_5c": YES, "ward_4b": NO, "nursing": NO},
    "senior": {"root": YES, "nursing": YES, "ward_4b": YES, "ward_5c": YES, "finance": YES},
    "executive": {"root": YES, "nursing": YES, "ward_4b": YES, "ward_5c": YES, "finance": YES},
    "program_office": {"root": YES, "nursing": YES, "ward_4b": YES, "finance": YES},
    "payroll": {"finance": NO, "ward_4b": NO, "nursing": NO, "root": NO},
}


@pytest.fixture
def people(org):
    return {**org, "program_office": make_program_office()}


@pytest.mark.parametrize(
    ("role", "unit_key", "expected"),
    [(role, unit, expected) for role, units in MATRIX.items() for unit, expected in units.items()],
)
def test_permission_matrix(client, people, role, unit_key, expected):
    client.force_login(people[role].user)
    for screen in SCREENS:
        path, query = screen(people[unit_key])
        response = client.get(path, query)
        assert response.status_code == expected, (role, unit_key, path, query)


def test_a_manager_placed_above_a_team_elsewhere_sees_that_team(client, org):
    """Placed in Nursing, managing someone in Radiology/Ward 2: Ward 2 yes, Radiology no."""
    boss = make_person("Nina Nursing", unit=org["nursing"], level=Level.MANAGER)
    ward_2 = make_unit("Harbor Health/Radiology/Ward 2")
    make_person("Rae Radiology", unit=ward_2, manager=boss)
    client.force_login(boss.user)
    dashboard = lambda unit: reverse("indicators:dashboard", args=[unit.pk])  # noqa: E731
    assert client.get(dashboard(ward_2)).status_code == 200
    assert client.get(dashboard(org["nursing"])).status_code == 200
    assert client.get(dashboard(OrgUnit.objects.get_parent(ward_2))).status_code == 403
    # Its breadcrumbs show nothing above Ward 2 that she may not open.
    html = client.get(dashboard(ward_2)).text
    crumbs = html[html.index('class="crumbs"') : html.index("</nav>", html.index('class="crumbs"'))]
    assert "Radiology" not in crumbs


def test_a_login_without_a_person_gets_403(client, org):
    user = User.objects.create_user("nobody@harbor.example", "x")
    client.force_login(user)
    assert client.get(reverse("indicators:dashboard", args=[org["ward_4b"].pk])).status_code == 403
    assert client.get(reverse("indicators:home")).status_code == 403
    assert client.get(reverse("indicators:activity")).status_code == 403


@pytest.mark.parametrize("name", ["indicators:dashboard", "indicators:dashboard_pdf"])
def test_unknown_unit_is_404(login, org, name):
    assert login(org["executive"]).get(reverse(name, args=[999999])).status_code == 404


def test_unknown_unit_on_the_activity_view_is_404(login, org):
    assert (
        login(org["executive"]).get(reverse("indicators:activity"), {"unit": 999999}).status_code
        == 404
    )


@pytest.mark.parametrize(
    "path",
    [
        reverse("indicators:home"),
        reverse("indicators:dashboard", args=[1]),
        reverse("indicators:dashboard_pdf", args=[1]),
        reverse("indicators:activity"),
        reverse("indicators:how_we_count"),
    ],
)
def test_anonymous_is_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "unit_key"),
    [
        ("frontline", "ward_4b"),
        ("manager", "ward_4b"),
        ("other_manager", "ward_5c"),
        ("executive", "root"),
        ("program_office", "root"),
        ("payroll", "payroll_unit"),
    ],
)
def test_home_sends_each_role_to_their_top_unit(client, people, role, unit_key):
    client.force_login(people[role].user)
    unit = people["payroll"].unit if unit_key == "payroll_unit" else people[unit_key]
    response = client.get(reverse("indicators:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:dashboard", args=[unit.pk])


def test_home_of_a_leader_whose_team_sits_elsewhere_is_that_team(client, org):
    boss = make_person("Nina Nursing", unit=org["nursing"], level=Level.MANAGER)
    ward_2 = make_unit("Harbor Health/Radiology/Ward 2")
    make_person("Rae Radiology", unit=ward_2, manager=boss)
    make_person("Ray Radiology", unit=ward_2, manager=boss)
    client.force_login(boss.user)
    response = client.get(reverse("indicators:home"))
    assert response["Location"] == reverse("indicators:dashboard", args=[ward_2.pk])
    # Her own unit stays one click away.
    html = client.get(response["Location"]).text
    assert (
        "Also yours:" in html and reverse("indicators:dashboard", args=[org["nursing"].pk]) in html
    )


def test_leaders_link_in_the_menu_only_for_people(client, org):
    client.force_login(org["frontline"].user)  # who leads nobody sees their team's figures
    assert f'href="{reverse("indicators:home")}">Team figures</a>' in client.get("/").text
    client.force_login(org["manager"].user)
    assert f'href="{reverse("indicators:home")}">Leaders</a>' in client.get("/").text
    client.force_login(User.objects.create_user("nobody@harbor.example", "x"))
    page = client.get("/").text
    assert ">Leaders</a>" not in page and ">Team figures</a>" not in page


def test_program_office_before_any_import_gets_an_empty_state(client, db):
    user = User.objects.create_user("office@harbor.example", "x")
    user.groups.add(Group.objects.create(name=PROGRAM_OFFICE_GROUP))
    client.force_login(user)
    response = client.get(reverse("indicators:home"))
    assert response.status_code == 200
    assert "There is no organization yet" in response.text
