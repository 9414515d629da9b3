"""The access log of `make serve` leaves out the feedback pages and keeps the rest."""

from types import SimpleNamespace

from gunicorn.config import Config

from tandem.lib.access_log import AccessLog


def test_posts_to_the_feedback_pages_leave_no_access_line(monkeypatch):
    config = Config()
    config.set("accesslog", "-")
    log = AccessLog(config)
    written = []
    monkeypatch.setattr(log.access_log, "info", lambda *args, **kwargs: written.append(args))
    response = SimpleNamespace(status="200 OK", headers=[], sent=10, response_length=10)
    request = SimpleNamespace(headers=[], method="POST", path="/x", query="", version=(1, 1))
    for path in ("/voice/", "/voice/code/", "/api/v1/feedback", "/ideas/"):
        environ = {
            "PATH_INFO": path,
            "REQUEST_METHOD": "POST",
            "RAW_URI": path,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "203.0.113.7",
        }
        log.access(response, request, environ, SimpleNamespace(seconds=0, microseconds=1000))
    assert len(written) == 1 and "/ideas/" in str(written[0])
