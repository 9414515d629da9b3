"""`manage.py send_digests`: picks the week and the leaders, refuses bad input by name."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tandem.digests.models import Digest, DigestPreference, Weekday

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


def test_queues_the_leaders_whose_day_it_is(team, django_capture_on_commit_callbacks):
    DigestPreference.objects.create(person=team["manager"], weekday=Weekday.WEDNESDAY)
    # 11 Nov 2026 is a Wednesday: only the manager chose it; the week is 2-8 Nov.
    with django_capture_on_commit_callbacks(execute=True):
        output = run("--day", "2026-11-11")
    assert output.startswith("Queued 1 digest(s) for ") and "2 Nov" in output
    assert [m.to for m in mail.outbox] == [[team["manager"].email]]
    assert Digest.objects.get().week_start.isoformat() == "2026-11-02"


def test_all_and_inline_build_and_send_here(team):
    output = run("--week", "2026-11-04", "--all", "--inline", "--timing")
    assert "4 leaders (4 sent)" in output
    assert "ms per leader" in output
    assert len(mail.outbox) == 4
    assert "4 leaders (4 done)" in run("--week", "2026-11-04", "--all", "--inline")
    assert len(mail.outbox) == 4


def test_build_only_sends_nothing(team):
    assert "4 built" in run("--week", "2026-11-04", "--all", "--build-only")
    assert mail.outbox == []
    assert Digest.objects.filter(built_at__isnull=False).count() == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "2026-13-01"], "--week: give a date as YYYY-MM-DD, not '2026-13-01'."),
        (["--week", "last week"], "--week: give a date as YYYY-MM-DD"),
        (["--day", "tomorrow"], "--day: give a date as YYYY-MM-DD"),
        (["--week", "2999-01-04"], "has not ended yet"),
        (["--all", "--inline", "--workers", "0"], "--workers: give a number of processes"),
    ],
)
def test_bad_input_is_refused_naming_the_option(team, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(*args)
    assert not Digest.objects.exists() and mail.outbox == []
