"""Org units, read-only: the tree as ids, parents and full paths."""

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from tandem.api import lookups
from tandem.api.endpoints.common import PathId, caller, require_directory
from tandem.api.errors import responses
from tandem.api.schemas import Pagination, UnitFilters, UnitOut
from tandem.people.models import OrgUnit

router = Router(tags=["units"])


def with_parent_id(queryset: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    """Annotate `parent_id` in the same query: a parent's path is the child's minus one step."""
    parent = OrgUnit.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - OrgUnit.steplen)
    ).values("pk")[:1]
    return queryset.annotate(parent_id=Subquery(parent)).order_by(F("path"))


@router.get("", response=responses({200: list[UnitOut]}, 403), url_name="unit_list")
@paginate(Pagination)
def list_units(request: HttpRequest, filters: Query[UnitFilters]):
    """Units in tree order, optionally only a subtree (`within`) or matching `q`."""
    require_directory(caller(request))
    queryset = OrgUnit.objects.all()
    if filters.within is not None:
        queryset = lookups.unit(filters.within, "within").subtree()
    q = (filters.q or "").strip()
    if q:
        queryset = queryset.filter(name__icontains=q)
    return with_parent_id(queryset)


@router.get("/{unit_id}", response=responses({200: UnitOut}, 403, 404), url_name="unit_detail")
def get_unit(request: HttpRequest, unit_id: PathId):
    require_directory(caller(request))
    unit = with_parent_id(OrgUnit.objects.filter(pk=unit_id)).first()
    if unit is None:
        raise Http404("No such org unit.")
    return unit
