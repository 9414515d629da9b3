"""Stories: frontline effort, service recovery, customer compliments."""

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
from tandem.api.schemas import Pagination, StoryFilters, StoryIn, StoryOut, StoryPatch
from tandem.capture import access, services
from tandem.capture.models import Story
from tandem.people.access import person_for

router = Router(tags=["stories"])


def _fetch(pk: int) -> Story:
    return Story.objects.prefetch_related("people", "blocks").get(pk=pk)


@router.get("", response=responses({200: list[StoryOut]}), url_name="story_list")
@paginate(Pagination)
def list_stories(request: HttpRequest, filters: Query[StoryFilters]):
    """Stories you may see, latest first. `start`/`end` filter on the story's date;
    each word of `q` must start a word in what happened or the customer's words."""
    records = access.visible_stories(caller(request)).prefetch_related("people", "blocks")
    return filtered(records, filters)


@change(router.post, "", {201: StoryOut}, url_name="story_create")
def create_story(request: HttpRequest, payload: StoryIn):
    """Log a story, crediting you in your unit unless you name `people` (people who
    report to you) or a `unit`."""
    user = caller(request)
    with transaction.atomic():
        people, unit = new_credit(user, payload.people, payload.unit, people_field="people")
        blocks = lookups.blocks(payload.blocks)
        story = Story(
            kind=payload.kind.value,
            what_happened=payload.what_happened,
            customer_words=payload.customer_words,
            unit=unit,
            source=payload.source.value,
            service_level=payload.service_level.value if payload.service_level else "",
            private=payload.private,
        )
        if payload.date is not None:
            story.date = payload.date
        services.create_record(user, story, people, blocks, created_by=person_for(user))
    return Status(201, _fetch(story.pk))


@router.get("/{story_id}", response=responses({200: StoryOut}, 404), url_name="story_detail")
def get_story(request: HttpRequest, story_id: PathId):
    return _fetch(access.get_story_for_user(caller(request), story_id).pk)


@change(router.patch, "/{story_id}", {200: StoryOut}, 403, 404, url_name="story_update")
def update_story(request: HttpRequest, payload: StoryPatch, story_id: PathId):
    """Change the fields sent; `service_level: null` clears it."""
    user = caller(request)
    changes = payload.model_dump(exclude_unset=True)
    if "service_level" in changes:
        changes["service_level"] = changes["service_level"] or ""
    with transaction.atomic():
        story = access.get_story_for_user(user, story_id, write=True)
        update_record(user, story, changes)
    return _fetch(story.pk)
