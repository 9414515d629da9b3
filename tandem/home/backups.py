"""Backing up and restoring the default database while Tandem runs.

SQLite goes through its online backup API (`sqlite3.Connection.backup`), which copies
the database inside one read transaction: the copy is consistent while the web server
and workers keep writing, where copying the file would miss the commits still in the
`-wal` file or catch a page half-written. PostgreSQL goes through `pg_dump` in its
custom format (a consistent snapshot too), which `pg_restore` reads back in one
transaction. `manage.py backup` and `manage.py restore` are thin commands over this.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient
from django.utils import timezone

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
# How each engine's backup file begins (SQLite's header; pg_dump's custom format).
MAGIC = {SQLITE: b"SQLite format 3\x00", POSTGRESQL: b"PGDMP"}
SUFFIX = {SQLITE: ".sqlite3", POSTGRESQL: ".dump"}


class BackupError(Exception):
    """A backup or restore that did not happen, said for the person who asked for it."""


def engine() -> str:
    """SQLITE or POSTGRESQL: the engine of the default database."""
    vendor = connections["default"].vendor
    if vendor not in NAMES:
        raise BackupError(f"Backups cover SQLite and PostgreSQL; this database is {vendor}.")
    return vendor


def describe_database() -> str:
    """The default database in words, for messages: which engine, which file or server."""
    db = connections["default"].settings_dict
    if engine() == SQLITE:
        return f"the SQLite database {db['NAME']}"
    server = f"{db['HOST']}:{db['PORT'] or 5432}" if db.get("HOST") else "the local server"
    return f"the PostgreSQL database {db['NAME']} on {server}"


def default_path() -> Path:
    """Where a backup goes when no path is given: var/backups/, named by the local time."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"tandem-{stamp}{SUFFIX[engine()]}"


def file_engine(path: Path) -> str | None:
    """Which engine's backup the file is, from its first bytes; None when neither."""
    with path.open("rb") as file:
        head = file.read(len(MAGIC[SQLITE]))
    return next((kind for kind, magic in MAGIC.items() if head.startswith(magic)), None)


def backup(path: Path) -> None:
    """Write a backup of the default database to `path`, which must not exist yet."""
    kind = engine()
    if kind == POSTGRESQL:
        _program("pg_dump")  # before creating the file, so a missing tool leaves nothing
    _create_private(path)
    try:
        if kind == SQLITE:
            _backup_sqlite(path)
        else:
            _run_pg("pg_dump", "--format=custom", f"--file={path}")
    except BaseException:
        path.unlink(missing_ok=True)  # no half-written backup to be trusted later
        raise


def check_restorable(path: Path) -> None:
    """Refuse, before anything is changed, a file this database cannot be restored from."""
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    kind, found = engine(), file_engine(path)
    if found is None:
        raise BackupError(
            f"{path} is not a Tandem backup: it is neither a SQLite database nor a "
            "PostgreSQL dump in pg_dump's custom format."
        )
    if found != kind:
        raise BackupError(
            f"{path} is a backup of a {NAMES[found]} database, and this database is "
            f"{NAMES[kind]}: restore it where DATABASE_URL names a {NAMES[found]} database."
        )
    if kind == SQLITE:
        _check_sqlite_backup(path)
    else:
        _check_pg_dump(path)


def restore(path: Path) -> None:
    """Replace the content of the default database with the backup at `path`."""
    check_restorable(path)
    if engine() == SQLITE:
        _restore_sqlite(path)
    else:
        _run_pg(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            str(path),
        )


def _create_private(path: Path) -> None:
    """Create `path` empty and readable by its owner only (a backup holds personal data
    and password hashes); never overwrite: an older backup may be the one that matters."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise BackupError(f"{path} already exists; a backup never overwrites a file.") from None


def _live_sqlite() -> sqlite3.Connection:
    live = connections["default"]
    live.ensure_connection()
    return live.connection


def _backup_sqlite(path: Path) -> None:
    with closing(sqlite3.connect(path)) as target:
        _live_sqlite().backup(target)
        # The copy inherits the live database's WAL mode; a backup should be one file
        # that opens on its own, without -wal and -shm files beside it.
        target.execute("PRAGMA journal_mode=DELETE")


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _check_sqlite_backup(path: Path) -> None:
    live = Path(connections["default"].settings_dict["NAME"])
    if live.exists() and path.resolve() == live.resolve():
        raise BackupError(f"{path} is the live database itself, not a backup of it.")
    try:
        with closing(_open_read_only(path)) as backup_db:
            tables = backup_db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchall()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} cannot be read as a SQLite database: {error}.") from None
    if not tables:
        raise BackupError(f"{path} is a SQLite database, but not Tandem's (no migrations table).")


def _restore_sqlite(path: Path) -> None:
    # The same API the other way round: the live database's pages are replaced in one
    # write transaction, so the app's other connections see the old content or the new.
    with closing(_open_read_only(path)) as source:
        source.backup(_live_sqlite())


def _check_pg_dump(path: Path) -> None:
    listing = _run(_program("pg_restore"), "--list", str(path))
    # Each entry reads "215; 1259 16389 TABLE public django_migrations owner".
    entries = (line.split()[3:6] for line in listing.splitlines())
    if ["TABLE", "public", "django_migrations"] not in entries:
        raise BackupError(f"{path} is a PostgreSQL dump, but not Tandem's (no migrations table).")


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found on PATH. Install PostgreSQL's client programs (Debian: "
            "apt-get install postgresql-client), of the server's major version or newer."
        )
    return found


def _run_pg(name: str, *arguments: str) -> None:
    """Run a PostgreSQL client program on the default database. The password and TLS
    settings go in its environment, as `manage.py dbshell` passes them, never on the
    command line, where `ps` shows them to every user of the host."""
    db = connections["default"].settings_dict
    _, secrets = DatabaseClient.settings_to_cmd_args_env(db, [])
    command = [_program(name)]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command.append(f"{flag}={db[key]}")
    command.append(f"--dbname={db['NAME']}")
    _run(*command, *arguments, env={**os.environ, **(secrets or {})})


def _run(*command: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        name = Path(command[0]).name
        raise BackupError(
            f"{name} failed (exit status {result.returncode}):\n{result.stderr.strip()}"
        )
    return result.stdout
