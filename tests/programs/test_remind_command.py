"""`manage.py remind_check_ins`: reminds leaders once per period, links to the commitment."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tandem.notifications.models import Notification
from tandem.programs.services.commitments import check_in, create_commitment

pytestmark = pytest.mark.django_db

# The week of 12 January 2026 ends on Sunday the 18th; reminders go out from Saturday.
REMIND_DAY = "2026-01-17"


def commit(leader, text="Recognize one frontline improvement every week"):
    return create_commitment(
        leader.user, leader, text, "sustain", "weekly", started_on=date(2026, 1, 5)
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command("remind_check_ins", *args, stdout=out)
    return out.getvalue()


def test_command_reports_how_many_reminders_it_sent(team):
    commit(team["manager"])
    commit(team["supervisor"])
    assert run("--date", REMIND_DAY) == "Sent 2 check-in reminders for 2026-01-17.\n"
    assert {n.recipient for n in Notification.objects.all()} == {
        team["manager"],
        team["supervisor"],
    }


def test_running_twice_sends_nothing_the_second_time(team):
    commit(team["manager"])
    assert run("--date", REMIND_DAY) == "Sent 1 check-in reminder for 2026-01-17.\n"
    assert run("--date", REMIND_DAY) == "Sent 0 check-in reminders for 2026-01-17.\n"
    assert run("--date", "2026-01-18") == "Sent 0 check-in reminders for 2026-01-18.\n"
    assert Notification.objects.count() == 1


def test_reminder_links_to_the_commitment_page(team):
    commitment = commit(team["manager"])
    run("--date", REMIND_DAY)
    note = Notification.objects.get()
    assert note.url == f"/program/commitments/{commitment.pk}/"
    assert commitment.text in note.text


def test_no_reminder_too_early_in_the_period_or_once_checked_in(team):
    commitment = commit(team["manager"])
    assert run("--date", "2026-01-14").startswith("Sent 0 ")
    check_in(team["manager"].user, commitment, date(2026, 1, 12), True, today=date(2026, 1, 15))
    assert run("--date", REMIND_DAY).startswith("Sent 0 ")
    assert not Notification.objects.exists()


def test_without_a_date_it_runs_for_today(team, monkeypatch):
    commit(team["manager"])
    monkeypatch.setattr(
        "tandem.programs.management.commands.remind_check_ins.timezone.localdate",
        lambda: date(2026, 1, 17),
    )
    assert run() == "Sent 1 check-in reminder for 2026-01-17.\n"


def test_a_bad_date_is_refused_with_a_clear_message(team):
    commit(team["manager"])
    with pytest.raises(CommandError, match="--date must be a date like 2026-01-17"):
        run("--date", "17/01/2026")
    assert not Notification.objects.exists()
