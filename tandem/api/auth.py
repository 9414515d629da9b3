"""Personal API tokens as `Authorization: Bearer <token>`."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from tandem.people.models import ApiToken, User


class ApiTokenAuth(HttpBearer):
    """Look the token up by its hash; revoked tokens and inactive logins get nobody (401)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        token = token.strip()
        if not token:
            return None
        user = ApiToken.authenticate(token)
        if user is not None:
            # Code shared with the UI reads request.user; make it the token's owner.
            request.user = user
        return user
