"""Building-block assessments (PRODUCT.md M8): the rounds, writing and running one (the
program office), answering one (everyone asked), and its results by unit.

The rules are tandem.assessments' (access.py: who may; services.py: what may happen;
results.py: what may be shown); this module only turns requests into calls and shows
what the pages show, to the same people. Answers stay anonymous here too:

* the answer to sending ratings says only that they were kept: no submission id, no
  unit they were filed under, not the ratings themselves;
* sending them takes no `Idempotency-Key`: the answer kept for it, and the fingerprint
  of the request (a hash of the ratings, which a few billion guesses would recover),
  would be stored with the caller's login for a day;
* what is answered to one person about their own rounds (`to_answer`, the questions,
  the receipt) is never cached;
* a results cell hidden for fewer than the minimum carries no number at all.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.views.decorators.cache import never_cache
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import Strict, StringConstraints

from tandem.api.endpoints.common import PathId, caller
from tandem.api.endpoints.initiatives import UnitRefOut
from tandem.api.errors import responses
from tandem.api.idempotency import change, refuse_key
from tandem.api.schemas import MAX_LIST, NO_NUL, Day, Id, InSchema, Pagination, Short, Text
from tandem.assessments import access, results, services
from tandem.assessments.forms import HINTS
from tandem.assessments.models import AGAINST_LIMIT, DONT_KNOW, SCALE, Round, RoundUnit, Who
from tandem.assessments.models import Status as RoundStatus
from tandem.capture.models import BuildingBlock
from tandem.people.access import person_for
from tandem.people.models import OrgUnit, User

router = Router(tags=["assessments"])

NO_KEY = (
    "Leave out the Idempotency-Key when answering: the answer kept for it would be stored "
    "with your login, and tie you to your ratings."
)
HIDDEN_ROW = (
    "Fewer than {minimum} asked, or hidden so that a smaller group cannot be worked out "
    "by subtraction."
)


# --- shapes -------------------------------------------------------------------------------


class AssessmentStatus(StrEnum):
    """The round's status (its own name in the schema: initiatives have a `Status` too)."""

    DRAFT = RoundStatus.DRAFT.value
    OPEN = RoundStatus.OPEN.value
    CLOSED = RoundStatus.CLOSED.value


Score = Annotated[int, Strict(), Field(ge=1, le=5)]
AgainstText = Annotated[Text, StringConstraints(max_length=AGAINST_LIMIT)]
UnitPath = Annotated[str, StringConstraints(min_length=1, max_length=255, pattern=NO_NUL)]
Percent = Annotated[int, Strict(), Field(ge=1, le=99)]


class AssessmentOut(Schema):
    """A round as it is listed."""

    id: int
    title: str
    status: AssessmentStatus = Field(description="draft (the program office only), open, closed.")
    who: Who
    sample_percent: int | None = Field(description="For a sample: the share asked, in %.")
    opens_on: dt.date
    closes_on: dt.date
    opened_on: dt.date | None


class AssessmentDetailOut(AssessmentOut):
    """A round as the program office runs it."""

    units: list[UnitRefOut] = Field(description="The units whose people are asked.")
    asked: int = Field(
        description="How many were asked; a draft: how many would be, were it opened now."
    )

    @staticmethod
    def resolve_units(obj) -> list[OrgUnit]:
        return list(obj.units.order_by("path"))

    @staticmethod
    def resolve_asked(obj) -> int:
        if obj.status == RoundStatus.DRAFT:
            return services.asked(obj).count()
        return obj.invitations.count()


class ToAnswerOut(Schema):
    """An open round you were asked in."""

    id: int
    title: str
    closes_on: dt.date
    answered: bool = Field(description="You answered it (answers cannot be changed).")


class AssessmentListOut(Schema):
    items: list[AssessmentOut] = Field(
        description="Rounds you may see the results of, newest first (the program office: "
        "all, drafts too)."
    )
    count: int
    count_is_exact: bool
    to_answer: list[ToAnswerOut] = Field(
        description="The open rounds you were asked in, answered or not (not paginated)."
    )


class AssessmentIn(InSchema):
    title: Short = Field(description="E.g. “Building blocks, spring 2027”.")
    units: Annotated[list[Id], Field(max_length=MAX_LIST)] = Field(
        description="Ids of the units whose people are asked (and everyone below them)."
    )
    who: Who = Who.EVERYONE
    sample_percent: Percent | None = Field(None, description="For a sample: the share asked.")
    opens_on: Day = Field(description="Opened that morning (or open it before).")
    closes_on: Day = Field(description="The last day answers are taken.")


