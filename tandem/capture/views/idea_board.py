"""My unit's idea board: a column per status, and moving a card is one action.

At the size Tandem is built for a column can hold hundreds of thousands of ideas: each
shows its count (exact up to COUNT_LIMIT, "more than" beyond) and its newest PER_COLUMN
cards, with "show more" loading the next ones in place; parked ideas start folded.
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
from tandem.capture.models import Idea, IdeaStatus
from tandem.people.access import person_for
from tandem.people.models import OrgUnit, User, in_subtree

COLUMNS = [IdeaStatus.PROPOSED, IdeaStatus.TRYING, IdeaStatus.IMPLEMENTED, IdeaStatus.PARKED]
FOLDED = {IdeaStatus.PARKED}
PER_COLUMN = 12
# A column counts its ideas up to 200 ("more than 200" beyond): PostgreSQL then walks the
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


def _cards(user: User, ideas, status: str, start: int, failed: dict[int, Form]) -> list[Idea]:
    """PER_COLUMN cards of a column from `start`, newest move first, with what the user
    may do to each."""
    cards = list(
        ideas.filter(status=status)
        .prefetch_related("unit", "authors", "blocks")  # no join: see feeds.py
        .order_by("-status_changed_at", "-pk")[start : start + PER_COLUMN]
    )
    movable = access.movable_idea_ids(user, cards)
    for card in cards:
        allowed = card.allowed_transitions() if card.pk in movable else ()
        card.moves = [(s, IdeaStatus(s).label) for s in allowed if s != IdeaStatus.IMPLEMENTED]
        card.can_implement = IdeaStatus.IMPLEMENTED in allowed
        card.error_form = failed.get(card.pk)
    return cards


def _more_url(query: str, status: str, start: int) -> str:
    return (
        f"{reverse('capture:board_column')}?{query}&{urlencode({'status': status, 'start': start})}"
    )


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
        columns.append(
            {
                "status": status.value,
                "label": status.label,
                "cards": _cards(user, ideas, status, 0, failed),
                "total": min(total, COUNT_LIMIT),
                "capped": total > COUNT_LIMIT,
                "folded": status in FOLDED,
                "more_url": _more_url(query, status, PER_COLUMN) if total > PER_COLUMN else "",
                "all_url": _list_url(unit, status),
            }
        )
    return {"columns": columns, "unit": unit, "form": form, "board_value": query}


@login_required
def board(request: HttpRequest) -> HttpResponse:
    me = person_for(request.user)
    form, unit = board_form(request.GET, me.unit if me else None)
    context = board_context(request.user, unit, form)
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
    ideas = _ideas(request.user, form, unit)
    cards = _cards(request.user, ideas, status, start, {})
    query = board_query(form, unit)
    after = start + PER_COLUMN
    more = ideas.filter(status=status)[after : after + 1].exists()
    context = {
        "cards": cards,
        "more_url": _more_url(query, status, after) if more else "",
        "all_url": _list_url(unit, status),
        "board_value": query,
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
