from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "tandem.voice"
    label = "voice"
    verbose_name = "Leading up: feedback to one's leaders"
