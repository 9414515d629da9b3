"""Recognition (PRODUCT.md M9): list the recognitions you may see, recognize a colleague
or a team, read one. The rules are tandem.recognition's (access.py: who sees what;
services.py: what a recognition must hold); this module turns requests into calls."""

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
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
from tandem.lib.ids import as_id
from tandem.people.access import person_for
from tandem.recognition import access, contests, services
from tandem.recognition.models import (
    WHAT_LIMIT,
    ContestStatus,
    Entry,
    EntryStatus,
    Judged,
    Recognition,
    Source,
)

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


# --- contests -----------------------------------------------------------------------------

contests_router = Router(tags=["contests"])


class ContestState(StrEnum):
    DRAFT = ContestStatus.DRAFT.value
    OPEN = ContestStatus.OPEN.value
    JUDGING = ContestStatus.JUDGING.value
    CLOSED = ContestStatus.CLOSED.value


class CriterionOut(Schema):
    id: int
    name: str
    help: str
    weight: int = Field(description="Percent of the total; the weights add up to 100.")


class ContestOut(Schema):
    id: int
    title: str
    theme: str
    status: ContestState
    opens_on: dt.date
    closes_on: dt.date = Field(description="The last day for entries.")
    prizes: str
    blocks: list[str] = Field(description="Slugs of its building blocks (an entry needs one).")
    units: list[int] = Field(description="Units whose ideas may enter; empty: everyone's.")
    judges: list[int]
    criteria: list[CriterionOut]
    announced_on: dt.date | None

    @staticmethod
    def resolve_blocks(obj) -> list[str]:
        return [b.slug for b in sorted(obj.blocks.all(), key=lambda b: b.position)]

    @staticmethod
    def resolve_units(obj) -> list[int]:
        return sorted(u.pk for u in obj.units.all())

    @staticmethod
    def resolve_judges(obj) -> list[int]:
        return sorted(p.pk for p in obj.judges.all())

    @staticmethod
    def resolve_criteria(obj) -> list:
        return list(obj.criteria.all())


class EntryState(StrEnum):
    ENTERED = EntryStatus.ENTERED.value
    SHORTLISTED = EntryStatus.SHORTLISTED.value
    WINNER = EntryStatus.WINNER.value


class EntryOut(Schema):
    id: int
    idea: int
    status: EntryState
    place: int | None
    measure: str
    before: float
    after: float
    evidence: str
    score: float | None = Field(
        description="The judges' average, 0–100: shown once the contest is closed, to the "
        "program office, and to a judge who scored the entry; else null."
    )
    score_low: float | None
    score_high: float | None
    judges_scored: int | None


class EntryIn(InSchema):
    idea: Id
    measure: Short = Field(description="What was measured, e.g. “call-backs per week”.")
    before: float = Field(ge=-1e9, le=1e9)
    after: float = Field(ge=-1e9, le=1e9)
    evidence: Annotated[Text, StringConstraints(max_length=2000)] = ""


class ScoresIn(InSchema):
    scores: dict[str, Annotated[int, Field(ge=0, le=5)]] = Field(
        description="Criterion id → 0–5, every criterion of the contest."
    )
    note: Annotated[Text, StringConstraints(max_length=1000)] = ""


@contests_router.get("", response=responses({200: list[ContestOut]}), url_name="contest_list")
@paginate(Pagination)
def list_contests(request: HttpRequest):
    """Contests, latest first (drafts only for the program office)."""
    return access.visible_contests(caller(request)).prefetch_related(
        "blocks", "units", "judges", "criteria"
    )


@contests_router.get(
    "/{contest_id}", response=responses({200: ContestOut}, 403, 404), url_name="contest_detail"
)
def get_contest(request: HttpRequest, contest_id: PathId):
    return access.get_contest(caller(request), contest_id)


@contests_router.get(
    "/{contest_id}/entries",
    response=responses({200: list[EntryOut]}, 403, 404),
    url_name="contest_entries",
)
def list_entries(request: HttpRequest, contest_id: PathId):
    """The entries, best score first where scores are shown (not paginated)."""
    user = caller(request)
    contest = access.get_contest(user, contest_id)
    me = person_for(user)
    mine = set(
        Judged.objects.filter(entry__contest=contest, judge=me).values_list("entry_id", flat=True)
        if me
        else []
    )
    office = access.can_run_contests(user)
    judge = access.is_judge(user, contest)
    found = []
    for result in contests.results(contest):
        entry = result.entry
        if entry.idea.private and not office:
            continue  # made private after it entered: the program office's only
        why = contests.conflict(me, entry) if judge else ""
        shown = contests.may_see_scores(contest, entry, office, judge, why, mine)
        found.append(_entry_out(entry, result if shown and result.totals else None))
    return found


@change(
    contests_router.post,
    "/{contest_id}/entries",
    {201: EntryOut},
    403,
    404,
    url_name="contest_enter",
)
def enter_contest(request: HttpRequest, payload: EntryIn, contest_id: PathId):
    """Enter an implemented idea (yours, your people's; any for the program office) with
    what was measured before and after."""
    user = caller(request)
    contest = access.get_contest(user, contest_id)
    with transaction.atomic():
        idea = lookups.idea(user, payload.idea)
        evidence = contests.Evidence(
            payload.measure,
            Decimal(str(payload.before)),
            Decimal(str(payload.after)),
            payload.evidence,
        )
        entry = contests.nominate(user, contest, idea, evidence)
    return Status(201, _entry_out(entry))


