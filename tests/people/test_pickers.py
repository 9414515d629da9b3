"""The search pickers: pages carry only the chosen value, the options come from
`people:pick`, scoped to what the user may pick."""

from __future__ import annotations

import re

import pytest

from tandem.people import pickers
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.django_db

PICK = "/people/pick/{}/"


def options(client, source: str, field: str, text: str = "", **more) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of each option the picker would get."""
    response = client.get(PICK.format(source), {"field": field, f"{field}_find": text, **more})
    assert response.status_code == 200
    found = re.findall(
        r'<option value="([^"]*)"( selected)?( disabled)?>([^<]*)</option>',
        response.content.decode(),
    )
    return [(value, label, bool(selected)) for value, selected, _disabled, label in found]


def test_a_feed_page_renders_only_the_chosen_unit_not_every_unit(team, login):
    for n in range(40):
        make_unit(f"Harbor Health/Clinic {n:02d}")
    client = login(team["frontline"])
    ward = team["frontline"].unit
    html = client.get("/ideas/", {"unit": ward.pk}).content.decode()
    select = re.search(r'<select name="unit".*?</select>', html, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select) == ["All units", ward.full_path]
    assert "Clinic 07" not in html
    assert 'hx-get="/people/pick/units/"' in html


def test_units_are_found_by_any_words_of_their_path(team, login):
    make_unit("Harbor Health/Pharmacy/Dispensary")
    client = login(team["frontline"])
    found = options(client, "units", "unit", "ward nurs", empty="All units")
    assert found == [
        ("", "All units", True),
        (str(team["frontline"].unit.pk), "Harbor Health/Nursing/Ward 4B", False),
    ]


def test_searching_keeps_the_chosen_value_until_another_is_picked(team, outsider, login):
    client = login(team["frontline"])
    ward = team["frontline"].unit
    found = options(client, "units", "unit", "payroll", empty="All units", unit=ward.pk)
    assert found == [
        ("", "All units", False),
        (str(ward.pk), "Harbor Health/Nursing/Ward 4B", True),
        (str(outsider.unit.pk), "Harbor Health/Finance/Payroll", False),
    ]


def test_no_match_says_so_and_keeps_the_empty_choice(team, login):
    found = options(login(team["frontline"]), "units", "unit", "zzz", empty="All units")
    assert found == [("", "All units", True), ("", "Nothing you can pick matches “zzz”", False)]


def test_too_many_matches_ask_for_more_letters(team, login):
    for n in range(pickers.MAX_OPTIONS + 5):
        make_unit(f"Harbor Health/Clinic {n:02d}")
    found = options(login(team["frontline"]), "units", "unit", "clinic")
    assert len(found) == pickers.MAX_OPTIONS + 1
    assert found[-1] == ("", "More match: type more letters", False)


def test_several_value_pickers_keep_what_was_chosen(team, login):
    colleague, frontline = team["colleague"], team["frontline"]
    client = login(team["manager"])
    found = options(client, "credit", "people", "fay", multiple="1", people=colleague.employee_id)
    assert found == [
        (colleague.employee_id, "Cal Colleague · Ward 4B", True),
        (frontline.employee_id, "Fay Front · Ward 4B", False),
    ]


# Who finds whom: each role against each source of people.
@pytest.mark.parametrize(
    ("role", "source", "expected"),
    [
        ("frontline", "credit", {"frontline"}),
        ("supervisor", "credit", {"supervisor", "frontline", "colleague"}),
        ("manager", "credit", {"manager", "supervisor", "frontline", "colleague"}),
        ("outsider", "credit", {"outsider"}),
        ("program_office", "credit", "everyone"),
        ("frontline", "meeting-people", set()),
        ("supervisor", "meeting-people", {"manager", "supervisor", "frontline", "colleague"}),
        ("outsider", "meeting-people", set()),
        ("program_office", "meeting-people", "everyone"),
        ("frontline", "owners", {"executive", "senior", "manager", "supervisor", "program_office"}),
    ],
)
def test_each_role_finds_only_the_people_it_may_pick(
    team, outsider, program_office, login, role, source, expected
):
    people = {**team, "outsider": outsider, "program_office": program_office}
    client = login(people[role])
    assert options(client, source, "p", " ") == []  # a blank search asks for nothing
    names = set()
    for vowel in "aeiou":  # every name has one
        found = options(client, source, "p", vowel)
        names |= {label.split(" · ")[0] for value, label, _ in found if value}
    if expected == "everyone":
        expected = set(people)
    assert names == {people[key].name for key in expected}


def test_a_login_without_a_person_finds_no_one_to_credit(db, client):
    from tandem.people.models import User

    client.force_login(User.objects.create_user("nobody@harbor.example", "pw-nobody-123"))
    make_person("Fay Front", unit="Harbor Health/Ward")
    assert options(client, "credit", "p", "fay") == [
        ("", "Nothing you can pick matches “fay”", False)
    ]
