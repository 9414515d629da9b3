"""`manage.py backup` and `manage.py restore` on real databases, nothing mocked.

The commands run as subprocesses on a scratch database of their own (the test database
lives inside a transaction), filled once per engine with the demo organization. SQLite
always; PostgreSQL too when the suite runs there (DATABASE_URL names a PostgreSQL
database, as in CI's second run), on a scratch database of that server named after this
process.
"""

from __future__ import annotations

import os
import pty
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings

from tandem.home.backups import MAGIC, NAMES, SUFFIX

ROOT = Path(__file__).resolve().parents[2]
TABLES = ["people_person", "capture_idea", "capture_story", "audit_auditentry"]
RUN_ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
ENGINES = ["sqlite", "postgresql"] if RUN_ON_POSTGRESQL else ["sqlite"]

# Five ideas deleted (with their credits, transitions and comments) and one added.
CHANGE_IDEAS = """
from tandem.capture.models import Idea
doomed = Idea.objects.order_by("pk").values_list("pk", flat=True)[:5]
Idea.objects.filter(pk__in=list(doomed)).delete()
unit_id = Idea.objects.values_list("unit_id", flat=True).first()
Idea.objects.create(title="Written after the backup", description="-", unit_id=unit_id)
"""


@dataclass
class Scratch:
    engine: str
    folder: Path
    env: dict[str, str]
    sqlite_file: Path | None = None
    pg_conninfo: dict[str, str] | None = None

    def manage(self, *args: str, stdin: int = subprocess.DEVNULL) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def manage_ok(self, *args: str) -> str:
        result = self.manage(*args)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def connect(self):
        """A connection in autocommit mode, straight through the driver."""
        if self.sqlite_file:
            return closing(sqlite3.connect(self.sqlite_file, isolation_level=None, timeout=20))
        return closing(psycopg.connect(**self.pg_conninfo, autocommit=True))

    def counts(self) -> dict[str, int]:
        with self.connect() as db:
            return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}

    def forget_audit_entries(self, how_many: int) -> None:
        with self.connect() as db:
            db.execute(
                "DELETE FROM audit_auditentry WHERE id IN "
                f"(SELECT id FROM audit_auditentry ORDER BY id LIMIT {how_many})"
            )

    def backup(self, name: str) -> Path:
        path = self.folder / f"{name}{SUFFIX[self.engine]}"
        self.manage_ok("backup", "--output", str(path))
        return path


def _environment(folder: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DATABASE_URL"}}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="tandem.settings",
        DATABASE_URL=database_url,
        TANDEM_VAR_DIR=str(folder / "var"),
        PYTHONPATH=str(ROOT),
    )
    return env


@contextmanager
def _scratch_postgresql() -> Iterator[tuple[str, dict[str, str]]]:
    """A database of its own on the server the suite runs on, dropped afterwards."""
    server = settings.DATABASES["default"]
    name = f"tandem_backup_{os.getpid()}"
    conninfo = {
        key: str(server[setting])
        for key, setting in (("host", "HOST"), ("port", "PORT"), ("user", "USER"))
        if server.get(setting)
    }
    if server.get("PASSWORD"):
        conninfo["password"] = server["PASSWORD"]
    with closing(psycopg.connect(**conninfo, dbname="postgres", autocommit=True)) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            login = quote(conninfo.get("user", ""))
            if "password" in conninfo:
                login += ":" + quote(conninfo["password"])
            port = f":{conninfo['port']}" if "port" in conninfo else ""
            url = f"postgres://{login}@{conninfo.get('host', '')}{port}/{name}"
            yield url, {**conninfo, "dbname": name}
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module", params=ENGINES)
def scratch(request, tmp_path_factory) -> Iterator[Scratch]:
    """A migrated demo database (about 600 people), shared by the module's tests: each
    compares the counts before and after its own step, never with the first ones."""
    folder = tmp_path_factory.mktemp(f"backup-{request.param}")
    if request.param == "sqlite":
        file = folder / "db.sqlite3"
        database = Scratch("sqlite", folder, _environment(folder, f"sqlite:///{file}"), file)
        yield _seeded(database)
    else:
        with _scratch_postgresql() as (url, conninfo):
            database = Scratch("postgresql", folder, _environment(folder, url), None, conninfo)
            yield _seeded(database)


