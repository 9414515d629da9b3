"""GET /api/v1/indicators: the figures of indicators.definitions.compute, with defaults,
bad-input errors and who may see which unit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.capture.models import StoryKind
from tandem.capture.services import transition_idea
from tandem.indicators import figures as kept_figures
from tandem.indicators.definitions import compute
from tandem.indicators.periods import MONTH, ReportPeriod
from tandem.people.models import OrgUnit
from tandem.recognition.models import Recognition, Source
from tandem.voice.models import AnswerKind
from tests.api.conftest import field_errors
from tests.factories import (
    make_action,
    make_idea,
    make_person,
    make_program_office,
    make_story,
    make_unit,
)
from tests.indicators.helpers import brute_force, recognition_by_hand
from tests.indicators.in_progress import TODAY, build_mid_november, freeze_today, same_figures
from tests.indicators.leading_up_data import answer, publish, respond
from tests.indicators.siblings import MARCH, care, isolated_groups, minimum, smallest_group


def as_json(figures: dict) -> dict:
    """compute()'s answer as the API spells it: days as text, money as a number."""
    return {
        **figures,
        "start": figures["start"].isoformat(),
        "end": figures["end"].isoformat(),
        "money_saved_per_year": float(figures["money_saved_per_year"]),
    }


def some_activity(team) -> None:
    frontline, manager = team["frontline"], team["manager"]
    tried = make_idea(frontline, title="Bigger print")
    make_idea(team["colleague"], title="Quieter night rounds")
    transition_idea(manager.user, tried, "trying", by=manager)
    transition_idea(
        manager.user,
        tried,
        "implemented",
        result="Fewer calls back",
        minutes_saved_per_week=45,
        money_saved_per_year=Decimal("1250.50"),
        by=manager,
    )
    make_action(frontline)
    make_story(frontline, kind=StoryKind.SERVICE_RECOVERY)
    make_story(team["colleague"])


