"""A real worker, killed half-way with SIGKILL and restarted, sends each digest once.

Subprocesses on their own file-based SQLite database (not the test database, which
lives inside a transaction) and the file email backend, one file per message.
"""

from __future__ import annotations

import email
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LEADERS = 24
WEEK = "2026-11-02"
CLAIM_SECONDS = 2


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DATABASE_URL"}}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.digests.worker_settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        TANDEM_VAR_DIR=str(tmp_path / "var"),
        TASKS_BACKEND="database",
        DIGEST_MAIL_DIR=str(tmp_path / "mail"),
        TANDEM_DIGEST_CLAIM_SECONDS=str(CLAIM_SECONDS),
        TANDEM_DIGEST_REQUEUE_SECONDS="1",
        PYTHONPATH=str(ROOT),
    )
    return env


def seed_database(env: dict[str, str], leaders: int) -> None:
    """Migrate the test's own database and give it `leaders` leaders with stories."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(
        env,
        "shell",
        "-c",
        f"from datetime import date; from tests.digests.worker_seed import seed; "
        f"seed({leaders}, date.fromisoformat('{WEEK}'))",
    )


def manage(env: dict[str, str], *args: str, timeout: int = 300) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def sent_count(db: Path) -> int:
    with sqlite3.connect(db, timeout=20) as conn:
        return conn.execute("SELECT COUNT(*) FROM digests_digest WHERE status = 'sent'").fetchone()[
            0
        ]


def messages(mail_dir: Path) -> list[email.message.Message]:
    found = []
    for path in sorted(mail_dir.glob("*.log")):
        # The file backend writes each message followed by a line of dashes.
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk))
    return found


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

    # The killed worker's claim runs out; the daily scheduler run re-queues what is unsent,
    # and a restarted worker finishes the queue.
    time.sleep(CLAIM_SECONDS + 0.5)
    manage(env, "send_digests", "--week", WEEK, "--all")
    manage(env, "worker", "--schedule-every", "0", "--batch", timeout=600)

    assert sent_count(db) == LEADERS
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT person_id, COUNT(*) FROM digests_digest GROUP BY person_id"
        ).fetchall()
    assert len(rows) == LEADERS and {n for _, n in rows} == {1}
    sent = messages(tmp_path / "mail")
    per_recipient = Counter(message["To"] for message in sent)
    assert len(per_recipient) == LEADERS
    assert set(per_recipient.values()) == {1}, per_recipient.most_common(3)
    assert len({message["Message-ID"] for message in sent}) == LEADERS
