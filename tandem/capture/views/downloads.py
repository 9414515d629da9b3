"""Downloads of whole record lists: ask for one from a list, see them being prepared,
download one's own (tandem.capture.exports writes them in the worker)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.capture import access, exports
from tandem.capture.models import RecordExport
from tandem.reports.exports import FORMATS


@login_required
@require_POST
def export_new(request: HttpRequest) -> HttpResponse:
    """Queue a download of the list `kind` under the filters `query`; a refusal is a 400
    naming the reason (an htmx-free form posts here, so the page says it plainly)."""
    try:
        exports.request_export(
            request.user,
            request.POST.get("kind", ""),
            request.POST.get("format", ""),
            request.POST.get("query", ""),
        )
    except exports.ExportRefused as refused:
        context = {"reason": str(refused)}
        return render(request, "capture/export_refused.html", context, status=400)
    messages.success(
        request,
        "Your download is being prepared. It appears here, and in your notifications, "
        "when it is ready.",
    )
    return redirect("capture:export_list")


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    """My downloads of the last days, newest first; the list refreshes itself while one
    is being prepared (htmx asks for the list alone)."""
    mine = list(access.own_exports(request.user)[:50])
    context = {
        "exports": mine,
        "pending": any(e.pending for e in mine),
        "keep_days": settings.TANDEM_EXPORT_KEEP_DAYS,
    }
    template = "capture/_export_rows.html" if request.htmx else "capture/export_list.html"
    return render(request, template, context)


@login_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file of one of my downloads (anyone else's is a 404: not even its existence)."""
    export: RecordExport = access.get_export_for_user(request.user, pk)
    path = exports.path_of(export)
    if path is None:
        raise Http404("This download is not ready, or it has been deleted; ask for it again.")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=exports.download_name(export),
        content_type=FORMATS[export.fmt],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