def test_figures_equal_compute_for_the_unit_and_period_asked(api_as, team, program_office):
    some_activity(team)
    ward = team["frontline"].unit
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=6), today
    response = api_as(program_office).get(
        "/indicators", unit=ward.pk, start=start.isoformat(), end=end.isoformat()
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == as_json(compute(ward, start, end))
    assert body["ideas_created"] == 2
    assert body["ideas_implemented"] == 1
    assert body["money_saved_per_year"] == 1250.5
    assert body["stories_by_kind"] == {
        "frontline_effort": 0,
        "service_recovery": 1,
        "customer_compliment": 1,
    }
    assert body["benchmarks"] == {"typical": 2.4, "toyota_1973": 6.0, "world_class": 50.0}


def test_the_leading_up_figures_of_initiatives_are_returned(api_as, team, program_office):
    ward = team["frontline"].unit
    make_person("Nia Nurse", unit=ward)  # five people in the ward
    day = dt.date(2024, 3, 4)
    initiative = publish(program_office, day, ward)
    answered = respond(team["frontline"], initiative, day)
    respond(team["colleague"], initiative, day + dt.timedelta(days=1))
    answer(program_office, [answered], day + dt.timedelta(days=2), AnswerKind.CHANGED)

    body = (
        api_as(team["manager"])
        .get("/indicators", unit=ward.pk, start="2024-03-01", end="2024-03-31")
        .json()
    )

    assert body == as_json(compute(ward, dt.date(2024, 3, 1), dt.date(2024, 3, 31)))
    assert body["initiatives_published"] == 1
    assert body["initiative_response_rate"] == 2 / 5
    assert body["median_days_to_answer"] == 2
    assert body["responses_answered_share"] == 1 / 2
    assert body["initiatives_changed_share"] == 1
    # Two people on Ward 4C: too few to show how many of them responded.
    small = make_unit("Harbor Health/Nursing/Ward 4C")
    for name in ("Ana", "Ben"):
        make_person(name, unit=small)
    publish(program_office, day, small)
    hidden = (
        api_as(program_office)
        .get("/indicators", unit=small.pk, start="2024-03-01", end="2024-03-31")
        .json()
    )
    assert hidden["initiatives_published"] == 1 and hidden["initiative_response_rate"] is None


def test_the_recognition_figures_are_returned(api_as, team, program_office):
    """Ward 4B: four staff, two leaders. In March 2024 the supervisor recognizes Fay and
    Cal (privately), the manager logs a customer's thanks to Fay, a contest names Cal
    (no giver), and Fay thanks the executive, placed above the ward. A recognition of
    February and one of Fay by the executive in another unit's name count only where
    they should."""
    ward = team["frontline"].unit
    fay, cal = team["frontline"], team["colleague"]

    def recognize(giver, *people, day, **kw):
        recognition = Recognition.objects.create(given_by=giver, what="Thanks!", date=day, **kw)
        recognition.people.set(people)

    recognize(team["supervisor"], fay, cal, day=dt.date(2024, 3, 4), private=True)
    recognize(team["manager"], fay, day=dt.date(2024, 3, 5), source=Source.CUSTOMER)
    recognize(None, cal, day=dt.date(2024, 3, 20), source=Source.CONTEST)
    recognize(fay, team["executive"], day=dt.date(2024, 3, 21))
    recognize(team["executive"], fay, day=dt.date(2024, 2, 28))

    body = (
        api_as(team["manager"])
        .get("/indicators", unit=ward.pk, start="2024-03-01", end="2024-03-31")
        .json()
    )

    march = (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert body == as_json(compute(ward, *march))
    assert {key: body[key] for key in recognition_by_hand(ward, *march)} == (
        recognition_by_hand(ward, *march)
    )
    assert body["recognitions"] == 4
    assert body["recognitions_per_100_staff"] == 100.0
    assert body["staff_recognized_share"] == 2 / 4
    assert body["leaders_recognizing"] == 2
    assert body["leaders_recognizing_share"] == 1.0
    whole = (
        api_as(program_office)
        .get("/indicators", unit=team["executive"].unit.pk, start="2024-03-01", end="2024-03-31")
        .json()
    )
    # Above the ward: the executive was recognized too, and did not recognize anyone in
    # March; the senior leader and the program office neither.
    assert whole["recognitions"] == 5 and whole["leaders_recognizing"] == 2
    assert whole["staff_recognized_share"] == 3 / whole["staff"]
    assert whole["leaders_recognizing_share"] == 2 / whole["leaders"]


def test_no_subtraction_of_the_response_rates_tells_how_a_small_team_responded(api_as, db):
    """Ward C (two people) beside Ward A (its team Nights: six) and Ward B (seven), under
    Care: the API shows Care's and Ward B's rates, and hides Ward A's and Nights' too, so
    that Care's less the others' does not tell how Ward C's two responded."""
    made = care(
        {"Nights": 6, "Ward B": 7, "Ward C": 2},
        responding={"Nights": 3, "Ward B": 4, "Ward C": 1},
    )
    caller = api_as(made["office"])
    start, end = (day.isoformat() for day in MARCH)
    units = list(OrgUnit.objects.all())
    bodies = {unit: caller.get("/indicators", unit=unit.pk, start=start, end=end) for unit in units}
    assert all(body.status_code == 200 for body in bodies.values())
    bodies = {unit: body.json() for unit, body in bodies.items()}

    kept = kept_figures.for_units(units, ReportPeriod.custom(*MARCH))
    for unit, body in bodies.items():
        assert body == as_json(kept[unit.pk]) == as_json(compute(unit, *MARCH)), unit
    assert {
        unit.name: (body["initiative_response_rate"], body["initiative_response_rate_hidden"])
        for unit, body in bodies.items()
    } == {
        "Harbor Health": (8 / 15, None),
        "Finance": (None, None),
        "Care": (8 / 15, None),
        "Ward A": (None, "siblings"),
        "Nights": (None, "siblings"),
        "Ward B": (4 / 7, None),
        "Ward C": (None, "minimum_group"),
    }
    rates = {unit: body["initiative_response_rate"] for unit, body in bodies.items()}
    assert smallest_group(isolated_groups(rates, made["responded"])) >= minimum()


def test_a_period_before_the_activity_counts_nothing(api_as, team):
    some_activity(team)
    ward = team["frontline"].unit
    body = api_as(team["manager"]).get("/indicators", start="2020-01-01", end="2020-03-31").json()
    assert body == as_json(compute(ward, dt.date(2020, 1, 1), dt.date(2020, 3, 31)))
    assert body["ideas_created"] == 0
    assert body["implementation_rate"] is None
    assert body["money_saved_per_year"] == 0


def test_defaults_are_own_unit_and_the_28_days_ending_today(api_as, team):
    some_activity(team)
    today = timezone.localdate()
    body = api_as(team["frontline"]).get("/indicators").json()
    ward = team["frontline"].unit
    assert body["unit"] == ward.pk
    assert body["end"] == today.isoformat()
    assert body["start"] == (today - dt.timedelta(days=27)).isoformat()
    assert body == as_json(compute(ward, today - dt.timedelta(days=27), today))


def test_start_alone_defaults_end_to_today_and_end_alone_starts_27_days_before(api_as, team):
    caller = api_as(team["frontline"])
    today = timezone.localdate()
    body = caller.get("/indicators", start=(today - dt.timedelta(days=3)).isoformat()).json()
    assert (body["start"], body["end"]) == ((today - dt.timedelta(days=3)).isoformat(), str(today))
    body = caller.get("/indicators", end="2024-03-31").json()
    assert (body["start"], body["end"]) == ("2024-03-04", "2024-03-31")


def test_bad_dates_are_400_naming_the_field(api_as, team):
    caller = api_as(team["frontline"])
    assert "start" in field_errors(caller.get("/indicators", start="yesterday"))
    assert "end" in field_errors(caller.get("/indicators", end="2024-02-30"))
    assert field_errors(caller.get("/indicators", start="1066-10-14", end="1066-10-14")) == {
        "end": "Give a day between 1900-01-01 and 2999-12-31."
    }


def test_end_before_start_is_400_naming_end(api_as, team):
    response = api_as(team["frontline"]).get("/indicators", start="2024-05-02", end="2024-05-01")
    assert field_errors(response) == {
        "end": "The end (2024-05-01) is before the start (2024-05-02)."
    }


def test_a_period_wholly_after_today_is_400_naming_start(api_as, team, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2024, 5, 10))
    caller = api_as(team["frontline"])
    response = caller.get("/indicators", start="2024-05-11", end="2024-05-31")
    assert field_errors(response) == {
        "start": "The period starts after today (2024-05-10): nothing has happened in it yet."
    }
    answer = caller.get("/indicators", start="2024-05-10", end="2024-05-31")
    assert answer.status_code == 200 and answer.json()["end"] == "2024-05-10"


def test_a_period_over_three_years_is_400_naming_end(api_as, team):
    caller = api_as(team["frontline"])
    response = caller.get("/indicators", start="2020-01-01", end="2024-01-01")
    assert field_errors(response) == {
        "end": "A period may be at most 1098 days long; this is 1462."
    }
    assert caller.get("/indicators", start="2021-01-01", end="2023-12-31").status_code == 200


def test_unknown_unit_is_400_naming_unit(api_as, team):
    errors = field_errors(api_as(team["frontline"]).get("/indicators", unit=987654))
    assert errors == {"unit": "There is no unit with id 987654."}


def test_without_a_token_is_401(anonymous, db):
    response = anonymous.get("/indicators")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_frontline_asking_for_a_sibling_unit_is_403(api_as, team):
    sibling = make_unit("Harbor Health/Nursing/Ward 5A")
    response = api_as(team["frontline"]).get("/indicators", unit=sibling.pk)
    assert response.status_code == 403
    assert response.json()["detail"] == "You may not see the indicators of this unit."


def test_manager_sees_own_subtree_but_not_the_unit_above(api_as, team):
    ward = team["manager"].unit
    bay = make_unit("Harbor Health/Nursing/Ward 4B/Bay 1")
    caller = api_as(team["manager"])
    assert caller.get("/indicators", unit=ward.pk).status_code == 200
    assert caller.get("/indicators", unit=bay.pk).status_code == 200
    nursing = make_unit("Harbor Health/Nursing")
    assert caller.get("/indicators", unit=nursing.pk).status_code == 403


def test_leader_also_sees_deeper_units_of_people_in_their_reporting_line(api_as, team):
    # The manager and supervisor are placed in Harbor Health/Nursing/Ward 4B.
    night = make_unit("Harbor Health/Radiology/Ward 2/Night")
    make_person("Remote Report", unit=night, manager=team["supervisor"])
    below = make_unit("Harbor Health/Radiology/Ward 2/Night/Bay 1")
    ward2 = make_unit("Harbor Health/Radiology/Ward 2")
    manager = api_as(team["manager"])
    assert manager.get("/indicators", unit=night.pk).status_code == 200
    assert manager.get("/indicators", unit=below.pk).status_code == 200
    assert manager.get("/indicators", unit=ward2.pk).status_code == 403
    # Someone at the report's own level gets no such view.
    assert api_as(team["frontline"]).get("/indicators", unit=night.pk).status_code == 403


def test_a_report_placed_beside_or_above_opens_no_unit(api_as, team):
    """Never a sibling, never a parent: a report placed at the same depth elsewhere, or
    in a unit above the leader's own, gives the leader and those above them nothing."""
    ward2 = make_unit("Harbor Health/Radiology/Ward 2")
    make_person("Beside", unit=ward2, manager=team["supervisor"])
    make_person("Above", unit="Harbor Health", manager=team["supervisor"])
    for role in ("supervisor", "manager"):
        leader = api_as(team[role])
        assert leader.get("/indicators", unit=ward2.pk).status_code == 403, role
        root = team["executive"].unit
        assert leader.get("/indicators", unit=root.pk).status_code == 403, role


def test_executive_sees_their_whole_organization(api_as, team):
    payroll = make_unit("Harbor Health/Finance/Payroll")
    assert api_as(team["executive"]).get("/indicators", unit=payroll.pk).status_code == 200


def test_program_office_sees_any_unit(api_as, team):
    office = make_program_office(unit="Harbor Health/Finance")
    ward = team["frontline"].unit
    assert api_as(office).get("/indicators", unit=ward.pk).status_code == 200
    other_root = make_unit("Quay Clinic")
    assert api_as(office).get("/indicators", unit=other_root.pk).status_code == 200


def test_a_login_without_a_person_must_name_a_unit_and_is_refused(api_as, team):
    from tandem.people.models import User

    nobody = User.objects.create_user("nobody@harbor.example", "x-long-password-1")
    assert field_errors(api_as(nobody).get("/indicators")) == {
        "unit": "You have no unit of your own; give a unit id."
    }
    ward = team["frontline"].unit
    assert api_as(nobody).get("/indicators", unit=ward.pk).status_code == 403


def test_indicators_operation_documents_every_figure(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/indicators"]["get"]
    assert set(operation["responses"]) == {"200", "400", "401", "403"}
    out = schema["components"]["schemas"]["IndicatorsOut"]
    figures = compute(make_unit("Harbor Health"), dt.date(2024, 1, 1), dt.date(2024, 1, 7))
    assert set(out["properties"]) == set(figures)
    assert set(out["required"]) == set(figures)


def test_a_calendar_period_in_progress_is_counted_up_to_today_as_on_the_dashboard(
    api_as, client, monkeypatch, db
):
    freeze_today(monkeypatch)
    org = build_mid_november()
    ward = org["ward_4b"]
    body = (
        api_as(org["executive"])
        .get("/indicators", unit=ward.pk, start="2026-11-01", end="2026-11-30")
        .json()
    )
    # Counted over 1–4 Nov: `end` says so, and the pace is over four days, not thirty.
    assert (body["start"], body["end"]) == ("2026-11-01", TODAY.isoformat())
    expected = brute_force(ward, dt.date(2026, 11, 1), TODAY)
    same_figures(body, expected)
    assert body["ideas_per_employee_per_year"] == pytest.approx(2 / expected["staff"] * 365 / 4)
    # The very window of the dashboard's month so far.
    so_far = ReportPeriod.containing(MONTH, TODAY).so_far()
    assert (so_far.start.isoformat(), so_far.end.isoformat()) == (body["start"], body["end"])
    client.force_login(org["executive"].user)
    board = client.get(reverse("indicators:dashboard", args=[ward.pk])).context["board"]
    assert board.now["ideas_created"] == body["ideas_created"]
    assert board.now["ideas_per_employee_per_year"] == pytest.approx(
        body["ideas_per_employee_per_year"]
    )


def test_a_period_that_ended_is_counted_to_its_end(api_as, monkeypatch, db):
    freeze_today(monkeypatch)
    org = build_mid_november()
    ward = org["ward_4b"]
    body = (
        api_as(org["executive"])
        .get("/indicators", unit=ward.pk, start="2026-10-01", end="2026-10-31")
        .json()
    )
    assert body == as_json(compute(ward, dt.date(2026, 10, 1), dt.date(2026, 10, 31)))
