"""Call the API as a given person, with a real personal token."""

import json

import pytest

from tandem.people.models import ApiToken

API = "/api/v1"


class ApiCaller:
    """A test client bound to one Bearer token: `caller.get("/ideas", status="trying")`."""

    def __init__(self, client, raw_token: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {raw_token}"} if raw_token else {}

    def get(self, path: str, **params):
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path: str, body=None, *, raw: str | None = None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(
            API + path, data, content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, body=None, *, raw: str | None = None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.patch(
            API + path, data, content_type="application/json", headers=self.headers
        )


def token_for(person_or_user) -> str:
    user = getattr(person_or_user, "user", person_or_user)
    _, raw = ApiToken.issue(user, "tests")
    return raw


@pytest.fixture
def api_as(client):
    """`api_as(person)` → an ApiCaller authenticated as that person (or user)."""

    def _as(person_or_user) -> ApiCaller:
        return ApiCaller(client, token_for(person_or_user))

    return _as


@pytest.fixture
def anonymous(client) -> ApiCaller:
    return ApiCaller(client, None)


def field_errors(response) -> dict[str, str]:
    """The 400 body's errors as {field: reason}."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] == "Invalid input"
    return {error["field"]: error["reason"] for error in body["errors"]}
