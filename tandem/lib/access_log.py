"""gunicorn's access log without the leading-up and assessment pages and API: a line per
POST to /voice/, /api/v1/feedback, /api/v1/initiatives or the assessments would record
when someone sent anonymous feedback, an anonymous response or their ratings, and from
where (`make serve` uses it)."""

from __future__ import annotations

from gunicorn.glogging import Logger

UNLOGGED_PREFIXES = (
    "/voice/",
    "/api/v1/feedback",
    "/api/v1/initiatives",
    "/assessments/",
    "/api/v1/assessments",
)


class AccessLog(Logger):
    def access(self, resp, req, environ, request_time) -> None:
        if environ.get("PATH_INFO", "").startswith(UNLOGGED_PREFIXES):
            return
        super().access(resp, req, environ, request_time)
