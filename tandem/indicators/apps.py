from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "tandem.indicators"
    label = "indicators"
    verbose_name = "Leading indicators"
