"""The audit trail, for the program office: who changed what, with before and after."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from tandem.audit.models import AuditEntry
from tandem.people import access

# Where an audited object can be opened, by its model label.
DETAIL_URLS = {
    "capture.Idea": "capture:idea_detail",
    "capture.ServiceAction": "capture:action_detail",
    "capture.Story": "capture:story_detail",
}


class AuditFilterForm(forms.Form):
    object_type = forms.ChoiceField(required=False, label="Object type")
    actor = forms.CharField(
        required=False, max_length=200, label="Actor", help_text="Part of their email address."
    )

    def __init__(self, data=None) -> None:
        super().__init__(data)
        types = AuditEntry.objects.order_by("object_type").values_list("object_type", flat=True)
        choices = [(t, t) for t in types.distinct() if t]
        self.fields["object_type"].choices = [("", "Any type"), *choices]


def change_rows(changes: dict[str, Any]) -> list[dict[str, Any]]:
    """Each changed field as before → after; extra values (a note, a comment) as they are."""
    rows = []
    for field, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            rows.append({"field": field, "before": value[0], "after": value[1], "change": True})
        else:
            rows.append({"field": field, "after": value, "change": False})
    return rows


def _object_url(entry: AuditEntry) -> str:
    name = DETAIL_URLS.get(entry.object_type)
    if not name or not entry.object_id.isdigit():
        return ""
    try:
        return reverse(name, args=[int(entry.object_id)])
    except NoReverseMatch:
        return ""


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not access.can_read_audit(request.user):
        raise PermissionDenied("Only the program office reads the audit trail.")
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.all()
    if form.is_bound and form.is_valid():
        if form.cleaned_data["object_type"]:
            entries = entries.filter(object_type=form.cleaned_data["object_type"])
        if form.cleaned_data["actor"]:
            entries = entries.filter(actor_label__icontains=form.cleaned_data["actor"])
    page = Paginator(entries, settings.TANDEM_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for entry in page.object_list:
        entry.rows = change_rows(entry.changes or {})
        entry.url = _object_url(entry)
    return render(request, "people/audit.html", {"form": form, "page": page})
