"""Small helpers the capture views share."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def paginate(request: HttpRequest, qs: QuerySet) -> Page:
    """One page of `qs`; a missing or bad ?page= gives the nearest valid page."""
    return Paginator(qs, settings.TANDEM_PAGE_SIZE).get_page(request.GET.get("page"))


def safe_next(request: HttpRequest, url: str | None) -> str | None:
    """`url` when it points back into this site, else None."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None
