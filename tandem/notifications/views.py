"""My notifications: newest first, unread highlighted, opening one marks it read;
and my own choice of whether they reach me by email too."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tandem.notifications.models import EmailChoice, Notification
from tandem.people.access import person_for


def _mine(request: HttpRequest):
    me = person_for(request.user)
    return Notification.objects.filter(recipient=me) if me else Notification.objects.none()


def _list_page(request: HttpRequest, *, status: int = 200, email_error: str = "") -> HttpResponse:
    me = person_for(request.user)
    page = Paginator(_mine(request), settings.TANDEM_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "has_person": me is not None, "email_error": email_error}
    if me is not None:
        context["email"] = {
            "on": EmailChoice.is_on_for(me),
            "chosen": EmailChoice.chosen_by(me) is not None,
            "address": me.email,
        }
    return render(request, "notifications/list.html", context, status=status)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


# What the "Email me my notifications" form may send, and what each means.
EMAIL_VALUES = {"on": True, "off": False}


@login_required
@require_POST
def email_choice(request: HttpRequest) -> HttpResponse:
    """Turn email of my own notifications on or off (only ever the logged-in person's)."""
    me = person_for(request.user)
    if me is None:
        raise PermissionDenied("Your login is not linked to a person, so it has no notifications.")
    by_email = EMAIL_VALUES.get(request.POST.get("by_email", ""))
    if by_email is None:
        return _list_page(request, status=400, email_error="Choose on or off, then save.")
    EmailChoice.objects.choose(me, by_email, actor=request.user)
    if not by_email:
        messages.success(request, "Saved: your notifications stay here in Tandem, not by email.")
    elif me.email:
        messages.success(request, f"Saved: your notifications will be emailed to {me.email} too.")
    else:
        messages.success(
            request,
            "Saved, but your record has no email address, so no email can reach you yet. "
            "Ask your program office to add one.",
        )
    return redirect("notifications:list")


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
