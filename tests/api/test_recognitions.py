"""Recognitions through the API: the same rules as the pages (a matrix of roles), bad
input refused with the field and nothing kept."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from tandem.notifications.models import Notification
from tandem.recognition import contests, showcase
from tandem.recognition.models import Recognition
from tests.api.conftest import field_errors
from tests.factories import make_idea, make_program_office

pytestmark = pytest.mark.django_db

ROLES = ["frontline", "colleague", "supervisor", "manager", "outsider", "program_office"]
# Cal (colleague) recognized Fay (frontline) privately: who reads it, and who lists it.
SEES_PRIVATE = {
    "frontline": 200,
    "colleague": 200,
    "supervisor": 200,
    "manager": 200,
    "outsider": 404,
    "program_office": 200,
}


@pytest.fixture
def people(team, outsider):
    return {
        **team,
        "outsider": outsider,
        "program_office": make_program_office(unit="Harbor Health/Program Office"),
    }


@pytest.mark.parametrize("role", ROLES)
def test_a_private_recognition_through_the_api(api_as, people, role):
    sent = api_as(people["colleague"]).post(
        "/recognitions",
        {"what": "Covered my night.", "people": [people["frontline"].pk], "private": True},
    )
    assert sent.status_code == 201, sent.content
    made = sent.json()
    assert made["people"] == [people["frontline"].pk] and made["source"] == "colleague"
    caller = api_as(people[role])
    assert caller.get(f"/recognitions/{made['id']}").status_code == SEES_PRIVATE[role]
    listed = {r["id"] for r in caller.get("/recognitions").json()["items"]}
    assert (made["id"] in listed) is (SEES_PRIVATE[role] == 200)


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"what": "", "people": [1]}, "what", "Say what for"),
        ({"what": "Thanks"}, "people", "Choose who you recognize"),
        ({"what": "Thanks", "people": [999999]}, "people", "There is no person with id 999999"),
        ({"what": "Thanks", "team": 999999}, "team", "There is no unit with id 999999"),
        ({"what": "Thanks", "people": [0]}, "people.0", ""),
        ({"what": "Thanks", "block": "nonsense", "people": [1]}, "block", "Unknown building block"),
    ],
)
def test_bad_input_names_the_field_and_keeps_nothing(api_as, team, body, field, reason):
    body = {**body}
    if body.get("people") == [1]:
        body["people"] = [team["frontline"].pk]
    response = api_as(team["colleague"]).post("/recognitions", body)
    errors = field_errors(response) if response.status_code == 400 else {}
    if response.status_code == 422:
        assert field in response.content.decode()
    else:
        assert reason in errors[field], errors
    assert not Recognition.objects.exists() and not Notification.objects.exists()


def test_tied_to_an_idea_one_may_see_and_not_to_a_hidden_one(api_as, team, outsider):
    idea = make_idea(team["frontline"], title="Quiet hours")
    hidden = make_idea(team["frontline"], title="Private", private=True)
    ok = api_as(team["colleague"]).post(
        "/recognitions", {"what": "Quiet hours!", "people": [team["frontline"].pk], "idea": idea.pk}
    )
    assert ok.status_code == 201 and ok.json()["idea"] == idea.pk
    refused = api_as(outsider).post(
        "/recognitions", {"what": "Nice", "people": [team["frontline"].pk], "idea": hidden.pk}
    )
    assert field_errors(refused) == {"idea": f"There is no idea with id {hidden.pk}."}


def test_received_and_given_filters(api_as, team):
    api_as(team["colleague"]).post(
        "/recognitions", {"what": "Thanks", "people": [team["frontline"].pk]}
    )
    fay = api_as(team["frontline"])
    assert fay.get("/recognitions", show="received").json()["count"] == 1
    assert fay.get("/recognitions", show="given").json()["count"] == 0
    only_customer = api_as(team["frontline"]).post(
        "/recognitions",
        {"what": "A patient's thanks", "people": [team["colleague"].pk], "for_customer": True},
    )
    assert only_customer.status_code == 403


# --- contests -----------------------------------------------------------------------------


@pytest.fixture
def contest(people):
    office = people["program_office"]
    plan = contests.Plan(
        title="Fewer call-backs",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=7),
        judges=[people["outsider"], people["manager"]],
    )
    made = contests.save_contest(office.user, plan)
    contests.move(office.user, made, "open")
    return made


def test_a_contest_entered_and_judged_through_the_api(api_as, people, contest):
    idea = make_idea(people["frontline"], title="Call families at 11", status="implemented")
    fay = api_as(people["frontline"])
    assert [c["id"] for c in fay.get("/contests").json()["items"]] == [contest.pk]
    refused = fay.post(
        f"/contests/{contest.pk}/entries",
        {
            "idea": make_idea(people["frontline"], title="New").pk,
            "measure": "x",
            "before": 1,
            "after": 2,
        },
    )
    assert "Only an implemented idea can enter" in field_errors(refused)["idea"]
    sent = fay.post(
        f"/contests/{contest.pk}/entries",
        {"idea": idea.pk, "measure": "Call-backs a week", "before": 40, "after": 12},
    )
    assert sent.status_code == 201, sent.content
    entry = sent.json()["id"]
    contests.move(people["program_office"].user, contest, "judging")
    criteria = [c["id"] for c in fay.get(f"/contests/{contest.pk}").json()["criteria"]]
    scores = {str(c): 4 for c in criteria}
    manager = api_as(people["manager"]).post(
        f"/contests/{contest.pk}/entries/{entry}/scores", {"scores": scores}
    )
    assert manager.status_code == 403  # Fay's manager judges, not her idea
    judge = api_as(people["outsider"])
    assert judge.get(f"/contests/{contest.pk}/entries").json()[0]["score"] is None  # alone
    ok = judge.post(f"/contests/{contest.pk}/entries/{entry}/scores", {"scores": scores})
    assert ok.status_code == 201
    again = judge.post(f"/contests/{contest.pk}/entries/{entry}/scores", {"scores": scores})
    assert "scored this entry already" in field_errors(again)["entry"]
    [seen] = judge.get(f"/contests/{contest.pk}/entries").json()
    assert seen["score"] == 80.0 and seen["judges_scored"] == 1
    assert fay.get(f"/contests/{contest.pk}/entries").json()[0]["score"] is None


# --- the showcase day ---------------------------------------------------------------------


def test_the_showcase_day_through_the_api(api_as, people, django_user_model):
    plan = showcase.DayPlan(
        title="Showcase",
        date=timezone.localdate() + timedelta(days=10),
        starts_at=time(9, 30),
        venue="Harbor Hall",
        places=40,
    )
    day = showcase.save_day(people["program_office"].user, plan)
    entry = showcase.add_entry(
        people["manager"].user,
        day,
        showcase.EntryPlan(
            title="Calm nights", unit=people["frontline"].unit, problem="p", change="c",
            results="r", people=[people["frontline"]],
        ),
    )  # fmt: skip
    showcase.add_slot(people["program_office"].user, day, time(10), time(10, 20), "Hall", entry)
    guest = showcase.invite(people["program_office"].user, day, "Ann", "ann@client.example")
    showcase.answer(guest, True, 3)
    fay = api_as(people["frontline"])
    assert [d["id"] for d in fay.get("/showcase-days").json()["items"]] == [day.pk]
    found = fay.get(f"/showcase-days/{day.pk}").json()
    assert found["places_taken"] == 3 and found["status"] == "inviting"
    assert found["agenda"] == [
        {"starts_at": "10:00:00", "ends_at": "10:20:00", "room": "Hall", "entry": entry.pk,
         "title": ""}
    ]  # fmt: skip
    assert found["entries"][0]["people"] == [people["frontline"].pk]
    assert "ann@client.example" not in str(found)  # guests stay with the program office
    assert fay.get(f"/showcase-days/{day.pk + 99}").status_code == 404
    nobody = django_user_model.objects.create_user("nobody@harbor.example", "x")
    assert api_as(nobody).get(f"/showcase-days/{day.pk}").status_code == 404


def test_the_program_office_runs_a_contest_through_the_api(api_as, people):
    office = api_as(people["program_office"])
    today = timezone.localdate()
    body = {
        "title": "Fewer call-backs",
        "opens_on": str(today),
        "closes_on": str(today + timedelta(days=7)),
        "judges": [people["outsider"].pk],
        "rubric": [{"name": "Measured", "weight": 60}, {"name": "Impact", "weight": 30}],
    }
    bad = office.post("/contests", body)
    assert field_errors(bad) == {"rubric": "The criteria's weights add up to 90%, not 100%."}
    assert api_as(people["manager"]).post("/contests", body).status_code == 403
    body["rubric"][1]["weight"] = 40
    made = office.post("/contests", body)
    assert made.status_code == 201 and made.json()["status"] == "draft"
    contest = made.json()["id"]
    assert office.post(f"/contests/{contest}/status", {"to": "open"}).json()["status"] == "open"
    idea = make_idea(people["frontline"], title="Call families at 11", status="implemented")
    entry = api_as(people["frontline"]).post(
        f"/contests/{contest}/entries",
        {"idea": idea.pk, "measure": "Call-backs", "before": 40, "after": 12},
    )
    early = office.post(f"/contests/{contest}/winners", {"places": {str(entry.json()["id"]): 1}})
    assert field_errors(early) == {"status": "Winners are announced after judging."}
    assert office.post(f"/contests/{contest}/status", {"to": "judging"}).status_code == 200
    won = office.post(f"/contests/{contest}/winners", {"places": {str(entry.json()["id"]): 1}})
    assert won.status_code == 200 and won.json()["status"] == "closed"
    assert Recognition.objects.get(source="contest").idea == idea
