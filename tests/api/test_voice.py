"""Upward feedback through the API: the same services and rules as the web pages
(tests/voice), with anonymous feedback showing nothing that points to its author.

The team is one reporting line in Ward 4B (make_team): Fay (frontline) and Cal report
to Sid (supervisor) → Maria (manager) → Sam (senior) → Erin (executive); five more in
Finance report to Erin herself. Only Erin has at least 5 people below her, so only she
may receive anonymous feedback; ten, twice the minimum, so it keeps the day (fewer would
keep the week: voice/batches.py).
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as examples

from tandem.api.models import IdempotentRequest
from tandem.notifications.models import Notification
from tandem.people.models import User
from tandem.voice import services
from tandem.voice.models import Feedback, Message, VoiceSettings
from tests.api.conftest import API, ApiCaller, field_errors, token_for
from tests.api.test_schemathesis import CHECKS
from tests.factories import make_person, make_program_office, make_team
from tests.voice.test_anonymity import assert_nothing_points_to_the_author, everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db):
    team = make_team()
    for n in range(5):
        make_person(f"Fin {n}", unit="Harbor Health/Finance", manager=team["executive"])
    return team


def today():
    return timezone.localdate()


def next_morning() -> None:
    """A day passes (everything sent so far moves a day back) and the morning batch runs:
    what anonymous authors sent yesterday is in the inbox today."""
    Feedback.objects.update(deliver_on=F("deliver_on") - timedelta(days=1))
    Message.objects.update(deliver_on=F("deliver_on") - timedelta(days=1))
    services.deliver_due(today())


def named(team, to="manager", text="Start huddles at 7:10.") -> Feedback:
    feedback, _ = services.send(team["frontline"], team[to], "advice", text, anonymous=False)
    return feedback


def anonymous_to_erin(team, text="Night shifts are short.") -> tuple[Feedback, str]:
    feedback, code = services.send(
        team["frontline"], team["executive"], "concern", text, anonymous=True
    )
    next_morning()
    return feedback, code


def post_with_key(caller: ApiCaller, path: str, body: dict, key: str):
    headers = {**caller.headers, "Idempotency-Key": key}
    return caller.client.post(
        API + path, json.dumps(body), content_type="application/json", headers=headers
    )


# --- recipients ---------------------------------------------------------------------------


def test_recipients_are_the_leaders_up_my_line_with_whether_anonymous_is_safe(api_as, team):
    response = api_as(team["frontline"]).get("/feedback/recipients")
    assert response.status_code == 200
    body = response.json()
    assert [r["id"] for r in body] == [
        team["supervisor"].pk, team["manager"].pk, team["senior"].pk, team["executive"].pk,
    ]  # fmt: skip
    assert [r["senders"] for r in body] == [2, 3, 4, 10]
    assert [r["anonymous_ok"] for r in body] == [False, False, False, True]
    assert body[0] == {
        "id": team["supervisor"].pk,
        "name": "Sid Super",
        "title": team["supervisor"].title,
        "level": "supervisor",
        "senders": 2,
        "anonymous_ok": False,
    }


def test_the_top_of_the_line_has_nobody_to_write_to(api_as, team):
    assert api_as(team["executive"]).get("/feedback/recipients").json() == []


def test_a_login_without_a_person_cannot_send_or_have_an_inbox(api_as, db):
    user = User.objects.create_user("robot@harbor.example", "correct-horse-42")
    caller = api_as(user)
    assert caller.get("/feedback/recipients").status_code == 403
    assert caller.get("/feedback/inbox").status_code == 403
    assert caller.get("/feedback/sent").status_code == 403
    sent = caller.post("/feedback", {"to": 1, "kind": "advice", "text": "Hi"})
    assert sent.status_code == 403
    assert caller.get(f"/feedback/inbox/{uuid.uuid4()}").status_code == 404


# --- sending ------------------------------------------------------------------------------


def test_named_feedback_is_sent_at_once_and_answered_with_the_feedback(api_as, team):
    fay, sid = team["frontline"], team["supervisor"]
    response = api_as(fay).post(
        "/feedback", {"to": sid.pk, "kind": "advice", "text": "  Start huddles at 7:10. "}
    )
    assert response.status_code == 201, response.content
    feedback = Feedback.objects.get()
    assert feedback.author == fay and not feedback.anonymous
    assert response.json() == {
        "id": str(feedback.pk),
        "to": {"id": sid.pk, "name": "Sid Super"},
        "kind": "advice",
        "text": "Start huddles at 7:10.",
        "anonymous": False,
        "delivered_on": today().isoformat(),
        "messages": [],
    }
    assert Notification.objects.get(recipient=sid).text == "Fay Front sent you feedback (advice)."


def test_anonymous_feedback_answers_the_reply_code_once_and_nothing_identifying(api_as, team):
    fay, erin = team["frontline"], team["executive"]
    response = api_as(fay).post(
        "/feedback",
        {"to": erin.pk, "kind": "concern", "text": "Night shifts are short.", "anonymous": True},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    code = body.pop("reply_code")
    assert body == {
        "to": {"id": erin.pk, "name": "Erin Exec"},
        "kind": "concern",
        "text": "Night shifts are short.",
        "anonymous": True,
    }  # no id, no author, no day
    feedback = Feedback.objects.get()
    assert feedback.author is None and feedback.code_hash == services.hash_code(code)
    assert feedback.deliver_on == today() + timedelta(days=1)
    assert not Notification.objects.filter(recipient=erin).exists()  # the morning batch tells
    assert str(feedback.pk) not in response.content.decode()
    assert "no-store" in response["Cache-Control"]  # the code stays in no cache


def test_anonymous_feedback_refuses_an_idempotency_key_and_keeps_nothing(api_as, team):
    caller = api_as(team["frontline"])
    body = {"to": team["executive"].pk, "kind": "concern", "text": "Hm.", "anonymous": True}
    response = post_with_key(caller, "/feedback", body, str(uuid.uuid4()))
    assert "tie you to the feedback" in field_errors(response)["Idempotency-Key"]
    assert not Feedback.objects.exists() and not IdempotentRequest.objects.exists()


def test_named_feedback_honours_the_idempotency_key(api_as, team):
    caller = api_as(team["frontline"])
    body = {"to": team["manager"].pk, "kind": "thanks", "text": "Thank you."}
    key = str(uuid.uuid4())
    first = post_with_key(caller, "/feedback", body, key)
    again = post_with_key(caller, "/feedback", body, key)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"text": "   "}, "text", "Write what you want to say."),
        ({"text": "x" * 2001}, "text", "at most 2000 characters"),
        ({"kind": "rant"}, "kind", "Input should be 'advice'"),
        ({"to": "outsider"}, "to", "leaders up your own reporting line only"),
        ({"to": "colleague"}, "to", "leaders up your own reporting line only"),
        ({"to": 2**40}, "to", f"There is no person with id {2**40}."),
        ({"anonymous": True}, "anonymous", "Fewer than 5 people could have sent this to Sid"),
        ({"anonymous": "yes"}, "anonymous", "Input should be a valid boolean"),
        ({"author": 1}, "author", "Unknown field"),
    ],
)
def test_bad_input_names_the_field_and_sends_nothing(api_as, team, outsider, change, field, reason):
    people = {**team, "outsider": outsider}
    body = {"to": team["supervisor"].pk, "kind": "advice", "text": "Fine.", **change}
    if isinstance(body["to"], str):
        body["to"] = people[body["to"]].pk
    errors = field_errors(api_as(team["frontline"]).post("/feedback", body))
    assert reason in errors[field], errors
    assert not Feedback.objects.exists()


def test_the_daily_limit_is_refused_for_the_request_as_a_whole(api_as, team, settings):
    settings.TANDEM_VOICE_PER_DAY = 1
    caller = api_as(team["frontline"])
    body = {"to": team["executive"].pk, "kind": "advice", "text": "One."}
    assert caller.post("/feedback", body).status_code == 201
    errors = field_errors(caller.post("/feedback", {**body, "anonymous": True}))
    assert "the most for one day" in errors[None]
    assert Feedback.objects.count() == 1


# --- the inbox ----------------------------------------------------------------------------


def test_inbox_lists_what_has_arrived_with_the_conversation(api_as, team):
    erin = team["executive"]
    named_one = named(team, to="executive", text="Named.")
    anonymous, _ = anonymous_to_erin(team)
    withdrawn, _ = anonymous_to_erin(team, text="Gone.")
    services.withdraw(withdrawn)
    services.send(team["colleague"], erin, "thanks", "Tomorrow.", anonymous=True)  # not yet
    services.reply(erin, named_one, "Good idea.")
    response = api_as(erin).get("/feedback/inbox")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and body["count_is_exact"]
    by_text = {item["text"]: item for item in body["items"]}
    assert set(by_text) == {"Named.", "Night shifts are short."}
    assert by_text["Named."]["author"] == {"id": team["frontline"].pk, "name": "Fay Front"}
    assert by_text["Named."]["messages"] == [
        {"from_recipient": True, "text": "Good idea.", "delivered_on": today().isoformat()}
    ]
    item = by_text["Night shifts are short."]
    assert item["id"] == str(anonymous.pk)
    assert item["author"] is None and item["anonymous"] is True
    assert (item["label"], item["resolved"], item["reported"]) == (None, False, False)
    page = api_as(erin).get("/feedback/inbox", limit=1, offset=1).json()
    assert page["count"] == 2 and len(page["items"]) == 1


def test_inbox_item_shows_an_anonymous_answer_only_once_it_arrived(api_as, team):
    erin = team["executive"]
    feedback, code = anonymous_to_erin(team)
    services.reply(erin, feedback, "Tell me more.")
    services.author_reply(feedback, "Weekends.")  # reaches the inbox tomorrow morning
    caller = api_as(erin)
    first = caller.get(f"/feedback/inbox/{feedback.pk}").json()
    assert [m["text"] for m in first["messages"]] == ["Tell me more."]
    next_morning()
    later = caller.get(f"/feedback/inbox/{feedback.pk}").json()
    assert [m["text"] for m in later["messages"]] == ["Tell me more.", "Weekends."]
    assert later["messages"][1]["from_recipient"] is False


def test_reply_label_and_report_as_the_recipient(api_as, team, program_office):
    feedback = named(team)
    caller = api_as(team["manager"])
    url = f"/feedback/inbox/{feedback.pk}"

    replied = caller.post(f"{url}/replies", {"text": "Let's try it next week."})
    assert replied.status_code == 201, replied.content
    assert replied.json()["messages"][0]["text"] == "Let's try it next week."
    told = Notification.objects.get(recipient=team["frontline"])
    assert told.text == "Maria Manager replied to your feedback."

    labelled = caller.post(f"{url}/label", {"label": "acted_on", "resolved": True})
    assert labelled.status_code == 200
    assert (labelled.json()["label"], labelled.json()["resolved"]) == ("acted_on", True)
    cleared = caller.post(f"{url}/label", {"label": None, "resolved": False}).json()
    assert (cleared["label"], cleared["resolved"]) == (None, False)
    feedback.refresh_from_db()
    assert (feedback.label, feedback.resolved) == ("", False)

    reported = caller.post(f"{url}/report")
    assert reported.status_code == 200 and reported.json()["reported"] is True
    again = caller.post(f"{url}/report")
    assert again.status_code == 200
    note = Notification.objects.get(recipient=program_office)  # once, and without the text
    assert note.text == "A piece of feedback was reported as abusive."


@pytest.mark.parametrize(
    ("path", "body", "field", "reason"),
    [
        ("replies", {"text": "  "}, "text", "Write your reply."),
        ("replies", {"text": "x" * 2001}, "text", "at most 2000 characters"),
        ("replies", {}, "text", "Field required"),
        ("label", {"label": "ignored", "resolved": False}, "label", "Input should be"),
        ("label", {"resolved": True}, "label", "Field required"),
        ("label", {"label": "noted", "resolved": "yes"}, "resolved", "valid boolean"),
    ],
)
def test_bad_input_on_an_inbox_item_changes_nothing(api_as, team, path, body, field, reason):
    feedback = named(team)
    response = api_as(team["manager"]).post(f"/feedback/inbox/{feedback.pk}/{path}", body)
    assert reason in field_errors(response)[field]
    feedback.refresh_from_db()
    assert (feedback.label, feedback.resolved, feedback.messages.count()) == ("", False, 0)


@pytest.mark.parametrize("prefix", ["/feedback/inbox", "/feedback/sent"])
def test_a_feedback_id_must_be_a_uuid_and_an_unknown_one_is_not_found(api_as, team, prefix):
    caller = api_as(team["manager"])
    errors = field_errors(caller.get(f"{prefix}/42"))
    assert "feedback_id" in errors and "UUID" in errors["feedback_id"]
    bare = uuid.uuid4().hex  # Python would read it; the schema's format does not allow it
    assert "8-4-4-4-12" in field_errors(caller.get(f"{prefix}/{bare}"))["feedback_id"]
    assert field_errors(caller.post(f"{prefix}/not-a-uuid/replies", {"text": "Hi"}))
    missing = caller.get(f"{prefix}/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert missing.json()["detail"] in {
        "No such feedback in your inbox.",
        "You sent no such feedback.",
    }


def test_withdrawn_feedback_leaves_the_inbox(api_as, team):
    feedback, code = anonymous_to_erin(team)
    services.withdraw(feedback)
    caller = api_as(team["executive"])
    assert caller.get(f"/feedback/inbox/{feedback.pk}").status_code == 404
    assert caller.post(f"/feedback/inbox/{feedback.pk}/replies", {"text": "Hm"}).status_code == 404


# --- the named author's side --------------------------------------------------------------


def test_sent_lists_named_feedback_only_with_its_conversation(api_as, team):
    mine = named(team, text="Mine, named.")
    anonymous_to_erin(team, text="Mine, anonymous.")
    named(team, to="supervisor", text="Second.")
    services.reply(team["manager"], mine, "Thanks, Fay.")
    caller = api_as(team["frontline"])
    body = caller.get("/feedback/sent").json()
    assert body["count"] == 2
    assert {i["text"] for i in body["items"]} == {"Mine, named.", "Second."}
    detail = caller.get(f"/feedback/sent/{mine.pk}").json()
    assert detail["to"] == {"id": team["manager"].pk, "name": "Maria Manager"}
    assert detail["messages"][0]["text"] == "Thanks, Fay."


def test_the_named_author_answers_back(api_as, team):
    feedback = named(team)
    response = api_as(team["frontline"]).post(
        f"/feedback/sent/{feedback.pk}/replies", {"text": "Happy to help."}
    )
    assert response.status_code == 201, response.content
    assert response.json()["messages"] == [
        {"from_recipient": False, "text": "Happy to help.", "delivered_on": today().isoformat()}
    ]
    told = Notification.objects.filter(recipient=team["manager"]).values_list("text", flat=True)
    assert "Fay Front answered on their feedback." in told
    errors = field_errors(
        api_as(team["frontline"]).post(f"/feedback/sent/{feedback.pk}/replies", {"text": ""})
    )
    assert errors == {"text": "Write your reply."}


def test_anonymous_feedback_cannot_be_read_as_sent(api_as, team):
    feedback, _ = anonymous_to_erin(team)
    assert api_as(team["frontline"]).get(f"/feedback/sent/{feedback.pk}").status_code == 404


# --- the reply code -----------------------------------------------------------------------


def test_the_code_reads_answers_and_withdraws(api_as, team):
    feedback, code = anonymous_to_erin(team)
    services.reply(team["executive"], feedback, "Which shifts?")
    caller = api_as(team["frontline"])

    read = caller.post("/feedback/by-code", {"code": f"  {code.lower()} "})
    assert read.status_code == 200, read.content
    assert "no-store" in read["Cache-Control"]
    assert read.json() == {
        "to": {"id": team["executive"].pk, "name": "Erin Exec"},
        "kind": "concern",
        "text": "Night shifts are short.",
        "withdrawn": False,
        "messages": [
            {"from_recipient": True, "text": "Which shifts?", "delivered_on": today().isoformat()}
        ],
    }

    answered = caller.post("/feedback/by-code/replies", {"code": code, "text": "Weekends."})
    assert answered.status_code == 201, answered.content
    mine = answered.json()["messages"][-1]
    tomorrow = (today() + timedelta(days=1)).isoformat()
    assert mine == {"from_recipient": False, "text": "Weekends.", "delivered_on": tomorrow}
    assert not Notification.objects.filter(recipient=team["executive"], text__contains="answer")

    withdrawn = caller.post("/feedback/by-code/withdraw", {"code": code})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn"] is True and withdrawn.json()["text"] == ""
    assert [m["text"] for m in withdrawn.json()["messages"]] == ["Which shifts?", ""]
    assert caller.post("/feedback/by-code/withdraw", {"code": code}).status_code == 200
    closed = caller.post("/feedback/by-code/replies", {"code": code, "text": "More."})
    assert "withdrawn" in field_errors(closed)["text"]
    inbox = api_as(team["executive"]).get(f"/feedback/inbox/{feedback.pk}")
    assert inbox.status_code == 404


@pytest.mark.parametrize("path", ["/feedback/by-code", "/feedback/by-code/withdraw"])
def test_an_unknown_code_is_not_found_with_a_clear_message(api_as, team, path):
    feedback, _ = anonymous_to_erin(team)
    response = api_as(team["frontline"]).post(path, {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert response.status_code == 404
    assert response.json() == {
        "detail": "No feedback has this reply code. Check it and try again.",
        "errors": [],
    }
    feedback.refresh_from_db()
    assert not feedback.withdrawn


def test_an_unknown_code_on_a_reply_is_not_found_and_adds_nothing(api_as, team):
    anonymous_to_erin(team)
    body = {"code": "AAAA-BBBB-CCCC-DDDD", "text": "Hello"}
    response = api_as(team["frontline"]).post("/feedback/by-code/replies", body)
    assert response.status_code == 404
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "code"), ({"code": ""}, "code"), ({"code": "x" * 41}, "code"), ({"code": 123}, "code")],
)
def test_a_missing_or_malformed_code_is_bad_input(api_as, team, body, field):
    assert field in field_errors(api_as(team["frontline"]).post("/feedback/by-code", body))


def test_the_code_is_never_taken_from_a_url(api_as, team):
    _, code = anonymous_to_erin(team)
    caller = api_as(team["frontline"])
    assert caller.get("/feedback/by-code", code=code).status_code == 405
    assert caller.get(f"/feedback/by-code/{code}").status_code == 404
    # A code in the query string of a POST is not read either.
    response = caller.client.post(
        f"{API}/feedback/by-code?code={code}", "{}", content_type="application/json",
        headers=caller.headers,
    )  # fmt: skip
    assert field_errors(response) == {"code": "Field required"}


@pytest.mark.parametrize(
    ("path", "extra"),
    [("/feedback/by-code", {}), ("/feedback/by-code/replies", {"text": "Hi"}),
     ("/feedback/by-code/withdraw", {})],
)  # fmt: skip
def test_the_code_operations_refuse_an_idempotency_key(api_as, team, path, extra):
    feedback, code = anonymous_to_erin(team)
    response = post_with_key(api_as(team["frontline"]), path, {"code": code, **extra}, "k-1")
    assert "Idempotency-Key" in field_errors(response)
    feedback.refresh_from_db()
    assert not feedback.withdrawn and not Message.objects.exists()
    assert not IdempotentRequest.objects.exists()


# --- who may do what ----------------------------------------------------------------------

ROLES = ["author", "recipient", "above", "peer", "program_office", "nobody"]
EXPECTED = {
    "read_inbox": [404, 200, 404, 404, 404, 401],
    "list_inbox": [False, True, False, False, False, 401],
    "reply_inbox": [404, 201, 404, 404, 404, 401],
    "label": [404, 200, 404, 404, 404, 401],
    "report": [404, 200, 404, 404, 404, 401],
    "read_sent": [200, 404, 404, 404, 404, 401],
    "list_sent": [True, False, False, False, False, 401],
    "reply_sent": [201, 404, 404, 404, 404, 401],
}
CASES = [
    pytest.param(role, action, codes[i], id=f"{role}-{action}")
    for action, codes in EXPECTED.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("role", "action", "expected"), CASES)
def test_permission_matrix(api_as, anonymous, team, role, action, expected):
    """Named feedback from Fay to her manager Maria; Sam is above Maria, Cal is Fay's peer."""
    people = {
        "author": team["frontline"],
        "recipient": team["manager"],
        "above": team["senior"],
        "peer": team["colleague"],
        "program_office": make_program_office(unit="Harbor Health/Program Office"),
    }
    caller = anonymous if role == "nobody" else api_as(people[role])
    feedback = named(team)
    inbox, sent = f"/feedback/inbox/{feedback.pk}", f"/feedback/sent/{feedback.pk}"

    if action.startswith("list"):
        response = caller.get("/feedback/inbox" if action == "list_inbox" else "/feedback/sent")
        if expected == 401:
            assert response.status_code == 401
        else:
            listed = {item["id"] for item in response.json()["items"]}
            assert (str(feedback.pk) in listed) is expected
        return
    response = {
        "read_inbox": lambda: caller.get(inbox),
        "reply_inbox": lambda: caller.post(f"{inbox}/replies", {"text": "Reply."}),
        "label": lambda: caller.post(f"{inbox}/label", {"label": "noted", "resolved": True}),
        "report": lambda: caller.post(f"{inbox}/report"),
        "read_sent": lambda: caller.get(sent),
        "reply_sent": lambda: caller.post(f"{sent}/replies", {"text": "Reply."}),
    }[action]()
    assert response.status_code == expected, response.content
    if expected in (200, 201):
        assert response.json()["id"] == str(feedback.pk)
    feedback.refresh_from_db()
    done = expected in (200, 201)
    if action in ("reply_inbox", "reply_sent"):
        assert feedback.messages.exists() == done
    elif action == "label":
        assert (feedback.label == "noted" and feedback.resolved) == done
    elif action == "report":
        assert feedback.reported == done


