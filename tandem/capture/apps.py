from django.apps import AppConfig


class CaptureConfig(AppConfig):
    name = "tandem.capture"
    label = "capture"
    verbose_name = "Bottom-up capture"
