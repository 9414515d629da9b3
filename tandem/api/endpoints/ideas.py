"""Ideas: list, log, read, edit while allowed, and move through the workflow."""

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tandem.api import lookups
from tandem.api.endpoints.common import (
    PathId,
    caller,
    filtered,
    new_credit,
    update_record,
)
from tandem.api.errors import responses
from tandem.api.idempotency import change
from tandem.api.schemas import IdeaFilters, IdeaIn, IdeaOut, IdeaPatch, Pagination, TransitionIn
from tandem.capture import access, services
from tandem.capture.models import Idea
from tandem.people.access import person_for

router = Router(tags=["ideas"])


def _fetch(pk: int) -> Idea:
    return Idea.objects.prefetch_related("authors", "blocks").get(pk=pk)


@router.get("", response=responses({200: list[IdeaOut]}), url_name="idea_list")
@paginate(Pagination)
def list_ideas(request: HttpRequest, filters: Query[IdeaFilters]):
    """Ideas you may see, newest first. `start`/`end` filter on the day it was created;
    each word of `q` must start a word in the title, description, who it helps or the result
    (as the search on the web's idea list)."""
    records = access.visible_ideas(caller(request)).prefetch_related("authors", "blocks")
    return filtered(records, filters)


@change(router.post, "", {201: IdeaOut}, url_name="idea_create")
def create_idea(request: HttpRequest, payload: IdeaIn):
    """Log an idea. Only title and description are needed: it is credited to you in
    your unit unless you name `authors` (people who report to you) or a `unit`."""
    user = caller(request)
    with transaction.atomic():
        authors, unit = new_credit(user, payload.authors, payload.unit, people_field="authors")
        blocks = lookups.blocks(payload.blocks)
        idea = Idea(
            title=payload.title,
            description=payload.description,
            helps=payload.helps,
            unit=unit,
            private=payload.private,
        )
        services.create_record(user, idea, authors, blocks, created_by=person_for(user))
    return Status(201, _fetch(idea.pk))


@router.get("/{idea_id}", response=responses({200: IdeaOut}, 404), url_name="idea_detail")
def get_idea(request: HttpRequest, idea_id: PathId):
    return _fetch(access.get_idea_for_user(caller(request), idea_id).pk)


@change(router.patch, "/{idea_id}", {200: IdeaOut}, 403, 404, url_name="idea_update")
def update_idea(request: HttpRequest, payload: IdeaPatch, idea_id: PathId):
    """Change the fields sent. Authors may edit while the idea is proposed; the program
    office always. `status` cannot be sent: use the transition endpoint."""
    user = caller(request)
    changes = payload.model_dump(exclude_unset=True)
    with transaction.atomic():
        idea = access.get_idea_for_user(user, idea_id, write=True)
        update_record(user, idea, changes)
    return _fetch(idea.pk)


@change(router.post, "/{idea_id}/transition", {200: IdeaOut}, 403, 404, url_name="idea_transition")
def transition_idea(request: HttpRequest, payload: TransitionIn, idea_id: PathId):
    """Move the idea: proposed → trying or parked, trying → implemented or parked,
    parked → proposed. Moving to implemented needs `result`, parking needs `note` (the
    reason, which the authors are told); the impact fields are kept only when
    implemented. Managers up any author's reporting line and the program office may
    move an idea."""
    user = caller(request)
    with transaction.atomic():
        idea = access.get_idea_to_move(user, idea_id)
        services.transition_idea(
            user,
            idea,
            payload.to.value,
            note=payload.note,
            result=payload.result,
            minutes_saved_per_week=payload.minutes_saved_per_week,
            money_saved_per_year=payload.money_saved_per_year,
            customer_effect=payload.customer_effect,
            by=person_for(user),
        )
    return _fetch(idea.pk)
