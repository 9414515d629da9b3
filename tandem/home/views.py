"""The start page (where my ideas stand, and what waits for me as a leader) and the
health check a load balancer asks (`/healthz`)."""

from __future__ import annotations

import logging
from datetime import date

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tandem.capture import access
from tandem.capture.models import Idea, IdeaStatus, IdeaTransition
from tandem.lib import cadence as cal
from tandem.people.access import is_leader, person_for
from tandem.people.models import Person
from tandem.programs.models import Commitment
from tandem.programs.services import commitments as commitments_service
from tandem.programs.services import meetings as meetings_service

log = logging.getLogger(__name__)

MY_IDEAS_SHOWN = 10
WAITING_SHOWN = 15
WAITING_COUNTED = 200


def _check_ins_due(me: Person, today: date) -> list[tuple[Commitment, cal.Period, str]]:
    return [
        (c, period, cal.period_label(period, c.cadence))
        for c, period in commitments_service.due_check_ins(me, today)
    ]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    me = person_for(request.user)
    context: dict = {"my_ideas": [], "waiting": None, "my_counts": {}}
    if me is not None:
        steps = IdeaTransition.objects.select_related("by")
        mine = Idea.objects.filter(authors=me)
        my_ideas = list(
            mine.select_related("unit").prefetch_related(Prefetch("transitions", queryset=steps))[
                :MY_IDEAS_SHOWN
            ]
        )
        for idea in my_ideas:
            history = list(idea.transitions.all())
            idea.last_step = history[-1] if history else None
        context["my_ideas"] = my_ideas
        counts = dict(mine.order_by().values_list("status").annotate(n=Count("pk")))
        context["my_counts"] = [
            (s.label, counts[s.value]) for s in IdeaStatus if counts.get(s.value)
        ]
        context["my_total"] = sum(counts.values())
        if is_leader(request.user):
            waiting = access.ideas_waiting_for(request.user)
            context["waiting"] = list(waiting.prefetch_related("unit", "authors")[:WAITING_SHOWN])
            # Counted as far as WAITING_COUNTED: "more than" beyond (a whole organization
            # can have hundreds of thousands).
            counted = waiting.order_by()[: WAITING_COUNTED + 1].count()
            context["waiting_total"] = min(counted, WAITING_COUNTED)
            context["waiting_more"] = counted > WAITING_COUNTED
            today = timezone.localdate()
            context["check_ins_due"] = _check_ins_due(me, today)
            context["service_first"] = meetings_service.service_first_figures(
                me, leader=True, today=today
            )
    return render(request, "home/home.html", context)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer or a monitor: 200 when the database answers, 503 when not. No
    login, and nothing but the status is said."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("Health check: the database does not answer")
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
