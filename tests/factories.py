"""Small factory functions: build exactly the data a test needs, inline."""

from __future__ import annotations

import itertools

from django.contrib.auth.models import Group

from tandem.capture.hooks import record_change
from tandem.capture.models import BuildingBlock, Idea, ServiceAction, Story, StoryKind
from tandem.people.access import PROGRAM_OFFICE_GROUP
from tandem.people.models import Level, OrgUnit, Person, User

_seq = itertools.count(1)
PASSWORD = "correct-horse-42"


def make_unit(full_path: str) -> OrgUnit:
    return OrgUnit.ensure_path(full_path)


def make_person(
    name: str = "",
    *,
    unit: OrgUnit | str = "Harbor Health",
    level: str = Level.FRONTLINE,
    manager: Person | None = None,
    login: bool = True,
    email: str = "",
    active: bool = True,
) -> Person:
    n = next(_seq)
    if isinstance(unit, str):
        unit = make_unit(unit)
    name = name or f"Person {n}"
    email = email or f"p{n}@harbor.example"
    user = User.objects.create_user(email, PASSWORD) if login else None
    return Person.objects.create(
        employee_id=f"E{n:05d}",
        name=name,
        email=email,
        level=level,
        unit=unit,
        manager=manager,
        user=user,
        active=active,
    )


def make_program_office(unit: OrgUnit | str = "Harbor Health") -> Person:
    person = make_person("Program Lead", unit=unit, level=Level.SENIOR_LEADER)
    group, _ = Group.objects.get_or_create(name=PROGRAM_OFFICE_GROUP)
    person.user.groups.add(group)
    return person


def make_idea(
    *authors: Person,
    title: str = "Print discharge notes in large type",
    unit: OrgUnit | None = None,
    private: bool = False,
    status: str = "proposed",
    blocks: tuple[str, ...] = (),
) -> Idea:
    idea = Idea(
        title=title,
        description="Older patients struggle to read our discharge notes.",
        unit=unit or authors[0].unit,
        private=private,
        status=status,
        created_by=authors[0],
    )
    with record_change(idea):  # as the capture services do: indicators stay current
        idea.save()
        idea.authors.set(authors)
    if blocks:
        idea.blocks.set(BuildingBlock.objects.filter(slug__in=blocks))
    return idea


def make_action(
    *people: Person, what: str = "Walked a lost visitor to radiology", **kw
) -> ServiceAction:
    action = ServiceAction(
        what=what, unit=kw.pop("unit", people[0].unit), created_by=people[0], **kw
    )
    with record_change(action):
        action.save()
        action.people.set(people)
    return action


def make_story(*people: Person, kind: str = StoryKind.CUSTOMER_COMPLIMENT, **kw) -> Story:
    story = Story(
        kind=kind,
        what_happened=kw.pop("what_happened", "A family thanked the night team."),
        unit=kw.pop("unit", people[0].unit),
        created_by=people[0],
        **kw,
    )
    with record_change(story):
        story.save()
        story.people.set(people)
    return story


def make_team(unit_path: str = "Harbor Health/Nursing/Ward 4B") -> dict[str, Person]:
    """A reporting line: executive → senior leader → manager → supervisor → two frontline."""
    root = unit_path.split("/")[0]
    executive = make_person("Erin Exec", unit=root, level=Level.EXECUTIVE)
    senior = make_person("Sam Senior", unit=root, level=Level.SENIOR_LEADER, manager=executive)
    manager = make_person("Maria Manager", unit=unit_path, level=Level.MANAGER, manager=senior)
    supervisor = make_person("Sid Super", unit=unit_path, level=Level.SUPERVISOR, manager=manager)
    frontline = make_person("Fay Front", unit=unit_path, manager=supervisor)
    colleague = make_person("Cal Colleague", unit=unit_path, manager=supervisor)
    return {
        "executive": executive,
        "senior": senior,
        "manager": manager,
        "supervisor": supervisor,
        "frontline": frontline,
        "colleague": colleague,
    }
