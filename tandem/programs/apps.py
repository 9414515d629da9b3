from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "tandem.programs"
    label = "programs"
    verbose_name = "Roadmap, cascade and leadership alignment"
