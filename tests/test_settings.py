"""Settings come from the environment; the documented production values pass --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The production environment documented in the README.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3Jm0-very-long-random-production-secret-for-the-deploy-check-only-9f2",
    "ALLOWED_HOSTS": "tandem.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://tandem.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "EMAIL_BACKEND": "smtp",
    "EMAIL_HOST": "smtp.example.org",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={k: v for k, v in {**os.environ, **env}.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_documented_production_settings(tmp_path):
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_with_the_local_defaults(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "TANDEM_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stdout + result.stderr


def test_database_url_accepts_an_absolute_sqlite_path(tmp_path):
    db = tmp_path / "scratch.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{db}", "TANDEM_VAR_DIR": str(tmp_path)}
    result = manage("migrate", "--noinput", "-v0", env=env)
    assert result.returncode == 0, result.stderr
    assert db.exists() and db.stat().st_size > 0


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/wal.sqlite3", "TANDEM_VAR_DIR": str(tmp_path)}
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
        "c.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    result = manage("shell", "-v0", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    mode, timeout_ms = result.stdout.split()
    assert mode == "wal"
    assert int(timeout_ms) >= 5000


def _database_options(tmp_path, **env: str) -> str:
    code = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))"
    result = manage("shell", "-c", code, env={"TANDEM_VAR_DIR": str(tmp_path), **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_postgresql_connections_get_the_session_settings(tmp_path):
    url = "postgres://tandem@db.example.org:5432/tandem"
    assert "'options': '-c jit=off -c random_page_cost=1.1'" in _database_options(
        tmp_path, DATABASE_URL=url
    )
    assert "'options': '-c work_mem=64MB'" in _database_options(
        tmp_path, DATABASE_URL=url, PG_SESSION_SETTINGS="work_mem=64MB"
    )
    assert "options" not in _database_options(tmp_path, DATABASE_URL=url, PG_SESSION_SETTINGS="")
    sqlite = _database_options(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert "jit" not in sqlite and "journal_mode=WAL" in sqlite
