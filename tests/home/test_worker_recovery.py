"""The embedded worker takes back what a killed worker left: task rows left RUNNING are
marked failed with a reason, and their digests enqueued again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.digests import services
from tandem.digests.models import DigestStatus
from tandem.digests.tasks import send_digest
from tandem.home.management.commands.worker import recover
from tandem.people.models import Level
from tests.digests.helpers import WEEK_START
from tests.factories import make_person

pytestmark = pytest.mark.django_db

WEEK = services.week_of(WEEK_START)


def running_row(task_path: str, started_minutes_ago: int, digest_id: int) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=now - timedelta(minutes=started_minutes_ago),
        run_after=now,
        args_kwargs={"args": [digest_id], "kwargs": {}},
        task_path=task_path,
        worker_ids=["w-killed"],
        backend_name="default",
    )


def test_rows_of_a_dead_worker_are_failed_and_their_digests_sent(settings):
    settings.TANDEM_DIGEST_CLAIM_SECONDS = 600
    leader = make_person("Nora Nursing", unit="Harbor Health/Nursing", level=Level.SENIOR_LEADER)
    digest = services.ensure_row(leader, WEEK)
    long_ago = timezone.now() - timedelta(minutes=30)
    assert services._claim(digest.pk, "w-killed", long_ago)  # claim ran out 20 minutes ago
    dead = running_row(send_digest.module_path, 30, digest.pk)
    busy = running_row(send_digest.module_path, 1, digest.pk)  # within a claim: alive
    other = running_row("tandem.capture.tasks.something_long", 30, digest.pk)

    assert recover() == 1

    dead.refresh_from_db()
    assert dead.status == TaskResultStatus.FAILED and dead.finished_at is not None
    assert dead.exception_class_path.endswith("WorkerLost")
    assert "w-killed stopped before finishing" in dead.traceback
    for row in (busy, other):
        row.refresh_from_db()
        assert row.status == TaskResultStatus.RUNNING
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT and len(mail.outbox) == 1
    assert recover() == 0 and len(mail.outbox) == 1


def test_a_digest_whose_worker_died_before_claiming_it_is_sent_too(settings):
    settings.TANDEM_DIGEST_CLAIM_SECONDS = 600
    leader = make_person("Nora Nursing", unit="Harbor Health/Nursing", level=Level.SENIOR_LEADER)
    digest = services.ensure_row(leader, WEEK)  # queued, never claimed
    running_row(send_digest.module_path, 30, digest.pk)
    assert recover() == 1
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT and len(mail.outbox) == 1
