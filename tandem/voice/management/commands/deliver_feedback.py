"""The morning batch of anonymous feedback and anonymous responses to initiatives, for
cron (the embedded worker runs it hourly)."""

from django.core.management.base import BaseCommand

from tandem.voice import initiatives, services


class Command(BaseCommand):
    help = (
        "Tell leaders about the anonymous feedback and answers that reached their inbox "
        "today, and owners about the anonymous responses to their initiatives."
    )

    def handle(self, *args, **options) -> None:
        told = services.deliver_due()
        owners = initiatives.deliver_due()
        self.stdout.write(
            f"Told {told} leader(s) of new anonymous feedback and {owners} initiative "
            "owner(s) of new anonymous responses."
        )
