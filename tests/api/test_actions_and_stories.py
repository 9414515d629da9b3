"""Service actions and stories through the API."""

import datetime as dt

from tandem.capture.models import BuildingBlock, ServiceAction, Story, StoryKind
from tests.api.conftest import field_errors
from tests.factories import make_action, make_idea, make_person, make_story, make_unit

# --- service actions ------------------------------------------------------------------


def test_create_action_with_defaults(api_as, team):
    f = team["frontline"]
    response = api_as(f).post("/actions", {"what": "Walked a visitor to radiology"})
    assert response.status_code == 201, response.content
    body = response.json()
    action = ServiceAction.objects.get(pk=body["id"])
    assert list(action.people.all()) == [f]
    assert action.unit == f.unit
    assert body["date"] == str(action.date)
    assert body["idea"] is None


def test_create_action_linked_to_an_idea_with_date_and_blocks(api_as, team):
    idea = make_idea(team["frontline"])
    response = api_as(team["frontline"]).post(
        "/actions",
        {
            "what": "Printed the first large-type notes",
            "for_whom": "Mr. Okafor",
            "date": "2025-03-04",
            "idea": idea.pk,
            "blocks": ["improvement"],
        },
    )
    assert response.status_code == 201, response.content
    action = ServiceAction.objects.get(pk=response.json()["id"])
    assert action.idea == idea
    assert action.date == dt.date(2025, 3, 4)
    assert action.for_whom == "Mr. Okafor"


def test_action_cannot_link_an_idea_you_cannot_see(api_as, team, outsider):
    hidden = make_idea(team["frontline"], private=True)
    response = api_as(outsider).post("/actions", {"what": "Helped", "idea": hidden.pk})
    assert field_errors(response) == {"idea": f"There is no idea with id {hidden.pk}."}
    assert not ServiceAction.objects.exists()


def test_action_date_must_be_a_real_day(api_as, team):
    caller = api_as(team["frontline"])
    assert "date" in field_errors(caller.post("/actions", {"what": "W", "date": "2025-02-30"}))
    assert field_errors(caller.post("/actions", {"what": "W", "date": 20250101})) == {
        "date": "Give a date as YYYY-MM-DD."
    }


def test_list_actions_filters_by_date_text_block_and_unit(api_as, team, program_office):
    f = team["frontline"]
    make_action(f, what="Fetched a wheelchair", date=dt.date(2025, 1, 10))
    tagged = make_action(f, what="Called a taxi", date=dt.date(2025, 2, 10))
    tagged.blocks.add(BuildingBlock.objects.get(slug="recovery"))
    payroll = make_person("Pat Payroll", unit="Harbor Health/Finance/Payroll")
    make_action(payroll, what="Fixed a payslip", date=dt.date(2025, 2, 11))
    caller = api_as(program_office)

    def whats(**params):
        return sorted(a["what"] for a in caller.get("/actions", **params).json()["items"])

    assert whats(start="2025-02-01") == ["Called a taxi", "Fixed a payslip"]
    assert whats(end="2025-01-31") == ["Fetched a wheelchair"]
    assert whats(q="TAXI") == ["Called a taxi"]
    assert whats(block="recovery") == ["Called a taxi"]
    assert whats(unit=make_unit("Harbor Health/Finance").pk) == ["Fixed a payslip"]


def test_credited_person_updates_action_and_unlinks_idea(api_as, team):
    idea = make_idea(team["frontline"])
    action = make_action(team["frontline"], idea=idea)
    response = api_as(team["frontline"]).patch(
        f"/actions/{action.pk}", {"what": "Walked them all the way", "idea": None}
    )
    assert response.status_code == 200, response.content
    action.refresh_from_db()
    assert action.what == "Walked them all the way"
    assert action.idea is None


