"""Initiatives ("you said, we did", PRODUCT.md M7): the list, writing and running one,
responding once per round, answering, and the anonymous author's side by reply code.

The rules are tandem.voice's (access.py: who may see, run and respond; initiatives.py:
what may happen, the figures, the anonymity of responses); this module only turns
requests into calls, and shows what the initiative page shows, to the same people:

* whoever may see an initiative reads it, whether it affects them, their own named
  response and its answers ("you said, we did");
* who runs it and the leaders above the affected teams also read its figures: the
  summary, the response rate per team (a team too small, or one that subtraction would
  give away, has null counts and says why) and the responses waiting for an answer,
  each under the team `text_units` allows, with the author of named ones only;
* an anonymous response shows no author and no day anywhere; its author's side (the
  answer to responding, the reply-code operations) carries not even its id. The reply
  code travels in request bodies only, never a URL; those answers are never cached; and
  those operations refuse an `Idempotency-Key`, whose stored answer would be kept with
  the caller's login and tie them to the response.
"""

import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.views.decorators.cache import never_cache
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from pydantic import BeforeValidator, StringConstraints

from tandem.api.endpoints.common import PathId, caller
from tandem.api.endpoints.voice import UUID_TEXT
from tandem.api.errors import responses
from tandem.api.idempotency import change, refuse_key
from tandem.api.schemas import (
    MAX_LIST,
    Day,
    Flag,
    Id,
    InSchema,
    Pagination,
    PersonRefOut,
    ReplyCode,
    Short,
    Text,
    absent,
)
from tandem.people.access import person_for
from tandem.people.models import Level, OrgUnit, Person, User
from tandem.programs.models import AgendaItem, RoadmapItem
from tandem.voice import access
from tandem.voice import initiatives as service
from tandem.voice.models import (
    TEXT_LIMIT,
    AnswerKind,
    Initiative,
    Response,
    ResponseKind,
    VoiceSettings,
)
from tandem.voice.models import Status as InitiativeStatus

router = Router(tags=["initiatives"])

UNKNOWN_CODE = "No response has this reply code. Check it and try again."
NO_KEY = (
    "Leave out the Idempotency-Key for an anonymous response: the answer kept for it would "
    "be stored with your login, and tie you to the response."
)
NO_NAMED_RESPONSE = "You have no response with your name to change in this round."
OPEN_SHOWN = 25  # open responses in an initiative's answer, as on its page
HIDDEN = (
    "Fewer than {minimum} affected, or hidden so that a smaller team cannot be worked out "
    "by subtraction."
)


# --- shapes -------------------------------------------------------------------------------

VoiceText = Annotated[Text, StringConstraints(max_length=TEXT_LIMIT)]


def _response_id(value: object) -> object:
    # Only the hyphenated form the schema documents (format: uuid), as for feedback ids.
    if isinstance(value, str) and not UUID_TEXT.fullmatch(value):
        raise ValueError("Give a response's id as a UUID (8-4-4-4-12 hexadecimal digits).")
    return value


ResponseId = Annotated[uuid.UUID, BeforeValidator(_response_id)]


class Show(StrEnum):
    ALL = "all"
    MINE = "mine"
    AFFECTING = "affecting"


class InitiativeFilters(Schema):
    show: Show = Field(
        Show.ALL,
        description="all: every one you may see; mine: those you own or wrote (drafts "
        "too); affecting: the published ones that affect you, which you may answer.",
    )


class UnitRefOut(Schema):
    id: int
    name: str
    path: str = Field(description="The full slash-joined path, e.g. 'Harbor Health/Nursing'.")

    @staticmethod
    def resolve_path(obj) -> str:
        return obj.full_path


class ItemRefOut(Schema):
    """An agenda item of the meeting whose notes the initiative is."""

    id: int
    position: int
    title: str


class InitiativeRefOut(Schema):
    id: int
    title: str


def _units_of(initiative: Initiative) -> list[OrgUnit]:
    # A list's rows have their units prefetched: keep them as the affected units (in
    # tree order), which access.affected_units would otherwise read once per row.
    cache = getattr(initiative, "_prefetched_objects_cache", {})
    if getattr(initiative, "_affected_units", None) is None and "units" in cache:
        initiative._affected_units = sorted(initiative.units.all(), key=lambda u: u.path)
    return access.affected_units(initiative)


