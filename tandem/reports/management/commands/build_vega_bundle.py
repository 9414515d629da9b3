from django.core.management.base import BaseCommand

from tandem.reports import bundle


class Command(BaseCommand):
    help = "Build the Vega/Vega-Lite/vega-embed browser bundle now (else on first chart view)."

    def handle(self, *args, **options) -> None:
        built = bundle.get()
        self.stdout.write(
            f"Vega bundle {built.version}: {len(built.content):,} bytes "
            f"({len(built.gzipped):,} gzipped) in {bundle.cache_dir()}"
        )
