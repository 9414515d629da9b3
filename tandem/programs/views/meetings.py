"""Leadership meetings: the list with the service-first and inclusion figures, the form
that records one, and a meeting's page where its notes go to the affected teams (who
respond on the initiative the notes become, tandem.voice). Counting:
programs/services/meetings.py; distribution: programs/services/responses.py; who may do
what: access.can_record_meeting and programs/access.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tandem.lib.errors import add_to_form, messages_by_field
from tandem.people.access import is_leader, person_for
from tandem.programs import access
from tandem.programs.forms.meetings import MeetingForm
from tandem.programs.models import Meeting
from tandem.programs.services import meetings as service
from tandem.programs.services import responses as responding

PAGE_SIZE = 20


def _require_member(request: HttpRequest):
    if not access.can_view_meetings(request.user):
        raise PermissionDenied("Only people of the organization see meetings.")
    return person_for(request.user)


@login_required
def meetings(request: HttpRequest) -> HttpResponse:
    me = _require_member(request)
    shown = access.visible_meetings(request.user)
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
        "service_first": (
            service.service_first_figures(me, leader=is_leader(request.user)) if me else None
        ),
        "inclusion": service.inclusion_by_unit(shown),
        "may_record": access.recordable_units(request.user).exists(),
    }
    return render(request, "programs/meetings.html", context)


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    """Record a meeting. Everything is checked by the service first; on any problem its
    messages are shown next to the fields and nothing is saved."""
    units = access.recordable_units(request.user)
    if not units.exists():
        raise PermissionDenied("Only leaders and the program office record meetings.")
    me = person_for(request.user)
    people = access.meeting_people(request.user)
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
                add_to_form(form, error, unplaced=form.items_errors)
            else:
                messages.success(
                    request, f"Meeting of {meeting.unit.name} on {meeting.date} saved."
                )
                return redirect("programs:meetings")
        status = 400
    else:
        initial = {"date": timezone.localdate()}
        if me is not None:
            initial.update(chair=me.pk, unit=me.unit_id if is_leader(request.user) else None)
        form = MeetingForm(initial=initial, units=units, people=people)
    return render(request, "programs/meeting_new.html", {"form": form}, status=status)


# --- one meeting: distribution and responses -------------------------------------------


def _detail(request: HttpRequest, meeting: Meeting, status: int = 200, **extra) -> HttpResponse:
    """The meeting page; `extra` carries a failed form's messages and what was typed."""
    flags: dict[int, list] = {}
    for item, unit in service.excluded(meeting):
        flags.setdefault(item.pk, []).append(unit)
    items = list(meeting.items.prefetch_related("affects"))
    context = {
        "meeting": meeting,
        "attendees": meeting.attendees.select_related("unit").order_by("name"),
        "items": [(item, flags.get(item.pk, [])) for item in items],
        "agenda": items,
        "affected_units": responding.affected_units(meeting),
        "sent_to": responding.distribution_count(meeting),
        "may_distribute": access.can_distribute_meeting(request.user, meeting),
        "distribute_errors": [],
        **extra,
    }
    return render(request, "programs/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_meeting_for_user(request.user, pk))


@login_required
@require_POST
def meeting_distribute(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, pk)
    if not access.can_distribute_meeting(request.user, meeting):
        raise PermissionDenied("Only the chair or the program office distributes a meeting.")
    already = meeting.distributed_at is not None
    try:
        sent = responding.distribute_meeting(request.user, meeting)
    except ValidationError as error:
        messages_ = [m for ms in messages_by_field(error).values() for m in ms]
        return _detail(request, meeting, status=400, distribute_errors=messages_)
    if already:
        messages.info(request, "This meeting was already distributed; nobody was told twice.")
    else:
        messages.success(request, f"Sent to {sent} {'person' if sent == 1 else 'people'}.")
    return redirect("programs:meeting_detail", pk=meeting.pk)
