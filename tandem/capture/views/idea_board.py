"""My unit's idea board: a column per status, and moving a card is one action."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from tandem.capture import access
from tandem.capture.filters import BoardForm
from tandem.capture.models import Idea, IdeaStatus
from tandem.people.access import person_for
from tandem.people.models import OrgUnit, User

COLUMNS = [IdeaStatus.PROPOSED, IdeaStatus.TRYING, IdeaStatus.IMPLEMENTED, IdeaStatus.PARKED]
PER_COLUMN = 50


def board_context(
    user: User, unit: OrgUnit | None, form: BoardForm, failed: dict[int, Form] | None = None
) -> dict:
    """The columns of the board for a unit's subtree (all visible ideas when unit is None)."""
    failed = failed or {}
    ideas = access.visible_ideas(user)
    if unit is not None:
        ideas = ideas.filter(unit__path__startswith=unit.path)
    counts = dict(ideas.order_by().values_list("status").annotate(n=Count("pk")))
    columns = []
    everything: list[Idea] = []
    for status in COLUMNS:
        cards = list(
            ideas.filter(status=status)
            .select_related("unit")
            .prefetch_related("authors", "blocks")
            .order_by("-status_changed_at", "-pk")[:PER_COLUMN]
        )
        everything += cards
        query = {"status": status.value, **({"unit": unit.pk} if unit else {})}
        columns.append(
            {
                "status": status.value,
                "label": status.label,
                "cards": cards,
                "total": counts.get(status.value, 0),
                "all_url": f"{reverse('capture:idea_list')}?{urlencode(query)}",
            }
        )
    movable = access.movable_idea_ids(user, everything)
    for card in everything:
        allowed = card.allowed_transitions() if card.pk in movable else ()
        card.moves = [(s, IdeaStatus(s).label) for s in allowed if s != IdeaStatus.IMPLEMENTED]
        card.can_implement = IdeaStatus.IMPLEMENTED in allowed
        card.error_form = failed.get(card.pk)
    return {
        "columns": columns,
        "unit": unit,
        "form": form,
        "board_value": unit.pk if unit else "",
        "per_column": PER_COLUMN,
    }


@login_required
def board(request: HttpRequest) -> HttpResponse:
    me = person_for(request.user)
    default = me.unit if me else None
    if "unit" in request.GET:
        form = BoardForm(request.GET)
        unit = form.cleaned_data["unit"] if form.is_valid() else default
    else:
        form = BoardForm(initial={"unit": default})
        unit = default
    context = board_context(request.user, unit, form)
    return render(request, "capture/board.html", context)


def render_board(
    request: HttpRequest, raw_unit: str | None, *, done: str = "", failed: dict | None = None
) -> HttpResponse:
    """The board fragment after a move made on it (htmx swaps it in place)."""
    form = BoardForm({"unit": raw_unit or ""})
    unit = form.cleaned_data["unit"] if form.is_valid() else None
    context = board_context(request.user, unit, form, failed)
    context["done"] = done
    return render(request, "capture/_board.html", context)
