"""The embedded background worker: runs queued tasks and queues each day's digests.

`manage.py worker` = the database backend's `db_worker` plus a timer thread that calls
`services.schedule` for today every `--schedule-every` seconds (hourly by default), so a
laptop install needs no cron; the same round tells leaders of the anonymous feedback
that reached their inbox that day (tandem.voice.services.deliver_due) and owners of
the anonymous responses to their initiatives (tandem.voice.initiatives.deliver_due), and
opens, reminds and closes assessment rounds (tandem.assessments.services.run_due). Scheduling is
idempotent, so running it hourly (or with several workers) queues each leader's digest
once. Every minute (and once at start) the
worker also takes back what a killed worker left: digests whose claim ran out are
enqueued again (services.requeue_abandoned), and their task rows, left RUNNING by the
dead worker, are marked FAILED with a reason. With TASKS_BACKEND=redis, run `rqworker`
and the `send_digests` cron instead.

A digest's email takes one core about 80 ms, most of it drawing the chart, so a large
organization's Monday run wants one worker per core (`manage.py worker` twice on two
cores; `--schedule-every 0` on all but one): each digest is claimed by one of them
(tandem.digests.services.deliver) and sent once. `send_digests --inline --workers N`
does the same run without the queue.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.assessments import services as assessments
from tandem.digests import services
from tandem.digests.tasks import send_digest
from tandem.voice import initiatives
from tandem.voice import services as voice

log = logging.getLogger(__name__)


# How often the worker looks for work a killed worker left behind.
RECOVER_EVERY = 60.0


class WorkerLost(Exception):
    """Recorded on a task row whose worker stopped before finishing it."""


def recover(now: datetime | None = None) -> int:
    """Mark digest task rows left RUNNING by a dead worker as failed, then enqueue their
    digests again; returns how many digests were enqueued.

    A digest is built in well under a second and its claim lasts `claim_seconds()`: a
    task row RUNNING for longer than that belongs to a dead worker. The digest is
    enqueued again whether the worker died holding its claim (expired by now) or before
    claiming it (unclaimed).
    """
    now = now or timezone.now()
    lost = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        task_path=send_digest.module_path,
        started_at__lt=now - timedelta(seconds=services.claim_seconds()),
    )
    digest_ids = []
    for row in lost:
        row.set_failed(
            WorkerLost(
                f"The worker {', '.join(row.worker_ids) or '(unknown)'} stopped before "
                "finishing this task; its digest was enqueued again."
            )
        )
        digest_ids.extend(row.args_kwargs.get("args", [])[:1])
    initiatives.requeue_undistributed()  # an initiative whose distribution stopped midway
    return services.requeue_abandoned(now, digest_ids)


def _background(schedule_every: float, stop: threading.Event) -> None:
    """Every RECOVER_EVERY seconds take back abandoned work; every `schedule_every`
    seconds (0: never) queue the day's digests."""
    next_schedule = 0.0
    while not stop.is_set():
        try:
            close_old_connections()
            recover()
            if schedule_every > 0 and time.monotonic() >= next_schedule:
                today = timezone.localdate()
                services.schedule(services.covered_week(today), send_day=today)
                voice.deliver_due(today)  # the morning batch of anonymous feedback
                initiatives.deliver_due(today)  # and of anonymous responses
                assessments.run_due(today)  # assessment rounds open, remind, close
                next_schedule = time.monotonic() + schedule_every
        except Exception:  # keep the timer alive; the next round retries
            log.exception("Recovering or scheduling digests failed")
        finally:
            connection.close()
        stop.wait(min(RECOVER_EVERY, schedule_every or RECOVER_EVERY))


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
        recover()  # before the first task, so that `--batch` runs what was abandoned too
        connection.close()
        stop = threading.Event()
        timer = threading.Thread(
            target=_background,
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
