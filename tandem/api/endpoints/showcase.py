"""The showcase day (PRODUCT.md M10), read: the days, and one day's agenda and entries,
for everyone of the organization. Guests' answers and the feedback stay with the program
office's pages; guests themselves use their signed links, not the API."""

import datetime as dt

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from tandem.api.endpoints.common import PathId, caller
from tandem.api.errors import responses
from tandem.api.schemas import Pagination
from tandem.recognition import access
from tandem.recognition.models import Answer, DayStatus, ShowcaseDay

router = Router(tags=["showcase"])


class ShowcaseDayOut(Schema):
    id: int
    title: str
    date: dt.date
    starts_at: dt.time
    venue: str
    about: str
    places: int = Field(description="Places for guests.")
    places_taken: int = Field(description="Places the guests who said yes asked for.")
    status: DayStatus

    @staticmethod
    def resolve_places_taken(obj) -> int:
        taken = getattr(obj, "taken", None)  # counted with the list, else asked
        return obj.places_taken() if taken is None else taken


class ShowcaseEntryOut(Schema):
    id: int
    title: str
    unit: int
    people: list[int]
    problem: str
    change: str
    results: str
    ideas: list[int]
    stories: list[int]

    @staticmethod
    def resolve_unit(obj) -> int:
        return obj.unit_id

    @staticmethod
    def resolve_people(obj) -> list[int]:
        return sorted(p.pk for p in obj.people.all())

    @staticmethod
    def resolve_ideas(obj) -> list[int]:
        return sorted(i.pk for i in obj.ideas.all())

    @staticmethod
    def resolve_stories(obj) -> list[int]:
        return sorted(s.pk for s in obj.stories.all())


class SlotOut(Schema):
    starts_at: dt.time
    ends_at: dt.time
    room: str
    entry: int | None = Field(description="The entry presented, if it is one.")
    title: str

    @staticmethod
    def resolve_entry(obj) -> int | None:
        return obj.entry_id


class ShowcaseDayDetailOut(ShowcaseDayOut):
    agenda: list[SlotOut]
    entries: list[ShowcaseEntryOut]

    @staticmethod
    def resolve_agenda(obj) -> list:
        return list(obj.slots.all())

    @staticmethod
    def resolve_entries(obj) -> list:
        return list(obj.entries.prefetch_related("people", "ideas", "stories"))


def _days(request: HttpRequest):
    if not access.can_browse(caller(request)):
        return ShowcaseDay.objects.none()
    coming = Q(guests__answer=Answer.YES)
    return ShowcaseDay.objects.annotate(taken=Coalesce(Sum("guests__seats", filter=coming), 0))


@router.get("", response=responses({200: list[ShowcaseDayOut]}), url_name="showcase_list")
@paginate(Pagination)
def list_days(request: HttpRequest):
    """Showcase days, the latest first."""
    return _days(request)


@router.get(
    "/{day_id}", response=responses({200: ShowcaseDayDetailOut}, 404), url_name="showcase_detail"
)
def get_day(request: HttpRequest, day_id: PathId):
    """A day with its agenda and its entries."""
    day = _days(request).filter(pk=day_id).first()
    if day is None:
        raise Http404("No such showcase day.")
    return day
