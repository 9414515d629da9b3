"""programs.services.commitments: making commitments, check-ins and kept / missed periods."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tandem.audit.models import AuditEntry
from tandem.programs.models import CheckIn, Commitment
from tandem.programs.models.commitments import SUGGESTED_COMMITMENTS, Rule
from tandem.programs.services.commitments import (
    check_in,
    commitment_record,
    create_commitment,
    due_check_ins,
    stop_commitment,
    tally,
    update_commitment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def weekly(team):
    manager = team["manager"]
    # Wednesday 7 January 2026: the first period is the week of Monday 5 January.
    return create_commitment(
        manager.user,
        manager,
        "Recognize one frontline improvement every week",
        "sustain",
        "weekly",
        started_on=date(2026, 1, 7),
    )


def states(commitment, today):
    return [(r.period.start, r.state) for r in commitment_record(commitment, today)]


def test_suggestions_cover_all_seven_rules_with_valid_cadences():
    assert {rule for rule, _, _ in SUGGESTED_COMMITMENTS} == set(Rule.values)
    assert {c for _, _, c in SUGGESTED_COMMITMENTS} <= {"weekly", "monthly", "quarterly"}


def test_a_leader_makes_a_commitment_and_it_is_audited(weekly, team):
    assert weekly.leader == team["manager"] and weekly.active
    entry = AuditEntry.objects.get(object_type="programs.Commitment")
    assert entry.actor == team["manager"].user


def test_frontline_staff_do_not_make_leadership_commitments(team):
    front = team["frontline"]
    with pytest.raises(ValidationError) as error:
        create_commitment(front.user, front, "Smile more", "role_model", "weekly")
    assert "leader" in error.value.message_dict
    assert not Commitment.objects.exists()


def test_a_commitment_needs_text_a_rule_and_a_cadence(team):
    manager = team["manager"]
    with pytest.raises(ValidationError) as error:
        create_commitment(manager.user, manager, " ", "be_nice", "daily")
    assert set(error.value.message_dict) == {"text", "rule", "cadence"}
    assert not Commitment.objects.exists()


def test_a_week_that_passed_with_no_check_in_is_missed(weekly, team):
    manager = team["manager"]
    check_in(manager.user, weekly, date(2026, 1, 5), True, today=date(2026, 1, 9))
    check_in(
        manager.user,
        weekly,
        date(2026, 1, 19),
        False,
        "Two sick calls; I missed the huddle. Moving it to Tuesday.",
        today=date(2026, 1, 22),
    )
    # Thursday 29 January: the weeks of 5, 12, 19 and 26 January.
    assert states(weekly, date(2026, 1, 29)) == [
        (date(2026, 1, 5), "kept"),
        (date(2026, 1, 12), "missed"),
        (date(2026, 1, 19), "not_kept"),
        (date(2026, 1, 26), "pending"),
    ]
    assert tally(commitment_record(weekly, date(2026, 1, 29))) == {
        "kept": 1,
        "not_kept": 1,
        "missed": 1,
        "pending": 1,
    }


def test_the_current_period_is_pending_until_its_last_day_has_passed(weekly):
    # Sunday 11 January is the last day of the first week: still pending; Monday it is missed.
    assert states(weekly, date(2026, 1, 11)) == [(date(2026, 1, 5), "pending")]
    assert states(weekly, date(2026, 1, 12)) == [
        (date(2026, 1, 5), "missed"),
        (date(2026, 1, 12), "pending"),
    ]


def test_quarterly_record_counts_whole_quarters(team):
    senior = team["senior"]
    floor_day = create_commitment(
        senior.user,
        senior,
        "One back-to-the-floor day a quarter",
        "role_model",
        "quarterly",
        started_on=date(2025, 11, 20),
    )
    check_in(senior.user, floor_day, date(2026, 1, 1), True, today=date(2026, 3, 3))
    assert states(floor_day, date(2026, 4, 2)) == [
        (date(2025, 10, 1), "missed"),
        (date(2026, 1, 1), "kept"),
        (date(2026, 4, 1), "pending"),
    ]


def test_a_stopped_commitment_has_no_periods_after_it_ended(weekly, team):
    stop_commitment(team["manager"].user, weekly, on=date(2026, 1, 14))
    assert states(weekly, date(2026, 3, 1)) == [
        (date(2026, 1, 5), "missed"),
        (date(2026, 1, 12), "missed"),
    ]


def test_checking_in_again_for_a_period_corrects_it(weekly, team):
    manager = team["manager"]
    check_in(manager.user, weekly, date(2026, 1, 5), False, today=date(2026, 1, 9))
    check_in(manager.user, weekly, date(2026, 1, 5), True, "Did it Friday", today=date(2026, 1, 10))
    row = CheckIn.objects.get()
    assert (row.kept, row.reflection) == (True, "Did it Friday")


@pytest.mark.parametrize(
    ("period_start", "message"),
    [
        (date(2026, 1, 6), "A weekly period starts on 2026-01-05, not 2026-01-06."),
        (date(2025, 12, 29), "The commitment started on 2026-01-07"),
        (date(2026, 2, 2), "not yet begun"),
    ],
)
def test_check_ins_for_bad_periods_are_refused(weekly, team, period_start, message):
    with pytest.raises(ValidationError) as error:
        check_in(team["manager"].user, weekly, period_start, True, today=date(2026, 1, 20))
    assert message in error.value.message_dict["period_start"][0]
    assert not CheckIn.objects.exists()


def test_rewording_keeps_the_cadence_and_is_audited(weekly, team):
    update_commitment(
        team["manager"].user, weekly, text="Recognize two improvements", rule="sustain"
    )
    weekly.refresh_from_db()
    assert (weekly.text, weekly.cadence) == ("Recognize two improvements", "weekly")
    assert AuditEntry.objects.filter(action="updated").count() == 1


def test_a_commitment_cannot_end_before_it_started(weekly, team):
    with pytest.raises(ValidationError):
        stop_commitment(team["manager"].user, weekly, on=date(2026, 1, 1))
    assert Commitment.objects.get().active


def test_due_check_ins_are_the_active_commitments_not_yet_checked_in_this_period(weekly, team):
    manager = team["manager"]
    today = date(2026, 1, 14)
    assert [(c, p.start) for c, p in due_check_ins(manager, today)] == [(weekly, date(2026, 1, 12))]
    check_in(manager.user, weekly, date(2026, 1, 12), True, today=today)
    assert due_check_ins(manager, today) == []


def test_a_reminder_goes_out_near_the_end_of_an_unchecked_period_once(weekly, team):
    from tandem.notifications.models import Notification
    from tandem.programs.services.commitments import remind_due_check_ins

    # The week of 12 January ends on Sunday the 18th; reminders start on Saturday the 17th.
    assert remind_due_check_ins(date(2026, 1, 16)) == 0
    assert remind_due_check_ins(date(2026, 1, 17)) == 1
    assert remind_due_check_ins(date(2026, 1, 18)) == 0  # already reminded this week
    note = Notification.objects.get()
    assert note.recipient == team["manager"]
    assert note.text == (
        "Check in on your commitment “Recognize one frontline improvement every week”: "
        "did you keep it in the week ending 18 January?"
    )


def test_no_reminder_once_checked_in_or_stopped(weekly, team):
    from tandem.programs.services.commitments import remind_due_check_ins

    manager = team["manager"]
    check_in(manager.user, weekly, date(2026, 1, 12), True, today=date(2026, 1, 15))
    assert remind_due_check_ins(date(2026, 1, 17)) == 0
    stop_commitment(manager.user, weekly, on=date(2026, 1, 20))
    assert remind_due_check_ins(date(2026, 1, 24)) == 0
