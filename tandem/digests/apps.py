from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "tandem.digests"
    label = "digests"
    verbose_name = "Early-wins digests"
