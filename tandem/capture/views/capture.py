"""Quick capture: one phone-sized page that logs an idea, a service action or a story."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.vary import vary_on_headers

from tandem.capture import access, services
from tandem.capture.forms import (
    MAIN_FIELDS,
    ActionCaptureForm,
    IdeaCaptureForm,
    StoryCaptureForm,
)
from tandem.capture.models import Record
from tandem.lib.errors import add_to_form
from tandem.people.access import person_for

KINDS = {
    "idea": {
        "form": IdeaCaptureForm,
        "label": "Idea",
        "tab": "Idea",
        "done": "Idea logged — you'll be told when it moves.",
        "detail": "capture:idea_detail",
    },
    "action": {
        "form": ActionCaptureForm,
        "label": "Service action",
        "tab": "Action",
        "done": "Service action logged — thank you.",
        "detail": "capture:action_detail",
    },
    "story": {
        "form": StoryCaptureForm,
        "label": "Story",
        "tab": "Story",
        "done": "Story logged — thank you for sharing it.",
        "detail": "capture:story_detail",
    },
}


# Which of MAIN_FIELDS takes the focus on arrival: the first text box (a story's kind
# is a set of radio buttons above it).
AUTOFOCUS = {"idea": 0, "action": 0, "story": 1}


def save_capture(request: HttpRequest, form) -> Record | None:
    """Credit, then create the record through the service; errors land on the form."""
    try:
        people, unit = services.resolve_credit(request.user, list(form.cleaned_data["people"]))
        record = form.save(commit=False)
        record.unit = unit
        return services.create_record(
            request.user,
            record,
            people,
            form.cleaned_data.get("blocks") or (),
            created_by=person_for(request.user),
        )
    except ValidationError as error:
        add_to_form(form, error)
        return None


@login_required
@vary_on_headers("HX-Request")
def quick_capture(request: HttpRequest) -> HttpResponse:
    # What is being logged comes from the query string (?kind=idea|action|story): a
    # story's own form has a field called "kind" too.
    kind = request.GET.get("kind", "idea")
    kind = kind if kind in KINDS else "idea"
    spec = KINDS[kind]
    can_log = access.can_log(request.user)
    form = None
    status = 200
    if not can_log:
        status = 403 if request.method == "POST" else 200
    elif request.method == "POST":
        form = spec["form"](request.POST, user=request.user)
        record = save_capture(request, form) if form.is_valid() else None
        if record is not None:
            url = reverse(spec["detail"], args=[record.pk])
            messages.success(request, format_html('{} <a href="{}">See it</a>', spec["done"], url))
            return redirect(f"{reverse('capture:quick_capture')}?kind={kind}")
        status = 400
    else:
        form = spec["form"](user=request.user)
        # Ready to type on arrival, unless a confirmation is shown: then the message
        # list takes the focus, so that it is read out first.
        if not len(messages.get_messages(request)):
            form.fields[MAIN_FIELDS[kind][AUTOFOCUS[kind]]].widget.attrs["autofocus"] = True
    context = {
        "kind": kind,
        "kind_label": spec["label"],
        "kinds": [(key, value["tab"]) for key, value in KINDS.items()],
        "form": form,
        "can_log": can_log,
        "main_fields": MAIN_FIELDS[kind],
        "more_open": bool(
            form is not None
            and form.errors
            and any(f not in MAIN_FIELDS[kind] and f != "people" for f in form.errors)
        ),
    }
    if request.htmx and request.method == "GET":
        return render(request, "capture/_capture_form.html", context, status=status)
    return render(request, "capture/quick_capture.html", context, status=status)
