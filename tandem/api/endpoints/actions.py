"""Service actions: list, log, read and edit (their creator, the people credited, the
program office)."""

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tandem.api import filtering, lookups
from tandem.api.endpoints.common import PathId, caller, resolve_credit
from tandem.api.errors import responses
from tandem.api.schemas import ActionIn, ActionOut, ActionPatch, Pagination, RecordFilters
from tandem.capture import services
from tandem.capture.models import ServiceAction
from tandem.people import access

router = Router(tags=["actions"])


def _fetch(pk: int) -> ServiceAction:
    return ServiceAction.objects.prefetch_related("people", "blocks").get(pk=pk)


@router.get("", response=responses({200: list[ActionOut]}), url_name="action_list")
@paginate(Pagination)
def list_actions(request: HttpRequest, filters: Query[RecordFilters]):
    """Service actions you may see, latest first. `start`/`end` filter on the action's
    date; `q` searches what was done and for whom."""
    queryset = filtering.records(
        access.visible_actions(caller(request)),
        filters,
        date_field="date",
        text_fields=["what", "for_whom"],
    )
    return queryset.prefetch_related("people", "blocks")


@router.post("", response=responses({201: ActionOut}), url_name="action_create")
def create_action(request: HttpRequest, payload: ActionIn):
    """Log a service action, credited to you in your unit unless you name `people`
    (people who report to you) or a `unit`."""
    user = caller(request)
    with transaction.atomic():
        people = lookups.people(payload.people, "people") if payload.people else None
        unit = lookups.unit(payload.unit) if payload.unit is not None else None
        blocks = lookups.blocks(payload.blocks)
        idea = lookups.idea(user, payload.idea) if payload.idea is not None else None
        people, unit = resolve_credit(user, people, unit, people_field="people")
        action = ServiceAction(
            what=payload.what,
            for_whom=payload.for_whom,
            unit=unit,
            idea=idea,
            private=payload.private,
        )
        if payload.date is not None:
            action.date = payload.date
        services.create_record(user, action, people, blocks, created_by=access.person_for(user))
    return Status(201, _fetch(action.pk))


@router.get("/{action_id}", response=responses({200: ActionOut}, 404), url_name="action_detail")
def get_action(request: HttpRequest, action_id: PathId):
    return _fetch(access.get_action_for_user(caller(request), action_id).pk)


@router.patch(
    "/{action_id}", response=responses({200: ActionOut}, 403, 404), url_name="action_update"
)
def update_action(request: HttpRequest, payload: ActionPatch, action_id: PathId):
    """Change the fields sent; `idea: null` unlinks the idea."""
    user = caller(request)
    changes = payload.model_dump(exclude_unset=True)
    with transaction.atomic():
        action = access.get_action_for_user(user, action_id, write=True)
        people = lookups.people(changes.pop("people"), "people") if "people" in changes else None
        blocks = lookups.blocks(changes.pop("blocks")) if "blocks" in changes else None
        if "unit" in changes:
            changes["unit"] = lookups.unit(changes["unit"])
        if changes.get("idea") is not None:
            changes["idea"] = lookups.idea(user, changes["idea"])
        if people is not None or "unit" in changes:
            people, changes["unit"] = resolve_credit(
                user,
                people or list(action.people.all()),
                changes.get("unit", action.unit),
                people_field="people",
            )
        services.update_record(user, action, changes, people=people, blocks=blocks)
    return _fetch(action.pk)
