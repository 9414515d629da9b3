"""A real worker, killed half-way with SIGKILL and restarted, sends each digest once.

Subprocesses on their own file-based SQLite database (not the test database, which
lives inside a transaction) and the file email backend, one file per message.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

from tests.digests.worker import (
    CLAIM_SECONDS,
    LEADERS,
    ROOT,
    WEEK,
    environment,
    manage,
    messages,
    seed_database,
    sent_count,
)


def test_a_killed_worker_restarted_sends_each_digest_exactly_once(tmp_path):
    env = environment(tmp_path)
    db = tmp_path / "db.sqlite3"
    seed_database(env, LEADERS)
    assert "Queued 24 digest(s)" in manage(env, "send_digests", "--week", WEEK, "--all")

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--schedule-every", "0", "--interval", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while sent_count(db) < 3:
            assert worker.poll() is None, "the worker stopped on its own"
            assert time.monotonic() < deadline, "the worker sent nothing in 2 minutes"
            time.sleep(0.02)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    assert worker.returncode == -signal.SIGKILL
    half_way = sent_count(db)
    assert 3 <= half_way < LEADERS, "killed too late to prove anything"

    # The killed worker's claim runs out; a restarted worker takes back what it left (no
    # scheduler run, no cron) and finishes the queue.
    time.sleep(CLAIM_SECONDS + 0.5)
    manage(env, "worker", "--schedule-every", "0", "--batch", timeout=600)

    assert sent_count(db) == LEADERS
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT person_id, COUNT(*) FROM digests_digest GROUP BY person_id"
        ).fetchall()
        tasks = dict(
            conn.execute(
                "SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
            ).fetchall()
        )
    # The task the killed worker was running is marked failed, not left RUNNING forever.
    assert "RUNNING" not in tasks and tasks.get("FAILED", 0) <= 1, tasks
    assert len(rows) == LEADERS and {n for _, n in rows} == {1}
    sent = messages(tmp_path / "mail")
    per_recipient = Counter(message["To"] for message in sent)
    assert len(per_recipient) == LEADERS
    assert set(per_recipient.values()) == {1}, per_recipient.most_common(3)
    assert len({message["Message-ID"] for message in sent}) == LEADERS
