"""Small factory functions: build exactly the data a test needs, inline."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group

from tandem.capture.hooks import record_change
from tandem.capture.models import (
    BuildingBlock,
    Idea,
    IdeaStatus,
    IdeaTransition,
    ServiceAction,
    Story,
    StoryKind,
)
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
    description: str = "Older patients struggle to read our discharge notes.",
    unit: OrgUnit | None = None,
    private: bool = False,
    status: str = "proposed",
    blocks: tuple[str, ...] = (),
) -> Idea:
    idea = Idea(
        title=title,
        description=description,
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


def csv_bytes(*lines: str, header: str, bom: bool = False, newline: str = "\n") -> bytes:
    """A CSV upload from a header and data lines written as text (UTF-8, optional BOM)."""
    text = newline.join([header, *lines]) + newline
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def story_on(day: date, *people: Person, kind: str = StoryKind.FRONTLINE_EFFORT, **kw) -> Story:
    return make_story(*people, kind=kind, date=day, **kw)


def implemented_idea(
    *authors: Person,
    on: date,
    proposed: date | None = None,
    by: Person | None = None,
    minutes: int | None = None,
    money: Decimal | None = None,
    effect: str = "",
    title: str = "Print discharge notes in large type",
    private: bool = False,
) -> Idea:
    """An idea proposed on `proposed`, tried the day after, implemented on `on` (raw rows)."""
    proposed = proposed or on - timedelta(days=60)
    idea = make_idea(*authors, title=title, private=private)
    with record_change(idea):  # raw rows, but the indicators and candidates stay current
        _implement(idea, proposed, on, by, minutes, money, effect)
    idea.refresh_from_db()
    return idea


def _implement(idea, proposed, on, by, minutes, money, effect) -> None:
    Idea.objects.filter(pk=idea.pk).update(
        created_at=at(proposed),
        status=IdeaStatus.IMPLEMENTED,
        status_changed_at=at(on),
        result="Patients read them without help.",
        minutes_saved_per_week=minutes,
        money_saved_per_year=money,
        customer_effect=effect,
    )
    IdeaTransition.objects.create(
        idea=idea, from_status="proposed", to_status="trying", by=by, at=at(proposed, 12)
    )
    IdeaTransition.objects.create(
        idea=idea, from_status="trying", to_status="implemented", by=by, at=at(on)
    )
