"""Recognition (PRODUCT.md M9): list the recognitions you may see, recognize a colleague
or a team, read one. The rules are tandem.recognition's (access.py: who sees what;
services.py: what a recognition must hold); this module turns requests into calls."""

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from tandem.api import lookups
from tandem.api.endpoints.common import PathId, caller
from tandem.api.errors import responses
from tandem.api.idempotency import change
from tandem.api.schemas import Flag, Id, IdList, InSchema, Pagination, Short, Slug, Text
from tandem.capture import access as capture_access
from tandem.capture.models import Idea, ServiceAction, Story
from tandem.people.access import person_for
from tandem.recognition import access, services
from tandem.recognition.models import WHAT_LIMIT, Recognition, Source

router = Router(tags=["recognition"])

WhatText = Annotated[Text, StringConstraints(max_length=WHAT_LIMIT)]


class RecognitionSource(StrEnum):
    COLLEAGUE = Source.COLLEAGUE.value
    CUSTOMER = Source.CUSTOMER.value
    CONTEST = Source.CONTEST.value


class RecognitionOut(Schema):
    id: int
    source: RecognitionSource = Field(
        description="colleague; customer (passed on by a leader, or a compliment story "
        "naming people); contest."
    )
    given_by: int | None = Field(description="Who gave it (for a customer's: who logged it).")
    customer: str
    what: str
    people: list[int] = Field(description="Ids of the people recognized.")
    team: int | None = Field(description="The team recognized, if one was.")
    block: str | None = Field(description="The building block's slug, if one was named.")
    value: str
    idea: int | None
    action: int | None
    story: int | None
    private: bool
    date: dt.date

    @staticmethod
    def resolve_given_by(obj) -> int | None:
        return obj.given_by_id

    @staticmethod
    def resolve_people(obj) -> list[int]:
        return sorted(p.pk for p in obj.people.all())

    @staticmethod
    def resolve_team(obj) -> int | None:
        return obj.team_id

    @staticmethod
    def resolve_block(obj) -> str | None:
        return obj.block.slug if obj.block_id else None

    @staticmethod
    def resolve_idea(obj) -> int | None:
        return obj.idea_id

    @staticmethod
    def resolve_action(obj) -> int | None:
        return obj.action_id

    @staticmethod
    def resolve_story(obj) -> int | None:
        return obj.story_id


class RecognitionIn(InSchema):
    what: WhatText = Field(description="What for: something specific they did.")
    people: IdList | None = Field(None, description="Ids of the people recognized.")
    team: Id | None = Field(None, description="A unit: everyone placed in it (and below).")
    block: Slug | None = Field(None, description="A building block's slug.")
    value: Short = Field("", description="One of the organization's values.")
    idea: Id | None = None
    action: Id | None = None
    story: Id | None = None
    private: Flag = False
    for_customer: Flag = Field(False, description="A leader passing on a customer's thanks.")
    customer: Short = ""


class RecognitionFilters(Schema):
    show: Literal["all", "received", "given"] = Field(
        "all", description="all you may see, those you received, those you gave."
    )


def _fetch(pk: int) -> Recognition:
    return Recognition.objects.select_related("block").prefetch_related("people").get(pk=pk)


@router.get("", response=responses({200: list[RecognitionOut]}), url_name="recognition_list")
@paginate(Pagination)
def list_recognitions(request: HttpRequest, filters: Query[RecognitionFilters]):
    """Recognitions you may see, latest first: every one not private, and the private ones
    of you, of the people below you in the reporting line, and those you gave."""
    user = caller(request)
    found = access.visible(user).select_related("block").prefetch_related("people")
    me = person_for(user)
    if filters.show == "received":
        found = found.filter(people=me) if me else found.none()
    elif filters.show == "given":
        found = found.filter(given_by=me) if me else found.none()
    return found


RECORDS = {"idea": Idea, "action": ServiceAction, "story": Story}


def _record(user, payload: RecognitionIn):
    named = [(name, getattr(payload, name)) for name in RECORDS if getattr(payload, name)]
    if len(named) > 1:
        raise ValidationError({named[1][0]: "Tie it to one idea, action or story."})
    if not named:
        return None
    name, pk = named[0]
    record = RECORDS[name].objects.filter(pk=pk).first()
    if record is None or not capture_access.can_view(user, record):
        raise ValidationError({name: f"There is no {name} with id {pk}."})
    return record


@change(router.post, "", {201: RecognitionOut}, 403, url_name="recognition_create")
def create_recognition(request: HttpRequest, payload: RecognitionIn):
    """Recognize colleagues (`people`) or a team (`team`) for something specific; they and
    their managers are told. Refused (403) without a person in the org chart."""
    user = caller(request)
    with transaction.atomic():
        given = services.Given(
            what=payload.what,
            people=lookups.people(payload.people, "people") if payload.people else [],
            team=lookups.unit(payload.team, "team") if payload.team else None,
            block=lookups.block(payload.block) if payload.block else None,
            value=payload.value,
            record=_record(user, payload),
            private=payload.private,
            for_customer=payload.for_customer,
            customer=payload.customer,
        )
        made = services.give(user, given)
    return Status(201, _fetch(made.pk))


@router.get(
    "/{recognition_id}",
    response=responses({200: RecognitionOut}, 403, 404),
    url_name="recognition_detail",
)
def get_recognition(request: HttpRequest, recognition_id: PathId):
    return _fetch(access.get_visible(caller(request), recognition_id).pk)
