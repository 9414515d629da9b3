from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "tandem.programs"
    label = "programs"
    verbose_name = "Roadmap, cascade and leadership alignment"

    def ready(self) -> None:
        from tandem.people import pickers
        from tandem.programs import access
        from tandem.programs.services.roadmap import owner_choices

        pickers.register("meeting-units", pickers.unit_source(access.recordable_units))
        pickers.register("meeting-people", pickers.people_source(access.meeting_people))
        pickers.register("commitment-leaders", pickers.people_source(access.commitment_leaders))
        pickers.register("owners", pickers.people_source(lambda user: owner_choices()))
