"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis).

Every operation gets generated requests, valid and invalid, sent with a real
Bearer token through the WSGI application; each response must not be a server
error, must use a status code the schema declares, and must match the declared
response schema and content type. Invalid data must be refused. The initiatives'
operations run once more as someone who runs one, with real ids and a real reply code
(the feedback's: tests/api/test_voice.py).
"""

from datetime import timedelta

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tandem.api.endpoints.voice import UUID_TEXT
from tandem.api.schemas import MAX_ID
from tandem.capture.models import StoryKind
from tandem.voice import initiatives
from tandem.voice.models import Response
from tests.api.conftest import token_for
from tests.factories import (
    make_action,
    make_idea,
    make_person,
    make_program_office,
    make_story,
    make_team,
)

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
    initiative = initiative_for(office, team["frontline"].unit, "Badges with first names")
    initiatives.respond(frontline, initiative, "support", "Yes, please.")
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


# --- initiatives, as someone who runs one -------------------------------------------------


def initiative_for(writer, unit, title: str, owner=None, publish: bool = True):
    draft = initiatives.Draft(
        title=title, units=[unit], owner=owner or writer, starts_on=timezone.localdate()
    )
    initiative = initiatives.save_draft(writer.user, draft)
    if publish:
        initiatives.publish(writer.user, initiative)
    return initiative


@pytest.fixture
def maria(db):
    """Maria runs a published initiative for her ward (seven people), with a named and an
    anonymous response (both readable), and a draft; she responded anonymously to the
    program office's initiative for the ward (its reply code)."""
    team = make_team()
    maria, ward = team["manager"], team["manager"].unit
    for name in ("Ana Able", "Ben Bold", "Cy Calm"):
        make_person(name, unit=ward, manager=team["supervisor"])
    initiative = initiative_for(maria, ward, "Huddles move to 7:10")
    said, _ = initiatives.respond(team["colleague"], initiative, "concern", "Too early.")
    secret, _ = initiatives.respond(
        team["frontline"], initiative, "suggestion", "7:15.", anonymous=True
    )
    Response.objects.update(visible_on=timezone.localdate() - timedelta(days=1))
    sketch = initiative_for(maria, ward, "Still a draft", publish=False)
    office = make_program_office()
    theirs = initiative_for(office, ward, "Badges")
    _, code = initiatives.respond(maria, theirs, "support", "Yes.", anonymous=True)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {
        "token": token_for(maria),
        "initiatives": [initiative.pk, sketch.pk, theirs.pk],
        "responses": [str(said.pk), str(secret.pk)],
        "code": code,
    }
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _uuid(value) -> bool:
    return isinstance(value, str) and UUID_TEXT.fullmatch(value) is not None


@schema.include(path_regex="^/api/v1/initiatives").parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_initiative_operations_conform_to_the_schema(case, maria):
    """Where a valid id or code was generated, the request mostly carries a real one
    instead, so that the answers to success are checked too (random ones would only ever
    be a 404 or a 400). Only values the schema allows are swapped: a request meant to be
    refused stays so."""
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {maria['token']}"}
    generated = (case.path_parameters or {}).get("initiative_id")
    if type(generated) is int and 1 <= generated <= MAX_ID and generated % 4:
        pool = maria["initiatives"]
        case.path_parameters["initiative_id"] = pool[generated % len(pool)]
    body = case.body if isinstance(case.body, dict) else {}
    code = body.get("code")
    usable = isinstance(code, str) and 0 < len(code.strip()) <= 40 and "\x00" not in code
    if usable and len(code) % 4:
        body["code"] = maria["code"]
    chosen = body.get("responses")
    if isinstance(chosen, list) and 0 < len(chosen) <= 2 and all(map(_uuid, chosen)):
        body["responses"] = maria["responses"][: len(chosen)]
    case.call_and_validate(checks=CHECKS)
