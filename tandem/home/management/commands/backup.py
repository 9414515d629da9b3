"""`manage.py backup`: a consistent copy of the database, taken while Tandem runs."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.home import backups


class Command(BaseCommand):
    help = (
        "Back up the database while Tandem runs: SQLite through its online backup API, "
        "PostgreSQL through pg_dump (custom format). Restore with `manage.py restore`."
    )
    # No system checks: on SQLite one of them opens a write transaction, so a backup
    # started during a long write (an import of the org chart) would wait for it and then
    # fail on a misleading check error, where the backup API itself needs no lock the
    # writer holds.
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="The file to write; it must not exist yet (default: "
            "var/backups/tandem-YYYYMMDD-HHMMSS.sqlite3, or .dump on PostgreSQL).",
        )

    def handle(self, *args, output: Path | None, **options) -> None:
        try:
            path = output or backups.default_path()
            backups.backup(path)
        except backups.BackupError as error:
            raise CommandError(f"{error}\nNo backup was written.") from error
        self.stdout.write(
            f"Backed up {backups.describe_database()} to {path} ({path.stat().st_size:,} bytes)."
        )
