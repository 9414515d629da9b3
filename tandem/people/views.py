"""The program office's people pages: import the org chart, invite people to log in."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tandem.people import access, pickers
from tandem.people.forms import ImportForm, InviteForm
from tandem.people.importer import COLUMNS, EXAMPLE_ROW, import_people
from tandem.people.models import Person
from tandem.people.services import invite_person

INVITE_LIST_SIZE = 25


def _require_people_manager(request: HttpRequest) -> None:
    if not access.can_manage_people(request.user):
        raise PermissionDenied("Only the program office manages people.")


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    _require_people_manager(request)
    report = None
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = import_people(
                form.cleaned_data["file"].read(),
                deactivate_missing=form.cleaned_data["deactivate_missing"],
                actor=request.user,
            )
            status = 200 if report.ok else 400
        else:
            status = 400
    else:
        form = ImportForm()
    context = {
        "form": form,
        "report": report,
        "header": ",".join(COLUMNS),
        "example_row": EXAMPLE_ROW,
    }
    return render(request, "people/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def invite_view(request: HttpRequest) -> HttpResponse:
    _require_people_manager(request)
    status = 200
    if request.method == "POST":
        form = InviteForm(request.POST)
        if form.is_valid():
            person = form.cleaned_data["person"]
            try:
                user = invite_person(request.user, person, request)
            except ValidationError as exc:  # invited by someone else in the meantime
                form.add_error("person", exc)
            except (smtplib.SMTPException, OSError) as exc:
                form.add_error(
                    None, f"The invitation email could not be sent ({exc}); nothing was created."
                )
            else:
                messages.success(request, f"Invitation sent to {person.name} at {user.email}.")
                return redirect("people:invite")
        status = 400
    else:
        form = InviteForm()
    query = request.GET.get("q", "").strip()
    waiting = Person.objects.active().filter(user__isnull=True).exclude(email="")
    if query:
        waiting = waiting.filter(
            Q(name__icontains=query) | Q(employee_id__icontains=query) | Q(email__icontains=query)
        )
    context = {
        "form": form,
        "query": query,
        "waiting": waiting.select_related("unit")[:INVITE_LIST_SIZE],
        "waiting_count": waiting.count(),
    }
    return render(request, "people/invite.html", context, status=status)


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a login locked out from this address (429), in words."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "account/locked_out.html", context, status=429)


@login_required
@require_http_methods(["GET"])
def pick(request: HttpRequest, source: str) -> HttpResponse:
    """The options of a picker (tandem.people.pickers) matching what was typed: the chosen
    values kept first (several-value pickers), then the first matches, as `<option>`s."""
    found = pickers.SOURCES.get(source)
    if found is None:
        raise Http404("No such picker.")
    field = request.GET.get("field", "")
    text = request.GET.get(f"{field}_find", "")[:100].strip()
    multiple = bool(request.GET.get("multiple"))
    # What is chosen stays chosen (and first) until another value is picked: typing only
    # offers more, so a search never silently changes the value.
    allowed = found.queryset(request.user)
    kept = pickers.chosen(allowed, found.value_field, request.GET.getlist(field))
    kept_values = {getattr(obj, found.value_field) for obj in kept}
    matches = pickers.find(found, request.user, text) if text else []
    more = len(matches) > pickers.MAX_OPTIONS
    context = {
        "empty": "" if multiple else request.GET.get("empty", "")[:100],
        "multiple": multiple,
        "kept": [(getattr(o, found.value_field), found.label(o)) for o in kept],
        "matches": [
            (getattr(o, found.value_field), found.label(o))
            for o in matches[: pickers.MAX_OPTIONS]
            if getattr(o, found.value_field) not in kept_values
        ],
        "more": more,
        "text": text,
        "noun": found.noun,
    }
    return render(request, "people/widgets/picker_options.html", context)
