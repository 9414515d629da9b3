"""Ideas through the API: list with filters and pages, log, read, edit, move."""

import datetime as dt

from django.utils import timezone

from tandem.audit.models import AuditEntry
from tandem.capture.models import Idea, IdeaTransition
from tests.api.conftest import field_errors
from tests.factories import make_idea, make_person, make_unit


def test_list_shows_visible_ideas_with_total_count(api_as, team):
    idea = make_idea(team["frontline"], title="Large-type notes", blocks=("vision",))
    response = api_as(team["colleague"]).get("/ideas")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["id"] == idea.pk
    assert item["title"] == "Large-type notes"
    assert item["authors"] == [team["frontline"].pk]
    assert item["blocks"] == ["vision"]
    assert item["unit"] == team["frontline"].unit_id
    assert item["status"] == "proposed"
    assert item["allowed_transitions"] == ["trying", "parked"]
    assert item["money_saved_per_year"] is None


def test_list_is_paginated_with_limit_and_offset(api_as, team):
    ideas = [make_idea(team["frontline"], title=f"Idea {i}") for i in range(5)]
    caller = api_as(team["frontline"])
    first = caller.get("/ideas", limit=2).json()
    second = caller.get("/ideas", limit=2, offset=2).json()
    last = caller.get("/ideas", limit=2, offset=4).json()
    assert first["count"] == second["count"] == last["count"] == 5
    seen = [i["id"] for page in (first, second, last) for i in page["items"]]
    assert sorted(seen) == sorted(i.pk for i in ideas)
    assert len(last["items"]) == 1


def test_limit_above_100_is_refused(api_as, team):
    errors = field_errors(api_as(team["frontline"]).get("/ideas", limit=101))
    assert "less than or equal to 100" in errors["limit"]


def test_private_ideas_of_another_unit_are_not_listed(api_as, team, outsider):
    make_idea(team["frontline"], private=True, title="Secret")
    make_idea(team["frontline"], title="Public")
    titles = [i["title"] for i in api_as(outsider).get("/ideas").json()["items"]]
    assert titles == ["Public"]


def test_filter_by_unit_subtree(api_as, team, program_office):
    ward = team["frontline"]
    payroll = make_person("Pat Payroll", unit="Harbor Health/Finance/Payroll")
    make_idea(ward, title="Ward idea")
    make_idea(payroll, title="Payroll idea")
    nursing = make_unit("Harbor Health/Nursing")
    caller = api_as(program_office)
    titles = [i["title"] for i in caller.get("/ideas", unit=nursing.pk).json()["items"]]
    assert titles == ["Ward idea"]
    everything = caller.get("/ideas", unit=make_unit("Harbor Health").pk).json()
    assert everything["count"] == 2


def test_filter_by_status_block_and_text(api_as, team):
    f = team["frontline"]
    make_idea(f, title="Quiet hours on the ward", status="trying", blocks=("vision",))
    make_idea(f, title="Quiet corridor", status="proposed")
    make_idea(f, title="Free parking", status="trying")
    caller = api_as(f)

    def titles(**params):
        return sorted(i["title"] for i in caller.get("/ideas", **params).json()["items"])

    assert titles(status="trying") == ["Free parking", "Quiet hours on the ward"]
    assert titles(block="vision") == ["Quiet hours on the ward"]
    assert titles(q="QUIET") == ["Quiet corridor", "Quiet hours on the ward"]
    assert titles(q="quiet", status="proposed") == ["Quiet corridor"]


def test_filter_by_created_date_range(api_as, team):
    old = make_idea(team["frontline"], title="Old")
    Idea.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    make_idea(team["frontline"], title="New")
    caller = api_as(team["frontline"])
    today = timezone.localdate()
    recent = caller.get("/ideas", start=str(today - dt.timedelta(days=7))).json()
    assert [i["title"] for i in recent["items"]] == ["New"]
    older = caller.get("/ideas", end=str(today - dt.timedelta(days=30))).json()
    assert [i["title"] for i in older["items"]] == ["Old"]