# --- anonymity ----------------------------------------------------------------------------


def scalars(value):
    """Every number and string in a JSON answer (keys left out)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from scalars(item)
    elif isinstance(value, list):
        for item in value:
            yield from scalars(item)
    else:
        yield value


def test_no_answer_about_anonymous_feedback_identifies_its_author(api_as, team):
    fay, erin = team["frontline"], team["executive"]
    author = api_as(fay)
    sent = author.post(
        "/feedback", {"to": erin.pk, "kind": "concern", "text": "The rota.", "anonymous": True}
    )
    code = sent.json()["reply_code"]
    feedback = Feedback.objects.get()
    next_morning()
    leader = api_as(erin)
    url = f"/feedback/inbox/{feedback.pk}"
    answers = {"sent": sent.json()}
    answers["reply"] = leader.post(f"{url}/replies", {"text": "Tell me more."}).json()
    answers["code_reply"] = author.post(
        "/feedback/by-code/replies", {"code": code, "text": "Weekends."}
    ).json()
    next_morning()
    answers["list"] = leader.get("/feedback/inbox").json()["items"]
    answers["detail"] = leader.get(url).json()
    answers["label"] = leader.post(f"{url}/label", {"label": "noted", "resolved": False}).json()
    answers["report"] = leader.post(f"{url}/report").json()
    answers["by_code"] = author.post("/feedback/by-code", {"code": code}).json()
    assert len(answers["detail"]["messages"]) == 2  # both sides of the conversation are here
    assert answers["list"][0]["author"] is None and answers["detail"]["author"] is None

    traces = [fay.name, fay.email, fay.employee_id, fay.user.email, "Fay"]
    for name, answer in answers.items():
        text = json.dumps(answer)
        for trace in traces:
            assert trace not in text, (name, trace)
        numbers = [v for v in scalars(answer) if isinstance(v, int) and not isinstance(v, bool)]
        assert fay.pk not in numbers and fay.user_id not in numbers, (name, numbers)
    for name in ("sent", "code_reply", "by_code"):  # the author's side: not even the id
        assert str(feedback.pk) not in json.dumps(answers[name]), name
        assert "id" not in answers[name]


def test_sending_through_the_api_leaves_no_trace_of_the_author(api_as, team, caplog):
    """As tests/voice/test_anonymity.py, through the API: every row written or changed,
    and every log line, is free of the author (their token's last use aside)."""
    fay, erin = team["frontline"], team["executive"]
    author = api_as(fay)
    before = everything()
    caplog.set_level(logging.DEBUG)
    sent = author.post(
        "/feedback", {"to": erin.pk, "kind": "concern", "text": "Unfair.", "anonymous": True}
    )
    code = sent.json()["reply_code"]
    feedback = Feedback.objects.get()
    next_morning()
    api_as(erin).post(f"/feedback/inbox/{feedback.pk}/replies", {"text": "Tell me more."})
    author.post("/feedback/by-code/replies", {"code": code, "text": "Weekends."})
    author.post("/feedback/by-code", {"code": code})

    after = everything()
    traces = [fay.name, fay.email, fay.employee_id, fay.user.email]
    assert any(table == "voice_feedback" for table, _ in after if (table, _) not in before)
    ids = (fay.pk, fay.user_id)
    assert_nothing_points_to_the_author(before, after, traces, ids, token_user=fay.user_id)
    assert not IdempotentRequest.objects.exists()
    for trace in [*traces, code]:
        assert trace not in caplog.text, trace
    assert code not in repr(after)


# --- the schema, with a caller who has an inbox, sent feedback and leaders above -----------

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler()).include(
    path_regex="^/api/v1/feedback"
)


