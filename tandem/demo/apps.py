from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Harbor Health demo organization (`manage.py seed_demo`)."""

    name = "tandem.demo"
    label = "demo"
    verbose_name = "Demo organization"
