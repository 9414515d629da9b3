"""Service actions and stories: their pages and edit forms (simpler than ideas: no workflow),
and the edit page ideas share with them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.capture import access, services
from tandem.capture.forms import ActionForm, StoryForm
from tandem.capture.models import Record, ServiceAction, Story
from tandem.lib.errors import add_to_form


def _with_related(record: Record, *also: str) -> Record:
    model = type(record)
    return (
        model.objects.select_related("unit", "created_by", *also)
        .prefetch_related("people", "blocks")
        .get(pk=record.pk)
    )


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = _with_related(access.get_action_for_user(request.user, pk), "idea")
    context = {"action": action, "may_edit": access.can_edit_record(request.user, action)}
    return render(request, "capture/action_detail.html", context)


@login_required
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = _with_related(access.get_story_for_user(request.user, pk))
    context = {"story": story, "may_edit": access.can_edit_record(request.user, story)}
    return render(request, "capture/story_detail.html", context)


def edit_record(
    request: HttpRequest, record: Record, form_class: type[forms.ModelForm], what: str
) -> HttpResponse:
    """The edit page of an idea, action or story, saved through services.update_record
    (atomic and audited); `record` is one the user may change. Back to its page after."""
    url = record.get_absolute_url()
    status = 200
    if request.method == "POST":
        # The form works on a copy so the service can audit the values before the change.
        form = form_class(request.POST, instance=type(record).objects.get(pk=record.pk))
        if form.is_valid():
            changes = {f: v for f, v in form.cleaned_data.items() if f != "blocks"}
            try:
                services.update_record(
                    request.user, record, changes, blocks=form.cleaned_data["blocks"]
                )
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, f"{what.capitalize()} saved.")
                return redirect(url)
        status = 400
    else:
        form = form_class(instance=record)
    context = {"form": form, "record": record, "what": what, "cancel": url}
    return render(request, "capture/record_edit.html", context, status=status)


@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action: ServiceAction = access.get_action_for_user(request.user, pk, write=True)
    return edit_record(request, action, ActionForm, "service action")


@login_required
def story_edit(request: HttpRequest, pk: int) -> HttpResponse:
    story: Story = access.get_story_for_user(request.user, pk, write=True)
    return edit_record(request, story, StoryForm, "story")
