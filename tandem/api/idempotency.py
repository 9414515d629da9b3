"""`Idempotency-Key`: a client that sends a POST or PATCH again after a dropped
connection gets the first answer, not a second record.

The key (any text up to 255 printable characters the client makes up, e.g. a UUID per
logical request) is reserved, the operation run and its answer stored in one
transaction. A retry with the same key and the same request is answered with the stored
answer (header `Idempotent-Replayed: true`); with the same key and another request it is
refused. Two copies sent at once: the second waits for the first's transaction (the key
is unique per person) and then gets its answer. Only successes are stored: a request
refused (4xx) changed nothing and may be sent again, corrected, with the same key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja.decorators import decorate_view

from tandem.api.auth import ApiTokenAuth
from tandem.api.errors import INVALID_INPUT, error_body, responses
from tandem.api.models import IdempotentRequest

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"


def refuse_key(request: HttpRequest, reason: str) -> None:
    """An anonymous write takes no key: the answer kept for it would be stored with the
    login (`reason` says so in the resource's words): a 400 naming the header."""
    if HEADER in request.headers:
        raise ValidationError({HEADER: reason})


def _key_problem(key: str) -> str | None:
    if not key or len(key) > 255:
        return "Give a key of 1 to 255 characters."
    if not key.isprintable() or not key.isascii():
        return "Use printable ASCII characters only (a UUID is a good key)."
    return None


def _refuse(reason: str, status: int = 400) -> JsonResponse:
    body = error_body(INVALID_INPUT, [{"field": HEADER, "reason": reason}])
    return JsonResponse(body, status=status)


def _fingerprint(request: HttpRequest) -> str:
    asked = f"{request.method} {request.get_full_path()}\n".encode() + request.body
    return hashlib.sha256(asked).hexdigest()


# For the operations' OpenAPI entries: the header they take.
OPENAPI = {
    "parameters": [
        {
            "name": HEADER,
            "in": "header",
            "required": False,
            "schema": {"type": "string", "maxLength": 255},
            "description": "A key you make up for this request (e.g. a UUID). Send the "
            "request again with the same key and it is not done twice: you get the first "
            "answer, with `Idempotent-Replayed: true`. The same key with a different "
            "request is answered 422. Keys are kept 24 hours.",
        }
    ]
}


def idempotent(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap an operation's view (ninja's `decorate_view`) to honour `Idempotency-Key`."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None:
            return run(request, *args, **kwargs)
        user = ApiTokenAuth()(request)
        if user is None:
            return run(request, *args, **kwargs)  # answered 401 as any request without a token
        problem = _key_problem(key)
        if problem:
            return _refuse(problem)
        fingerprint = _fingerprint(request)
        with transaction.atomic():
            IdempotentRequest.objects.filter(
                user=user, created_at__lt=timezone.now() - IdempotentRequest.KEEP
            ).delete()
            try:
                with transaction.atomic():
                    entry = IdempotentRequest.objects.create(
                        user=user, key=key, fingerprint=fingerprint
                    )
            except IntegrityError:
                entry = None  # sent before (or right now, and that one has committed)
            if entry is not None:
                response = run(request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    entry.status = response.status_code
                    entry.content_type = response.get("Content-Type", "")
                    entry.body = response.content
                    entry.save(update_fields=["status", "content_type", "body"])
                else:
                    transaction.set_rollback(True)  # nothing was changed; the key stays free
                return response
        earlier = IdempotentRequest.objects.filter(user=user, key=key).first()
        if earlier is None:  # it expired and was cleared in between: a new request
            return wrapper(request, *args, **kwargs)
        if earlier.fingerprint != fingerprint:
            return _refuse(
                "This key was already used for a different request; make a new key for "
                "each new request.",
                status=422,
            )
        replay = HttpResponse(
            bytes(earlier.body), status=earlier.status, content_type=earlier.content_type
        )
        replay[REPLAYED] = "true"
        return replay

    return wrapper


def change(route: Callable, path: str, ok: dict, *codes: int, url_name: str) -> Callable:
    """`@change(router.post, path, {201: Out}, 404, url_name=...)`: an operation that
    changes something, honouring `Idempotency-Key` and documenting it (the header, 422)."""

    def decorate(func: Callable) -> Callable:
        return route(
            path,
            response=responses(ok, *codes, 422),
            url_name=url_name,
            openapi_extra=OPENAPI,
        )(decorate_view(idempotent)(func))

    return decorate