class BlockOut(Schema):
    id: int = Field(description="Send it as `block` when answering.")
    slug: str
    name: str
    hint: str = Field(description="What the block means where one works, in a line.")

    @staticmethod
    def resolve_hint(obj) -> str:
        return HINTS.get(obj.slug, "")


class ScaleOut(Schema):
    score: int | None = Field(description="Send it as `score`; null: don't know.")
    words: str


class QuestionsOut(Schema):
    """What the answer page asks."""

    id: int
    title: str
    closes_on: dt.date
    open: bool = Field(description="Answers are taken now.")
    answered: bool = Field(description="You answered already (answers cannot be changed).")
    min_group: int = Field(description="Answers count only in a group of at least this many.")
    blocks: list[BlockOut]
    scale: list[ScaleOut]


class RatingIn(InSchema):
    block: Id = Field(description="A building block's id (see the questions).")
    score: Score | None = Field(
        description="1 works against service … 5 fully supports it; null: don't know."
    )
    against: AgainstText = Field("", description="A practice here that works against service.")


class RatingsIn(InSchema):
    ratings: Annotated[list[RatingIn], Field(max_length=MAX_LIST)] = Field(
        description="One rating for each of the 12 building blocks."
    )


class AssessmentRefOut(Schema):
    id: int
    title: str


class AnsweredOut(Schema):
    """Your ratings were kept, without your name: nothing here, nor anywhere, leads back
    to them."""

    round: AssessmentRefOut
    answered: bool = Field(description="Always true.")
    min_group: int = Field(
        description="They are kept with those of your team, or of the nearest unit above "
        "it when fewer than this many were asked in it."
    )


class RoundUnitOut(Schema):
    """A unit as it stood when the round opened."""

    path: str = Field(description="Its key in this round: send it as `unit` for its results.")
    name: str


class CellOut(Schema):
    """A block in a unit. Hidden (fewer than the minimum rated it, or a smaller group could
    be worked out): every number is null."""

    block: str = Field(description="The block's slug.")
    hidden: bool
    mean: float | None = Field(description="1 works against service … 5 fully supports it.")
    n: int | None = Field(description="How many rated it (don't know aside).")
    spread: list[int] | None = Field(description="How many rated it 1, 2, 3, 4 and 5.")
    dont_know: int | None
    change: float | None = Field(
        description="Since the previous round, where both show it; else null."
    )


class RowOut(Schema):
    """The unit looked at (depth 0) or a unit right below it (depth 1)."""

    unit: RoundUnitOut
    depth: int
    asked: int
    answered: int | None = Field(description="Null when hidden (see `hidden`).")
    rate: int | None = Field(description="Answered per asked, in percent; null when hidden.")
    hidden: str | None = Field(description="Why `answered` is null; null when shown.")
    cells: list[CellOut] = Field(description="One per block, in the order of `blocks`.")


class WidestOut(Schema):
    block: str = Field(description="The block's slug.")
    difference: float = Field(description="Highest less lowest mean of the units below.")


class NamedOut(Schema):
    text: str
    count: int = Field(description="How many wrote these very words.")


class AgainstOut(Schema):
    block: str = Field(description="The block's slug.")
    named: list[NamedOut] = Field(description="Most written first.")


class AssessmentResultsOut(Schema):
    """A round's results in a unit, as the results page shows them."""

    round: AssessmentOut
    unit: RoundUnitOut
    units: list[RoundUnitOut] = Field(
        description="The highest units you may see results for (start there)."
    )
    minimum: int = Field(description="The least group a figure is shown for.")
    text_min: int = Field(description="The least who answered for texts to be shown.")
    blocks: list[BlockOut]
    rows: list[RowOut]
    widest: list[WidestOut] = Field(description="The blocks on which the units differ most.")
    against: list[AgainstOut] | None = Field(
        description="Practices named as working against service; null when fewer than "
        "`text_min` answered in this unit."
    )
    previous: AssessmentRefOut | None = Field(description="The round `change` is against.")


# --- helpers ------------------------------------------------------------------------------


def _plan(payload: AssessmentIn) -> services.Plan:
    wanted = list(dict.fromkeys(payload.units))
    found = OrgUnit.objects.in_bulk(wanted)
    if missing := [str(pk) for pk in wanted if pk not in found]:
        raise ValidationError({"units": f"There is no unit with id {', '.join(missing)}."})
    return services.Plan(
        title=payload.title,
        units=[found[pk] for pk in wanted],
        who=payload.who.value,
        sample_percent=payload.sample_percent,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
    )


def _run(user: User, pk: int) -> Round:
    round_ = access.get_round(user, pk)
    access.require(access.can_run(user), access.RUN_WHY)
    return round_


