"""Bad input: always 400 with the field and the reason, and nothing written."""

from tandem.capture.models import Idea, Story
from tests.api.conftest import field_errors
from tests.factories import make_idea


def test_missing_and_wrongly_typed_fields_are_each_named(api_as, team):
    response = api_as(team["frontline"]).post(
        "/ideas", {"description": 42, "private": "yes", "blocks": "vision"}
    )
    assert response.json()["detail"] == "Invalid input"
    errors = field_errors(response)
    assert errors == {
        "title": "Field required",
        "description": "Input should be a valid string",
        "private": "Input should be a valid boolean",
        "blocks": "Input should be a valid list",
    }
    assert not Idea.objects.exists()


def test_title_longer_than_the_model_allows_is_refused(api_as, team):
    response = api_as(team["frontline"]).post("/ideas", {"title": "x" * 201, "description": "D"})
    assert field_errors(response) == {"title": "String should have at most 200 characters"}


def test_texts_longer_than_the_forms_allow_are_refused(api_as, team):
    client = api_as(team["frontline"])
    response = client.post("/ideas", {"title": "T", "description": "x" * 5001})
    assert field_errors(response) == {"description": "String should have at most 5000 characters"}
    response = client.post(
        "/stories",
        {"kind": "frontline_effort", "what_happened": "x" * 5000, "customer_words": "y" * 2001},
    )
    assert field_errors(response) == {
        "customer_words": "String should have at most 2000 characters"
    }
    assert not Idea.objects.exists() and not Story.objects.exists()


def test_parking_an_idea_needs_a_reason(api_as, team):
    idea = make_idea(team["frontline"])
    client = api_as(team["manager"])
    response = client.post(f"/ideas/{idea.pk}/transition", {"to": "parked"})
    assert response.status_code == 400 and "note" in field_errors(response)
    idea.refresh_from_db()
    assert idea.status == "proposed"
    response = client.post(f"/ideas/{idea.pk}/transition", {"to": "parked", "note": "x" * 2001})
    assert field_errors(response) == {"note": "String should have at most 2000 characters"}


def test_numbers_given_as_text_are_refused(api_as, team):
    response = api_as(team["frontline"]).post(
        "/ideas", {"title": "T", "description": "D", "unit": "3", "authors": ["5"]}
    )
    errors = field_errors(response)
    assert errors["unit"] == "Input should be a valid integer"
    assert errors["authors.0"] == "Input should be a valid integer"


def test_unknown_field_is_refused(api_as, team):
    response = api_as(team["frontline"]).post(
        "/ideas", {"title": "T", "description": "D", "titel": "typo"}
    )
    assert field_errors(response) == {"titel": "Unknown field; it is not accepted here."}


def test_impact_fields_cannot_be_patched(api_as, team):
    idea = make_idea(team["frontline"])
    response = api_as(team["frontline"]).patch(f"/ideas/{idea.pk}", {"result": "Great"})
    assert "implemented" in field_errors(response)["result"]


def test_malformed_json_is_400(api_as, team):
    response = api_as(team["frontline"]).post("/ideas", raw='{"title": "T",')
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input",
        "errors": [{"field": None, "reason": "The request body is not valid JSON."}],
    }
    assert not Idea.objects.exists()


def test_body_that_is_not_an_object_is_400(api_as, team):
    caller = api_as(team["frontline"])
    for raw in ("[1, 2]", '"text"', ""):
        response = caller.post("/stories", raw=raw)
        assert field_errors(response) == {None: "Send a JSON object as the request body."}
    assert not Story.objects.exists()


def test_nul_characters_are_refused(api_as, team):
    response = api_as(team["frontline"]).post("/ideas", {"title": "T\x00", "description": "D"})
    assert field_errors(response) == {"title": "Text must not contain NUL characters."}


def test_ids_out_of_database_range_are_400_not_500(api_as, team):
    caller = api_as(team["frontline"])
    assert "idea_id" in field_errors(caller.get(f"/ideas/{2**64}"))
    assert "idea_id" in field_errors(caller.get("/ideas/0"))
    assert "unit" in field_errors(caller.get("/ideas", unit=2**70))
    response = caller.post("/ideas", {"title": "T", "description": "D", "authors": [2**63]})
    assert "authors.0" in field_errors(response)


def test_service_validation_errors_use_the_same_shape(api_as, team, outsider):
    response = api_as(team["frontline"]).post(
        "/stories", {"kind": "frontline_effort", "what_happened": "W", "people": [outsider.pk]}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid input"
    [error] = body["errors"]
    assert error["field"] == "people"
    assert "report to you" in error["reason"]


def test_patch_with_one_bad_field_changes_nothing(api_as, team):
    idea = make_idea(team["frontline"], blocks=("vision",))
    response = api_as(team["frontline"]).patch(
        f"/ideas/{idea.pk}", {"title": "New title", "blocks": ["recovery", "bogus"]}
    )
    assert "bogus" in field_errors(response)["blocks"]
    idea.refresh_from_db()
    assert idea.title == "Print discharge notes in large type"
    assert [b.slug for b in idea.blocks.all()] == ["vision"]


def test_not_a_number_impact_is_refused(api_as, team):
    idea = make_idea(team["frontline"], status="trying")
    response = api_as(team["manager"]).post(
        f"/ideas/{idea.pk}/transition",
        raw='{"to": "implemented", "result": "R", "money_saved_per_year": NaN}',
    )
    assert field_errors(response) == {"money_saved_per_year": "Input should be a finite number"}
    idea.refresh_from_db()
    assert idea.status == "trying"
