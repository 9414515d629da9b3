"""gunicorn's access log without the feedback pages: a line per POST to /voice/ would
record when someone sent anonymous feedback, and from where (`make serve` uses it)."""

from __future__ import annotations

from gunicorn.glogging import Logger

UNLOGGED_PREFIXES = ("/voice/",)


class AccessLog(Logger):
    def access(self, resp, req, environ, request_time) -> None:
        if environ.get("PATH_INFO", "").startswith(UNLOGGED_PREFIXES):
            return
        super().access(resp, req, environ, request_time)