def test_bad_filters_name_the_parameter(api_as, team):
    caller = api_as(team["frontline"])
    assert "no unit with id 999999" in field_errors(caller.get("/ideas", unit=999999))["unit"]
    assert "Unknown building block" in field_errors(caller.get("/ideas", block="nope"))["block"]
    assert "YYYY-MM-DD" in field_errors(caller.get("/ideas", start="0"))["start"]
    assert (
        "before the start"
        in field_errors(caller.get("/ideas", start="2025-02-01", end="2025-01-01"))["end"]
    )
    assert "status" in field_errors(caller.get("/ideas", status="done"))


def test_create_needs_only_title_and_description(api_as, team):
    f = team["frontline"]
    response = api_as(f).post("/ideas", {"title": "Name badges", "description": "Bigger."})
    assert response.status_code == 201
    body = response.json()
    idea = Idea.objects.get(pk=body["id"])
    assert idea.title == "Name badges"
    assert list(idea.authors.all()) == [f]
    assert idea.unit == f.unit
    assert idea.created_by == f
    assert body["status"] == "proposed"
    assert body["authors"] == [f.pk]
    assert AuditEntry.objects.filter(action="created", object_id=str(idea.pk)).exists()


def test_create_with_every_field(api_as, team):
    supervisor = team["supervisor"]
    response = api_as(supervisor).post(
        "/ideas",
        {
            "title": "  Night-shift handover card  ",
            "description": "One card per patient.",
            "helps": "Night nurses",
            "authors": [team["frontline"].pk, team["colleague"].pk],
            "blocks": ["improvement", "communications"],
            "private": True,
        },
    )
    assert response.status_code == 201, response.content
    idea = Idea.objects.get(pk=response.json()["id"])
    assert idea.title == "Night-shift handover card"
    assert idea.private is True
    assert idea.helps == "Night nurses"
    assert set(idea.authors.all()) == {team["frontline"], team["colleague"]}
    assert {b.slug for b in idea.blocks.all()} == {"improvement", "communications"}


def test_create_for_someone_who_does_not_report_to_you_is_refused(api_as, team, outsider):
    response = api_as(team["frontline"]).post(
        "/ideas", {"title": "T", "description": "D", "authors": [outsider.pk]}
    )
    assert "report to you" in field_errors(response)["authors"]
    assert not Idea.objects.exists()


def test_create_with_unknown_ids_names_the_field(api_as, team):
    caller = api_as(team["frontline"])
    base = {"title": "T", "description": "D"}
    assert (
        "no unit with id 424242"
        in field_errors(caller.post("/ideas", {**base, "unit": 424242}))["unit"]
    )
    assert (
        "no person with id 424242"
        in field_errors(caller.post("/ideas", {**base, "authors": [424242]}))["authors"]
    )
    assert not Idea.objects.exists()


def test_bad_block_slug_leaves_no_idea_behind(api_as, team):
    response = api_as(team["frontline"]).post(
        "/ideas", {"title": "T", "description": "D", "blocks": ["vision", "not-a-block"]}
    )
    assert "not-a-block" in field_errors(response)["blocks"]
    assert not Idea.objects.exists()
    assert not AuditEntry.objects.exists()


def test_retrieve_one_idea(api_as, team):
    idea = make_idea(team["frontline"], title="Quiet hours")
    response = api_as(team["manager"]).get(f"/ideas/{idea.pk}")
    assert response.status_code == 200
    assert response.json()["title"] == "Quiet hours"


def test_unknown_idea_is_404(api_as, team):
    response = api_as(team["frontline"]).get("/ideas/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such idea.", "errors": []}


def test_author_updates_a_proposed_idea(api_as, team):
    idea = make_idea(team["frontline"], title="Old title")
    response = api_as(team["frontline"]).patch(
        f"/ideas/{idea.pk}", {"title": "New title", "blocks": ["recovery"]}
    )
    assert response.status_code == 200, response.content
    idea.refresh_from_db()
    assert idea.title == "New title"
    assert idea.description == "Older patients struggle to read our discharge notes."
    assert [b.slug for b in idea.blocks.all()] == ["recovery"]
    assert response.json()["blocks"] == ["recovery"]
    entry = AuditEntry.objects.get(action="updated")
    assert entry.changes["title"] == ["Old title", "New title"]


