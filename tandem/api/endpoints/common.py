"""Small helpers every endpoint module uses."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Path

from tandem.api.schemas import MAX_ID
from tandem.capture import services
from tandem.people import access
from tandem.people.models import OrgUnit, Person, User


def caller(request: HttpRequest) -> User:
    """The user behind the request's API token (set by ApiTokenAuth)."""
    return request.auth  # type: ignore[attr-defined]


def require_directory(user: User) -> None:
    if not access.can_view_directory(user):
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
