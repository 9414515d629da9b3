"""People, read-only: who is where, at which level, reporting to whom."""

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from tandem.api import lookups
from tandem.api.endpoints.common import PathId, caller, require_directory
from tandem.api.errors import responses
from tandem.api.schemas import Pagination, PersonFilters, PersonOut
from tandem.people.models import Person

router = Router(tags=["people"])


@router.get("", response=responses({200: list[PersonOut]}, 403), url_name="person_list")
@paginate(Pagination)
def list_people(request: HttpRequest, filters: Query[PersonFilters]):
    """People by name; filter by unit subtree, level, active, or text in name/title/email."""
    require_directory(caller(request))
    queryset = Person.objects.all()
    if filters.unit is not None:
        queryset = queryset.in_subtree(lookups.unit(filters.unit))
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if filters.active is not None:
        queryset = queryset.filter(active=filters.active)
    q = (filters.q or "").strip()
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q) | Q(title__icontains=q) | Q(email__icontains=q)
        )
    return queryset.order_by("name", "pk")


@router.get(
    "/{person_id}", response=responses({200: PersonOut}, 403, 404), url_name="person_detail"
)
def get_person(request: HttpRequest, person_id: PathId):
    require_directory(caller(request))
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person.")
    return person