class InitiativeOut(Schema):
    """An initiative as it is listed."""

    id: int
    title: str
    status: InitiativeStatus
    round: int = Field(description="The round responses are taken in (1 until a new one).")
    owner: PersonRefOut = Field(description="Who is accountable for it, and answers.")
    units: list[UnitRefOut] = Field(description="The teams it affects, and all below them.")
    levels: list[Level] = Field(description="The levels it affects; empty: every level.")
    starts_on: dt.date
    closes_on: dt.date | None = Field(description="Responses until; null: until closed.")
    published_on: dt.date | None
    open: bool = Field(description="Whether responses are taken now.")
    meeting: int | None = Field(description="The meeting whose notes these are, if any.")
    roadmap_item: int | None
    affected: bool = Field(description="Whether it affects you (you may respond to it).")

    @staticmethod
    def resolve_units(obj) -> list[OrgUnit]:
        return _units_of(obj)

    @staticmethod
    def resolve_levels(obj) -> list[str]:
        return obj.level_list

    @staticmethod
    def resolve_meeting(obj) -> int | None:
        return obj.meeting_id

    @staticmethod
    def resolve_roadmap_item(obj) -> int | None:
        return obj.roadmap_item_id

    @staticmethod
    def resolve_affected(obj, context) -> bool:
        _units_of(obj)
        return access.is_affected(person_for(caller(context["request"])), obj)


class ReplyOut(Schema):
    """The owner's answer to a response."""

    kind: AnswerKind | None = Field(description="Null for an answer written before kinds.")
    kind_label: str
    text: str
    by: PersonRefOut | None = Field(description="Null when the program office answered.")
    answered_on: dt.date

    @staticmethod
    def resolve_kind(obj) -> str | None:
        return obj.kind or None


class MyResponseOut(Schema):
    """Your response with your name in this round, with its answer."""

    id: uuid.UUID
    round: int
    kind: ResponseKind
    text: str
    anonymous: bool = Field(description="Always false: read an anonymous one by its code.")
    item: ItemRefOut | None
    created_on: dt.date
    changed_on: dt.date | None
    answer: ReplyOut | None


class AnonymousResponseOut(Schema):
    """An anonymous response just sent: the reply code is in this answer only (only its
    hash is kept) and there is nothing else to find the response by."""

    initiative: InitiativeRefOut
    kind: ResponseKind
    text: str
    item: ItemRefOut | None
    anonymous: bool = Field(description="Always true.")
    reply_code: str = Field(
        description="Keep it: with it (POST /initiatives/by-code) you read the answer, "
        "change the response or withdraw it. It cannot be shown again."
    )


class ByKindOut(Schema):
    support: int
    concern: int
    suggestion: int


class SummaryOut(Schema):
    """This round's responses the owner may read today (anonymous ones from the morning
    after they were written)."""

    responses: int
    people: int = Field(description="How many people it affects.")
    rate: int | None = Field(description="Responses per person affected, in percent.")
    by_kind: ByKindOut
    answered: int
    open: int = Field(description="Responses without an answer yet.")
    median_days_to_answer: float | None


class UnitRateOut(Schema):
    """This round's response rate in an affected team (depth 0) or a team right below
    one (depth 1)."""

    unit: UnitRefOut
    depth: int
    people: int | None = Field(description="Null when hidden (see `hidden`).")
    responded: int | None = Field(description="Null when hidden (see `hidden`).")
    rate: int | None = Field(description="In percent; null when hidden.")
    hidden: str | None = Field(description="Why the counts are null; null when shown.")


class OpenResponseOut(Schema):
    """A response of this round waiting for an answer."""

    id: uuid.UUID = Field(description="Send it in `responses` to answer it.")
    kind: ResponseKind
    text: str
    anonymous: bool
    author: PersonRefOut | None = Field(description="Null for an anonymous response.")
    team: UnitRefOut | None = Field(
        description="The team it is shown under: its own when enough of it responded, else "
        "the nearest team above where enough did; null: the initiative as a whole."
    )
    item: ItemRefOut | None
    waiting_days: int
    asked_back: bool = Field(
        description="You asked a question back and they changed it since: answer it again."
    )

    @staticmethod
    def resolve_author(obj):
        return None if obj.anonymous else obj.author

    @staticmethod
    def resolve_asked_back(obj) -> bool:
        return obj.answer_id is not None


