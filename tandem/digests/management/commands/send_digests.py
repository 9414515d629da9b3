"""Queue (or build) the weekly digests. Run it daily: it picks the leaders whose day it is."""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from tandem.digests import services


def _date(text: str, option: str) -> date:
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is None:
        raise CommandError(f"{option}: give a date as YYYY-MM-DD, not {text!r}.")
    return day


class Command(BaseCommand):
    help = (
        "Queue one digest task per leader whose chosen weekday is today (or --all). "
        "Each digest covers the last full week before today, or the week of --week. "
        "Safe to run repeatedly: a leader gets each week's digest once. "
        "--inline builds and sends in this process instead of queueing (no worker needed); "
        "--build-only builds and stores the digests without sending (benchmarks); "
        "--workers N does either in N processes (suggested: one per core, on PostgreSQL "
        "one more); "
        "--timing prints how long it took."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--week", help="Any day of the week to cover (YYYY-MM-DD).")
        parser.add_argument(
            "--day", help="Pretend today is this day when picking leaders by weekday."
        )
        parser.add_argument(
            "--all", action="store_true", help="Every leader who has not turned it off."
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--inline", action="store_true", help="Build and send here, now.")
        mode.add_argument("--build-only", action="store_true", help="Build, do not send.")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="With --inline or --build-only: processes to build in (default 1).",
        )
        parser.add_argument("--timing", action="store_true", help="Print the time taken.")

    def handle(self, *args, **options) -> None:
        send_day = _date(options["day"], "--day") if options["day"] else timezone.localdate()
        if options["week"]:
            week = services.week_of(_date(options["week"], "--week"))
        else:
            week = services.covered_week(send_day)
        if week.end >= timezone.localdate():
            raise CommandError(
                f"--week: the week of {week.start} has not ended yet; digests cover full weeks."
            )
        if options["workers"] < 1:
            raise CommandError("--workers: give a number of processes, 1 or more.")
        if options["inline"] or options["build_only"]:
            stats = services.build_all(
                week,
                send=options["inline"],
                send_day=None if options["all"] else send_day,
                workers=options["workers"],
            )
            summary = ", ".join(f"{n} {what}" for what, n in sorted(stats.outcomes.items()))
            self.stdout.write(
                f"Digests for {week.label}: {stats.leaders} leaders ({summary or 'none'})."
            )
            if options["timing"]:
                per = stats.seconds / stats.leaders * 1000 if stats.leaders else 0
                cpu = stats.cpu_seconds / stats.leaders * 1000 if stats.leaders else 0
                self.stdout.write(
                    f"Took {stats.seconds:.1f} s ({per:.1f} ms per leader) in "
                    f"{stats.workers} process(es); CPU {stats.cpu_seconds:.1f} s "
                    f"({cpu:.1f} ms per leader)."
                )
            return
        started = time.perf_counter()
        count = services.schedule(week, send_day=send_day, everyone=options["all"])
        self.stdout.write(f"Queued {count} digest(s) for {week.label}.")
        if options["timing"]:
            self.stdout.write(f"Took {time.perf_counter() - started:.1f} s.")
