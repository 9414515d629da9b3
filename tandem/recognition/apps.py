from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "tandem.recognition"
    label = "recognition"
    verbose_name = "Recognition, contests and the showcase day"

    def ready(self) -> None:
        from tandem.recognition import compliments, profile

        compliments.connect()
        profile.connect()
