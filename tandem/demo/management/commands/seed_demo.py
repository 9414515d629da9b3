"""`manage.py seed_demo`: the Harbor Health demo organization with 18 months of activity."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tandem.demo import build, past_digests
from tandem.indicators import rebuild


def _date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--today: '{text}' is not a date like 2026-03-31.") from exc
    if day > timezone.localdate():
        raise CommandError(f"--today: {day} is in the future; the demo ends on or before today.")
    return day


class Command(BaseCommand):
    help = (
        "Fill an empty database with a demo hospital group (about 600 people, 18 months of "
        "ideas, service actions and stories) and print four logins to try it with."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=build.DEFAULT_SEED,
            help=f"Random seed: the same seed gives the same demo (default {build.DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--today",
            type=str,
            default=None,
            help="The last day of the 18 months, YYYY-MM-DD (default: today).",
        )
        parser.add_argument(
            "--digest-weeks",
            type=int,
            default=past_digests.WEEKS,
            help="Build every leader's digests of this many past weeks (default "
            f"{past_digests.WEEKS}; 0 for none: quicker).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="If the database already has people, change nothing and print the logins.",
        )

    def handle(
        self,
        *args,
        seed: int,
        today: str | None,
        digest_weeks: int,
        if_empty: bool,
        **options,
    ) -> None:
        last_day = _date(today) if today else None
        if digest_weeks < 0:
            raise CommandError("--digest-weeks: give a number of weeks, 0 or more.")
        if not build.database_is_empty():
            if not if_empty:
                raise CommandError(
                    "The database already has people or units, so nothing was changed: "
                    "seed_demo only fills an empty database. Use --if-empty to print the demo "
                    "logins, or start from an empty database (delete var/tandem.sqlite3, then "
                    "run `manage.py migrate`)."
                )
            logins = build.find_logins()
            if logins is None:
                self.stdout.write(
                    "The database already has people, and no demo logins were found in it "
                    "(it was not filled by seed_demo). Nothing was changed."
                )
                return
            self.stdout.write("The database already has people; nothing was seeded. Demo logins:")
            self._print(logins)
            return
        try:
            logins, summary = build.seed(seed, today=last_day)
        except build.DemoError as exc:
            raise CommandError(str(exc)) from exc
        # The demo is written in bulk, past the services: fill the indicator rollups once,
        # then build the leaders' last digests from them.
        rebuild.rebuild_indicators()
        summary.digests = past_digests.send_past_digests(summary.last_day, digest_weeks)
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write("Demo logins (role: email password):")
        self._print(logins)

    def _print(self, logins) -> None:
        for line in build.login_lines(logins):
            self.stdout.write(line)
