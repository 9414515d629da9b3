"""The idea list, the story feed and the action list: one filter form, paginated."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.capture import access, search
from tandem.capture.filters import NEWEST_FIRST, FilterForm, apply_filters
from tandem.capture.views.common import paginate, paginate_ranked
from tandem.people.access import person_for

# Units are prefetched, not joined: with a join in the query a database may read the
# subtree unit by unit and sort it all instead of walking the newest-first index.


def _feed(request: HttpRequest, qs: QuerySet, template: str) -> HttpResponse:
    form = FilterForm(request.GET or None, model=qs.model)
    qs = apply_filters(qs, form, person_for(request.user))
    text = form.cleaned_data.get("q", "") if form.is_bound else ""
    page = paginate_ranked(request, qs, text) if search.terms(text) else paginate(request, qs)
    context = {
        "form": form,
        "page": page,
        "filtered": form.is_bound and form.active(),
        "q": text,
        "ranked": search.RANKED,
    }
    return render(request, template, context)


@login_required
def idea_list(request: HttpRequest) -> HttpResponse:
    ideas = access.visible_ideas(request.user).prefetch_related("unit", "authors", "blocks")
    ideas = ideas.order_by(*NEWEST_FIRST[ideas.model])
    return _feed(request, ideas, "capture/idea_list.html")


@login_required
def story_list(request: HttpRequest) -> HttpResponse:
    stories = access.visible_stories(request.user).prefetch_related("unit", "people", "blocks")
    stories = stories.order_by(*NEWEST_FIRST[stories.model])
    return _feed(request, stories, "capture/story_list.html")


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    actions = access.visible_actions(request.user).prefetch_related("unit", "people", "blocks")
    actions = actions.order_by(*NEWEST_FIRST[actions.model])
    return _feed(request, actions, "capture/action_list.html")