def test_author_cannot_update_once_the_idea_is_trying(api_as, team):
    idea = make_idea(team["frontline"], status="trying", title="Kept")
    response = api_as(team["frontline"]).patch(f"/ideas/{idea.pk}", {"title": "Changed"})
    assert response.status_code == 403
    assert response.json()["detail"] == "You may not change this idea."
    idea.refresh_from_db()
    assert idea.title == "Kept"


def test_status_cannot_be_patched(api_as, team):
    idea = make_idea(team["frontline"])
    response = api_as(team["frontline"]).patch(
        f"/ideas/{idea.pk}", {"status": "implemented", "title": "Sneaky"}
    )
    assert "/transition" in field_errors(response)["status"]
    idea.refresh_from_db()
    assert (idea.status, idea.title) == ("proposed", "Print discharge notes in large type")


def test_patch_refuses_null_and_empty_title(api_as, team):
    idea = make_idea(team["frontline"])
    caller = api_as(team["frontline"])
    assert (
        "valid string" in field_errors(caller.patch(f"/ideas/{idea.pk}", {"title": None}))["title"]
    )
    assert (
        "at least 1" in field_errors(caller.patch(f"/ideas/{idea.pk}", {"title": "   "}))["title"]
    )


def test_patch_unit_to_another_part_of_the_organization_is_refused(api_as, team):
    idea = make_idea(team["frontline"])
    pharmacy = make_unit("Harbor Health/Pharmacy")
    response = api_as(team["frontline"]).patch(f"/ideas/{idea.pk}", {"unit": pharmacy.pk})
    assert "own unit" in field_errors(response)["unit"]
    idea.refresh_from_db()
    assert idea.unit == team["frontline"].unit


def test_manager_moves_idea_to_trying_with_a_note(api_as, team):
    idea = make_idea(team["frontline"])
    response = api_as(team["manager"]).post(
        f"/ideas/{idea.pk}/transition", {"to": "trying", "note": "Try it on nights."}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "trying"
    step = IdeaTransition.objects.get(idea=idea)
    assert (step.from_status, step.to_status, step.by) == ("proposed", "trying", team["manager"])
    assert step.note == "Try it on nights."


def test_move_to_implemented_records_result_and_impact(api_as, team):
    idea = make_idea(team["frontline"], status="trying")
    response = api_as(team["supervisor"]).post(
        f"/ideas/{idea.pk}/transition",
        {
            "to": "implemented",
            "result": "Fewer calls at night.",
            "minutes_saved_per_week": 90,
            "money_saved_per_year": 1250.5,
            "customer_effect": "Patients sleep better.",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "implemented"
    assert body["result"] == "Fewer calls at night."
    assert body["minutes_saved_per_week"] == 90
    assert body["money_saved_per_year"] == 1250.5
    assert body["allowed_transitions"] == []
    idea.refresh_from_db()
    assert str(idea.money_saved_per_year) == "1250.50"


def test_illegal_move_is_400_with_the_reason(api_as, team):
    idea = make_idea(team["frontline"])
    response = api_as(team["manager"]).post(f"/ideas/{idea.pk}/transition", {"to": "implemented"})
    reason = field_errors(response)["to"]
    assert (
        reason
        == "An idea that is proposed cannot move to implemented; it can move to trying, parked."
    )
    idea.refresh_from_db()
    assert idea.status == "proposed"
    assert not IdeaTransition.objects.exists()


def test_implemented_without_result_names_result(api_as, team):
    idea = make_idea(team["frontline"], status="trying")
    response = api_as(team["manager"]).post(
        f"/ideas/{idea.pk}/transition", {"to": "implemented", "result": "  "}
    )
    assert "result" in field_errors(response)
    idea.refresh_from_db()
    assert idea.status == "trying"


def test_unknown_status_in_transition_is_400(api_as, team):
    idea = make_idea(team["frontline"])
    response = api_as(team["manager"]).post(f"/ideas/{idea.pk}/transition", {"to": "done"})
    assert "'proposed', 'trying', 'implemented' or 'parked'" in field_errors(response)["to"]
