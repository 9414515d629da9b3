"""Small helpers the capture views share."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from tandem.capture import search

# How many pages beyond the one asked for are counted: enough for "next" and a sense of
# size, without a COUNT(*) over a million rows on every page.
LOOK_AHEAD_PAGES = 10
COUNTED_AT_LEAST = 1000  # "more than 1,000 ideas" reads better than "more than 275"


class CappedPaginator(Paginator):
    """A paginator that counts the rows only as far as `limit`: `count` is exact when
    `capped` is false, else "more than `count`" (the pages after `num_pages` exist too)."""

    def __init__(self, object_list, per_page: int, *, limit: int) -> None:
        super().__init__(object_list, per_page)
        self.limit = limit
        self.capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by()[: self.limit + 1].count()
        self.capped = counted > self.limit
        return min(counted, self.limit)


def paginate(request: HttpRequest, qs: QuerySet) -> Page:
    """One page of `qs`; a missing or bad ?page= gives the nearest valid page. Rows are
    counted only up to LOOK_AHEAD_PAGES after the page asked for (at least a thousand)."""
    raw = request.GET.get("page")
    try:
        number = max(1, int(raw))
    except (TypeError, ValueError):
        number = 1
    size = settings.TANDEM_PAGE_SIZE
    limit = max(COUNTED_AT_LEAST, (number + LOOK_AHEAD_PAGES) * size)
    paginator = CappedPaginator(qs, size, limit=limit)
    return paginator.get_page(raw)


def paginate_ranked(request: HttpRequest, qs: QuerySet, text: str) -> Page:
    """One page of a search: the newest matches of `qs` ranked by relevance
    (tandem.capture.search); `paginator.capped` when there were more than it ranks."""
    ranked = search.Ranked(qs, text)
    paginator = Paginator(ranked, settings.TANDEM_PAGE_SIZE)
    paginator.capped = ranked.capped
    return paginator.get_page(request.GET.get("page"))


def safe_next(request: HttpRequest, url: str | None) -> str | None:
    """`url` when it points back into this site, else None."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None
