"""Running real worker processes on their own SQLite file and file-based email: the
environment, seeding, `manage.py` calls and what was sent."""

from __future__ import annotations

import email
import os
import sqlite3
import subprocess
import sys
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