def _entry_out(entry: Entry, shown: contests.Result | None = None) -> dict:
    """The entry; its judges' average and spread only when `shown` holds them."""
    return {
        "id": entry.pk,
        "idea": entry.idea_id,
        "status": entry.status,
        "place": entry.place,
        "measure": entry.measure,
        "before": float(entry.before),
        "after": float(entry.after),
        "evidence": entry.evidence,
        "score": shown.mean if shown else None,
        "score_low": shown.spread[0] if shown else None,
        "score_high": shown.spread[1] if shown else None,
        "judges_scored": len(shown.totals) if shown else None,
    }


class ScoredOut(Schema):
    entry: int
    scored: bool


@contests_router.post(
    "/{contest_id}/entries/{entry_id}/scores",
    response=responses({201: ScoredOut}, 403, 404),
    url_name="contest_score",
)
def score_entry(request: HttpRequest, payload: ScoresIn, contest_id: PathId, entry_id: PathId):
    """A judge's scores of one entry, every criterion 0–5, once (a second time: 400)."""
    user = caller(request)
    contest = access.get_contest(user, contest_id)
    entry = Entry.objects.filter(contest=contest, pk=entry_id).first()
    if entry is None:
        raise Http404("No such entry in this contest.")
    scores: dict[int, int | None] = {}
    for key, value in payload.scores.items():
        criterion = as_id(key)
        if criterion is None:
            raise ValidationError({"scores": f"“{key}” is not a criterion id."})
        scores[criterion] = value
    contests.score(user, entry, scores, payload.note)
    return Status(201, {"entry": entry.pk, "scored": True})


# --- running a contest (the program office) -----------------------------------------------


class CriterionIn(InSchema):
    name: Annotated[Text, StringConstraints(min_length=1, max_length=100)]
    help: Annotated[Text, StringConstraints(max_length=300)] = ""
    weight: int = Field(ge=0, le=100)


class ContestIn(InSchema):
    title: Annotated[Text, StringConstraints(max_length=200)]
    theme: Annotated[Text, StringConstraints(max_length=2000)] = ""
    prizes: Annotated[Text, StringConstraints(max_length=2000)] = ""
    opens_on: dt.date
    closes_on: dt.date = Field(description="The last day for entries.")
    blocks: list[Slug] = Field([], max_length=12)
    units: list[Id] = Field([], max_length=100)
    judges: list[Id] = Field([], max_length=100)
    rubric: list[CriterionIn] = Field(
        [],
        max_length=10,
        description="The criteria and their weights (adding up to 100); empty: the default "
        "rubric, weighted towards a measured improvement.",
    )


class MoveIn(InSchema):
    to: Literal["open", "judging"] = Field(
        description="open: take entries (from a draft); judging: close the entries."
    )


class WinnersIn(InSchema):
    places: dict[str, Annotated[int, Field(ge=1, le=100)]] = Field(
        description="Entry id → place (1 the first); the contest closes, winners recognized."
    )


@change(contests_router.post, "", {201: ContestOut}, 403, url_name="contest_create")
def create_contest(request: HttpRequest, payload: ContestIn):
    """Write a contest (a draft, for the program office)."""
    user = caller(request)
    with transaction.atomic():
        plan = contests.Plan(
            title=payload.title,
            theme=payload.theme,
            prizes=payload.prizes,
            opens_on=payload.opens_on,
            closes_on=payload.closes_on,
            blocks=lookups.blocks(payload.blocks),
            units=[lookups.unit(pk, "units") for pk in payload.units],
            judges=lookups.people(payload.judges, "judges"),
            rubric=[(c.name, c.help, c.weight) for c in payload.rubric],
        )
        made = contests.save_contest(user, plan)
    return Status(201, made)


@contests_router.post(
    "/{contest_id}/status",
    response=responses({200: ContestOut}, 403, 404),
    url_name="contest_move",
)
def move_contest(request: HttpRequest, payload: MoveIn, contest_id: PathId):
    """Open a draft for entries, or close the entries and start judging."""
    user = caller(request)
    contest = access.get_contest(user, contest_id)
    return contests.move(user, contest, payload.to)


@contests_router.post(
    "/{contest_id}/winners",
    response=responses({200: ContestOut}, 403, 404),
    url_name="contest_announce",
)
def announce_winners(request: HttpRequest, payload: WinnersIn, contest_id: PathId):
    """Announce the winners: the contest closes and each winning idea's authors are
    recognized from it."""
    user = caller(request)
    contest = access.get_contest(user, contest_id)
    places = {}
    for key, place in payload.places.items():
        entry_id = as_id(key)
        if entry_id is None:
            raise ValidationError({"places": f"“{key}” is not an entry id."})
        places[entry_id] = place
    contests.announce(user, contest, places)
    contest.refresh_from_db()
    return contest
