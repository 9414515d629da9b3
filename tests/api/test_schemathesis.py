"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis).

Every operation gets generated requests, valid and invalid, sent with a real
Bearer token through the WSGI application; each response must not be a server
error, must use a status code the schema declares, and must match the declared
response schema and content type. Invalid data must be refused.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tandem.capture.models import StoryKind
from tests.api.conftest import token_for
from tests.factories import make_action, make_idea, make_program_office, make_story, make_team

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
    negative_data_rejection,
]


@pytest.fixture
def world(db):
    """A team with records of every kind, and the program office's token (it may do
    everything, so generated writes reach the services instead of stopping at 403)."""
    team = make_team()
    frontline = team["frontline"]
    ideas = [
        make_idea(frontline, blocks=("vision",)),
        make_idea(frontline, status="trying", private=True),
        make_idea(team["colleague"], status="parked"),
    ]
    make_action(frontline, idea=ideas[0])
    make_story(frontline, kind=StoryKind.SERVICE_RECOVERY, customer_words="Thank you.")
    office = make_program_office()
    # Requests go through the WSGI handler in this thread: keep the test's
    # transaction open across them, as Django's test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"token": token_for(office)}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, world):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {world['token']}"}
    case.call_and_validate(checks=CHECKS)
