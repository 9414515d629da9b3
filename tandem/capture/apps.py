from django.apps import AppConfig


class CaptureConfig(AppConfig):
    name = "tandem.capture"
    label = "capture"
    verbose_name = "Bottom-up capture"

    def ready(self) -> None:
        from tandem.capture import access
        from tandem.people import pickers

        # "On behalf of": the people a user may credit, by employee id (as the API takes them).
        pickers.register(
            "credit", pickers.people_source(access.loggable_people, value_field="employee_id")
        )
