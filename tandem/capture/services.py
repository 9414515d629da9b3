"""Workflows on ideas, actions and stories: each atomic, audited, and authors are told."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from tandem.audit.models import log_action, snapshot
from tandem.capture import access
from tandem.capture.hooks import record_change
from tandem.capture.models import (
    DESCRIPTION_LIMIT,
    NOTE_LIMIT,
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaTransition,
    Record,
    too_long,
)
from tandem.notifications.models import notify
from tandem.people.access import person_for
from tandem.people.models import OrgUnit, Person, User

# A notification holds 500 characters.
NOTICE_LIMIT = 500


def _set_people(record: Record, people: list[Person]) -> None:
    getattr(record, record.people_field).set(people)


@transaction.atomic
def create_record(
    user: User, record: Record, people: list[Person], blocks=(), *, created_by: Person | None
) -> Record:
    """Save a new idea, action or story with its people and blocks, and audit it."""
    record.created_by = created_by
    record.full_clean(exclude=["created_by"])
    with record_change(record):
        record.save()
        # A new record has no people or blocks yet: add, without reading what is there.
        getattr(record, record.people_field).add(*people)
        if blocks:
            record.blocks.add(*blocks)
    log_action(user, "created", record, after=snapshot(record))
    return record


@transaction.atomic
def update_record(user: User, record: Record, changes: dict, people=None, blocks=None) -> Record:
    before = snapshot(record)
    for field, value in changes.items():
        setattr(record, field, value)
    record.full_clean(exclude=["created_by"])
    with record_change(record):
        record.save()
        if people is not None:
            _set_people(record, people)
        if blocks is not None:
            record.blocks.set(blocks)
    log_action(user, "updated", record, before=before, after=snapshot(record))
    return record


@transaction.atomic
def transition_idea(
    user: User,
    idea: Idea,
    to: str,
    *,
    note: str = "",
    result: str = "",
    minutes_saved_per_week: int | None = None,
    money_saved_per_year: Decimal | None = None,
    customer_effect: str = "",
    by: Person | None,
    at=None,
) -> IdeaTransition:
    """Move an idea along the workflow; refused with a TransitionError when not allowed."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    idea.check_transition(to, note=note, result=result)
    if message := too_long(customer_effect, NOTE_LIMIT, "the effect on customers"):
        raise ValidationError({"customer_effect": message})
    before = snapshot(idea)
    at = at or timezone.now()
    with record_change(idea):
        step = IdeaTransition.objects.create(
            idea=idea, from_status=idea.status, to_status=to, by=by, at=at, note=note
        )
        idea.status = to
        idea.status_changed_at = at
        if to == IdeaStatus.IMPLEMENTED:
            idea.result = result
            idea.minutes_saved_per_week = minutes_saved_per_week
            idea.money_saved_per_year = money_saved_per_year
            idea.customer_effect = customer_effect
        idea.save()
    log_action(user, "transition", idea, before=before, after=snapshot(idea), extra={"note": note})
    notify(idea.authors.all(), move_notice(idea, by, note), idea.get_absolute_url(), exclude=by)
    return step


def move_notice(idea: Idea, by: Person | None, note: str) -> str:
    """What the authors are told of a move: who, where to, and the reason or note
    (shortened to fit a notification; the idea's history keeps it whole)."""
    who = by.name if by else "The program office"
    text = f"{who} moved your idea “{idea.title}” to {idea.get_status_display().lower()}"
    if not note:
        return text + "."
    said = f". Reason: {note}" if idea.status == IdeaStatus.PARKED else f": {note}"
    return Truncator(text + said).chars(NOTICE_LIMIT)


@transaction.atomic
def comment_on_idea(user: User, idea: Idea, text: str, *, by: Person, at=None) -> IdeaComment:
    if not text.strip():
        raise ValidationError({"text": "Write the comment before sending it."})
    if message := too_long(text, DESCRIPTION_LIMIT, "a comment"):
        raise ValidationError({"text": message})
    with record_change(idea):
        comment = IdeaComment.objects.create(
            idea=idea, author=by, text=text, created_at=at or timezone.now()
        )
    log_action(user, "commented", idea, extra={"comment": text})
    notify(
        idea.authors.all(),
        f"{by.name} commented on your idea “{idea.title}”: {text}",
        idea.get_absolute_url(),
        exclude=by,
    )
    return comment


def resolve_credit(
    user: User, people: list[Person] | None = None, unit: OrgUnit | None = None
) -> tuple[list[Person], OrgUnit]:
    """Who gets the credit and in which unit, with the defaults "me" and "my unit".

    Raises ValidationError (field `people` or `unit`) when the user may not log
    for those people in that unit: the one check both the UI and the API use.
    """
    me = person_for(user)
    people = list(people or ([me] if me else []))
    if not people:
        raise ValidationError({"people": "Name at least one person to credit."})
    if unit is None:
        unit = me.unit if me and any(p.pk == me.pk for p in people) else people[0].unit
    if any(not p.active for p in people):
        raise ValidationError({"people": "Only active people can be credited."})
    if not access.can_log_for(user, unit, people):
        others = me is None or any(p.pk != me.pk for p in people)
        reason = "You can log items only for your own unit, or for people who report to you."
        raise ValidationError({"people" if others else "unit": reason})
    return people, unit