class InitiativeDetailOut(InitiativeOut):
    """An initiative as its page shows it to you. `summary`, `rates` and
    `open_responses` are null unless you run it or lead a team it affects."""

    what: str
    why: str
    reached: int | None = Field(
        description="How many people were told (to who runs it; null until told)."
    )
    may_run: bool = Field(description="You may change the draft, publish, close, answer.")
    responded: bool = Field(description="You responded in this round (named or not).")
    may_respond: bool
    anonymous_ok: bool = Field(
        description="It affects you, and enough people for an anonymous response to hide you."
    )
    my_response: MyResponseOut | None
    summary: SummaryOut | None
    rates: list[UnitRateOut] | None
    open_responses: list[OpenResponseOut] | None = Field(
        description=f"The {OPEN_SHOWN} waiting longest, as the page's first page; "
        "`summary.open` counts them all."
    )

    @staticmethod
    def resolve_reached(obj) -> int | None:
        return obj.reached if obj.may_run else None


class SaidOut(Schema):
    """A response an answer answers: what was said, and nothing about who said it."""

    kind: ResponseKind
    text: str


class AnswerOut(ReplyOut):
    """An answer, how many responses it answers and the first of them ("you said, we
    did")."""

    id: int
    responses: int = Field(description="How many responses it answers.")
    quoted: list[SaidOut] = Field(
        description=f"The first {service.QUOTED} of them (the page quotes as many)."
    )

    @staticmethod
    def resolve_responses(obj) -> int:
        return obj.answers


class CodeResponseOut(Schema):
    """Your anonymous response and its answer, found by the reply code."""

    initiative: InitiativeRefOut
    round: int
    kind: ResponseKind
    text: str
    item: ItemRefOut | None
    anonymous: bool = Field(description="Always true.")
    may_change: bool = Field(description="Its round is still open: you may change it.")
    answer: ReplyOut | None

    @staticmethod
    def resolve_may_change(obj) -> bool:
        return obj.round == obj.initiative.round and obj.initiative.open


class WithdrawnOut(Schema):
    initiative: InitiativeRefOut
    withdrawn: bool = Field(description="Always true: the response is deleted.")


class InitiativeIn(InSchema):
    title: Short = Field(description="What changes, in a line.")
    what: VoiceText = ""
    why: VoiceText = Field("", description="The customer or colleague it serves.")
    units: Annotated[list[Id], Field(max_length=MAX_LIST)] = Field(
        description="Ids of the teams it affects, in your part of the organization."
    )
    levels: Annotated[list[Level], Field(max_length=len(Level))] = Field(
        [], description="The levels it affects; empty: every level."
    )
    owner: Id | None = Field(None, description="The accountable person's id; defaults to you.")
    starts_on: Day | None = Field(None, description="Defaults to today.")
    closes_on: Day | None = Field(None, description="Responses until; null: until closed.")
    roadmap_item: Id | None = None


class InitiativePatch(InSchema):
    """Only the fields sent change, and only while it is a draft."""

    title: Short = absent()
    what: VoiceText = absent()
    why: VoiceText = absent()
    units: Annotated[list[Id], Field(max_length=MAX_LIST)] = absent()
    levels: Annotated[list[Level], Field(max_length=len(Level))] = absent()
    owner: Id = absent()
    starts_on: Day = absent()
    closes_on: Day | None = Field(None, description="Null: until closed.")
    roadmap_item: Id | None = Field(None, description="Null unlinks it.")


class RoundIn(InSchema):
    closes_on: Day | None = Field(None, description="Responses until; null: until closed.")


class ResponseIn(InSchema):
    kind: ResponseKind
    text: VoiceText
    anonymous: Flag = Field(
        False,
        description="Without your name (only when `anonymous_ok`). Not with an "
        "`Idempotency-Key`: a stored answer would tie it to your login.",
    )
    item: Id | None = Field(None, description="A meeting's notes: the agenda item it is about.")


class ResponseChangeIn(InSchema):
    """Only the fields sent change."""

    kind: ResponseKind = absent()
    text: VoiceText = absent()


class AnswerIn(InSchema):
    responses: Annotated[list[ResponseId], Field(max_length=MAX_LIST)] = Field(
        description="Ids of the responses it answers (see `open_responses`)."
    )
    kind: AnswerKind
    text: VoiceText


class ResponseCodeIn(InSchema):
    code: ReplyCode = Field(description="The reply code shown when the response was sent.")


class ResponseCodeChangeIn(ResponseCodeIn):
    """Only the fields sent change."""

    kind: ResponseKind = absent()
    text: VoiceText = absent()


