"""My notifications: newest first, unread highlighted, opening one marks it read."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tandem.notifications.models import Notification
from tandem.people.access import person_for


def _mine(request: HttpRequest):
    me = person_for(request.user)
    return Notification.objects.filter(recipient=me) if me else Notification.objects.none()


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(_mine(request), settings.TANDEM_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "has_person": person_for(request.user) is not None}
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = _mine(request).unread().update(read_at=timezone.now())
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("notifications:list")


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    _mine(request).filter(pk=pk, read_at__isnull=True).update(read_at=timezone.now())
    if not _mine(request).filter(pk=pk).exists():
        raise Http404("No such notification.")
    return redirect("notifications:list")


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to what it is about."""
    note = get_object_or_404(_mine(request), pk=pk)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:list")
