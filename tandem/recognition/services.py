"""Giving a recognition, and the rules it is checked against."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.audit.models import log_action
from tandem.capture import access as capture_access
from tandem.capture.models import BuildingBlock, Idea, ServiceAction, Story
from tandem.notifications.models import notify
from tandem.people.access import person_for
from tandem.people.models import OrgUnit, Person, User

from . import access
from .models import WHAT_LIMIT, Recognition, RecognitionSettings, Source

TEAM_MOST = 150  # a team recognized at once: at most this many people


@dataclass
class Given:
    what: str
    people: list[Person] = field(default_factory=list)
    team: OrgUnit | None = None
    block: BuildingBlock | None = None
    value: str = ""
    record: Idea | ServiceAction | Story | None = None
    private: bool = False
    for_customer: bool = False
    customer: str = ""


def allowed_blocks(settings: RecognitionSettings | None = None) -> list[BuildingBlock]:
    """The blocks a recognition may name: those the program office picked, else all."""
    settings = settings or RecognitionSettings.current()
    picked = list(settings.blocks.order_by("position"))
    return picked or list(BuildingBlock.objects.order_by("position"))


def team_members(team: OrgUnit, giver: Person | None = None) -> list[Person]:
    people = Person.objects.active().in_subtree(team).order_by("name", "pk")
    if giver is not None:
        people = people.exclude(pk=giver.pk)
    return list(people[: TEAM_MOST + 1])


def check(user: User, given: Given) -> tuple[Person, list[Person]]:
    """The giver and the people recognized, or ValidationError keyed by field (every
    problem at once) / PermissionDenied."""
    me = person_for(user)
    if me is None:
        raise PermissionDenied(access.GIVE_WHY)
    if given.for_customer and not access.can_give_for_customer(user):
        raise PermissionDenied("Only a leader records a recognition on a customer's behalf.")
    settings = RecognitionSettings.current()
    errors: dict[str, str] = {}
    what = given.what.strip()
    if not what:
        errors["what"] = "Say what for: something specific they did."
    elif len(what) > WHAT_LIMIT:
        errors["what"] = f"Keep it to {WHAT_LIMIT} characters (this is {len(what)})."
    people = [p for p in given.people if p.active]
    if given.team is not None:
        members = team_members(given.team, me)
        if len(members) > TEAM_MOST:
            errors["team"] = (
                f"{given.team.name} has more than {TEAM_MOST} people: recognize a smaller "
                "team, or tell their story."
            )
        elif not members:
            errors["team"] = f"Nobody else is placed in {given.team.name}."
        people = list({p.pk: p for p in [*people, *members]}.values())
    if any(p.pk == me.pk for p in people) and not given.for_customer:
        errors["people"] = (
            "Recognize someone else: your own good work shows in your ideas and stories."
        )
    elif not people and "team" not in errors:
        errors["people"] = "Choose who you recognize: a colleague or a team."
    blocks = allowed_blocks(settings)
    if given.block is not None and given.block.pk not in {b.pk for b in blocks}:
        errors["block"] = "Choose one of the building blocks offered."
    values = settings.value_list()
    if given.value and given.value not in values:
        errors["value"] = "Choose one of the organization's values."
    if settings.must_name and given.block is None and not given.value:
        where = "block" if blocks and not values else "value" if values and not blocks else "block"
        errors[where] = (
            "Name the building block or the value it shows: the program office asks for one."
        )
    if given.record is not None and not capture_access.can_view(user, given.record):
        errors["record"] = "You cannot see that record."
    if len(given.customer) > 200:
        errors["customer"] = "Keep the customer's name to 200 characters."
    if errors:
        raise ValidationError(errors)
    return me, people


@transaction.atomic
def give(user: User, given: Given) -> Recognition:
    """Keep the recognition and tell the people recognized and their managers."""
    me, people = check(user, given)
    record = given.record
    # A private idea, action or story keeps its recognition private: its title is shown
    # with it.
    private = given.private or bool(record is not None and record.private)
    made = Recognition.objects.create(
        source=Source.CUSTOMER if given.for_customer else Source.COLLEAGUE,
        given_by=me,
        customer=given.customer.strip() if given.for_customer else "",
        what=given.what.strip(),
        team=given.team,
        block=given.block,
        value=given.value,
        idea=record if isinstance(record, Idea) else None,
        action=record if isinstance(record, ServiceAction) else None,
        story=record if isinstance(record, Story) else None,
        private=private,
        date=timezone.localdate(),
    )
    made.people.set(people)
    log_action(user, "created", made, extra={"people": len(people), "private": made.private})
    tell(made, people, exclude=me)
    return made


def tell(recognition: Recognition, people: list[Person], exclude: Person | None = None) -> None:
    """The people recognized hear it; so does each one's manager (once each)."""
    url = recognition.get_absolute_url()
    source = recognition.from_whom
    snippet = recognition.what if len(recognition.what) <= 120 else recognition.what[:119] + "…"
    notify(people, f"Recognized by {source}: “{snippet}”", url, exclude=exclude)
    told = {p.pk for p in people}
    managers = {
        p.manager.pk: p.manager
        for p in Person.objects.filter(pk__in=told).select_related("manager")
        if p.manager is not None and p.manager.active and p.manager.pk not in told
    }
    if managers:
        names = ", ".join(p.name for p in people[:3]) + (" and others" if len(people) > 3 else "")
        notify(
            managers.values(), f"{names} recognized by {source}: “{snippet}”", url, exclude=exclude
        )
