"""The daily round of assessments, for cron (the embedded worker runs it hourly)."""

from django.core.management.base import BaseCommand

from tandem.assessments import services


class Command(BaseCommand):
    help = (
        "Open assessment rounds whose day has come, remind those who have not answered "
        "two days before a round closes, and close rounds whose last day has passed."
    )

    def handle(self, *args, **options) -> None:
        done = services.run_due()
        self.stdout.write(
            f"Opened {done.get('opened', 0)} round(s), reminded {done.get('reminded', 0)} "
            f"people, closed {done.get('closed', 0)} round(s)."
        )
