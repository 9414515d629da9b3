"""`Idempotency-Key` on the API's POSTs and PATCHes: a retry gets the first answer and
changes nothing more; the same key for another request, or a malformed key, is refused."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from tandem.api.models import IdempotentRequest
from tandem.capture.models import Idea, IdeaStatus, IdeaTransition, ServiceAction, Story
from tests.api.conftest import API, field_errors, token_for
from tests.factories import make_idea

IDEA = {"title": "Quiet hours sign", "description": "A sign at the ward door."}


def send(client, token, method, path, body, key=None):
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    call = client.post if method == "POST" else client.patch
    return call(API + path, json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def fay(team):
    return token_for(team["frontline"])


@pytest.mark.django_db
def test_a_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing(client, fay):
    first = send(client, fay, "POST", "/ideas", IDEA, key="0f8a-retry")
    again = send(client, fay, "POST", "/ideas", IDEA, key="0f8a-retry")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Idea.objects.count() == 1


@pytest.mark.django_db
def test_without_a_key_each_request_is_done(client, fay):
    send(client, fay, "POST", "/ideas", IDEA)
    send(client, fay, "POST", "/ideas", IDEA)
    assert Idea.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body", "model"),
    [
        (
            "/actions",
            {"what": "Walked a visitor to radiology.", "date": "2026-01-05"},
            ServiceAction,
        ),
        ("/stories", {"kind": "service_recovery", "what_happened": "A lost bag found."}, Story),
    ],
)
def test_actions_and_stories_are_created_once_too(client, fay, path, body, model):
    answers = [send(client, fay, "POST", path, body, key=f"k{path}") for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 201], answers[0].content
    assert model.objects.count() == 1


@pytest.mark.django_db
def test_a_move_sent_twice_is_made_once(client, team):
    idea = make_idea(team["frontline"])
    sid = token_for(team["supervisor"])
    path = f"/ideas/{idea.pk}/transition"
    for _ in range(2):
        response = send(client, sid, "POST", path, {"to": "trying"}, key="move-1")
        assert response.status_code == 200, response.content
    assert IdeaTransition.objects.filter(idea=idea).count() == 1
    assert Idea.objects.get().status == IdeaStatus.TRYING


@pytest.mark.django_db
def test_the_same_key_with_another_request_is_refused(client, fay):
    send(client, fay, "POST", "/ideas", IDEA, key="same")
    other = send(client, fay, "POST", "/ideas", {**IDEA, "title": "Another"}, key="same")
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert "already used for a different request" in other.json()["errors"][0]["reason"]
    assert list(Idea.objects.values_list("title", flat=True)) == [IDEA["title"]]


@pytest.mark.django_db
def test_a_refused_request_leaves_the_key_free_for_the_corrected_one(client, fay):
    refused = send(client, fay, "POST", "/ideas", {"title": "No description"}, key="fix-me")
    assert "description" in field_errors(refused)
    assert not IdempotentRequest.objects.exists()
    fixed = send(client, fay, "POST", "/ideas", IDEA, key="fix-me")
    assert fixed.status_code == 201 and Idea.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("x" * 256, "Give a key of 1 to 255 characters."),
        ("clé", "Use printable ASCII characters only (a UUID is a good key)."),
    ],
)
def test_a_malformed_key_is_refused_naming_the_header(client, fay, key, reason):
    response = client.post(
        API + "/ideas",
        json.dumps(IDEA),
        content_type="application/json",
        headers={
            "Authorization": f"Bearer {fay}",
            "Idempotency-Key": key.encode().decode("latin-1"),
        },
    )
    assert field_errors(response) == {"Idempotency-Key": reason}
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_keys_are_each_persons_own_and_expire(client, team, fay):
    cal = token_for(team["colleague"])
    send(client, fay, "POST", "/ideas", IDEA, key="shared-name")
    assert send(client, cal, "POST", "/ideas", IDEA, key="shared-name").status_code == 201
    assert Idea.objects.count() == 2
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    send(client, fay, "POST", "/ideas", IDEA, key="shared-name")
    assert Idea.objects.count() == 3


@pytest.mark.django_db
def test_without_a_valid_token_the_key_changes_nothing(client):
    response = send(client, "not-a-token", "POST", "/ideas", IDEA, key="k")
    assert response.status_code == 401
    assert not IdempotentRequest.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_copies_sent_at_once_create_one_record(team):
    token = token_for(team["frontline"])
    copies = 6
    start = threading.Barrier(copies)
    answers: list = []

    def retry() -> None:
        try:
            start.wait(timeout=30)
            answers.append(send(Client(), token, "POST", "/ideas", IDEA, key="at-once"))
        finally:
            connection.close()

    threads = [threading.Thread(target=retry) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [a.status_code for a in answers] == [201] * copies
    assert len({a.content for a in answers}) == 1
    assert Idea.objects.count() == 1
