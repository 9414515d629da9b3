"""The production path: digest tasks queued in Redis and run by a real RQ worker.

Needs Redis on 127.0.0.1:6379 (`make test` and .ci/run start one). Uses Redis database
14 and empties its queue before and after. The worker is RQ's SimpleWorker in burst
mode: a real worker loop that runs jobs in this process, so they see this test's
database transaction and the in-memory outbox.
"""

from __future__ import annotations

import django_rq
import pytest
from django.core import mail
from rq import SimpleWorker

from tandem.digests import services
from tandem.digests.models import Digest, DigestStatus
from tandem.digests.tasks import send_digest
from tandem.indicators import rebuild
from tests.digests.helpers import WEEK_END, WEEK_START
from tests.factories import story_on

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def rq_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 120}}
    queue = django_rq.get_queue("default")
    queue.connection.ping()  # fails loudly when Redis is not running
    queue.empty()
    yield queue
    queue.empty()


def test_digests_go_through_redis_and_a_real_rq_worker(
    team, rq_queue, django_capture_on_commit_callbacks
):
    story_on(WEEK_START, team["frontline"], customer_words="Kind and quick.")
    rebuild.rebuild_indicators()
    week = services.week_of(WEEK_START)
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.schedule(week, send_day=WEEK_END, everyone=True)

    assert queued == 4  # executive, senior leader, manager, supervisor
    assert rq_queue.count == 4
    assert mail.outbox == []  # nothing runs until a worker takes the jobs

    job_ids = rq_queue.job_ids
    worker = django_rq.get_worker(
        "default", job_class="django_tasks_rq.Job", worker_class=SimpleWorker
    )
    assert worker.work(burst=True)

    assert rq_queue.count == 0
    assert len(mail.outbox) == 4
    assert Digest.objects.filter(status=DigestStatus.SENT).count() == 4
    results = [send_digest.get_result(job_id) for job_id in job_ids]
    assert {result.status for result in results} == {"SUCCESSFUL"}
    assert {result.return_value for result in results} == {"sent"}
    assert any("Kind and quick." in message.body for message in mail.outbox)
