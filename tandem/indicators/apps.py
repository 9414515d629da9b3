from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "tandem.indicators"
    label = "indicators"
    verbose_name = "Leading indicators"

    def ready(self) -> None:
        from tandem.indicators import signals  # noqa: F401  (connects the receivers)
