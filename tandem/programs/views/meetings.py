"""Leadership meetings: the list with the service-first and inclusion figures, and the
form that records one. Counting: programs/services/meetings.py; who may record:
access.can_record_meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tandem.people import access
from tandem.programs.forms_leaders import MeetingForm, add_service_errors
from tandem.programs.services import meetings as service
from tandem.programs.services.queries_leaders import (
    meeting_people,
    meetings_for,
    recordable_units,
)

PAGE_SIZE = 20


def _require_member(request: HttpRequest):
    me = access.person_for(request.user)
    if me is None and not access.is_program_office(request.user):
        raise PermissionDenied("Only people of the organization see meetings.")
    return me


@login_required
def meetings(request: HttpRequest) -> HttpResponse:
    me = _require_member(request)
    shown = meetings_for(request.user)
    page = Paginator(
        shown.select_related("unit", "chair").prefetch_related("items__affects", "attendees"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    rows = []
    for meeting in page:
        flagged = service.excluded(meeting)
        flags = {}
        for item, unit in flagged:
            flags.setdefault(item.pk, []).append(unit)
        items = [(item, flags.get(item.pk, [])) for item in meeting.items.all()]
        rows.append({"meeting": meeting, "items": items, "flagged": len(flagged)})
    context = {
        "page": page,
        "rows": rows,
        "unit_share": service.unit_service_first(me.unit, subtree=True) if me else None,
        "leader_share": service.leader_service_first(me) if me and me.is_leader else None,
        "inclusion": service.inclusion_by_unit(shown),
        "may_record": recordable_units(request.user).exists(),
    }
    return render(request, "programs/meetings.html", context)


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    """Record a meeting. Everything is checked by the service first; on any problem its
    messages are shown next to the fields and nothing is saved."""
    units = recordable_units(request.user)
    if not units.exists():
        raise PermissionDenied("Only leaders and the program office record meetings.")
    me = access.person_for(request.user)
    people = meeting_people(request.user)
    status = 200
    if request.method == "POST":
        form = MeetingForm(request.POST, units=units, people=people)
        if form.is_valid():
            data = form.cleaned_data
            unit = data["unit"]
            if unit is not None and not access.can_record_meeting(request.user, unit):
                raise PermissionDenied("You may not record meetings of that unit.")
            try:
                meeting = service.record_meeting(
                    request.user,
                    date=data["date"],
                    unit=unit,
                    chair=data["chair"],
                    attendees=data["attendees"],
                    items=form.agenda(),
                    notes=data["notes"],
                    created_by=me,
                )
            except ValidationError as error:
                add_service_errors(form, error, elsewhere="items")
            else:
                messages.success(
                    request, f"Meeting of {meeting.unit.name} on {meeting.date} saved."
                )
                return redirect("programs:meetings")
        status = 400
    else:
        initial = {"date": timezone.localdate()}
        if me is not None:
            initial.update(chair=me.pk, unit=me.unit_id if me.is_leader else None)
        form = MeetingForm(initial=initial, units=units, people=people)
    return render(request, "programs/meeting_new.html", {"form": form}, status=status)
