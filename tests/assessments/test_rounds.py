"""Assessment rounds, the services (assessments/services.py): writing a round (every
problem at once, nothing saved), opening it (who is asked, the unit tree fixed, the
minimums fixed, everyone told), answering once with no name, closing, and the daily run
that opens, reminds and closes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tandem.assessments import services
from tandem.assessments.models import (
    AGAINST_LIMIT,
    Answered,
    Invitation,
    Rating,
    Round,
    RoundUnit,
    Status,
    Submission,
    Who,
)
from tandem.notifications.models import Notification
from tandem.people.models import Level, OrgUnit, Person
from tandem.voice.models import VoiceSettings
from tests.assessments import block_ids, choices, minimums, opened, plan, today
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.django_db

WARD = "Harbor Health/Nursing/Ward 4B"
ICU = "Harbor Health/Nursing/ICU"


def invited(round_) -> set[int]:
    return set(Invitation.objects.filter(round=round_).values_list("person_id", flat=True))


def counts() -> tuple[int, int, int]:
    return Submission.objects.count(), Rating.objects.count(), Answered.objects.count()


@pytest.fixture
def ward(team):
    """Ward 4B: the team's manager, supervisor and two frontline (the executive and the
    senior leader sit at Harbor Health), and two more nurses."""
    for n in range(2):
        make_person(f"Nurse {n}", unit=WARD, manager=team["supervisor"])
    return Person.objects.filter(unit__full_path=WARD)


# --- writing a round ------------------------------------------------------------------


def test_a_plan_with_every_problem_is_refused_with_every_reason_and_nothing_saved(
    program_office,
):
    bad = services.Plan(title="  ", units=[], who=Who.SAMPLE, opens_on=None, closes_on=None)
    with pytest.raises(ValidationError) as refused:
        services.save_round(program_office.user, bad)
    assert set(refused.value.message_dict) == {
        "title",
        "units",
        "sample_percent",
        "opens_on",
        "closes_on",
    }
    assert not Round.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "x" * 201}, "title"),
        ({"who": "managers"}, "who"),
        ({"who": Who.SAMPLE}, "sample_percent"),
        ({"who": Who.SAMPLE, "sample_percent": 0}, "sample_percent"),
        ({"who": Who.SAMPLE, "sample_percent": 100}, "sample_percent"),
        ({"closes_on": "yesterday"}, "closes_on"),
        ({"opens_on": "in a week", "closes_on": "in three days"}, "closes_on"),
    ],
)
def test_each_bad_value_is_refused_on_its_field_and_nothing_saved(program_office, change, field):
    days = {"yesterday": -1, "in three days": 3, "in a week": 7}
    values = {k: today() + timedelta(days=days[v]) if v in days else v for k, v in change.items()}
    with pytest.raises(ValidationError) as refused:
        services.save_round(program_office.user, plan(make_unit(WARD), **values))
    assert set(refused.value.message_dict) == {field}
    assert not Round.objects.exists()


def test_a_round_may_close_the_day_it_opens_and_a_share_is_kept_only_for_a_sample(
    program_office,
):
    made = services.save_round(
        program_office.user,
        plan(make_unit(WARD), opens_on=today(), closes_on=today(), sample_percent=30),
    )
    assert made.status == Status.DRAFT and made.sample_percent is None
    assert made.created_by == program_office.user and list(made.units.all()) == [
        OrgUnit.objects.get(full_path=WARD)
    ]


def test_a_draft_is_changed_whole_or_not_at_all_and_an_open_round_not_at_all(program_office):
    ward, icu = make_unit(WARD), make_unit(ICU)
    made = services.save_round(program_office.user, plan(ward))
    with pytest.raises(ValidationError):
        services.save_round(program_office.user, plan(icu, title=""), made)
    made.refresh_from_db()
    assert made.title == "Building blocks, spring" and list(made.units.all()) == [ward]

    services.save_round(program_office.user, plan(icu, title="Autumn"), made)
    made.refresh_from_db()
    assert made.title == "Autumn" and list(made.units.all()) == [icu]

    make_person(unit=ICU)
    services.open_round(program_office.user, made)
    made.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.save_round(program_office.user, plan(ward, title="Changed"), made)
    assert "status" in refused.value.message_dict
    made.refresh_from_db()
    assert made.title == "Autumn" and list(made.units.all()) == [icu]


# --- opening --------------------------------------------------------------------------


def test_opening_asks_the_active_people_with_a_login_in_the_units_and_below(
    team, ward, program_office
):
    nursing = make_unit("Harbor Health/Nursing")
    six = set(ward.values_list("pk", flat=True))
    icu_nurse = make_person("Ivy ICU", unit=ICU)
    make_person("Ned No Login", unit=WARD, login=False)
    make_person("Lea Left", unit=WARD, active=False)
    locked = make_person("Lou Locked", unit=WARD)
    locked.user.is_active = False
    locked.user.save()
    make_person("Olly Outsider", unit="Harbor Health/Finance/Payroll")

    made = services.save_round(program_office.user, plan(nursing, make_unit(WARD)))
    assert services.open_round(program_office.user, made) == 7

    assert invited(made) == {*six, icu_nurse.pk}
    assert team["executive"].pk not in invited(made)  # Harbor Health itself: not asked
    by_person = {i.person_id: (i.unit_id, i.path) for i in Invitation.objects.filter(round=made)}
    assert by_person[icu_nurse.pk] == (icu_nurse.unit_id, icu_nurse.unit.path)
    made.refresh_from_db()
    assert (made.status, made.opened_on) == (Status.OPEN, today())


def test_leaders_only_asks_supervisors_and_up(team, ward, program_office):
    made = services.save_round(program_office.user, plan(make_unit(WARD), who=Who.LEADERS))
    services.open_round(program_office.user, made)
    assert invited(made) == {team["manager"].pk, team["supervisor"].pk}


def test_a_sample_asks_the_share_of_people_and_the_same_people_each_time(program_office):
    people = {make_person(unit=WARD).pk for _ in range(10)}
    made = services.save_round(
        program_office.user, plan(make_unit(WARD), who=Who.SAMPLE, sample_percent=30)
    )

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        assert services.open_round(program_office.user, made) == 3
        first = invited(made)
        raise Undo
    assert not Invitation.objects.exists()
    assert services.open_round(program_office.user, made) == 3
    assert invited(made) == first and first < people


def test_a_sample_of_few_people_still_asks_one(program_office):
    make_person(unit=WARD)
    make_person(unit=WARD)
    made = services.save_round(
        program_office.user, plan(make_unit(WARD), who=Who.SAMPLE, sample_percent=10)
    )
    assert services.open_round(program_office.user, made) == 1


def test_opening_keeps_the_unit_tree_as_it_stands(ward, program_office):
    make_unit("Harbor Health/Nursing/Empty ward")  # nobody asked there: not kept
    made = opened(program_office, make_unit("Harbor Health/Nursing"))
    units = {u.full_path: u for u in OrgUnit.objects.all()}
    kept = {(r.path, r.name, r.unit_id) for r in RoundUnit.objects.filter(round=made)}
    assert kept == {
        (units[p].path, units[p].name, units[p].pk)
        for p in ("Harbor Health", "Harbor Health/Nursing", WARD)
    }
    OrgUnit.objects.filter(full_path=WARD).update(name="Ward 4B (renamed)")
    assert RoundUnit.objects.get(round=made, path=units[WARD].path).name == "Ward 4B"


def test_someone_moved_after_the_opening_still_counts_where_they_were(ward, program_office):
    minimums(3)
    for n in range(3):
        make_person(f"ICU nurse {n}", unit=ICU)
    made = opened(program_office, make_unit("Harbor Health/Nursing"))
    mover = ward.first()
    old_path = mover.unit.path
    mover.unit = make_unit(ICU)
    mover.save()

    assert made in [r for r, _ in services.open_for(mover)]
    submission = services.answer(mover, made, choices())
    assert submission.path == old_path  # Ward 4B (six asked), not ICU
    assert Invitation.objects.get(round=made, person=mover).path == old_path


def test_the_minimums_are_fixed_when_the_round_opens(ward, program_office):
    minimums(4, text_min=7)
    made = services.save_round(program_office.user, plan(make_unit(WARD)))
    minimums(6, text_min=12)  # changed while a draft: the opening takes these
    services.open_round(program_office.user, made)
    minimums(3, text_min=3)  # changed once open: the round keeps its own
    made.refresh_from_db()
    assert (made.min_group, made.text_min) == (6, 12)
    assert VoiceSettings.current().min_group == 3


def test_everyone_asked_is_told_once_with_a_link_to_answer(ward, program_office, outsider):
    made = opened(program_office, make_unit(WARD))
    told = Notification.objects.filter(url=f"/assessments/{made.pk}/answer/")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(invited(made))
    assert len(invited(made)) == 6 and not outsider.notifications.exists()
    assert "no name" in told.first().text


def test_a_round_opens_once_and_not_after_its_close_nor_with_nobody_to_ask(program_office):
    empty = services.save_round(program_office.user, plan(make_unit("Harbor Health/Empty")))
    with pytest.raises(ValidationError) as refused:
        services.open_round(program_office.user, empty)
    assert "units" in refused.value.message_dict
    empty.refresh_from_db()
    assert empty.status == Status.DRAFT and not RoundUnit.objects.exists()

    make_person(unit=WARD)
    made = opened(program_office, make_unit(WARD))
    with pytest.raises(ValidationError):
        services.open_round(program_office.user, made)
    assert Invitation.objects.count() == 1 and Notification.objects.count() == 1

    late = services.save_round(program_office.user, plan(make_unit(WARD)))
    with pytest.raises(ValidationError) as refused:
        services.open_round(program_office.user, late, today() + timedelta(days=15))
    assert "closes_on" in refused.value.message_dict
    assert Invitation.objects.count() == 1


# --- answering ------------------------------------------------------------------------


def test_an_answer_is_kept_without_the_person_and_only_once(ward, program_office):
    made = opened(program_office, make_unit(WARD))
    fay = ward.get(name="Fay Front")
    recognition = block_ids()[5]
    submission = services.answer(
        fay, made, choices(b6=services.Choice(1, "  Bonuses pay sales only. "), b12=None)
    )
    assert [f.name for f in Submission._meta.concrete_fields] == ["id", "round", "path"]
    assert submission.path == fay.unit.path
    ratings = {r.block_id: (r.score, r.against) for r in submission.ratings.all()}
    assert len(ratings) == 12 and ratings[recognition] == (1, "Bonuses pay sales only.")
    assert ratings[block_ids()[11]] == (None, "")  # don't know
    assert services.has_answered(fay, made) and not services.has_answered(ward.last(), made)
    assert services.open_for(fay) == [(made, True)]

    before = counts()
    with pytest.raises(ValidationError) as refused:
        services.answer(fay, made, choices(5))
    assert "round" in refused.value.message_dict
    assert counts() == before == (1, 12, 1)


def test_someone_not_asked_is_refused(ward, program_office, outsider):
    made = opened(program_office, make_unit(WARD))
    with pytest.raises(PermissionDenied):
        services.answer(outsider, made, choices())
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"b3": 0}, "block_3"),
        ({"b3": 6}, "block_3"),
        ({"b3": -1}, "block_3"),
        ({"b3": services.Choice(4, "x" * (AGAINST_LIMIT + 1))}, "against_3"),
    ],
)
def test_a_bad_answer_is_refused_on_its_field_and_nothing_saved(
    ward, program_office, answers, field
):
    made = opened(program_office, make_unit(WARD))
    given = choices(**answers)
    with pytest.raises(ValidationError) as refused:
        services.answer(ward.first(), made, given)
    expected = field.replace("_3", f"_{block_ids()[2]}")
    assert set(refused.value.message_dict) == {expected}
    assert counts() == (0, 0, 0)


def test_a_text_at_the_limit_is_taken(ward, program_office):
    made = opened(program_office, make_unit(WARD))
    services.answer(ward.first(), made, choices(b3=services.Choice(4, "x" * AGAINST_LIMIT)))
    assert Rating.objects.get(block_id=block_ids()[2]).against == "x" * AGAINST_LIMIT


def test_every_problem_of_an_answer_is_named_at_once(ward, program_office):
    made = opened(program_office, make_unit(WARD))
    given = choices(b2=6, b7=services.Choice(3, "y" * (AGAINST_LIMIT + 1)))
    del given[block_ids()[0]]  # a block left out
    given[block_ids()[3]] = None  # and one not answered
    with pytest.raises(ValidationError) as refused:
        services.answer(ward.first(), made, given)
    ids = block_ids()
    assert set(refused.value.message_dict) == {
        f"block_{ids[0]}",
        f"block_{ids[1]}",
        f"block_{ids[3]}",
        f"against_{ids[6]}",
    }
    assert counts() == (0, 0, 0)


def test_a_score_off_the_scale_and_a_text_too_long_in_one_block_are_both_named(
    ward, program_office
):
    made = opened(program_office, make_unit(WARD))
    given = choices(b2=services.Choice(9, "z" * (AGAINST_LIMIT + 1)))
    with pytest.raises(ValidationError) as refused:
        services.answer(ward.first(), made, given)
    pk = block_ids()[1]
    assert set(refused.value.message_dict) == {f"block_{pk}", f"against_{pk}"}
    assert counts() == (0, 0, 0)


def test_a_rating_of_a_block_that_does_not_exist_is_refused(ward, program_office):
    made = opened(program_office, make_unit(WARD))
    given = {**choices(), max(block_ids()) + 100: services.Choice(3)}
    with pytest.raises(ValidationError):
        services.answer(ward.first(), made, given)
    assert counts() == (0, 0, 0)


def test_a_closed_round_or_one_past_its_last_day_takes_no_answers(ward, program_office):
    made = opened(program_office, make_unit(WARD))
    Round.objects.filter(pk=made.pk).update(closes_on=today() - timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        services.answer(ward.first(), made, choices())
    assert "round" in refused.value.message_dict

    Round.objects.filter(pk=made.pk).update(closes_on=today() + timedelta(days=3))
    services.close_round(program_office.user, made)
    with pytest.raises(ValidationError):
        services.answer(ward.first(), made, choices())
    assert counts() == (0, 0, 0)


def test_a_draft_takes_no_answers(ward, program_office):
    made = services.save_round(program_office.user, plan(make_unit(WARD)))
    with pytest.raises((PermissionDenied, ValidationError)):
        services.answer(ward.first(), made, choices())
    assert counts() == (0, 0, 0)


# --- closing and the daily run --------------------------------------------------------


def test_closing_an_open_round_ends_it_today(ward, program_office):
    made = opened(program_office, make_unit(WARD))
    services.close_round(program_office.user, made)
    made.refresh_from_db()
    assert (made.status, made.closes_on) == (Status.CLOSED, today())
    with pytest.raises(ValidationError):
        services.close_round(program_office.user, made)
    draft = services.save_round(program_office.user, plan(make_unit(WARD)))
    with pytest.raises(ValidationError):
        services.close_round(program_office.user, draft)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_daily_run_opens_a_draft_on_its_day(ward, program_office):
    start = today() + timedelta(days=1)
    made = services.save_round(
        program_office.user, plan(make_unit(WARD), opens_on=start, closes_on=start + timedelta(9))
    )
    assert services.run_due(today()).get("opened", 0) == 0
    assert Round.objects.get().status == Status.DRAFT
    assert services.run_due(start)["opened"] == 1
    made.refresh_from_db()
    assert (made.status, made.opened_on, made.opens_on) == (Status.OPEN, start, start)
    assert len(invited(made)) == 6
    assert services.run_due(start).get("opened", 0) == 0
    assert Invitation.objects.count() == 6


def test_the_daily_run_reminds_those_not_answered_two_days_before_the_close_once(
    ward, program_office
):
    made = opened(program_office, make_unit(WARD))
    fay, cal = ward.get(name="Fay Front"), ward.get(name="Cal Colleague")
    services.answer(fay, made, choices())
    reminders = Notification.objects.filter(text__contains="closes on")

    assert services.run_due(made.closes_on - timedelta(days=3)).get("reminded", 0) == 0
    assert not reminders.exists()
    assert services.run_due(made.closes_on - timedelta(days=2))["reminded"] == 5
    reminded = set(reminders.values_list("recipient_id", flat=True))
    assert reminded == invited(made) - {fay.pk} and cal.pk in reminded
    made.refresh_from_db()
    assert made.reminded_on == made.closes_on - timedelta(days=2)
    assert services.run_due(made.closes_on - timedelta(days=2)).get("reminded", 0) == 0
    assert services.remind(made) == 0 and reminders.count() == 5


def test_the_daily_run_closes_a_round_after_its_last_day(ward, program_office):
    made = opened(program_office, make_unit(WARD))
    assert services.run_due(made.closes_on)["closed"] == 0
    assert Round.objects.get().status == Status.OPEN
    assert services.run_due(made.closes_on + timedelta(days=1))["closed"] == 1
    made.refresh_from_db()
    assert made.status == Status.CLOSED


def test_the_daily_run_leaves_a_draft_whose_close_has_passed(program_office):
    make_person(unit=WARD)
    made = services.save_round(program_office.user, plan(make_unit(WARD)))
    assert services.run_due(made.closes_on + timedelta(days=1)).get("opened", 0) == 0
    made.refresh_from_db()
    assert made.status == Status.DRAFT and not Invitation.objects.exists()


def test_leaders_only_with_nobody_at_leader_level_is_refused_at_the_opening(program_office):
    make_person(unit=WARD, level=Level.FRONTLINE)
    made = services.save_round(program_office.user, plan(make_unit(WARD), who=Who.LEADERS))
    with pytest.raises(ValidationError):
        services.open_round(program_office.user, made)
    assert services.run_due(today()).get("opened", 0) == 0  # skipped, not an error
    made.refresh_from_db()
    assert made.status == Status.DRAFT