def _choices(payload: RatingsIn) -> tuple[dict[int, services.Choice], dict[int, int]]:
    """The ratings sent, by block id, and where each stood in the list; an unknown or
    repeated block a 400 naming its place."""
    known = set(BuildingBlock.objects.values_list("pk", flat=True))
    choices: dict[int, services.Choice] = {}
    where: dict[int, int] = {}
    errors: dict[str, str] = {}
    for index, rating in enumerate(payload.ratings):
        field = f"ratings.{index}.block"
        if rating.block not in known:
            errors[field] = f"There is no building block with id {rating.block}."
        elif rating.block in choices:
            errors[field] = "This block is rated twice; rate each block once."
        else:
            choices[rating.block] = services.Choice(rating.score, rating.against)
            where[rating.block] = index
    if errors:
        raise ValidationError(errors)
    return choices, where


def _renamed(error: ValidationError, where: dict[int, int]) -> ValidationError:
    """The service's problems (keyed as the page's fields: block_<id>, against_<id>) named
    as this request's: the rating in the list, or `ratings` for a block left out."""
    renamed: dict[str, list] = {}
    for field, errors in error.error_dict.items():
        kind, _, pk = field.partition("_")
        if kind in ("block", "against") and pk.isdigit():
            index = where.get(int(pk))
            if index is None:
                field = "ratings"
            else:
                field = f"ratings.{index}.{'score' if kind == 'block' else 'against'}"
        renamed.setdefault(field, []).extend(errors)
    return ValidationError(renamed)


def _unit_ref(unit: RoundUnit) -> dict:
    return {"path": unit.path, "name": unit.name}


def _cell(block: BuildingBlock, cell: results.Cell) -> dict:
    if not cell.shown:  # nothing at all of a group below the minimum
        return {
            "block": block.slug,
            "hidden": True,
            "mean": None,
            "n": None,
            "spread": None,
            "dont_know": None,
            "change": None,
        }
    return {
        "block": block.slug,
        "hidden": False,
        "mean": cell.mean,
        "n": cell.n,
        "spread": [cell.spread.get(score, 0) for score, _ in SCALE],
        "dont_know": cell.spread.get(0, 0),
        "change": cell.change,
    }


def _results(found: results.Results, starts: list[RoundUnit]) -> dict:
    hidden = HIDDEN_ROW.format(minimum=found.minimum)
    return {
        "round": found.round,
        "unit": _unit_ref(found.unit),
        "units": [_unit_ref(unit) for unit in starts],
        "minimum": found.minimum,
        "text_min": found.text_min,
        "blocks": found.blocks,
        "rows": [
            {
                "unit": _unit_ref(row.unit),
                "depth": row.depth,
                "asked": row.asked,
                "answered": row.answered,
                "rate": row.rate,
                "hidden": hidden if row.answered is None else None,
                "cells": [_cell(b, c) for b, c in zip(found.blocks, row.cells, strict=True)],
            }
            for row in found.rows
        ],
        "widest": [{"block": b.slug, "difference": d} for b, d in found.widest],
        "against": None
        if found.against_hidden
        else [
            {"block": b.slug, "named": [{"text": t, "count": n} for t, n in found.against[b.pk]]}
            for b in found.blocks
            if found.against.get(b.pk)
        ],
        "previous": found.previous,
    }


# --- the list, writing and running --------------------------------------------------------


@router.get("", response=responses({200: AssessmentListOut}), url_name="assessment_list")
@decorate_view(never_cache)  # `to_answer` says whether you answered
def list_assessments(request: HttpRequest, page: Query[Pagination.Input]):
    """The rounds whose results you may see, newest first (the program office: every
    round, drafts too; a leader: those that asked people in their part of the
    organization), and the open rounds you were asked in, with whether you answered."""
    user = caller(request)
    if access.can_run(user):
        rounds = Round.objects.all()
    else:
        shown = [
            r.pk
            for r in Round.objects.exclude(status=RoundStatus.DRAFT)
            if access.can_see_results(user, r)
        ]
        rounds = Round.objects.filter(pk__in=shown)
    listed = Pagination().paginate_queryset(rounds, page, request)
    to_answer = [
        {"id": r.pk, "title": r.title, "closes_on": r.closes_on, "answered": answered}
        for r, answered in services.open_for(person_for(user))
    ]
    return {**listed, "to_answer": to_answer}