# --- helpers ------------------------------------------------------------------------------


def _detail(user: User, pk: int) -> Initiative:
    """The initiative as `user` sees it on its page: what the page adds for them is set
    on it, as the view's context, for InitiativeDetailOut to read."""
    initiative = access.get_initiative(user, pk)
    me = person_for(user)
    settings = VoiceSettings.current()
    affected = access.is_affected(me, initiative)
    initiative.may_run = access.runs(user, initiative)
    initiative.responded = bool(affected and service.has_responded(me, initiative))
    initiative.may_respond = affected and initiative.open and not initiative.responded
    figures = access.can_see_figures(user, initiative)
    counts = service.Counts(initiative) if figures else None
    initiative.anonymous_ok = affected and service.anonymous_allowed(
        initiative, settings.min_group, counts
    )
    initiative.my_response = service.my_response(me, initiative) if affected else None
    initiative.summary = initiative.rates = initiative.open_responses = None
    if figures:
        waiting = list(service.open_responses(initiative)[:OPEN_SHOWN])
        teams = service.text_units(initiative, waiting, settings.text_min, counts)
        for response in waiting:
            response.team = teams[response.pk]
            response.waiting_days = service.waiting_days(response)
        initiative.summary = service.summary(initiative, counts=counts)
        initiative.rates = [
            {
                "unit": row.unit,
                "depth": row.depth,
                "people": None if row.responded is None else row.people,
                "responded": row.responded,
                "rate": row.rate,
                "hidden": HIDDEN.format(minimum=settings.min_group)
                if row.responded is None
                else None,
            }
            for row in service.unit_rates(initiative, settings.min_group, counts)
        ]
        initiative.open_responses = waiting
    return initiative


def _rows(changes: dict) -> dict:
    """A draft's ids as rows; each unknown one a 400 naming its field, all at once."""
    errors: dict[str, str] = {}
    if "units" in changes:
        wanted = list(dict.fromkeys(changes["units"]))
        found = OrgUnit.objects.in_bulk(wanted)
        if missing := [str(pk) for pk in wanted if pk not in found]:
            errors["units"] = f"There is no unit with id {', '.join(missing)}."
        changes["units"] = [found[pk] for pk in wanted if pk in found]
    if changes.get("owner") is not None:
        pk = changes["owner"]
        changes["owner"] = Person.objects.filter(pk=pk).first()
        if changes["owner"] is None:
            errors["owner"] = f"There is no person with id {pk}."
    if changes.get("roadmap_item") is not None:
        pk = changes["roadmap_item"]
        changes["roadmap_item"] = RoadmapItem.objects.filter(pk=pk).first()
        if changes["roadmap_item"] is None:
            errors["roadmap_item"] = f"There is no roadmap item with id {pk}."
    if "levels" in changes:
        changes["levels"] = [level.value for level in changes["levels"]]
    if errors:
        raise ValidationError(errors)
    return changes


def _draft(initiative: Initiative, changes: dict) -> service.Draft:
    """The draft as it is, with the changes sent."""
    draft = service.Draft(
        title=initiative.title,
        what=initiative.what,
        why=initiative.why,
        units=access.affected_units(initiative),
        levels=initiative.level_list,
        owner=initiative.owner,
        starts_on=initiative.starts_on,
        closes_on=initiative.closes_on,
        roadmap_item=initiative.roadmap_item,
    )
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


def _agenda_item(initiative: Initiative, pk: int | None) -> AgendaItem | None:
    if pk is None:
        return None
    if not initiative.meeting_id:
        raise ValidationError({"item": "Only a meeting's notes have agenda items."})
    item = initiative.meeting.items.filter(pk=pk).first()
    if item is None:
        raise ValidationError({"item": "Choose an item on this meeting's agenda."})
    return item


def _changed(response: Response, payload: ResponseChangeIn | ResponseCodeChangeIn):
    """The kind and text sent, or the response's own where not sent."""
    sent = payload.model_fields_set
    kind = payload.kind.value if "kind" in sent else response.kind
    return kind, payload.text if "text" in sent else response.text


def _by_code(request: HttpRequest, code: str) -> Response:
    refuse_key(request, NO_KEY)
    response = service.find_by_code(code)
    if response is None:
        raise Http404(UNKNOWN_CODE)
    return response


# --- the anonymous author's side: the reply code, in the body only ------------------------
# (before /{initiative_id}, so that a GET of /by-code is a 405, not a bad id)


