"""`manage.py restore PATH`: replace the database's content with a backup."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.home import backups


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup made by `manage.py backup`. "
        "Asks first; --yes answers for you (needed when no one is at a terminal)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The backup file to restore.")
        parser.add_argument(
            "--yes", action="store_true", help="Restore without asking: the data now is lost."
        )

    def handle(self, *args, path: Path, yes: bool, **options) -> None:
        try:
            backups.check_restorable(path)
            database = backups.describe_database()
            if not yes:
                self._confirm(f"Everything in {database} will be replaced by the backup {path}.")
            backups.restore(path)
        except backups.BackupError as error:
            raise CommandError(f"{error}\nNothing was restored.") from error
        self.stdout.write(f"Restored {path} ({path.stat().st_size:,} bytes) into {database}.")
        self.stdout.write(
            "If the backup comes from an older version of Tandem, run `manage.py migrate` now."
        )

    def _confirm(self, warning: str) -> None:
        """Ask at a terminal; anywhere else (cron, a script) refuse: a restore run there
        by mistake would lose data without anyone seeing a question."""
        if not sys.stdin.isatty():
            raise CommandError(
                f"{warning} Pass --yes to confirm (no one can be asked: standard input is "
                "not a terminal). Nothing was restored."
            )
        answer = input(f"{warning}\nType 'yes' to go on: ")
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled. Nothing was restored.")
