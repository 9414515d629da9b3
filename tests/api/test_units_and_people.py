"""Org units and people: read-only, filtered, paginated."""

from tandem.people.models import Level, User
from tests.api.conftest import field_errors
from tests.factories import make_person, make_unit


def test_units_list_in_tree_order_with_parent_and_full_path(api_as, team):
    response = api_as(team["frontline"]).get("/units")
    assert response.status_code == 200
    body = response.json()
    by_path = {u["path"]: u for u in body["items"]}
    root = by_path["Harbor Health"]
    nursing = by_path["Harbor Health/Nursing"]
    ward = by_path["Harbor Health/Nursing/Ward 4B"]
    assert root["parent"] is None
    assert nursing == {
        "id": nursing["id"],
        "name": "Nursing",
        "parent": root["id"],
        "path": "Harbor Health/Nursing",
    }
    assert ward["parent"] == nursing["id"]
    assert body["count"] == 3
    assert [u["path"] for u in body["items"]] == sorted(by_path)


def test_units_within_a_subtree(api_as, team):
    make_unit("Harbor Health/Finance/Payroll")
    nursing = make_unit("Harbor Health/Nursing")
    body = api_as(team["frontline"]).get("/units", within=nursing.pk).json()
    assert [u["path"] for u in body["items"]] == [
        "Harbor Health/Nursing",
        "Harbor Health/Nursing/Ward 4B",
    ]


def test_units_text_search_and_pages(api_as, team):
    for name in ("Ward 5A", "Ward 6C", "Ward 7D"):
        make_unit(f"Harbor Health/Nursing/{name}")
    caller = api_as(team["frontline"])
    wards = caller.get("/units", q="ward", limit=2).json()
    assert wards["count"] == 4
    assert len(wards["items"]) == 2
    rest = caller.get("/units", q="ward", limit=2, offset=2).json()
    assert {u["name"] for u in wards["items"] + rest["items"]} == {
        "Ward 4B",
        "Ward 5A",
        "Ward 6C",
        "Ward 7D",
    }


def test_unknown_subtree_unit_names_within(api_as, team):
    errors = field_errors(api_as(team["frontline"]).get("/units", within=987654))
    assert errors == {"within": "There is no unit with id 987654."}


def test_retrieve_unit_and_404(api_as, team):
    caller = api_as(team["frontline"])
    ward = team["frontline"].unit
    body = caller.get(f"/units/{ward.pk}").json()
    assert body["path"] == "Harbor Health/Nursing/Ward 4B"
    assert body["parent"] == make_unit("Harbor Health/Nursing").pk
    missing = caller.get("/units/987654")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "No such org unit."


def test_people_list_with_unit_manager_and_level(api_as, team):
    body = api_as(team["frontline"]).get("/people", limit=100).json()
    by_name = {p["name"]: p for p in body["items"]}
    fay = by_name["Fay Front"]
    assert fay["level"] == "frontline"
    assert fay["unit"] == team["frontline"].unit_id
    assert fay["manager"] == team["supervisor"].pk
    assert fay["active"] is True
    assert by_name["Erin Exec"]["manager"] is None
    assert body["count"] == 6


def test_people_filters(api_as, team):
    make_person("Pat Payroll", unit="Harbor Health/Finance/Payroll", level=Level.MANAGER)
    make_person("Gone Gary", unit="Harbor Health/Nursing/Ward 4B", active=False)
    caller = api_as(team["frontline"])

    def names(**params):
        return sorted(p["name"] for p in caller.get("/people", **params).json()["items"])

    nursing = make_unit("Harbor Health/Nursing")
    assert "Pat Payroll" not in names(unit=nursing.pk)
    assert "Fay Front" in names(unit=nursing.pk)
    assert names(level="manager") == ["Maria Manager", "Pat Payroll"]
    assert names(active="false") == ["Gone Gary"]
    assert names(q="PAYROLL") == ["Pat Payroll"]
    assert "level" in field_errors(caller.get("/people", level="boss"))


def test_retrieve_person_and_404(api_as, team):
    caller = api_as(team["frontline"])
    body = caller.get(f"/people/{team['manager'].pk}").json()
    assert body["name"] == "Maria Manager"
    assert body["level"] == "manager"
    assert caller.get("/people/987654").status_code == 404


def test_login_without_a_person_cannot_read_the_directory(api_as, db):
    user = User.objects.create_user("contractor@harbor.example", "x-pass-123")
    caller = api_as(user)
    for path in ("/units", "/people", "/units/1", "/people/1"):
        response = caller.get(path)
        assert response.status_code == 403, path
        assert response.json()["detail"] == (
            "Only people in the organization can read the directory."
        )


def test_units_and_people_are_read_only(api_as, team):
    caller = api_as(team["frontline"])
    assert caller.post("/units", {"name": "New"}).status_code == 405
    assert caller.patch(f"/people/{team['frontline'].pk}", {"name": "X"}).status_code == 405
