from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "tandem.indicators"
    label = "indicators"
    verbose_name = "Leading indicators"

    def ready(self) -> None:
        # Imported here, not at the top: models may only be imported once apps are ready.
        from tandem.capture.hooks import watch_records
        from tandem.indicators import rollups, signals  # noqa: F401  (connects the receivers)

        # Every change to an idea, action or story keeps the rollups and the highlight
        # candidates current, in the same transaction.
        watch_records(rollups.track)
