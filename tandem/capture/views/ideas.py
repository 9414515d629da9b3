"""One idea: its page, its edit form, its moves through the workflow and its comments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.capture import access, services
from tandem.capture.forms import CommentForm, IdeaForm, MoveForm
from tandem.capture.models import Idea, IdeaComment, IdeaStatus, IdeaTransition
from tandem.capture.views.common import safe_next
from tandem.capture.views.idea_board import render_board
from tandem.capture.views.records import edit_record
from tandem.lib.errors import add_to_form
from tandem.people.access import person_for

# Actions that put an idea into practice, shown on its page, newest first.
RELATED_ACTIONS_SHOWN = 20
# A description longer than this shows its start, the rest one tap away, so that what
# follows (the move box) stays in reach; older ideas may be far longer than today's limit.
DESCRIPTION_SHOWN = 1000


def split_long(text: str, at: int = DESCRIPTION_SHOWN) -> tuple[str, str]:
    """(what to show, the rest): cut at the last space before `at`, or at `at` when the
    text has no space there; a text not much longer than `at` is not cut at all."""
    if len(text) <= at * 1.2:
        return text, ""
    space = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at))
    cut = space if space > at // 2 else at
    return text[:cut], text[cut:].lstrip(" ")


def _idea_page(
    request: HttpRequest,
    idea: Idea,
    *,
    move_form: MoveForm | None = None,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    idea = (
        Idea.objects.select_related("unit", "created_by")
        .prefetch_related(
            "authors",
            "blocks",
            Prefetch("transitions", queryset=IdeaTransition.objects.select_related("by")),
            Prefetch("comments", queryset=IdeaComment.objects.select_related("author")),
        )
        .get(pk=idea.pk)
    )
    user = request.user
    may_move = access.can_move_idea(user, idea)
    move_form = move_form or MoveForm()
    if IdeaStatus.PARKED not in idea.allowed_transitions():
        move_form.fields["note"].help_text = "Optional: the authors are told it."
    shown, rest = split_long(idea.description)
    steps = list(idea.transitions.all())
    context = {
        "idea": idea,
        "description_shown": shown,
        "description_rest": rest,
        "parked_by": steps[-1] if steps and idea.status == IdeaStatus.PARKED else None,
        "may_edit": access.can_edit_idea(user, idea),
        "may_move": may_move and bool(idea.allowed_transitions()),
        "may_comment": access.can_comment(user, idea),
        "next_statuses": [(s, IdeaStatus(s).label) for s in idea.allowed_transitions()],
        "move_form": move_form,
        "comment_form": comment_form or CommentForm(),
    }
    # Linked actions can be private: show only those this user may see.
    # Read by the idea (its few actions), sorted here: asked to sort, a database may walk
    # every action in date order looking for this idea's.
    linked = access.visible_actions(user, idea.actions.order_by())
    newest = sorted(linked, key=lambda action: (action.date, action.pk), reverse=True)
    context["related_actions"] = newest[:RELATED_ACTIONS_SHOWN]
    context["can_implement"] = IdeaStatus.IMPLEMENTED in idea.allowed_transitions()
    return render(request, "capture/idea_detail.html", context, status=status)


@login_required
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _idea_page(request, access.get_idea_for_user(request.user, pk))


@login_required
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The author edits their idea while it is still proposed."""
    idea = access.get_idea_for_user(request.user, pk, write=True)
    return edit_record(request, idea, IdeaForm, "idea")


@login_required
@require_POST
def idea_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an idea to its next status: from its page, or in one click from the board."""
    idea = access.get_idea_to_move(request.user, pk)
    from_board = "board" in request.POST
    form = MoveForm(request.POST)
    moved = False
    done = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.transition_idea(
                request.user,
                idea,
                data["to"],
                note=data["note"],
                result=data["result"],
                minutes_saved_per_week=data["minutes_saved_per_week"],
                money_saved_per_year=data["money_saved_per_year"],
                customer_effect=data["customer_effect"],
                by=person_for(request.user),
            )
            moved = True
        except ValidationError as error:
            add_to_form(form, error)
    if moved:
        idea.refresh_from_db()
        done = f"Moved “{idea.title}” to {idea.get_status_display().lower()}."
    if from_board and request.htmx:
        # The board is swapped in place; htmx does not swap 4xx answers, so errors come with 200.
        return render_board(
            request,
            request.POST.get("board"),
            done=done,
            failed={idea.pk: form} if not moved else {},
        )
    if moved:
        messages.success(request, done)
        fallback = idea.get_absolute_url()
        return redirect(safe_next(request, request.POST.get("next")) or fallback)
    return _idea_page(request, idea, move_form=form, status=400)


@login_required
@require_POST
def idea_comment(request: HttpRequest, pk: int) -> HttpResponse:
    idea = access.get_idea_for_user(request.user, pk)
    if not access.can_comment(request.user, idea):
        raise PermissionDenied("You may not comment on this idea.")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _idea_page(request, idea, comment_form=form, status=400)
    services.comment_on_idea(
        request.user, idea, form.cleaned_data["text"], by=person_for(request.user)
    )
    messages.success(request, "Comment added; the authors have been told.")
    return redirect(f"{idea.get_absolute_url()}#comments")
