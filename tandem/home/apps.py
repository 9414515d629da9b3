from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The start page and the commands that serve the whole site (the worker)."""

    name = "tandem.home"
    label = "home"
    verbose_name = "Start page"
