"""gunicorn's access log without the leading-up pages and API: a line per POST to
/voice/, /api/v1/feedback or /api/v1/initiatives would record when someone sent
anonymous feedback or an anonymous response, and from where (`make serve` uses it)."""

from __future__ import annotations

from gunicorn.glogging import Logger

UNLOGGED_PREFIXES = ("/voice/", "/api/v1/feedback", "/api/v1/initiatives")


class AccessLog(Logger):
    def access(self, resp, req, environ, request_time) -> None:
        if environ.get("PATH_INFO", "").startswith(UNLOGGED_PREFIXES):
            return
        super().access(resp, req, environ, request_time)
