"""`manage.py import_people FILE.csv [--deactivate-missing]`: the org-chart import from a shell."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.people.importer import COLUMNS, import_people


class Command(BaseCommand):
    help = (
        "Import people from an HR system's CSV export (header: "
        + ",".join(COLUMNS)
        + "). Nothing is changed if any row is bad."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path of the CSV file (UTF-8)")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="deactivate people (and their logins) who are not in the file; nothing is deleted",
        )

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
        report = import_people(data, deactivate_missing=options["deactivate_missing"], actor=None)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            if report.hidden_problems:
                self.stderr.write(f"… and {report.hidden_problems} more")
            raise CommandError(
                f"{path}: {report.problem_count} problem(s) found; nothing was imported."
            )
        self.stdout.write(self.style.SUCCESS(f"{path}: {report.summary()}"))
        for note in report.notes:
            self.stdout.write(self.style.WARNING(f"note: {note}"))
        if report.note_count > len(report.notes):
            self.stdout.write(f"… and {report.note_count - len(report.notes)} more notes")
