"""One JSON shape for every error, and the exception handlers that produce it.

Clients see `{"detail": "...", "errors": [{"field": "title", "reason": "..."}]}`:
400 for bad input (ninja's own 422 is folded into it), 401 without a valid
token, 403 when the caller may see but not change, 404 for what they may not see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from tandem.lib.errors import problems

if TYPE_CHECKING:
    from ninja import NinjaAPI

INVALID_INPUT = "Invalid input"
AUTH_HINT = "Send a valid personal API token as 'Authorization: Bearer <token>'."

# Fields a client may read but not write, and where to change them instead.
READ_ONLY_REASONS = {
    "status": "Status is not writable here; change it with the resource's own operations "
    "(ideas: POST /api/v1/ideas/{id}/transition; initiatives: POST "
    "/api/v1/initiatives/{id}/publish, /close or /rounds).",
    "result": "The result is recorded when the idea moves to implemented "
    "(POST /api/v1/ideas/{id}/transition).",
    "minutes_saved_per_week": "Impact is recorded when the idea moves to implemented "
    "(POST /api/v1/ideas/{id}/transition).",
    "money_saved_per_year": "Impact is recorded when the idea moves to implemented "
    "(POST /api/v1/ideas/{id}/transition).",
    "customer_effect": "Impact is recorded when the idea moves to implemented "
    "(POST /api/v1/ideas/{id}/transition).",
    "status_changed_at": "This field is set by the server.",
    "created_at": "This field is set by the server.",
    "id": "This field is set by the server.",
}

# Where ninja puts request data in an error location; the next item is the argument name.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


class FieldError(Schema):
    field: str | None
    reason: str


class ErrorOut(Schema):
    """An error: a summary, and for bad input one entry per field (field is null for the
    request as a whole)."""

    detail: str
    errors: list[FieldError]


def error_body(detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def _field_name(loc: tuple | list) -> str | None:
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        # A JSON body arrives wrapped in the view argument's name: drop it.
        if source == "body" and parts:
            parts.pop(0)
    name = ".".join(str(p) for p in parts)
    return name or None


def _reason(error: dict[str, Any], field: str | None) -> str:
    kind = error.get("type", "")
    message = str(error.get("msg", "Invalid value."))
    if kind == "extra_forbidden":
        last = field.rsplit(".", 1)[-1] if field else ""
        return READ_ONLY_REASONS.get(last, "Unknown field; it is not accepted here.")
    if field is None and kind in {"missing", "model_attributes_type", "dict_type", "model_type"}:
        return "Send a JSON object as the request body."
    if kind == "string_pattern_mismatch":
        return "Text must not contain NUL characters."
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return message


def field_errors_from_ninja(exc: NinjaValidationError) -> list[dict[str, Any]]:
    errors = []
    for error in exc.errors:
        field = _field_name(error.get("loc", ()))
        errors.append({"field": field, "reason": _reason(error, field)})
    return errors


def field_errors_from_django(exc: DjangoValidationError) -> list[dict[str, Any]]:
    return [{"field": field, "reason": message} for field, message in problems(exc)]


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers with ones that answer in the ErrorOut shape."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def on_ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return respond(request, 400, error_body(INVALID_INPUT, field_errors_from_ninja(exc)))

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return respond(request, 400, error_body(INVALID_INPUT, field_errors_from_django(exc)))

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, error_body(str(exc) or "Not found."))

    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, error_body(str(exc) or "You may not do this."))

    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(request, 401, error_body(AUTH_HINT))
        response["WWW-Authenticate"] = "Bearer"
        return response

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            # ninja raises this for a body that is not JSON at all.
            reason = "The request body is not valid JSON."
            return respond(
                request, 400, error_body(INVALID_INPUT, [{"field": None, "reason": reason}])
            )
        return respond(request, exc.status_code, error_body(str(exc)))

    api.add_exception_handler(NinjaValidationError, on_ninja_validation)
    api.add_exception_handler(DjangoValidationError, on_django_validation)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(AuthenticationError, on_unauthenticated)
    api.add_exception_handler(HttpError, on_http_error)


def responses(ok: dict[int, Any], *codes: int) -> dict[int, Any]:
    """`ok` plus ErrorOut for 400 and 401 (any operation may give them) and for each of
    `codes`, so the OpenAPI schema lists every status an operation can answer with."""
    result = dict(ok)
    for code in (400, 401, *codes):
        result[code] = ErrorOut
    return result