@router.post(
    "/by-code",
    response=responses({200: CodeResponseOut}, 404),
    url_name="initiative_by_code",
)
@decorate_view(never_cache)  # holds a reply code or what it opens
def read_response_by_code(request: HttpRequest, payload: ResponseCodeIn):
    """Your anonymous response and its answer, found by the reply code (sent in the
    body, never in a URL, which would end up in logs). An unknown code is a 404."""
    return _by_code(request, payload.code)


@router.post(
    "/by-code/change",
    response=responses({200: CodeResponseOut}, 404),
    url_name="initiative_by_code_change",
)
@decorate_view(never_cache)  # holds a reply code or what it opens
def change_response_by_code(request: HttpRequest, payload: ResponseCodeChangeIn):
    """Change your anonymous response while its round is open (the fields sent); the
    owner reads the change the next morning. Answered with a question back, a change
    lets them answer again."""
    response = _by_code(request, payload.code)
    service.change(response, *_changed(response, payload))
    return _by_code(request, payload.code)


@router.post(
    "/by-code/withdraw",
    response=responses({200: WithdrawnOut}, 404),
    url_name="initiative_by_code_withdraw",
)
@decorate_view(never_cache)  # holds a reply code or what it opens
def withdraw_response_by_code(request: HttpRequest, payload: ResponseCodeIn):
    """Withdraw your anonymous response (say, it gives you away): it is deleted, and the
    code then finds nothing. You stay counted as having responded in its round."""
    response = _by_code(request, payload.code)
    initiative = response.initiative
    service.withdraw(response)
    return {"initiative": initiative, "withdrawn": True}


# --- the list, writing and running ------------------------------------------------------


@router.get("", response=responses({200: list[InitiativeOut]}), url_name="initiative_list")
@paginate(Pagination)
def list_initiatives(request: HttpRequest, filters: Query[InitiativeFilters]):
    """Initiatives you may see, newest published first: yours (drafts too), the published
    ones affecting you, and for leaders those affecting a team in their part of the
    organization (the program office sees all)."""
    user = caller(request)
    found = access.visible_initiatives(user)
    me = person_for(user)
    if filters.show == Show.MINE:
        found = found.filter(Q(owner=me) | Q(created_by=me)) if me else found.none()
    elif filters.show == Show.AFFECTING:
        found = found.filter(pk__in=access.affecting(me).values("pk")) if me else found.none()
    return found.select_related("owner", "meeting").prefetch_related("units")


@change(router.post, "", {201: InitiativeDetailOut}, 403, url_name="initiative_create")
def create_initiative(request: HttpRequest, payload: InitiativeIn):
    """Write a draft (leaders and the program office, for teams in their part of the
    organization). Nobody but who runs it sees it until it is published."""
    user = caller(request)
    access.require(access.can_write_initiatives(user), access.WRITE_WHY)
    fields = _rows(payload.model_dump())
    draft = service.Draft(
        **{
            **fields,
            "owner": fields["owner"] or person_for(user),
            "starts_on": fields["starts_on"] or timezone.localdate(),
        }
    )
    initiative = service.save_draft(user, draft)
    return Status(201, _detail(user, initiative.pk))


@router.get(
    "/{initiative_id}",
    response=responses({200: InitiativeDetailOut}, 404),
    url_name="initiative_detail",
)
@decorate_view(never_cache)
def get_initiative(request: HttpRequest, initiative_id: PathId):
    """An initiative, with what you may do and, when you run it or lead a team it
    affects, its figures and the responses waiting for an answer."""
    return _detail(caller(request), initiative_id)


@change(
    router.patch,
    "/{initiative_id}",
    {200: InitiativeDetailOut},
    403,
    404,
    url_name="initiative_update",
)
def update_initiative(request: HttpRequest, payload: InitiativePatch, initiative_id: PathId):
    """Change the draft's fields sent (who runs it, while it is a draft)."""
    user = caller(request)
    initiative = access.get_initiative(user, initiative_id)
    access.require(access.runs(user, initiative), access.RUN_WHY)
    changes = _rows(payload.model_dump(exclude_unset=True))
    service.save_draft(user, _draft(initiative, changes), initiative)
    return _detail(user, initiative.pk)


