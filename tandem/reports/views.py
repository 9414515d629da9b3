from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from tandem.reports import bundle

ONE_YEAR = 365 * 24 * 3600


@require_GET
def vega_js(request: HttpRequest, version: str) -> HttpResponse:
    """The charting libraries as one script; the URL names the versions, so it is cached forever."""
    if version != bundle.version():
        # A page cached before an upgrade asks for the old version: send the current one.
        return HttpResponseRedirect(reverse("reports:vega_js", args=[bundle.version()]))
    built = bundle.get()
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(
        built.gzipped if accepts_gzip else built.content,
        content_type="text/javascript; charset=utf-8",
    )
    if accepts_gzip:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response
