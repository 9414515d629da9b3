"""`manage.py remind_check_ins [--date YYYY-MM-DD]`: remind leaders of due check-ins.

Meant to run once a day from cron. Each leader is reminded once per period, a few days
before it ends, so running it twice (or catching up after a missed day) sends nothing
twice. `--date` runs it as of another day (for testing or to catch up).
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tandem.programs.services.commitments import remind_due_check_ins


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be a date like 2026-01-17, not {text!r}.") from None


class Command(BaseCommand):
    help = "Remind leaders whose commitment check-in is due soon (safe to run twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            dest="day",
            default="",
            help="Run as of this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args, day: str, **options) -> None:
        today = _day(day) if day else timezone.localdate()
        sent = remind_due_check_ins(today)
        plural = "" if sent == 1 else "s"
        self.stdout.write(f"Sent {sent} check-in reminder{plural} for {today.isoformat()}.")
