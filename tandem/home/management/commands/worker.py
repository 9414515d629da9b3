"""The embedded background worker: runs queued tasks and queues each day's digests.

`manage.py worker` = the database backend's `db_worker` plus a timer thread that calls
`services.schedule` for today every `--schedule-every` seconds (hourly by default), so a
laptop install needs no cron. Scheduling is idempotent, so running it hourly (or with
several workers) queues each leader's digest once; it also re-queues digests whose
worker died. With TASKS_BACKEND=redis, run `rqworker` and the `send_digests` cron instead.

A digest's email takes one core about 80 ms, most of it drawing the chart, so a large
organization's Monday run wants one worker per core (`manage.py worker` twice on two
cores; `--schedule-every 0` on all but one): each digest is claimed by one of them
(tandem.digests.services.deliver) and sent once. `send_digests --inline --workers N`
does the same run without the queue.
"""

from __future__ import annotations

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from tandem.digests import services

log = logging.getLogger(__name__)


def _schedule_forever(every: float, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            today = timezone.localdate()
            services.schedule(services.covered_week(today), send_day=today)
        except Exception:  # keep the timer alive; the next round retries
            log.exception("Scheduling digests failed")
        finally:
            connection.close()
        stop.wait(every)


class Command(BaseCommand):
    help = "Run queued background tasks (the database backend) and queue each day's digests."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--schedule-every",
            type=float,
            default=3600,
            help="Seconds between digest scheduling rounds; 0 turns the timer off.",
        )
        parser.add_argument("--interval", type=float, default=1, help="Idle poll interval.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args, **options) -> None:
        stop = threading.Event()
        if options["schedule_every"] > 0:
            timer = threading.Thread(
                target=_schedule_forever,
                args=(options["schedule_every"], stop),
                name="digest-scheduler",
                daemon=True,
            )
            timer.start()
        try:
            call_command(
                "db_worker",
                interval=options["interval"],
                batch=options["batch"],
                reload=False,
                startup_delay=False,
                verbosity=options["verbosity"],
            )
        finally:
            stop.set()
