"""gunicorn's access log without the feedback pages and API: a line per POST to /voice/
or /api/v1/feedback would record when someone sent anonymous feedback, and from where
(`make serve` uses it)."""

from __future__ import annotations

from gunicorn.glogging import Logger

UNLOGGED_PREFIXES = ("/voice/", "/api/v1/feedback")


class AccessLog(Logger):
    def access(self, resp, req, environ, request_time) -> None:
        if environ.get("PATH_INFO", "").startswith(UNLOGGED_PREFIXES):
            return
        super().access(resp, req, environ, request_time)
