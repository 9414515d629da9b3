"""Initiatives through the API ("you said, we did"): the same services and rules as the
pages (tandem/voice/initiatives.py, access.py); anonymous responses show nothing that
points to their author.

make_team: Erin (executive) and Sam (senior leader) at the top of Harbor Health; Maria
(manager), Sid (supervisor), Fay and Cal (frontline) in Nursing/Ward 4B. Maria writes and
owns the initiatives, for Ward 4B; Sam leads above it. `ward` adds three people to Ward
4B: seven affected, enough (5) for an anonymous response.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.api.models import IdempotentRequest
from tandem.audit.models import AuditEntry
from tandem.notifications.models import Notification
from tandem.people.models import Level, Person, User
from tandem.programs.models import AgendaItem, Meeting
from tandem.voice import initiatives as service
from tandem.voice.models import Answer, Initiative, Responded, Response, VoiceSettings
from tests.api.conftest import API, ApiCaller, field_errors
from tests.api.test_voice import scalars
from tests.factories import PASSWORD, make_person, make_program_office, make_unit
from tests.voice.test_anonymity import assert_nothing_points_to_the_author, everything

pytestmark = pytest.mark.django_db

TITLE = "Huddles move to 7:10"
WHAT = "The morning huddle moves from 7:00 to 7:10, after the night handover."


def today():
    return timezone.localdate()


@pytest.fixture
def ward(team):
    """The team, with six more frontline people in Ward 4B: ten affected, twice the
    minimum, so that anonymous responses keep the day (fewer keep the week)."""
    for name in ("Ana Able", "Ben Bold", "Cy Calm", "Di Deft", "Ed Even", "Flo Fair"):
        make_person(name, unit=team["frontline"].unit, manager=team["supervisor"])
    return team


def draft(team, **fields) -> Initiative:
    maria = team["manager"]
    values = {
        "title": TITLE,
        "what": WHAT,
        "why": "Night staff can join before they leave.",
        "units": [maria.unit],
        "owner": maria,
        "starts_on": today(),
        **fields,
    }
    return service.save_draft(maria.user, service.Draft(**values))


def published(team, **fields) -> Initiative:
    initiative = draft(team, **fields)
    service.publish(team["manager"].user, initiative)
    return initiative


def named(person, initiative, text="Too early for the night shift.", kind="concern"):
    return service.respond(person, initiative, kind, text)[0]


def anonymous(person, initiative, text="Seven is too early.", kind="concern"):
    return service.respond(person, initiative, kind, text, anonymous=True)


def next_morning() -> None:
    """A day passes (everything so far moves a day back) and the morning batch runs:
    anonymous responses written yesterday reach the owner today."""
    day = timedelta(days=1)
    Response.objects.update(
        created_on=F("created_on") - day,
        visible_on=F("visible_on") - day,
        changed_on=F("changed_on") - day,
    )
    Answer.objects.update(answered_on=F("answered_on") - day)
    service.deliver_due(today())


def with_key(caller: ApiCaller, method: str, path: str, body: dict, key: str):
    headers = {**caller.headers, "Idempotency-Key": key}
    call = caller.client.post if method == "POST" else caller.client.patch
    return call(API + path, json.dumps(body), content_type="application/json", headers=headers)


def unit_ref(unit) -> dict:
    return {"id": unit.pk, "name": unit.name, "path": unit.full_path}


# --- the list -------------------------------------------------------------------------------


def test_the_list_shows_what_each_may_see_and_filters_mine_and_affecting(api_as, team, outsider):
    maria, fay, sam = team["manager"], team["frontline"], team["senior"]
    open_one = published(team)
    mine_only = draft(team, title="Still a draft")
    managers = published(team, title="Managers' rota", levels=[Level.MANAGER])

    def titles(person, **params):
        body = api_as(person).get("/initiatives", **params).json()
        assert body["count"] == len(body["items"]) and body["count_is_exact"]
        return {item["title"] for item in body["items"]}

    everything_ = {open_one.title, mine_only.title, managers.title}
    assert titles(maria) == everything_
    assert titles(maria, show="mine") == everything_
    assert titles(maria, show="affecting") == {open_one.title, managers.title}
    assert titles(fay) == titles(fay, show="affecting") == {open_one.title}
    assert titles(fay, show="mine") == set()
    assert titles(sam) == {open_one.title, managers.title}  # leads above: no drafts
    assert titles(sam, show="affecting") == set()
    assert titles(outsider) == set()
    assert api_as(fay).get(f"/initiatives/{managers.pk}").status_code == 404  # not her level

    [item] = api_as(fay).get("/initiatives").json()["items"]
    assert item == {
        "id": open_one.pk, "title": TITLE, "status": "published", "round": 1,
        "owner": {"id": maria.pk, "name": "Maria Manager"}, "units": [unit_ref(maria.unit)],
        "levels": [], "starts_on": today().isoformat(), "closes_on": None,
        "published_on": today().isoformat(), "open": True, "meeting": None,
        "roadmap_item": None, "affected": True,
    }  # fmt: skip
    page = api_as(maria).get("/initiatives", limit=1, offset=1).json()
    assert page["count"] == 3 and len(page["items"]) == 1
    errors = field_errors(api_as(maria).get("/initiatives", show="everything"))
    assert "Input should be 'all', 'mine' or 'affecting'" in errors["show"]


def test_the_list_reads_in_the_same_queries_however_many(api_as, team):
    caller = api_as(team["frontline"])

    def queries_for(n: int) -> int:
        for i in range(n):
            published(team, title=f"Change {i}")
        with CaptureQueriesContext(connection) as seen:
            assert caller.get("/initiatives").status_code == 200
        return len(seen.captured_queries)

    assert queries_for(2) == queries_for(5)


# --- writing and running ---------------------------------------------------------------------


def test_a_leader_writes_a_draft_owned_by_them_from_today(api_as, team):
    maria = team["manager"]
    body = {"title": "  Huddles move to 7:10 ", "what": WHAT, "units": [maria.unit.pk]}
    response = api_as(maria).post("/initiatives", body)
    assert response.status_code == 201, response.content
    initiative = Initiative.objects.get()
    assert (initiative.title, initiative.owner, initiative.created_by) == (TITLE, maria, maria)
    answer = response.json()
    assert answer["id"] == initiative.pk and answer["status"] == "draft"
    assert answer["owner"] == {"id": maria.pk, "name": "Maria Manager"}
    assert answer["starts_on"] == today().isoformat() and answer["published_on"] is None
    assert answer["units"] == [unit_ref(maria.unit)] and answer["levels"] == []
    assert (answer["what"], answer["why"]) == (WHAT, "")
    assert answer["may_run"] is True and answer["open"] is False
    assert answer["affected"] is True and answer["may_respond"] is False  # not published
    assert answer["summary"]["responses"] == 0 and answer["open_responses"] == []
    assert AuditEntry.objects.filter(action="created").count() == 1

    sid = team["supervisor"]
    body = {
        "title": TITLE, "what": WHAT, "why": "Night staff can join.", "units": [maria.unit.pk],
        "levels": ["frontline", "supervisor"], "owner": sid.pk, "starts_on": "2031-03-01",
        "closes_on": "2031-02-15",
    }  # fmt: skip
    answer = api_as(maria).post("/initiatives", body).json()
    assert answer["levels"] == ["supervisor", "frontline"]  # in the order of the levels
    assert answer["owner"] == {"id": sid.pk, "name": "Sid Super"}
    assert (answer["starts_on"], answer["closes_on"]) == ("2031-03-01", "2031-02-15")
    initiative = Initiative.objects.get(pk=answer["id"])
    assert (initiative.levels, initiative.owner, initiative.created_by) == (
        "supervisor,frontline", sid, maria,
    )  # fmt: skip
    assert answer["may_run"] is True  # the writer runs it with the owner


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"title": "   "}, "title", "Say in a line what changes."),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
        ({"title": 7}, "title", "Input should be a valid string"),
        ({"what": "x" * 2001}, "what", "at most 2000 characters"),
        ({"units": []}, "units", "Choose at least one team it affects."),
        ({"units": [2**40]}, "units", f"There is no unit with id {2**40}."),
        ({"units": "finance"}, "units", "Not in your part of the organization: Harbor Health/Fin"),
        ({"units": ["3"]}, "units.0", "Input should be a valid integer"),
        ({"levels": ["boss"]}, "levels.0", "Input should be 'executive'"),
        ({"owner": 2**40}, "owner", f"There is no person with id {2**40}."),
        ({"owner": "left"}, "owner", "Lee Left has left; choose someone active."),
        ({"starts_on": "tomorrow"}, "starts_on", "Give a date as YYYY-MM-DD."),
        ({"closes_on": "2000-01-01"}, "closes_on", "Responses cannot close in the past."),
        ({"roadmap_item": 2**40}, "roadmap_item", f"There is no roadmap item with id {2**40}."),
        ({"created_by": 1}, "created_by", "Unknown field"),
    ],
)
def test_bad_input_on_a_draft_names_the_field_and_creates_nothing(
    api_as, team, change, field, reason
):
    maria = team["manager"]
    rows = {
        "finance": [make_unit("Harbor Health/Finance").pk],
        "left": make_person("Lee Left", unit=maria.unit, active=False).pk,
    }
    body = {"title": TITLE, "units": [maria.unit.pk], **change}
    body = {k: rows.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    errors = field_errors(api_as(maria).post("/initiatives", body))
    assert reason in errors[field], errors
    assert not Initiative.objects.exists() and not AuditEntry.objects.exists()


def test_the_status_is_not_sent_but_changed_by_its_operations(api_as, team):
    maria = team["manager"]
    body = {"title": "T", "units": [maria.unit.pk], "status": "published"}
    reason = field_errors(api_as(maria).post("/initiatives", body))["status"]
    assert "/publish" in reason, reason
    assert not Initiative.objects.exists()


def test_patch_changes_the_fields_sent_and_keeps_the_others(api_as, team):
    maria, sid = team["manager"], team["supervisor"]
    initiative = draft(team, levels=[Level.FRONTLINE])
    response = api_as(maria).patch(
        f"/initiatives/{initiative.pk}", {"title": "Huddles at 7:15", "owner": sid.pk}
    )
    assert response.status_code == 200, response.content
    initiative.refresh_from_db()
    assert (initiative.title, initiative.owner, initiative.what) == ("Huddles at 7:15", sid, WHAT)
    assert initiative.levels == "frontline"
    assert list(initiative.units.all()) == [maria.unit]
    assert response.json()["title"] == "Huddles at 7:15"
    cleared = api_as(maria).patch(f"/initiatives/{initiative.pk}", {"levels": []}).json()
    assert cleared["levels"] == [] and cleared["owner"]["id"] == sid.pk


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"title": ""}, "title", "Say in a line what changes."),
        ({"units": []}, "units", "Choose at least one team it affects."),
        ({"owner": None}, "owner", "Input should be a valid integer"),
        ({"starts_on": None}, "starts_on", "Give a date as YYYY-MM-DD."),
        ({"closes_on": "2000-01-01"}, "closes_on", "Responses cannot close in the past."),
        ({"what": "x" * 2001}, "what", "at most 2000 characters"),
        ({"id": 5}, "id", "This field is set by the server."),
    ],
)
def test_bad_input_on_a_patch_changes_nothing(api_as, team, body, field, reason):
    initiative = draft(team)
    errors = field_errors(api_as(team["manager"]).patch(f"/initiatives/{initiative.pk}", body))
    assert reason in errors[field], errors
    initiative.refresh_from_db()
    assert (initiative.title, initiative.what, initiative.closes_on) == (TITLE, WHAT, None)


@pytest.mark.parametrize(
    ("patch", "path", "body", "errors"),
    [(True, "", {"title": "New"},
      {"status": "Only a draft can be changed; this one is published."}),
     (False, "/rounds", {"closes_on": "2000-01-01"},
      {"closes_on": "Responses cannot close in the past."})],
)  # fmt: skip
def test_a_published_one_refuses_changes_and_a_past_end(api_as, team, patch, path, body, errors):
    initiative = published(team)
    caller = api_as(team["manager"])
    call = caller.patch if patch else caller.post
    assert field_errors(call(f"/initiatives/{initiative.pk}{path}", body)) == errors
    initiative.refresh_from_db()
    assert (initiative.title, initiative.round, initiative.closes_on) == (TITLE, 1, None)


def test_publish_close_and_a_new_round(api_as, team, django_capture_on_commit_callbacks):
    maria, fay = team["manager"], team["frontline"]
    initiative = draft(team)
    caller = api_as(maria)
    with django_capture_on_commit_callbacks(execute=True):
        response = caller.post(f"/initiatives/{initiative.pk}/publish")
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["open"]) == ("published", True)
    told = Notification.objects.filter(recipient=fay).values_list("text", flat=True)
    assert len(told) == 1 and told[0].startswith("Huddles move to 7:10 — it affects your team.")
    assert not Notification.objects.filter(recipient=maria).exists()  # not the owner
    again = caller.post(f"/initiatives/{initiative.pk}/publish")
    assert again.status_code == 200 and Notification.objects.filter(recipient=fay).count() == 1

    closed = caller.post(f"/initiatives/{initiative.pk}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["open"] is False
    errors = field_errors(caller.post(f"/initiatives/{initiative.pk}/close"))
    assert errors == {"status": "Only a published initiative can be closed."}

    until = (today() + timedelta(days=14)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        opened = caller.post(f"/initiatives/{initiative.pk}/rounds", {"closes_on": until})
    assert opened.status_code == 201, opened.content
    body = opened.json()
    assert (body["round"], body["status"], body["closes_on"]) == (2, "published", until)
    assert Notification.objects.filter(recipient=fay, text__startswith="New round").exists()


@pytest.mark.parametrize(
    ("path", "body", "field", "reason"),
    [
        ("publish", {}, "units", "Nobody active is placed in the teams it affects."),
        ("close", {}, "status", "Only a published initiative can be closed."),
        ("rounds", {}, "round", "Publish it first: a draft has no rounds."),
        ("rounds", {"closes_on": "tomorrow"}, "closes_on", "Give a date as YYYY-MM-DD."),
    ],
)
def test_a_draft_that_cannot_be_run_stays_as_it_was(api_as, team, path, body, field, reason):
    initiative = draft(team, units=[make_unit("Harbor Health/Nursing/Ward 4B/Side room")])
    response = api_as(team["manager"]).post(f"/initiatives/{initiative.pk}/{path}", body)
    assert reason in field_errors(response)[field]
    initiative.refresh_from_db()
    assert (initiative.status, initiative.round) == ("draft", 1)


# --- responding ---------------------------------------------------------------------------------


def test_a_named_response_reaches_the_owner_at_once(api_as, team):
    maria, fay = team["manager"], team["frontline"]
    initiative = published(team)
    response = api_as(fay).post(
        f"/initiatives/{initiative.pk}/responses",
        {"kind": "concern", "text": " Too early for the night shift. "},
    )
    assert response.status_code == 201, response.content
    saved = Response.objects.get()
    assert (saved.author, saved.unit, saved.code_hash) == (fay, fay.unit, "")
    assert response.json() == {
        "id": str(saved.pk), "round": 1, "kind": "concern",
        "text": "Too early for the night shift.", "anonymous": False, "item": None,
        "created_on": today().isoformat(), "changed_on": None, "answer": None,
    }  # fmt: skip
    told = Notification.objects.get(recipient=maria)
    assert told.text.startswith("Fay Front sent a concern about “Huddles move to 7:10”")
    page = api_as(fay).get(f"/initiatives/{initiative.pk}").json()
    assert (page["responded"], page["may_respond"]) == (True, False)
    assert page["my_response"]["id"] == str(saved.pk)
    twice = api_as(fay).post(
        f"/initiatives/{initiative.pk}/responses", {"kind": "support", "text": "Fine."}
    )
    assert "responded in this round already" in field_errors(twice)["initiative"]
    assert Response.objects.count() == 1


def test_an_anonymous_response_answers_the_code_once_and_nothing_identifying(api_as, ward):
    maria, fay = ward["manager"], ward["frontline"]
    initiative = published(ward)
    response = api_as(fay).post(
        f"/initiatives/{initiative.pk}/responses",
        {"kind": "suggestion", "text": "Start at 7:15.", "anonymous": True},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    code = body.pop("reply_code")
    # No id, no author, no day.
    assert body == {
        "initiative": {"id": initiative.pk, "title": TITLE}, "kind": "suggestion",
        "text": "Start at 7:15.", "item": None, "anonymous": True,
    }  # fmt: skip
    assert "no-store" in response["Cache-Control"]
    saved = Response.objects.get()
    assert saved.author is None and saved.code_hash and code not in repr(saved.__dict__)
    assert (saved.unit, saved.visible_on) == (fay.unit, today() + timedelta(days=1))
    assert str(saved.pk) not in response.content.decode()
    assert not Notification.objects.filter(recipient=maria).exists()  # the morning batch tells
    page = api_as(fay).get(f"/initiatives/{initiative.pk}").json()
    assert (page["responded"], page["may_respond"], page["my_response"]) == (True, False, None)


@pytest.mark.parametrize("without_login", [0, 3])
def test_anonymous_is_refused_when_too_few_could_respond(api_as, team, without_login):
    """Four people in Ward 4B. Three more without a login make seven affected, but only
    the four with one could respond (as for feedback): anonymous would be one of four."""
    for i in range(without_login):
        make_person(f"No Login {i}", unit=team["frontline"].unit, login=False)
    initiative = published(team)
    caller = api_as(team["frontline"])
    assert caller.get(f"/initiatives/{initiative.pk}").json()["anonymous_ok"] is False
    body = {"kind": "concern", "text": "Hm.", "anonymous": True}
    errors = field_errors(caller.post(f"/initiatives/{initiative.pk}/responses", body))
    assert "Fewer than 5 people are affected" in errors["anonymous"]
    assert not Response.objects.exists() and not Responded.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"kind": "rant"}, "kind", "Input should be 'support', 'concern' or 'suggestion'"),
        ({"text": "   "}, "text", "Write your response; it is empty."),
        ({"text": "x" * 2001}, "text", "at most 2000 characters"),
        ({"text": None}, "text", "Input should be a valid string"),
        ({"anonymous": "yes"}, "anonymous", "Input should be a valid boolean"),
        ({"item": 5}, "item", "Only a meeting's notes have agenda items."),
        ({"item": 0}, "item", "greater than or equal to 1"),
        ({"author": 1}, "author", "Unknown field"),
    ],
)
def test_bad_input_on_a_response_names_the_field_and_sends_nothing(
    api_as, ward, change, field, reason
):
    initiative = published(ward)
    body = {"kind": "concern", "text": "Too early.", **change}
    response = api_as(ward["frontline"]).post(f"/initiatives/{initiative.pk}/responses", body)
    assert reason in field_errors(response)[field]
    assert not Response.objects.exists() and not Responded.objects.exists()
    assert not Notification.objects.exists()


def test_a_closed_initiative_takes_no_response_and_no_change(api_as, team):
    initiative = published(team)
    mine = named(team["frontline"], initiative)
    service.close(team["manager"].user, initiative)
    caller, url = api_as(team["colleague"]), f"/initiatives/{initiative.pk}"
    response = caller.post(f"{url}/responses", {"kind": "support", "text": "Good."})
    closed = "This initiative is closed: responses are no longer taken."
    assert field_errors(response) == {"initiative": closed}
    changed = api_as(team["frontline"]).patch(f"{url}/my-response", {"text": "Later."})
    assert field_errors(changed) == {"initiative": closed}
    mine.refresh_from_db()
    assert Response.objects.count() == 1 and mine.text == "Too early for the night shift."


def test_a_response_on_a_meetings_notes_may_name_an_agenda_item(api_as, team):
    maria, fay = team["manager"], team["frontline"]
    meeting = Meeting.objects.create(
        unit=maria.unit, chair=maria, date=today(), notes="We agreed to move the huddle.",
        created_by=maria, distributed_at=timezone.now(),
    )  # fmt: skip
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Huddle", tag="service")
    other = Meeting.objects.create(unit=maria.unit, chair=maria, date=today())
    elsewhere = AgendaItem.objects.create(meeting=other, position=1, title="Other", tag="service")
    item.affects.add(maria.unit)
    initiative = service.meeting_distributed(meeting, 4)
    caller = api_as(fay)
    path = f"/initiatives/{initiative.pk}/responses"
    wrong = caller.post(path, {"kind": "support", "text": "Yes.", "item": elsewhere.pk})
    assert field_errors(wrong) == {"item": "Choose an item on this meeting's agenda."}
    response = caller.post(path, {"kind": "support", "text": "Yes.", "item": item.pk})
    assert response.status_code == 201, response.content
    assert response.json()["item"] == {"id": item.pk, "position": 1, "title": "Huddle"}
    assert Response.objects.get().item == item


def test_i_change_my_named_response_with_the_fields_sent(api_as, team):
    fay = team["frontline"]
    initiative = published(team)
    mine = named(fay, initiative)
    caller = api_as(fay)
    path = f"/initiatives/{initiative.pk}/my-response"
    response = caller.patch(path, {"text": "Still too early."})
    assert response.status_code == 200, response.content
    assert (response.json()["kind"], response.json()["text"]) == ("concern", "Still too early.")
    assert response.json()["changed_on"] == today().isoformat()
    assert "Write your response" in field_errors(caller.patch(path, {"text": " "}))["text"]
    assert "kind" in field_errors(caller.patch(path, {"kind": "rant"}))
    mine.refresh_from_db()
    assert (mine.kind, mine.text) == ("concern", "Still too early.")


# --- what who runs it and the leaders above see ------------------------------------------------


def test_the_figures_show_open_responses_named_with_author_anonymous_without(api_as, ward):
    maria, fay, cal, sam = ward["manager"], ward["frontline"], ward["colleague"], ward["senior"]
    initiative = published(ward)
    anonymous(fay, initiative)
    next_morning()
    said = named(cal, initiative, "Fine by me.", kind="support")
    late, _ = anonymous(ward["supervisor"], initiative, "Not yet readable.")  # tomorrow
    for person in (maria, sam):
        page = api_as(person).get(f"/initiatives/{initiative.pk}").json()
        assert page["summary"] == {
            "responses": 2, "people": 10, "rate": 20,
            "by_kind": {"support": 1, "concern": 1, "suggestion": 0},
            "answered": 0, "open": 2, "median_days_to_answer": None,
        }  # fmt: skip
        first, second = page["open_responses"]
        anonymous_one = Response.objects.get(author=None, visible_on__lte=today())
        # No author, no day, and no team: fewer than 10 responded in Ward 4B.
        assert first == {
            "id": str(anonymous_one.pk), "kind": "concern", "text": "Seven is too early.",
            "anonymous": True, "author": None, "team": None, "item": None, "waiting_days": 0,
            "asked_back": False,
        }  # fmt: skip
        assert second["id"] == str(said.pk)
        assert second["author"] == {"id": cal.pk, "name": "Cal Colleague"}
        assert str(late.pk) not in json.dumps(page)
        assert page["rates"] == [
            {"unit": unit_ref(maria.unit), "depth": 0, "people": 10, "responded": 2, "rate": 20,
             "hidden": None}
        ]  # fmt: skip
    assert page["may_run"] is False and page["reached"] is None  # Sam leads above
    fay_page = api_as(fay).get(f"/initiatives/{initiative.pk}").json()
    assert (fay_page["summary"], fay_page["rates"], fay_page["open_responses"]) == (None,) * 3


def test_a_team_is_shown_under_a_response_once_enough_of_it_responded(api_as, ward):
    VoiceSettings.objects.update_or_create(pk=1, defaults={"text_min": 3})
    initiative = published(ward)
    for person in Person.objects.filter(unit=ward["frontline"].unit, level="frontline")[:3]:
        named(person, initiative)
    page = api_as(ward["manager"]).get(f"/initiatives/{initiative.pk}").json()
    assert {r["team"]["id"] for r in page["open_responses"]} == {ward["frontline"].unit.pk}


def test_rates_hide_small_teams_and_those_subtraction_would_give_away(api_as, ward, program_office):
    nursing = make_unit("Harbor Health/Nursing")
    ward5 = make_unit("Harbor Health/Nursing/Ward 5")
    ward6 = make_unit("Harbor Health/Nursing/Ward 6")
    for i in range(7):
        make_person(f"Nurse {i}", unit=ward5 if i < 2 else ward6)
    draft_ = service.Draft(
        "Bedside handover", units=[nursing], owner=ward["manager"], starts_on=today()
    )
    initiative = service.save_draft(program_office.user, draft_)
    service.publish(program_office.user, initiative)
    named(ward["frontline"], initiative)
    rates = api_as(ward["manager"]).get(f"/initiatives/{initiative.pk}").json()["rates"]
    hidden = "Fewer than 5 affected, or hidden so that a smaller team cannot be worked out by "
    hidden += "subtraction."
    assert rates == [
        {"unit": unit_ref(nursing), "depth": 0, "people": 17, "responded": 1, "rate": 6,
         "hidden": None},
        {"unit": unit_ref(ward["frontline"].unit), "depth": 1, "people": 10, "responded": 1,
         "rate": 10, "hidden": None},
        {"unit": unit_ref(ward5), "depth": 1, "people": None, "responded": None, "rate": None,
         "hidden": hidden},
        {"unit": unit_ref(ward6), "depth": 1, "people": None, "responded": None, "rate": None,
         "hidden": hidden},
    ]  # fmt: skip


# --- answering -----------------------------------------------------------------------------------


def test_answering_several_at_once_tells_named_authors_and_lists_you_said_we_did(api_as, ward):
    maria, fay, cal = ward["manager"], ward["frontline"], ward["colleague"]
    initiative = published(ward)
    said = named(cal, initiative, "Fine by me.", kind="support")
    secret, _ = anonymous(fay, initiative)
    next_morning()
    response = api_as(maria).post(
        f"/initiatives/{initiative.pk}/answers",
        {"responses": [str(said.pk), str(secret.pk)], "kind": "changed", "text": "7:15 then."},
    )
    assert response.status_code == 201, response.content
    reply = Answer.objects.get()
    body = response.json()
    assert body == {
        "id": reply.pk, "kind": "changed", "kind_label": "Changed", "text": "7:15 then.",
        "by": {"id": maria.pk, "name": "Maria Manager"}, "answered_on": today().isoformat(),
        "responses": 2, "quoted": body["quoted"],
    }  # fmt: skip
    assert sorted(body["quoted"], key=lambda r: r["kind"]) == [
        {"kind": "concern", "text": "Seven is too early."},
        {"kind": "support", "text": "Fine by me."},
    ]
    assert set(Response.objects.values_list("answer", flat=True)) == {reply.pk}
    told = Notification.objects.get(recipient=cal)
    assert told.text.startswith("Maria Manager answered your response to “Huddles move to 7:10”")
    listed = api_as(fay).get(f"/initiatives/{initiative.pk}/answers").json()
    assert listed["count"] == 1 and listed["items"][0] == body
    page = api_as(maria).get(f"/initiatives/{initiative.pk}").json()
    assert page["open_responses"] == [] and page["summary"]["answered"] == 2
    mine = api_as(cal).get(f"/initiatives/{initiative.pk}").json()["my_response"]
    assert mine["answer"]["text"] == "7:15 then."


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"responses": []}, "responses", "Choose the responses this answers."),
        ({"responses": "other"}, "responses", "Some of the chosen responses are not this"),
        ({"responses": "unknown"}, "responses", "Some of the chosen responses are not this"),
        ({"responses": "tomorrow"}, "responses", "Some of the chosen responses are not this"),
        ({"responses": ["42"]}, "responses.0", "Give a response's id as a UUID"),
        ({"kind": "maybe"}, "kind", "Input should be 'changed', 'not_changed' or 'question'"),
        ({"text": ""}, "text", "Say what was changed because of it."),
        ({"kind": "not_changed", "text": " "}, "text", "Say why nothing was changed."),
        ({"text": "x" * 2001}, "text", "at most 2000 characters"),
    ],
)
def test_bad_input_on_an_answer_changes_nothing(api_as, ward, change, field, reason):
    initiative = published(ward)
    said = named(ward["colleague"], initiative)
    other = published(ward, title="Another change")
    elsewhere = named(ward["colleague"], other)
    not_yet, _ = anonymous(ward["frontline"], initiative)  # readable tomorrow
    ids = {
        "other": [str(elsewhere.pk)],
        "unknown": [str(uuid.uuid4())],
        "tomorrow": [str(not_yet.pk)],
    }
    body = {"responses": [str(said.pk)], "kind": "changed", "text": "7:15 then.", **change}
    if isinstance(body["responses"], str):
        body["responses"] = ids[body["responses"]]
    response = api_as(ward["manager"]).post(f"/initiatives/{initiative.pk}/answers", body)
    assert reason in field_errors(response)[field]
    assert not Answer.objects.exists()
    assert not Response.objects.filter(answer__isnull=False).exists()


def test_an_answered_response_is_answered_again_only_after_a_question_back(api_as, team):
    maria, fay = team["manager"], team["frontline"]
    initiative = published(team)
    mine = named(fay, initiative)
    caller = api_as(maria)
    path = f"/initiatives/{initiative.pk}/answers"
    asked = caller.post(path, {"responses": [str(mine.pk)], "kind": "question", "text": "When?"})
    assert asked.status_code == 201
    again = caller.post(path, {"responses": [str(mine.pk)], "kind": "changed", "text": "Ok."})
    assert field_errors(again) == {"responses": "1 of them already have an answer."}
    api_as(fay).patch(f"/initiatives/{initiative.pk}/my-response", {"text": "Before 7."})
    waiting = caller.get(f"/initiatives/{initiative.pk}").json()["open_responses"]
    assert [(r["id"], r["asked_back"]) for r in waiting] == [(str(mine.pk), True)]
    final = caller.post(path, {"responses": [str(mine.pk)], "kind": "changed", "text": "Ok."})
    assert final.status_code == 201 and Answer.objects.count() == 2


# --- the reply code ----------------------------------------------------------------------------


def test_the_code_reads_the_answer_changes_and_withdraws(api_as, ward):
    maria, fay = ward["manager"], ward["frontline"]
    initiative = published(ward)
    secret, code = anonymous(fay, initiative)
    next_morning()
    service.answer(maria.user, initiative, [secret.pk], "question", "Which shift?")
    caller = api_as(fay)

    read = caller.post("/initiatives/by-code", {"code": f" {code.lower().replace('-', '')} "})
    assert read.status_code == 200, read.content
    assert "no-store" in read["Cache-Control"]
    assert read.json() == {
        "initiative": {"id": initiative.pk, "title": TITLE}, "round": 1, "kind": "concern",
        "text": "Seven is too early.", "item": None, "anonymous": True, "may_change": True,
        "answer": {"kind": "question", "kind_label": "Question back", "text": "Which shift?",
                   "by": {"id": maria.pk, "name": "Maria Manager"},
                   "answered_on": today().isoformat()},
    }  # fmt: skip

    changed = caller.post("/initiatives/by-code/change", {"code": code, "text": "The night."})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["kind"], changed.json()["text"]) == ("concern", "The night.")
    secret.refresh_from_db()
    assert secret.visible_on == today() + timedelta(days=1)  # the owner reads it tomorrow
    bad = caller.post("/initiatives/by-code/change", {"code": code, "text": ""})
    assert field_errors(bad) == {"text": "Write your response; it is empty."}
    secret.refresh_from_db()
    assert secret.text == "The night."

    withdrawn = caller.post("/initiatives/by-code/withdraw", {"code": code})
    assert withdrawn.status_code == 200
    ref = {"id": initiative.pk, "title": TITLE}
    assert withdrawn.json() == {"initiative": ref, "withdrawn": True}
    assert not Response.objects.exists()
    assert caller.post("/initiatives/by-code", {"code": code}).status_code == 404
    # Withdrawn, still counted as having responded in this round: no second response.
    assert api_as(fay).get(f"/initiatives/{initiative.pk}").json()["responded"] is True


def test_a_response_of_a_closed_round_is_read_but_not_changed_by_code(api_as, ward):
    initiative = published(ward)
    secret, code = anonymous(ward["frontline"], initiative)
    service.new_round(ward["manager"].user, initiative)
    caller = api_as(ward["frontline"])
    assert caller.post("/initiatives/by-code", {"code": code}).json()["may_change"] is False
    response = caller.post("/initiatives/by-code/change", {"code": code, "kind": "support"})
    assert "respond to the new round instead" in field_errors(response)["initiative"]
    secret.refresh_from_db()
    assert secret.kind == "concern"


@pytest.mark.parametrize(
    "path", ["/initiatives/by-code", "/initiatives/by-code/change", "/initiatives/by-code/withdraw"]
)
def test_an_unknown_code_is_not_found_and_changes_nothing(api_as, ward, path):
    initiative = published(ward)
    anonymous(ward["frontline"], initiative)
    response = api_as(ward["frontline"]).post(path, {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert response.status_code == 404
    assert response.json() == {
        "detail": "No response has this reply code. Check it and try again.",
        "errors": [],
    }
    assert Response.objects.get().text == "Seven is too early."


@pytest.mark.parametrize("body", [{}, {"code": ""}, {"code": "x" * 41}, {"code": 123}])
def test_a_missing_or_malformed_code_is_bad_input(api_as, team, body):
    assert "code" in field_errors(api_as(team["frontline"]).post("/initiatives/by-code", body))


def test_the_code_is_never_taken_from_a_url(api_as, ward):
    initiative = published(ward)
    _, code = anonymous(ward["frontline"], initiative)
    caller = api_as(ward["frontline"])
    assert caller.get("/initiatives/by-code", code=code).status_code == 405
    response = caller.client.post(
        f"{API}/initiatives/by-code?code={code}", "{}", content_type="application/json",
        headers=caller.headers,
    )  # fmt: skip
    assert field_errors(response) == {"code": "Field required"}


# --- retries: Idempotency-Key -------------------------------------------------------------------


def test_writing_answering_and_a_named_response_honour_the_idempotency_key(api_as, team):
    maria, fay = team["manager"], team["frontline"]
    body = {"title": TITLE, "units": [maria.unit.pk]}
    first = with_key(api_as(maria), "POST", "/initiatives", body, "create-1")
    again = with_key(api_as(maria), "POST", "/initiatives", body, "create-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert Initiative.objects.count() == 1
    other = with_key(api_as(maria), "POST", "/initiatives", {**body, "title": "Other"}, "create-1")
    assert other.status_code == 422 and Initiative.objects.count() == 1

    initiative = Initiative.objects.get()
    service.publish(maria.user, initiative)
    said = {"kind": "support", "text": "Good."}
    path = f"/initiatives/{initiative.pk}/responses"
    assert with_key(api_as(fay), "POST", path, said, "respond-1").status_code == 201
    replay = with_key(api_as(fay), "POST", path, said, "respond-1")
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    assert Response.objects.count() == 1

    reply = {"responses": [str(Response.objects.get().pk)], "kind": "changed", "text": "Done."}
    path = f"/initiatives/{initiative.pk}/answers"
    assert with_key(api_as(maria), "POST", path, reply, "answer-1").status_code == 201
    assert with_key(api_as(maria), "POST", path, reply, "answer-1").status_code == 201
    assert Answer.objects.count() == 1
    assert Notification.objects.filter(recipient=fay, text__contains="answered").count() == 1


@pytest.mark.parametrize(
    ("path", "extra"),
    [("responses", {"kind": "support", "text": "Hi", "anonymous": True}), ("by-code", {}),
     ("by-code/change", {"text": "Hi"}), ("by-code/withdraw", {})],
)  # fmt: skip
def test_anonymous_operations_refuse_an_idempotency_key_and_keep_nothing(api_as, ward, path, extra):
    initiative = published(ward)
    _, code = anonymous(ward["frontline"], initiative)
    path = f"{initiative.pk}/{path}" if path == "responses" else path
    body = {**extra} if path.endswith("responses") else {"code": code, **extra}
    response = with_key(api_as(ward["colleague"]), "POST", f"/initiatives/{path}", body, "k-1")
    assert "tie you to the response" in field_errors(response)["Idempotency-Key"]
    assert Response.objects.get().text == "Seven is too early."
    assert Responded.objects.count() == 1 and not IdempotentRequest.objects.exists()


# --- who may do what ---------------------------------------------------------------------------

ROLES = ["owner", "program_office", "affected", "overseer", "outsider", "elsewhere", "nobody"]
EXPECTED = {
    "list": [True, True, True, True, False, False, 401],
    "list_draft": [True, True, False, False, False, False, 401],
    "read": [200, 200, 200, 200, 404, 404, 401],
    "read_draft": [200, 200, 404, 404, 404, 404, 401],
    "figures": [True, True, False, True, 404, 404, 401],
    "create": [201, 201, 403, 201, 403, 201, 401],
    "patch": [200, 200, 404, 404, 404, 404, 401],
    "publish": [200, 200, 404, 404, 404, 404, 401],
    "close": [200, 200, 403, 403, 404, 404, 401],
    "round": [201, 201, 403, 403, 404, 404, 401],
    "respond": [201, 403, 201, 403, 404, 404, 401],
    "change_mine": [403, 403, 403, 403, 404, 404, 401],
    "answers": [200, 200, 200, 200, 404, 404, 401],
    "answer": [201, 201, 403, 403, 404, 404, 401],
}
CASES = [
    pytest.param(role, action, codes[i], id=f"{role}-{action}")
    for action, codes in EXPECTED.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("role", "action", "expected"), CASES)
def test_permission_matrix(api_as, anonymous, team, outsider, role, action, expected):
    """Maria's initiative for Ward 4B, published, with Cal's named response; and her
    draft. Fay is affected; Sam leads above the ward; Olly (frontline) and Finn (a manager)
    work in Finance."""
    people = {
        "owner": team["manager"], "program_office": make_program_office(),
        "affected": team["frontline"], "overseer": team["senior"], "outsider": outsider,
        "elsewhere": make_person("Finn Finance", unit="Harbor Health/Finance", level="manager"),
    }  # fmt: skip
    caller = anonymous if role == "nobody" else api_as(people[role])
    initiative = published(team)
    said = named(team["colleague"], initiative)
    sketch = draft(team, title="Still a draft")
    url, draft_url = f"/initiatives/{initiative.pk}", f"/initiatives/{sketch.pk}"
    before = Initiative.objects.count()

    if action in ("list", "list_draft"):
        response = caller.get("/initiatives")
        if expected == 401:
            assert response.status_code == 401
        else:
            listed = {item["id"] for item in response.json()["items"]}
            assert ((initiative if action == "list" else sketch).pk in listed) is expected
        return
    if action == "figures":
        response = caller.get(url)
        if expected in (401, 404):
            assert response.status_code == expected
        else:
            assert (response.json()["summary"] is not None) is expected
            assert (response.json()["open_responses"] is not None) is expected
        return
    unit = people[role].unit if role in people else team["manager"].unit
    response = {
        "read": lambda: caller.get(url),
        "read_draft": lambda: caller.get(draft_url),
        "create": lambda: caller.post("/initiatives", {"title": "T", "units": [unit.pk]}),
        "patch": lambda: caller.patch(draft_url, {"title": "Changed"}),
        "publish": lambda: caller.post(f"{draft_url}/publish"),
        "close": lambda: caller.post(f"{url}/close"),
        "round": lambda: caller.post(f"{url}/rounds", {}),
        "respond": lambda: caller.post(f"{url}/responses", {"kind": "support", "text": "Yes."}),
        "change_mine": lambda: caller.patch(f"{url}/my-response", {"text": "Changed"}),
        "answers": lambda: caller.get(f"{url}/answers"),
        "answer": lambda: caller.post(
            f"{url}/answers", {"responses": [str(said.pk)], "kind": "changed", "text": "Done."}
        ),
    }[action]()
    assert response.status_code == expected, response.content
    done = expected in (200, 201)
    initiative.refresh_from_db()
    sketch.refresh_from_db()
    if action == "create":
        assert Initiative.objects.count() == before + done
    elif action == "patch":
        assert (sketch.title == "Changed") is done
    elif action == "publish":
        assert (sketch.status == "published") is done
    elif action == "close":
        assert (initiative.status == "closed") is done
    elif action == "round":
        assert initiative.round == 1 + done
    elif action == "respond":
        assert Response.objects.count() == 1 + done
    elif action == "answer":
        said.refresh_from_db()
        assert (said.answer_id is not None) is done
    elif action == "change_mine":
        said.refresh_from_db()
        assert said.text == "Too early for the night shift."
    if expected == 404:
        assert response.json()["detail"] == "No such initiative."


def test_a_login_without_a_person_sees_no_initiative_and_writes_none(api_as, team):
    initiative = published(team)
    caller = api_as(User.objects.create_user("robot@harbor.example", PASSWORD))
    assert caller.get("/initiatives").json()["count"] == 0
    assert caller.get(f"/initiatives/{initiative.pk}").status_code == 404
    created = caller.post("/initiatives", {"title": "T", "units": [team["manager"].unit.pk]})
    assert created.status_code == 403 and not Initiative.objects.exclude(pk=initiative.pk)


@pytest.mark.parametrize("bad", ["abc", "0", str(2**63)])
def test_an_initiative_id_must_be_a_positive_number(api_as, team, bad):
    assert "initiative_id" in field_errors(api_as(team["manager"]).get(f"/initiatives/{bad}"))


# --- anonymity --------------------------------------------------------------------------------


@pytest.fixture
def quinn(ward):
    """An author whose person and login ids are numbers no count or other id here takes."""
    user = User.objects.create_user("quinn.quiet@harbor.example", PASSWORD, id=90_002)
    return Person.objects.create(
        pk=90_001, employee_id="E90001", name="Quinn Quiet", email="quinn.quiet@harbor.example",
        level=Level.FRONTLINE, unit=ward["frontline"].unit, manager=ward["supervisor"], user=user,
    )  # fmt: skip


def test_no_answer_about_an_anonymous_response_identifies_its_author(api_as, ward, quinn):
    maria = ward["manager"]
    initiative = published(ward)
    author, owner = api_as(quinn), api_as(maria)
    url = f"/initiatives/{initiative.pk}"
    answers = {}
    sent = author.post(
        f"{url}/responses", {"kind": "concern", "text": "The rota.", "anonymous": True}
    )
    answers["sent"] = sent.json()
    code = answers["sent"]["reply_code"]
    secret = Response.objects.get()
    next_morning()
    answers["detail"] = owner.get(url).json()
    answers["overseer"] = api_as(ward["senior"]).get(url).json()
    reply = {"responses": [str(secret.pk)], "kind": "question", "text": "Which rota?"}
    answers["answer"] = owner.post(f"{url}/answers", reply).json()
    answers["answers"] = api_as(ward["frontline"]).get(f"{url}/answers").json()
    answers["changed"] = author.post(
        "/initiatives/by-code/change", {"code": code, "text": "Weekends."}
    ).json()
    next_morning()
    answers["reopened"] = owner.get(url).json()
    answers["by_code"] = author.post("/initiatives/by-code", {"code": code}).json()
    answers["author_page"] = author.get(url).json()
    answers["list"] = author.get("/initiatives").json()
    assert [r["text"] for r in answers["reopened"]["open_responses"]] == ["Weekends."]
    assert answers["detail"]["open_responses"][0]["author"] is None

    traces = [quinn.name, quinn.email, quinn.employee_id, "Quinn"]
    for name, answer in answers.items():
        text = json.dumps(answer)
        for trace in traces:
            assert trace not in text, (name, trace)
        numbers = [v for v in scalars(answer) if isinstance(v, int) and not isinstance(v, bool)]
        assert quinn.pk not in numbers and quinn.user_id not in numbers, (name, numbers)
        for key in ("created_on", "visible_on", "changed_on"):  # no day of it either
            assert key not in json.dumps(answer.get("open_responses")), (name, key)
    for name in ("sent", "changed", "by_code"):  # the author's side: not even the id
        assert str(secret.pk) not in json.dumps(answers[name]), name
        assert "id" not in answers[name]
    assert answers["author_page"]["my_response"] is None


def test_responding_through_the_api_leaves_no_trace_of_the_author(api_as, ward, quinn, caplog):
    """As tests/voice/test_anonymity.py, through the API: every row written or changed,
    and every log line, is free of the author (their token's last use aside)."""
    initiative = published(ward)
    author = api_as(quinn)
    before = everything()
    caplog.set_level(logging.DEBUG)
    sent = author.post(
        f"/initiatives/{initiative.pk}/responses",
        {"kind": "concern", "text": "Unfair rota.", "anonymous": True},
    )
    code = sent.json()["reply_code"]
    next_morning()
    author.post("/initiatives/by-code/change", {"code": code, "text": "Weekends."})
    author.post("/initiatives/by-code", {"code": code})
    api_as(ward["manager"]).get(f"/initiatives/{initiative.pk}")

    after = everything()
    traces = [quinn.name, quinn.email, quinn.employee_id, quinn.user.email]
    assert any(table == "voice_response" for table, _ in after if (table, _) not in before)
    ids = (quinn.pk, quinn.user_id)
    assert_nothing_points_to_the_author(before, after, traces, ids, token_user=quinn.user_id)
    assert not IdempotentRequest.objects.exists()
    for trace in [*traces, code]:
        assert trace not in caplog.text, trace
    assert code not in repr(after)


def test_the_access_log_leaves_out_the_initiatives_api(monkeypatch):
    """A line per POST to /api/v1/initiatives/{id}/responses would record when someone
    responded anonymously, and from where (as for /api/v1/feedback)."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    from tandem.lib.access_log import AccessLog

    written = []
    monkeypatch.setattr(Logger, "access", lambda self, *args: written.append(args))
    log = AccessLog(Config())
    for path in ("/api/v1/initiatives/7/responses", "/api/v1/initiatives/by-code", "/ideas/"):
        log.access(None, None, {"PATH_INFO": path, "REQUEST_METHOD": "POST"}, None)
    assert [args[2]["PATH_INFO"] for args in written] == ["/ideas/"]
