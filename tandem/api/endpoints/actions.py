"""Service actions: list, log, read and edit (their creator, the people credited, the
program office)."""

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
from tandem.api.schemas import ActionIn, ActionOut, ActionPatch, Pagination, RecordFilters
from tandem.capture import access, services
from tandem.capture.models import ServiceAction
from tandem.people.access import person_for

router = Router(tags=["actions"])


def _fetch(pk: int) -> ServiceAction:
    return ServiceAction.objects.prefetch_related("people", "blocks").get(pk=pk)


@router.get("", response=responses({200: list[ActionOut]}), url_name="action_list")
@paginate(Pagination)
def list_actions(request: HttpRequest, filters: Query[RecordFilters]):
    """Service actions you may see, latest first. `start`/`end` filter on the action's
    date; each word of `q` must start a word in what was done or for whom."""
    records = access.visible_actions(caller(request)).prefetch_related("people", "blocks")
    return filtered(records, filters)


@change(router.post, "", {201: ActionOut}, url_name="action_create")
def create_action(request: HttpRequest, payload: ActionIn):
    """Log a service action, credited to you in your unit unless you name `people`
    (people who report to you) or a `unit`."""
    user = caller(request)
    with transaction.atomic():
        people, unit = new_credit(user, payload.people, payload.unit, people_field="people")
        blocks = lookups.blocks(payload.blocks)
        idea = lookups.idea(user, payload.idea) if payload.idea is not None else None
        action = ServiceAction(
            what=payload.what,
            for_whom=payload.for_whom,
            unit=unit,
            idea=idea,
            private=payload.private,
        )
        if payload.date is not None:
            action.date = payload.date
        services.create_record(user, action, people, blocks, created_by=person_for(user))
    return Status(201, _fetch(action.pk))


@router.get("/{action_id}", response=responses({200: ActionOut}, 404), url_name="action_detail")
def get_action(request: HttpRequest, action_id: PathId):
    return _fetch(access.get_action_for_user(caller(request), action_id).pk)


@change(router.patch, "/{action_id}", {200: ActionOut}, 403, 404, url_name="action_update")
def update_action(request: HttpRequest, payload: ActionPatch, action_id: PathId):
    """Change the fields sent; `idea: null` unlinks the idea."""
    user = caller(request)
    changes = payload.model_dump(exclude_unset=True)
    with transaction.atomic():
        action = access.get_action_for_user(user, action_id, write=True)
        if changes.get("idea") is not None:
            changes["idea"] = lookups.idea(user, changes["idea"])
        update_record(user, action, changes)
    return _fetch(action.pk)
