from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "tandem.assessments"
    label = "assessments"
    verbose_name = "Assessments: the 12 building blocks per unit"

    def ready(self) -> None:
        from tandem.people import pickers
        from tandem.people.access import is_program_office
        from tandem.people.models import OrgUnit

        def units(user):
            return OrgUnit.objects.all() if is_program_office(user) else OrgUnit.objects.none()

        pickers.register("assessment-units", pickers.unit_source(units))
