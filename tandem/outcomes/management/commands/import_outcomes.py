"""`manage.py import_outcomes FILE.csv`: lagging outcomes per unit and month from a shell."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.outcomes.importer import HEADER, import_outcomes


class Command(BaseCommand):
    help = (
        "Import outcomes per unit and month from CSV (header: unit,month and any of "
        + HEADER.split(",", 2)[2]
        + "). Nothing is changed if any cell is bad. See docs/outcomes.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of the CSV file (UTF-8)")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except IsADirectoryError:
            raise CommandError(f"{path} is a directory, not a CSV file") from None
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from None
        report = import_outcomes(data, actor=None)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            if report.hidden_problems:
                self.stderr.write(f"… and {report.hidden_problems} more")
            raise CommandError(
                f"{path}: {report.problem_count} problem(s) found; nothing was imported."
            )
        self.stdout.write(self.style.SUCCESS(f"{path}: {report.summary()}"))