@change(
    router.post,
    "/{initiative_id}/publish",
    {200: InitiativeDetailOut},
    403,
    404,
    url_name="initiative_publish",
)
def publish_initiative(request: HttpRequest, initiative_id: PathId):
    """Publish the draft: everyone it affects is told (in the background) and may
    respond. Publishing again changes nothing and tells nobody twice."""
    user = caller(request)
    service.publish(user, access.get_initiative(user, initiative_id))
    return _detail(user, initiative_id)


@change(
    router.post,
    "/{initiative_id}/close",
    {200: InitiativeDetailOut},
    403,
    404,
    url_name="initiative_close",
)
def close_initiative(request: HttpRequest, initiative_id: PathId):
    """Stop taking responses (answering goes on)."""
    user = caller(request)
    service.close(user, access.get_initiative(user, initiative_id))
    return _detail(user, initiative_id)


@change(
    router.post,
    "/{initiative_id}/rounds",
    {201: InitiativeDetailOut},
    403,
    404,
    url_name="initiative_round",
)
def open_round(request: HttpRequest, payload: RoundIn, initiative_id: PathId):
    """Open the next round (say, after it changed because of the last one): everyone
    affected may respond once more, and is told."""
    user = caller(request)
    service.new_round(user, access.get_initiative(user, initiative_id), payload.closes_on)
    return Status(201, _detail(user, initiative_id))


# --- responding -----------------------------------------------------------------------------


@change(
    router.post,
    "/{initiative_id}/responses",
    {201: MyResponseOut | AnonymousResponseOut},
    403,
    404,
    url_name="initiative_respond",
)
@decorate_view(never_cache)  # may hold a reply code
def respond(request: HttpRequest, payload: ResponseIn, initiative_id: PathId):
    """Respond once per round, if it affects you: support, a concern or a suggestion.
    A named response reaches the owner at once; an anonymous one the next morning, in a
    batch, and only when enough people are affected (`anonymous_ok`). The answer to an
    anonymous one holds the reply code, shown this once, and nothing else to find it by."""
    user = caller(request)
    initiative = access.get_initiative(user, initiative_id)
    me = person_for(user)
    access.require(access.can_respond_as(me, initiative), access.RESPOND_WHY)
    if payload.anonymous:
        refuse_key(request, NO_KEY)
    response, code = service.respond(
        me,
        initiative,
        payload.kind.value,
        payload.text,
        anonymous=payload.anonymous,
        item=_agenda_item(initiative, payload.item),
    )
    if not code:
        return Status(201, response)
    answer = {
        "initiative": initiative,
        "kind": response.kind,
        "text": response.text,
        "item": response.item,
        "anonymous": True,
        "reply_code": code,
    }
    return Status(201, answer)


@change(
    router.patch,
    "/{initiative_id}/my-response",
    {200: MyResponseOut},
    403,
    404,
    url_name="initiative_change_response",
)
def change_my_response(request: HttpRequest, payload: ResponseChangeIn, initiative_id: PathId):
    """Change your named response of this round (the fields sent) while responses are
    open. An anonymous one changes with its code (POST /initiatives/by-code/change)."""
    user = caller(request)
    initiative = access.get_initiative(user, initiative_id)
    me = person_for(user)
    mine = service.my_response(me, initiative) if me is not None else None
    if mine is None:
        raise PermissionDenied(NO_NAMED_RESPONSE)
    return service.change(mine, *_changed(mine, payload))


# --- answering: "you said, we did" -----------------------------------------------------------


@router.get(
    "/{initiative_id}/answers",
    response=responses({200: list[AnswerOut]}, 404),
    url_name="initiative_answers",
)
@paginate(Pagination)
def list_answers(request: HttpRequest, initiative_id: PathId):
    """The answers, newest first, each with what was said (never who said it). Whoever
    may see the initiative reads them."""
    return service.you_said_we_did(access.get_initiative(caller(request), initiative_id))


@change(
    router.post,
    "/{initiative_id}/answers",
    {201: AnswerOut},
    403,
    404,
    url_name="initiative_answer",
)
def answer_responses(request: HttpRequest, payload: AnswerIn, initiative_id: PathId):
    """Answer one response or several at once (who runs it): changed, not changed
    (because …) or a question back. Named authors are told; anonymous ones read it with
    their code."""
    user = caller(request)
    initiative = access.get_initiative(user, initiative_id)
    access.require(access.runs(user, initiative), access.ANSWER_WHY)
    reply = service.answer(user, initiative, payload.responses, payload.kind.value, payload.text)
    return Status(201, service.you_said_we_did(initiative).get(pk=reply.pk))
