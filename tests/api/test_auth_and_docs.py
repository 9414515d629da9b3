"""Bearer tokens, the OpenAPI schema and the interactive docs."""

import re

import pytest
from django.utils import timezone

from tandem.people.models import ApiToken
from tests.api.conftest import ApiCaller, token_for

PROTECTED = ["/units", "/people", "/ideas", "/actions", "/stories", "/ideas/1", "/initiatives"]


def assert_unauthorized(response) -> None:
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {
        "detail": "Send a valid personal API token as 'Authorization: Bearer <token>'.",
        "errors": [],
    }


@pytest.mark.parametrize("path", PROTECTED)
def test_request_without_token_is_401(anonymous, path, db):
    assert_unauthorized(anonymous.get(path))


def test_write_without_token_is_401_and_creates_nothing(anonymous, db):
    assert_unauthorized(anonymous.post("/ideas", {"title": "T", "description": "D"}))
    from tandem.capture.models import Idea

    assert not Idea.objects.exists()


def test_unknown_token_is_401(client, team):
    assert_unauthorized(ApiCaller(client, "tdm_not-a-real-token").get("/ideas"))


def test_other_authorization_scheme_is_401(client, team):
    raw = token_for(team["frontline"])
    response = client.get("/api/v1/ideas", headers={"Authorization": f"Basic {raw}"})
    assert_unauthorized(response)


def test_revoked_token_is_401(client, team):
    raw = token_for(team["frontline"])
    ApiToken.objects.filter(user=team["frontline"].user).update(revoked_at=timezone.now())
    assert_unauthorized(ApiCaller(client, raw).get("/ideas"))


def test_token_of_disabled_login_is_401(client, team):
    raw = token_for(team["frontline"])
    user = team["frontline"].user
    user.is_active = False
    user.save()
    assert_unauthorized(ApiCaller(client, raw).get("/ideas"))


def test_valid_token_works_and_records_last_use(api_as, team):
    caller = api_as(team["frontline"])
    token = ApiToken.objects.get(user=team["frontline"].user)
    assert token.last_used_at is None
    assert caller.get("/ideas").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_session_login_alone_does_not_open_the_api(login, team):
    client = login(team["frontline"])
    assert_unauthorized(client.get("/api/v1/ideas"))


def test_openapi_schema_lists_every_resource_and_the_bearer_scheme(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["version"] == "1"
    assert set(schema["paths"]) == {
        "/api/v1/units",
        "/api/v1/units/{unit_id}",
        "/api/v1/recognitions",
        "/api/v1/recognitions/{recognition_id}",
        "/api/v1/contests",
        "/api/v1/contests/{contest_id}",
        "/api/v1/contests/{contest_id}/entries",
        "/api/v1/contests/{contest_id}/entries/{entry_id}/scores",
        "/api/v1/contests/{contest_id}/status",
        "/api/v1/contests/{contest_id}/winners",
        "/api/v1/showcase-days",
        "/api/v1/showcase-days/{day_id}",
        "/api/v1/people",
        "/api/v1/people/{person_id}",
        "/api/v1/ideas",
        "/api/v1/ideas/{idea_id}",
        "/api/v1/ideas/{idea_id}/transition",
        "/api/v1/actions",
        "/api/v1/actions/{action_id}",
        "/api/v1/stories",
        "/api/v1/stories/{story_id}",
        "/api/v1/indicators",
        "/api/v1/feedback",
        "/api/v1/feedback/recipients",
        "/api/v1/feedback/inbox",
        "/api/v1/feedback/inbox/{feedback_id}",
        "/api/v1/feedback/inbox/{feedback_id}/replies",
        "/api/v1/feedback/inbox/{feedback_id}/label",
        "/api/v1/feedback/inbox/{feedback_id}/report",
        "/api/v1/feedback/sent",
        "/api/v1/feedback/sent/{feedback_id}",
        "/api/v1/feedback/sent/{feedback_id}/replies",
        "/api/v1/feedback/by-code",
        "/api/v1/feedback/by-code/replies",
        "/api/v1/feedback/by-code/withdraw",
        "/api/v1/initiatives",
        "/api/v1/initiatives/{initiative_id}",
        "/api/v1/initiatives/{initiative_id}/publish",
        "/api/v1/initiatives/{initiative_id}/close",
        "/api/v1/initiatives/{initiative_id}/rounds",
        "/api/v1/initiatives/{initiative_id}/responses",
        "/api/v1/initiatives/{initiative_id}/my-response",
        "/api/v1/initiatives/{initiative_id}/answers",
        "/api/v1/initiatives/by-code",
        "/api/v1/initiatives/by-code/change",
        "/api/v1/initiatives/by-code/withdraw",
        "/api/v1/assessments",
        "/api/v1/assessments/{round_id}/open",
        "/api/v1/assessments/{round_id}/close",
        "/api/v1/assessments/{round_id}/questions",
        "/api/v1/assessments/{round_id}/answers",
        "/api/v1/assessments/{round_id}/results",
    }
    scheme = schema["components"]["securitySchemes"]["ApiTokenAuth"]
    assert scheme == {"type": "http", "scheme": "bearer"}


def test_openapi_schema_declares_error_responses_and_model_limits(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    patch = schema["paths"]["/api/v1/ideas/{idea_id}"]["patch"]
    assert set(patch["responses"]) == {"200", "400", "401", "403", "404", "422"}
    create = schema["paths"]["/api/v1/ideas"]["post"]
    assert set(create["responses"]) == {"201", "400", "401", "422"}
    # Every change takes an Idempotency-Key (422: the key was used for another request).
    assert [p["name"] for p in create["parameters"] if p["in"] == "header"] == ["Idempotency-Key"]
    idea_in = schema["components"]["schemas"]["IdeaIn"]
    assert idea_in["required"] == ["title", "description"]
    assert idea_in["properties"]["title"]["maxLength"] == 200
    assert idea_in["additionalProperties"] is False
    # Status is never writable through PATCH.
    assert "status" not in schema["components"]["schemas"]["IdeaPatch"]["properties"]


def test_docs_page_loads_under_the_content_security_policy(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui-init.js" in html
    # Every script is either a file from this site or inert JSON data: nothing inline runs.
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
        assert "src=" not in attrs or not body.strip()
