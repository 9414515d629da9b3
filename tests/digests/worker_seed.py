"""An organization for the worker subprocess tests: `leaders` managers, each with a team
that logged a story in the week under test. Run inside `manage.py shell`."""

from __future__ import annotations

from datetime import date

from tandem.capture.models import Story, StoryKind
from tandem.indicators import rebuild
from tandem.people.models import Level, OrgUnit, Person


def seed(leaders: int, week_start: date) -> None:
    root = OrgUnit.ensure_path("Harbor Health")
    boss = Person.objects.create(
        employee_id="W0", name="Erin Exec", email="erin@harbor.example",
        level=Level.EXECUTIVE, unit=root,
    )  # fmt: skip
    for n in range(1, leaders):
        unit = OrgUnit.ensure_path(f"Harbor Health/Ward {n}")
        manager = Person.objects.create(
            employee_id=f"W{n}", name=f"Manager {n}", email=f"m{n}@harbor.example",
            level=Level.MANAGER, unit=unit, manager=boss,
        )  # fmt: skip
        nurse = Person.objects.create(
            employee_id=f"F{n}", name=f"Nurse {n}", email=f"f{n}@harbor.example",
            unit=unit, manager=manager,
        )  # fmt: skip
        story = Story.objects.create(
            kind=StoryKind.CUSTOMER_COMPLIMENT, what_happened=f"Ward {n} stayed late for a family.",
            customer_words="Thank you all.", unit=unit, created_by=nurse, date=week_start,
        )  # fmt: skip
        story.people.set([nurse])
    rebuild.rebuild_indicators()