def _seeded(database: Scratch) -> Scratch:
    database.manage_ok("migrate", "--noinput", "-v0")
    database.manage_ok("seed_demo", "--digest-weeks", "0")
    return database


def test_a_backup_taken_while_someone_writes_restores_the_rows_it_was_taken_with(scratch):
    at_backup = scratch.counts()
    assert all(at_backup.values()), at_backup
    # Another connection is half-way through a write: the backup neither waits for it
    # nor contains it.
    with scratch.connect() as writer:
        writer.execute("BEGIN")
        writer.execute("DELETE FROM audit_auditentry")
        output = scratch.manage_ok("backup")
        writer.execute("ROLLBACK")
    [path] = (scratch.folder / "var" / "backups").glob(f"tandem-*{SUFFIX[scratch.engine]}")
    assert str(path) in output
    assert path.read_bytes().startswith(MAGIC[scratch.engine])
    assert path.stat().st_mode & 0o777 == 0o600

    scratch.manage_ok("shell", "-c", CHANGE_IDEAS)
    assert scratch.counts()["capture_idea"] == at_backup["capture_idea"] - 4

    output = scratch.manage_ok("restore", str(path), "--yes")

    assert scratch.counts() == at_backup
    assert f"Restored {path}" in output and "manage.py migrate" in output


@pytest.fixture(scope="module")
def earlier_backup(scratch) -> Path:
    """A backup for the tests where a restore must not happen; each changes the data
    after it, so a restore that did happen would show."""
    return scratch.backup("earlier")


def test_restore_without_yes_and_no_terminal_changes_nothing(scratch, earlier_backup):
    scratch.forget_audit_entries(10)
    changed = scratch.counts()

    result = scratch.manage("restore", str(earlier_backup))

    assert result.returncode != 0
    assert "Pass --yes to confirm" in result.stderr and "Traceback" not in result.stderr
    assert scratch.counts() == changed


def test_at_a_terminal_anything_but_yes_cancels_the_restore(scratch, earlier_backup):
    scratch.forget_audit_entries(10)
    changed = scratch.counts()
    controller, terminal = pty.openpty()
    try:
        os.write(controller, b"no\n")
        result = scratch.manage("restore", str(earlier_backup), stdin=terminal)
    finally:
        os.close(controller)
        os.close(terminal)

    assert result.returncode != 0
    assert "Type 'yes' to go on" in result.stdout
    assert "Restore cancelled" in result.stderr
    assert scratch.counts() == changed


@pytest.mark.parametrize("kind", ["text", "other engine", "damaged"])
def test_a_file_that_is_not_a_backup_of_this_database_is_refused(scratch, kind):
    other = "postgresql" if scratch.engine == "sqlite" else "sqlite"
    content, message = {
        "text": (b"employee_id,name\n1,Ann\n", "is not a Tandem backup"),
        "other engine": (MAGIC[other] + bytes(100), f"is a backup of a {NAMES[other]} database"),
        "damaged": (MAGIC[scratch.engine] + bytes(100), "Nothing was restored"),
    }[kind]
    path = scratch.folder / f"not-a-backup-{kind}"
    path.write_bytes(content)
    before = scratch.counts()

    result = scratch.manage("restore", str(path), "--yes")

    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr
    assert scratch.counts() == before


def test_a_backup_never_overwrites_a_file(scratch):
    path = scratch.folder / f"taken{SUFFIX[scratch.engine]}"
    path.write_bytes(b"an older backup")

    result = scratch.manage("backup", "--output", str(path))

    assert result.returncode != 0
    assert "already exists" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == b"an older backup"
