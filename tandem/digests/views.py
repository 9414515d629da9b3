"""A leader's digests in the app: the latest one, earlier ones, and the preference form.

A digest is personal: only the leader it was built for sees it; anyone else gets a 404
(the program office too: it runs the digests, it does not read leaders' mail).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tandem.digests import access, emails, services
from tandem.digests.forms import DigestPreferenceForm
from tandem.digests.models import Digest
from tandem.people.access import person_for
from tandem.reports.exports import maybe_export

EARLIER = 26


def _digest_context(request: HttpRequest, digest: Digest | None) -> dict:
    if digest is None or not digest.content.get("trend"):
        return {"digest": digest}
    context = {"digest": digest, "c": digest.content}
    if emails.trend_is_flat(digest.content):
        return {**context, "trend_flat": True}
    spec, table = emails.trend_chart(digest.content)
    return {**context, "chart_spec": spec, "chart_table": table}


def _home(request: HttpRequest, form: DigestPreferenceForm | None = None, status: int = 200):
    me = access.digest_reader(request.user)
    context: dict = {"me": person_for(request.user), "is_leader": me is not None}
    if me is not None:
        built = access.readable_digests(request.user)
        digests = list(built.only("pk", "week_start", "status", "sent_at", "built_at")[:EARLIER])
        latest = built.first() if digests else None
        context.update(_digest_context(request, latest))
        context["earlier"] = digests[1:]
        context["form"] = form or DigestPreferenceForm(instance=services.preference_for(me))
        context["next_week"] = services.covered_week()
    return render(request, "digests/home.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def home(request: HttpRequest) -> HttpResponse:
    if response := _maybe_export(request):
        return response
    return _home(request)


def _maybe_export(request: HttpRequest, digest: Digest | None = None) -> HttpResponse | None:
    """The trend table's CSV/XLSX download, when asked for (links under the chart)."""
    if "export" not in request.GET:
        return None
    if digest is None and access.can_receive_digests(request.user):
        digest = access.readable_digests(request.user).first()
    if digest is None or not digest.content.get("trend"):
        raise Http404("No digest to export.")
    return maybe_export(request, [emails.trend_table(digest.content)])


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    me = access.digest_reader(request.user)
    if me is None:
        raise PermissionDenied("Digests are for leaders (supervisor and up).")
    form = DigestPreferenceForm(request.POST, instance=services.preference_for(me))
    if not form.is_valid():
        return _home(request, form, status=400)
    pref = form.save()
    if pref.enabled:
        messages.success(request, f"Your digest comes on {pref.get_weekday_display()}s.")
    else:
        messages.success(request, "Your weekly digest is turned off.")
    return redirect("digests:home")


@login_required
@require_http_methods(["GET", "HEAD"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    digest = access.get_digest_for_user(request.user, pk)
    built = access.readable_digests(request.user)
    if response := _maybe_export(request, digest):
        return response
    earlier = built.filter(week_start__lt=digest.week_start).first()
    later = built.filter(week_start__gt=digest.week_start).order_by("week_start").first()
    context = {**_digest_context(request, digest), "earlier_one": earlier, "later_one": later}
    return render(request, "digests/detail.html", context)
