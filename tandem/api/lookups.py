"""Turn ids and slugs from a request into rows, or a 400 naming the field.

These only look things up; who may use them is decided by each app's `access.py`
and `tandem.capture.services`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.http import Http404

from tandem.capture import access
from tandem.capture.models import BuildingBlock, Idea
from tandem.people.models import OrgUnit, Person, User


def _unique(values: Iterable) -> list:
    return list(dict.fromkeys(values))


def unit(pk: int, field: str = "unit") -> OrgUnit:
    found = OrgUnit.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: f"There is no unit with id {pk}."})
    return found


def people(ids: Iterable[int], field: str) -> list[Person]:
    wanted = _unique(ids)
    by_id = Person.objects.select_related("unit").in_bulk(wanted)
    missing = [str(pk) for pk in wanted if pk not in by_id]
    if missing:
        raise ValidationError({field: f"There is no person with id {', '.join(missing)}."})
    return [by_id[pk] for pk in wanted]


def blocks(slugs: Iterable[str], field: str = "blocks") -> list[BuildingBlock]:
    wanted = _unique(slugs)
    by_slug = BuildingBlock.objects.in_bulk(wanted, field_name="slug")
    missing = [slug for slug in wanted if slug not in by_slug]
    if missing:
        known = ", ".join(BuildingBlock.objects.values_list("slug", flat=True))
        raise ValidationError(
            {field: f"Unknown building block {', '.join(missing)}; use one of {known}."}
        )
    return [by_slug[slug] for slug in wanted]


def block(slug: str, field: str = "block") -> BuildingBlock:
    return blocks([slug], field)[0]


def idea(user: User, pk: int, field: str = "idea") -> Idea:
    """An idea the user may see; one they may not is reported like a missing one."""
    try:
        return access.get_idea_for_user(user, pk)
    except Http404:
        raise ValidationError({field: f"There is no idea with id {pk}."}) from None