@pytest.fixture
def sam(db):
    """Sam Senior, with named and anonymous feedback in his inbox (anonymous may reach him:
    the minimum group is 3 here), a conversation, and feedback he sent to Erin; and the
    reply code of anonymous feedback Sam sent."""
    team = make_team()
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 3})
    sam = team["senior"]
    feedback, _ = services.send(team["frontline"], sam, "advice", "Named.", anonymous=False)
    services.reply(sam, feedback, "Thanks.")
    anonymous, _ = services.send(team["colleague"], sam, "concern", "Anon.", anonymous=True)
    next_morning()
    sent = services.send(sam, team["executive"], "thanks", "Thank you.", anonymous=False)[0]
    _, code = services.send(sam, team["executive"], "advice", "Secret.", anonymous=True)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {
        "token": token_for(sam),
        "inbox": [str(feedback.pk), str(anonymous.pk)],
        "sent": [str(sent.pk)],
        "code": code,
    }
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _valid_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None


@schema.parametrize()
@examples(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_feedback_operations_conform_to_the_schema(case, sam):
    """Generated requests, where a valid id or code was generated, mostly carry a real one
    instead, so that the answers to success are checked too (a random UUID or code would
    only ever be a 404)."""
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {sam['token']}"}
    generated = _valid_uuid((case.path_parameters or {}).get("feedback_id"))
    if generated is not None and generated.int % 4:
        pool = sam["sent"] if "/sent/" in case.path else sam["inbox"]
        case.path_parameters["feedback_id"] = pool[generated.int % len(pool)]
    code = case.body.get("code") if isinstance(case.body, dict) else None
    usable = isinstance(code, str) and 0 < len(code.strip()) <= 40 and "\x00" not in code
    if usable and len(code) % 4:
        case.body["code"] = sam["code"]
    case.call_and_validate(checks=CHECKS)


@pytest.mark.parametrize("path", ["/feedback/inbox", "/feedback/sent"])
def test_lists_read_the_conversations_in_one_query_however_many(api_as, team, path, settings):
    settings.TANDEM_VOICE_PER_DAY = 20
    fay, maria = team["frontline"], team["manager"]
    caller = api_as(maria if path.endswith("inbox") else fay)

    def queries_for(n: int) -> int:
        for i in range(n):
            feedback = named(team, text=f"Note {i}")
            services.reply(maria, feedback, "Thanks.")
        with CaptureQueriesContext(connection) as seen:
            assert caller.get(path).status_code == 200
        return len(seen.captured_queries)

    assert queries_for(2) == queries_for(5)
