"""My unit's idea board: a column per status, and moving a card is one action.

At the size Tandem is built for a column can hold hundreds of thousands of ideas: each
shows its count (exact up to COUNT_LIMIT, "200+" beyond) and its newest PER_COLUMN cards,
so that the board stays short on a phone. "Show all n" loads the rest of a column in place;
a column past COUNT_LIMIT loads PER_COLUMN more at a time instead. Parked ideas start
folded. Parking asks for the reason (the authors are told it); the other moves are one
click, but for implemented, which asks for the result.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from tandem.capture import access
from tandem.capture.filters import BoardForm
from tandem.capture.models import NOTE_LIMIT, Idea, IdeaStatus
from tandem.people.access import person_for
from tandem.people.models import OrgUnit, User, in_subtree

COLUMNS = [IdeaStatus.PROPOSED, IdeaStatus.TRYING, IdeaStatus.IMPLEMENTED, IdeaStatus.PARKED]
FOLDED = {IdeaStatus.PARKED}
PER_COLUMN = 10
# A column counts its ideas up to 200 ("200+" beyond): PostgreSQL then walks the
# column's index and stops early; at 1,000 it read every idea of that status into a bitmap
# first (a senior leader's board: 57 ms of counting, now about 15). The exact figures of a
# part of the organization are the dashboard's.
COUNT_LIMIT = 200
FILTERS = ("unit", "author", "block", "age")


def board_form(data: QueryDict, default: OrgUnit | None) -> tuple[BoardForm, OrgUnit | None]:
    """The board's filters from `data` (the unit defaults to `default` when not given);
    an unknown unit shows its error and falls back to `default`."""
    data = data.copy()
    if "unit" not in data:
        data["unit"] = str(default.pk) if default else ""
    form = BoardForm(data)
    form.is_valid()
    unit = form.cleaned_data.get("unit", default)
    return form, unit


def board_query(form: BoardForm, unit: OrgUnit | None) -> str:
    """The board's filters as a query string (carried by the moves and "show more")."""
    data = {**form.cleaned_data, "unit": unit}
    query = {}
    for name in FILTERS:
        value = data.get(name)
        if name == "block" and value:
            value = value.slug
        query[name] = getattr(value, "pk", value) or ""
    return urlencode({k: v for k, v in query.items() if v or k == "unit"})


def _ideas(user: User, form: BoardForm, unit: OrgUnit | None):
    ideas = access.visible_ideas(user)
    if unit is not None:
        ideas = in_subtree(ideas, unit)
    return form.narrow(ideas)


# Moves that need words first (a reason, a result): a small form under the card, not one click.
WITH_WORDS = {IdeaStatus.PARKED, IdeaStatus.IMPLEMENTED}


def _cards(
    user: User, ideas, status: str, start: int, failed: dict[int, Form], count: int = 0
) -> list[Idea]:
    """`count` cards (PER_COLUMN when 0) of a column from `start`, newest move first, with
    what the user may do to each."""
    count = count or PER_COLUMN
    cards = list(
        ideas.filter(status=status)
        .prefetch_related("unit", "authors", "blocks")  # no join: see feeds.py
        .order_by("-status_changed_at", "-pk")[start : start + count]
    )
    movable = access.movable_idea_ids(user, cards)
    for card in cards:
        allowed = card.allowed_transitions() if card.pk in movable else ()
        card.moves = [(s, IdeaStatus(s).label) for s in allowed if s not in WITH_WORDS]
        card.can_park = IdeaStatus.PARKED in allowed
        card.can_implement = IdeaStatus.IMPLEMENTED in allowed
        card.error_form = failed.get(card.pk)
        card.failed_to = card.error_form.data.get("to") if card.error_form else ""
    return cards


def _more_url(query: str, status: str, start: int, *, everything: bool = False) -> str:
    """Where a column's next cards come from: PER_COLUMN of them, or `everything` left
    (up to COUNT_LIMIT)."""
    params = {"status": status, "start": start, **({"all": 1} if everything else {})}
    return f"{reverse('capture:board_column')}?{query}&{urlencode(params)}"


