"""Small helpers every endpoint module uses."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Path

from tandem.api import lookups
from tandem.api.schemas import MAX_ID, RecordFilters
from tandem.capture import search, services
from tandem.capture.filters import filter_records
from tandem.capture.models import Record
from tandem.capture.search import Ranked
from tandem.people.access import can_view_directory
from tandem.people.models import OrgUnit, Person, User


def caller(request: HttpRequest) -> User:
    """The user behind the request's API token (set by ApiTokenAuth)."""
    return request.auth  # type: ignore[attr-defined]


def require_directory(user: User) -> None:
    if not can_view_directory(user):
        raise PermissionDenied("Only people in the organization can read the directory.")


# An id in the URL: positive and small enough for the database (else 400, not 500).
PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="The id.")]


def resolve_credit(
    user: User, people: list[Person] | None, unit: OrgUnit | None, *, people_field: str
) -> tuple[list[Person], OrgUnit]:
    """services.resolve_credit, with its `people` errors named as this resource calls the
    field (ideas say `authors`)."""
    try:
        return services.resolve_credit(user, people, unit)
    except ValidationError as error:
        if not hasattr(error, "error_dict") or people_field == "people":
            raise
        renamed = {
            (people_field if field == "people" else field): errors
            for field, errors in error.error_dict.items()
        }
        raise ValidationError(renamed) from None


def new_credit(
    user: User, people_ids: list[int] | None, unit_id: int | None, *, people_field: str
) -> tuple[list[Person], OrgUnit]:
    """Who a POSTed record credits and in which unit, from the ids sent (defaults: you,
    in your unit), checked as services.resolve_credit checks the web form."""
    people = lookups.people(people_ids, people_field) if people_ids else None
    unit = lookups.unit(unit_id) if unit_id is not None else None
    return resolve_credit(user, people, unit, people_field=people_field)


def filtered(queryset: QuerySet, filters: RecordFilters) -> QuerySet | Ranked:
    """A list endpoint's query-string filters, applied by the same `filter_records` as the
    web lists (so `q` finds the same records, ranked the same way: best match first);
    ids and slugs become rows here, a bad one a 400 naming the parameter."""
    queryset = filter_records(
        queryset,
        unit=lookups.unit(filters.unit) if filters.unit is not None else None,
        status=getattr(filters, "status", None) or "",
        kind=getattr(filters, "kind", None) or "",
        block=lookups.block(filters.block) if filters.block else None,
        start=filters.start,
        end=filters.end,
        q=filters.q or "",
    )
    return Ranked(queryset, filters.q) if search.terms(filters.q or "") else queryset


def update_record(user: User, record: Record, changes: dict) -> None:
    """Apply a PATCH's `changes` to an idea, action or story through services.update_record.

    People, blocks and unit arrive as ids and slugs. When the people or the unit change,
    the new credit is checked as on create, the half not sent kept as it was.
    """
    field = record.people_field
    people = lookups.people(changes.pop(field), field) if field in changes else None
    blocks = lookups.blocks(changes.pop("blocks")) if "blocks" in changes else None
    if "unit" in changes:
        changes["unit"] = lookups.unit(changes["unit"])
    if people is not None or "unit" in changes:
        people, changes["unit"] = resolve_credit(
            user,
            people or list(record.credited_people()),
            changes.get("unit", record.unit),
            people_field=field,
        )
    services.update_record(user, record, changes, people=people, blocks=blocks)