def test_colleague_cannot_update_someone_elses_action(api_as, team):
    action = make_action(team["frontline"])
    response = api_as(team["colleague"]).patch(f"/actions/{action.pk}", {"what": "Mine now"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.what == "Walked a lost visitor to radiology"


def test_retrieve_action_and_private_action_is_404_for_outsider(api_as, team, outsider):
    action = make_action(team["frontline"], private=True)
    assert api_as(team["colleague"]).get(f"/actions/{action.pk}").status_code == 200
    assert api_as(outsider).get(f"/actions/{action.pk}").status_code == 404


# --- stories ----------------------------------------------------------------------------


def test_create_story_with_every_field(api_as, team):
    response = api_as(team["supervisor"]).post(
        "/stories",
        {
            "kind": "customer_compliment",
            "what_happened": "A daughter wrote to thank the night team.",
            "customer_words": "You treated my mother like family.",
            "people": [team["frontline"].pk, team["colleague"].pk],
            "date": "2025-05-01",
            "source": "customer",
            "service_level": "surprising",
            "blocks": ["voice-of-customer"],
            "private": False,
        },
    )
    assert response.status_code == 201, response.content
    story = Story.objects.get(pk=response.json()["id"])
    assert story.customer_words == "You treated my mother like family."
    assert set(story.people.all()) == {team["frontline"], team["colleague"]}
    assert (story.source, story.service_level) == ("customer", "surprising")
    assert response.json()["service_level"] == "surprising"


def test_story_needs_a_known_kind_and_what_happened(api_as, team):
    errors = field_errors(api_as(team["frontline"]).post("/stories", {"kind": "rumour"}))
    assert set(errors) == {"kind", "what_happened"}
    assert errors["what_happened"] == "Field required"
    assert not Story.objects.exists()


def test_list_stories_by_kind_and_text(api_as, team):
    f = team["frontline"]
    make_story(f, kind=StoryKind.SERVICE_RECOVERY, what_happened="Replaced a lost hearing aid")
    make_story(f, kind=StoryKind.CUSTOMER_COMPLIMENT, customer_words="Best ward ever")
    caller = api_as(f)
    recoveries = caller.get("/stories", kind="service_recovery").json()
    assert [s["what_happened"] for s in recoveries["items"]] == ["Replaced a lost hearing aid"]
    by_words = caller.get("/stories", q="best ward").json()
    assert [s["kind"] for s in by_words["items"]] == ["customer_compliment"]
    assert "kind" in field_errors(caller.get("/stories", kind="gossip"))


def test_update_story_and_clear_service_level(api_as, team):
    story = make_story(team["frontline"], service_level="desired")
    response = api_as(team["frontline"]).patch(
        f"/stories/{story.pk}", {"service_level": None, "kind": "frontline_effort"}
    )
    assert response.status_code == 200, response.content
    story.refresh_from_db()
    assert (story.service_level, story.kind) == ("", "frontline_effort")
    assert response.json()["service_level"] is None


def test_story_people_must_report_to_you(api_as, team):
    story = make_story(team["frontline"])
    response = api_as(team["frontline"]).patch(
        f"/stories/{story.pk}", {"people": [team["manager"].pk]}
    )
    assert "report to you" in field_errors(response)["people"]
    assert list(story.people.all()) == [team["frontline"]]


def test_retrieve_story_and_unknown_story(api_as, team):
    story = make_story(team["frontline"], customer_words="Thank you, night team.")
    caller = api_as(team["colleague"])
    body = caller.get(f"/stories/{story.pk}").json()
    assert body["customer_words"] == "Thank you, night team."
    assert body["people"] == [team["frontline"].pk]
    assert body["kind"] == "customer_compliment"
    assert caller.get("/stories/987654").status_code == 404


def test_stories_are_paginated(api_as, team):
    for i in range(3):
        make_story(team["frontline"], what_happened=f"Story {i}")
    caller = api_as(team["frontline"])
    page = caller.get("/stories", limit=2, offset=1).json()
    assert page["count"] == 3
    assert len(page["items"]) == 2
