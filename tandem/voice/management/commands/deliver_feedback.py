"""The morning batch of anonymous feedback, for cron (the embedded worker runs it hourly)."""

from django.core.management.base import BaseCommand

from tandem.voice.services import deliver_due


class Command(BaseCommand):
    help = "Tell leaders about the anonymous feedback and answers that reached their inbox today."

    def handle(self, *args, **options) -> None:
        told = deliver_due()
        self.stdout.write(f"Told {told} leader(s) of new anonymous feedback.")