@change(router.post, "", {201: AssessmentDetailOut}, 403, url_name="assessment_create")
def create_assessment(request: HttpRequest, payload: AssessmentIn):
    """Write a draft round (the program office): nobody else sees it, nobody is asked
    until it opens (POST /assessments/{id}/open, or on its day)."""
    user = caller(request)
    access.require(access.can_run(user), access.RUN_WHY)
    return Status(201, services.save_round(user, _plan(payload)))


@change(
    router.post,
    "/{round_id}/open",
    {200: AssessmentDetailOut},
    403,
    404,
    url_name="assessment_open",
)
def open_assessment(request: HttpRequest, round_id: PathId):
    """Open a draft round now (the program office): who is asked, and where each counts,
    is fixed as the organization stands today, and they are told."""
    user = caller(request)
    services.open_round(user, _run(user, round_id))
    return Round.objects.get(pk=round_id)


@change(
    router.post,
    "/{round_id}/close",
    {200: AssessmentDetailOut},
    403,
    404,
    url_name="assessment_close",
)
def close_assessment(request: HttpRequest, round_id: PathId):
    """Close an open round (the program office): answers are no longer taken and its
    results are final."""
    user = caller(request)
    services.close_round(user, _run(user, round_id))
    return Round.objects.get(pk=round_id)


# --- answering ----------------------------------------------------------------------------


@router.get(
    "/{round_id}/questions",
    response=responses({200: QuestionsOut}, 403, 404),
    url_name="assessment_questions",
)
@decorate_view(never_cache)  # says whether you answered
def get_assessment_questions(request: HttpRequest, round_id: PathId):
    """The 12 building blocks and the scale, for someone asked in the round."""
    user = caller(request)
    round_ = access.get_round(user, round_id)
    access.require(access.is_asked(user, round_), access.ANSWER_WHY)
    return {
        "id": round_.pk,
        "title": round_.title,
        "closes_on": round_.closes_on,
        "open": round_.status == RoundStatus.OPEN,
        "answered": services.has_answered(person_for(user), round_),
        "min_group": round_.min_group,
        "blocks": services.blocks(),
        "scale": [{"score": s, "words": w} for s, w in SCALE]
        + [{"score": None, "words": DONT_KNOW}],
    }


@router.post(
    "/{round_id}/answers",
    response=responses({201: AnsweredOut}, 403, 404),
    url_name="assessment_answer",
)
@decorate_view(never_cache)
def answer_assessment(request: HttpRequest, payload: RatingsIn, round_id: PathId):
    """Rate each of the 12 building blocks (1–5, or null: don't know), once; a practice
    that works against service may be named with each. Kept without your name, with
    those of your team (or of the nearest unit above it, when fewer than the minimum
    were asked in it); they cannot be changed. Takes no `Idempotency-Key`."""
    user = caller(request)
    round_ = access.get_round(user, round_id)
    access.require(access.is_asked(user, round_), access.ANSWER_WHY)
    refuse_key(request, NO_KEY)
    choices, where = _choices(payload)
    try:
        services.answer(person_for(user), round_, choices)
    except ValidationError as error:
        raise _renamed(error, where) from None
    answered = {"round": round_, "answered": True, "min_group": round_.min_group}
    return Status(201, answered)


# --- results ------------------------------------------------------------------------------


class AssessmentResultsFilters(Schema):
    unit: UnitPath | None = Field(
        None,
        description="The unit's `path` in this round (from `units` or a row); defaults to "
        "the first of the units you may see.",
    )


@router.get(
    "/{round_id}/results",
    response=responses({200: AssessmentResultsOut}, 403, 404),
    url_name="assessment_results",
)
def get_assessment_results(
    request: HttpRequest, round_id: PathId, filters: Query[AssessmentResultsFilters]
):
    """The round's results in a unit: per block and per unit right below it, the mean,
    how many rated it and the spread (hidden below the minimum group), the response
    rate, the change since the previous round, the blocks the units differ most on and
    the practices named as working against service. For the program office and the
    leaders of the units (their part of the organization); a draft has none yet (400)."""
    user = caller(request)
    round_ = access.get_round(user, round_id)
    if round_.status == RoundStatus.DRAFT:
        raise ValidationError({"round": "A draft round has no results yet; open it first."})
    access.require(access.can_see_results(user, round_), access.RESULTS_WHY)
    starts = access.result_units(user, round_)
    if filters.unit:
        unit = RoundUnit.objects.filter(round=round_, path=filters.unit).first()
        if unit is None:
            raise ValidationError({"unit": "That unit was not part of this round."})
        access.require(access.can_see_results(user, round_, unit), access.RESULTS_WHY)
    elif starts:
        unit = starts[0]
    else:
        raise PermissionDenied(access.RESULTS_WHY)
    return _results(results.results(round_, unit), starts)
