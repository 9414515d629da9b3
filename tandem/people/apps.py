from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tandem.people"
    label = "people"
    verbose_name = "Organization and people"

    def ready(self) -> None:
        # Imported here, not at the top: receivers need the apps ready (they use models).
        from tandem.people import receivers  # noqa: F401  (connects the receivers)