def _footer(query: str, status: str, start: int, total: int, capped: bool) -> dict:
    """The end of a column that shows its first `start` cards: "Show all n" when the rest
    can be loaded at once, "Show 10 more" past COUNT_LIMIT, nothing when all are shown."""
    if total <= start:
        return {"more_url": "", "more_label": ""}
    if capped:
        return {
            "more_url": _more_url(query, status, start),
            "more_label": f"Show {PER_COLUMN} more",
        }
    return {
        "more_url": _more_url(query, status, start, everything=True),
        "more_label": f"Show all {total}",
    }


def _list_url(unit: OrgUnit | None, status: str) -> str:
    """The column in the idea list (paginated; where "show more" goes without scripts)."""
    listed = {"status": status, **({"unit": unit.pk} if unit else {})}
    return f"{reverse('capture:idea_list')}?{urlencode(listed)}"


def board_context(
    user: User, unit: OrgUnit | None, form: BoardForm, failed: dict[int, Form] | None = None
) -> dict:
    """The columns of the board for a unit's subtree (all visible ideas when unit is None)."""
    failed = failed or {}
    ideas = _ideas(user, form, unit)
    query = board_query(form, unit)
    columns = []
    for status in COLUMNS:
        total = ideas.filter(status=status).order_by()[: COUNT_LIMIT + 1].count()
        capped = total > COUNT_LIMIT
        columns.append(
            {
                "status": status.value,
                "label": status.label,
                "cards": _cards(user, ideas, status, 0, failed),
                "total": min(total, COUNT_LIMIT),
                "capped": capped,
                "folded": status in FOLDED,
                "all_url": _list_url(unit, status),
                **_footer(query, status, PER_COLUMN, total, capped),
            }
        )
    return {
        "columns": columns,
        "unit": unit,
        "form": form,
        "board_value": query,
        "note_limit": NOTE_LIMIT,
        "per_column": PER_COLUMN,
    }


@login_required
def board(request: HttpRequest) -> HttpResponse:
    me = person_for(request.user)
    form, unit = board_form(request.GET, me.unit if me else None)
    context = board_context(request.user, unit, form)
    narrowed = any(form.cleaned_data.get(name) for name in FILTERS if name != "unit")
    context["filters_open"] = bool(form.errors) or narrowed
    return render(request, "capture/board.html", context)


@login_required
def board_column(request: HttpRequest) -> HttpResponse:
    """The next cards of one column ("show more"), with the button for the ones after."""
    me = person_for(request.user)
    form, unit = board_form(request.GET, me.unit if me else None)
    status = request.GET.get("status", "")
    if status not in IdeaStatus.values:
        return HttpResponse("There is no such column.", status=400)
    try:
        start = max(0, int(request.GET.get("start", "0")))
    except ValueError:
        return HttpResponse("“start” must be a whole number.", status=400)
    # "Show all" loads what is left up to COUNT_LIMIT (the most a column counts).
    count = max(COUNT_LIMIT - start, PER_COLUMN) if request.GET.get("all") else PER_COLUMN
    ideas = _ideas(request.user, form, unit)
    cards = _cards(request.user, ideas, status, start, {}, count)
    query = board_query(form, unit)
    after = start + count
    more = ideas.filter(status=status)[after : after + 1].exists()
    context = {
        "cards": cards,
        "more_url": _more_url(query, status, after) if more else "",
        "more_label": f"Show {PER_COLUMN} more",
        "all_url": _list_url(unit, status),
        "capped": more,
        "board_value": query,
        "note_limit": NOTE_LIMIT,
    }
    return render(request, "capture/_column_cards.html", context)


def render_board(
    request: HttpRequest, raw_query: str | None, *, done: str = "", failed: dict | None = None
) -> HttpResponse:
    """The board fragment after a move made on it (htmx swaps it in place). `raw_query`
    is the board's query string; a bare number is a unit (as older pages sent it)."""
    raw_query = raw_query or ""
    data = QueryDict(f"unit={raw_query}" if raw_query.isdigit() else raw_query)
    form, unit = board_form(data, None)
    context = board_context(request.user, unit, form, failed)
    context["done"] = done
    return render(request, "capture/_board.html", context)
