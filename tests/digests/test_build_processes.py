"""`send_digests --inline --workers N`: digests built and sent by several processes, and
two such runs at once, still send each leader's digest exactly once.

Subprocesses on their own file-based SQLite database and the file email backend, as in
test_worker_kill.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

from tests.digests.worker import (
    ROOT,
    WEEK,
    environment,
    manage,
    messages,
    seed_database,
    sent_count,
)

LEADERS = 12


def test_two_runs_of_two_processes_each_send_every_digest_once(tmp_path):
    env = environment(tmp_path)
    seed_database(env, LEADERS)
    command = [sys.executable, "manage.py", "send_digests", "--week", WEEK, "--all", "--inline"]
    runs = [
        subprocess.Popen(
            [*command, "--workers", "2", "--timing"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = []
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, out + err
        outputs.append(out)

    assert all(f"{LEADERS} leaders (" in out and "in 2 process(es)" in out for out in outputs)
    assert sent_count(tmp_path / "db.sqlite3") == LEADERS
    sent = messages(tmp_path / "mail")
    assert len(sent) == LEADERS
    assert set(Counter(message["To"] for message in sent).values()) == {1}
    assert len({message["Message-ID"] for message in sent}) == LEADERS
    # Every message carries its chart.
    assert all(
        any(part.get_content_type() == "image/png" for part in message.walk()) for message in sent
    )
    # Once sent, a third run finds nothing to do.
    assert f"{LEADERS} leaders ({LEADERS} done)" in manage(env, *command[2:], "--workers", "2")
    assert len(messages(tmp_path / "mail")) == LEADERS
