"""What production serving relies on: the health check, hashed static files, JSON logs."""

from __future__ import annotations

import json
import logging
import logging.config

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings

from tandem.home import views

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_without_a_login_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_health_check_says_503_when_the_database_does_not_answer(client, monkeypatch):
    class Broken:
        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr(views, "connection", Broken())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}


def test_static_files_are_collected_under_hashed_names_the_pages_link_to(
    client, tmp_path, login, team
):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        manifest = json.loads((tmp_path / "staticfiles.json").read_text())
        hashed = manifest["paths"]["css/app.css"]
        assert hashed != "css/app.css" and hashed.startswith("css/app.")
        assert (tmp_path / hashed).exists() and (tmp_path / f"{hashed}.gz").exists()
        page = login(team["frontline"]).get("/").text
    assert f"/static/{hashed}" in page


def test_log_format_json_writes_one_json_object_a_line(capsys):
    from django.conf import settings

    config = json.loads(json.dumps(settings.LOGGING))  # a copy
    config["handlers"]["console"]["formatter"] = "json"
    logging.config.dictConfig(config)
    try:
        logging.getLogger("tandem.test").warning("Digest sent", extra={"digest": 7})
        line = capsys.readouterr().err.strip().splitlines()[-1]
    finally:
        logging.config.dictConfig(settings.LOGGING)
    record = json.loads(line)
    assert record["level"] == "WARNING" and record["logger"] == "tandem.test"
    assert record["message"] == "Digest sent" and record["digest"] == 7
    assert "time" in record
