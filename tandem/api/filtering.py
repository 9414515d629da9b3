"""Query-string filters shared by the list endpoints of ideas, actions and stories."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from tandem.api import lookups
from tandem.api.schemas import RecordFilters


def text_search(fields: list[str], q: str) -> Q:
    """Any of `fields` contains `q`, case-insensitively."""
    query = Q()
    for field in fields:
        query |= Q(**{f"{field}__icontains": q})
    return query


def records(
    queryset: QuerySet, filters: RecordFilters, *, date_field: str, text_fields: list[str]
) -> QuerySet:
    """Apply unit subtree, building block, date range and text search."""
    if filters.start and filters.end and filters.end < filters.start:
        raise ValidationError({"end": "The end date is before the start date."})
    if filters.unit is not None:
        unit = lookups.unit(filters.unit)
        queryset = queryset.filter(unit__path__startswith=unit.path)
    if filters.block:
        block = lookups.block(filters.block)
        queryset = queryset.filter(blocks=block)
    if filters.start:
        queryset = queryset.filter(**{f"{date_field}__gte": filters.start})
    if filters.end:
        queryset = queryset.filter(**{f"{date_field}__lte": filters.end})
    q = (filters.q or "").strip()
    if q:
        queryset = queryset.filter(text_search(text_fields, q))
    return queryset
