"""The idea list, the story feed and the action list: one filter form, paginated."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.capture import access
from tandem.capture.filters import FilterForm, apply_filters
from tandem.capture.views.common import paginate
from tandem.people.access import person_for


def _feed(request: HttpRequest, qs: QuerySet, template: str) -> HttpResponse:
    form = FilterForm(request.GET or None, model=qs.model)
    qs = apply_filters(qs, form, person_for(request.user))
    page = paginate(request, qs)
    context = {"form": form, "page": page, "filtered": form.is_bound and form.active()}
    return render(request, template, context)


@login_required
def idea_list(request: HttpRequest) -> HttpResponse:
    ideas = access.visible_ideas(request.user).select_related("unit")
    ideas = ideas.prefetch_related("authors", "blocks").order_by("-created_at", "-pk")
    return _feed(request, ideas, "capture/idea_list.html")


@login_required
def story_list(request: HttpRequest) -> HttpResponse:
    stories = access.visible_stories(request.user).select_related("unit")
    stories = stories.prefetch_related("people", "blocks").order_by("-date", "-pk")
    return _feed(request, stories, "capture/story_list.html")


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    actions = access.visible_actions(request.user).select_related("unit")
    actions = actions.prefetch_related("people", "blocks").order_by("-date", "-pk")
    return _feed(request, actions, "capture/action_list.html")
