import os
from datetime import datetime

import pytest
import time_machine

from tests import factories

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_addoption(parser):
    parser.addoption(
        "--today",
        metavar="YYYY-MM-DD",
        help="run every test as if it were 10:00 (UTC) on this day: rules that depend on "
        "the day of the week (anonymous words batched by the week) meet every weekday",
    )


@pytest.fixture(autouse=True)
def _today(request):
    day = request.config.getoption("--today")
    if not day:
        yield
        return
    with time_machine.travel(datetime.fromisoformat(f"{day}T10:00:00+00:00"), tick=True):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: figures kept for the day (a past range's
    participants) must not carry over from another test's data."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def team(db):
    return factories.make_team()


@pytest.fixture
def outsider(db):
    """Someone in a different part of the organization, with no link to the team."""
    return factories.make_person("Olly Outsider", unit="Harbor Health/Finance/Payroll")


@pytest.fixture
def program_office(db):
    return factories.make_program_office()


@pytest.fixture
def login(client):
    def _login(person):
        client.force_login(person.user)
        return client

    return _login


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashers are slow by design; the suite creates hundreds of logins."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def export_folder(settings, tmp_path):
    """Downloads of whole lists are written to a folder of the test's own."""
    settings.TANDEM_EXPORT_DIR = tmp_path / "exports"
    return settings.TANDEM_EXPORT_DIR
