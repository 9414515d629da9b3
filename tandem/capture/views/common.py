"""Small helpers the capture views share."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import DateTimeField, Q, QuerySet
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


class Keyset:
    """Where a page of a newest-first list starts or ends, as text for a link.

    A list ordered by a date and then the id, both descending (`-created_at`, `-pk`),
    is read from a row on by "(date, id) before this row's": the index goes straight
    there, however deep the page, where an offset reads and drops every row above it.
    The text is "<ISO date>~<id>"; anything else is refused (None) and the page falls
    back to its number.
    """

    def __init__(self, qs: QuerySet) -> None:
        order = list(qs.query.order_by)
        self.usable = len(order) == 2 and order[1] in {"-pk", "-id"} and order[0].startswith("-")
        self.field = order[0][1:] if self.usable else ""
        if self.usable:
            model_field = qs.model._meta.get_field(self.field)
            self.is_datetime = isinstance(model_field, DateTimeField)

    def key(self, row: Any) -> str:
        return f"{getattr(row, self.field).isoformat()}~{row.pk}"

    def parse(self, text: str | None) -> tuple[Any, int] | None:
        if not self.usable or not text or "~" not in text:
            return None
        value, _, pk = text.rpartition("~")
        try:
            kind = dt.datetime if self.is_datetime else dt.date
            moment = kind.fromisoformat(value)
            if self.is_datetime and moment.tzinfo is None:
                return None
            return moment, int(pk)
        except ValueError:
            return None

    def before(self, qs: QuerySet, key: tuple[Any, int]) -> QuerySet:
        """The rows after `key` in the list's order (older ones)."""
        value, pk = key
        return qs.filter(Q(**{f"{self.field}__lt": value}) | Q(**{self.field: value, "pk__lt": pk}))

    def after(self, qs: QuerySet, key: tuple[Any, int]) -> QuerySet:
        """The rows before `key` in the list's order (newer ones), nearest first."""
        value, pk = key
        newer = Q(**{f"{self.field}__gt": value}) | Q(**{self.field: value, "pk__gt": pk})
        return qs.filter(newer).order_by(self.field, "pk")


class KeysetPage:
    """A page read from a keyset (?after= or ?before=), with what the page links need.

    The page number comes from the link (it counts pages from the first); the count is
    the rows above this page plus those below it counted LOOK_AHEAD_PAGES ahead.
    """

    def __init__(
        self, rows: list, number: int, *, more_after: bool, counted_after: int, limit: int
    ) -> None:
        self.object_list = rows
        self.number = number
        self.more_after = more_after
        size = settings.TANDEM_PAGE_SIZE
        self.paginator = CappedPaginator([], size, limit=limit)
        above = (number - 1) * size + len(rows)
        self.paginator.__dict__["count"] = above + min(counted_after, limit)
        self.paginator.capped = counted_after > limit
        self.next_cursor = self.previous_cursor = ""

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.more_after

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def paginate(request: HttpRequest, qs: QuerySet) -> Page | KeysetPage:
    """One page of `qs`; a missing or bad ?page= gives the nearest valid page. Rows are
    counted only up to LOOK_AHEAD_PAGES after the page asked for (at least a thousand).

    Newest-first lists (a date, then the id) link their next and previous pages by
    keyset (`after=` the last row, `before=` the first, with the page number for the
    reader): deep pages cost what the first does. A link with only ?page= still works,
    by offset.
    """
    raw = request.GET.get("page")
    try:
        number = max(1, int(raw))
    except (TypeError, ValueError):
        number = 1
    size = settings.TANDEM_PAGE_SIZE
    keyset = Keyset(qs)
    after = keyset.parse(request.GET.get("after"))
    before = keyset.parse(request.GET.get("before")) if after is None else None
    if after is not None or before is not None:
        page = _keyset_page(qs, keyset, number, after, before)
        if page is not None:
            return page
    limit = max(COUNTED_AT_LEAST, (number + LOOK_AHEAD_PAGES) * size)
    paginator = CappedPaginator(qs, size, limit=limit)
    page = paginator.get_page(raw)
    if keyset.usable and page.object_list:
        rows = list(page.object_list)
        page.object_list = rows
        page.next_cursor = keyset.key(rows[-1])
        page.previous_cursor = keyset.key(rows[0])
    return page


def _keyset_page(qs, keyset, number, after, before) -> KeysetPage | None:
    """The page after `after` (or before `before`); None when the keyset reaches the
    first page or nothing (the list changed under the link): the page number decides."""
    size = settings.TANDEM_PAGE_SIZE
    if after is not None:
        rows = list(keyset.before(qs, after)[:size])
    else:
        rows = list(keyset.after(qs, before)[: size + 1])[::-1]
        if len(rows) <= size:  # nothing newer than a page: the first page, by number
            return None
        rows = rows[1:]
    if not rows:
        return None
    limit = max(COUNTED_AT_LEAST, LOOK_AHEAD_PAGES * size)
    below = keyset.before(qs, keyset.parse(keyset.key(rows[-1]))).order_by()
    counted = below[: limit + 1].count()
    page = KeysetPage(rows, number, more_after=counted > 0, counted_after=counted, limit=limit)
    page.next_cursor = keyset.key(rows[-1])
    page.previous_cursor = keyset.key(rows[0])
    return page


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
