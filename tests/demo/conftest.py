"""The demo hospital, seeded once for all the demo tests and rolled back after them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tandem.people.models import Person
from tests.demo.helpers import LOGIN_LINE


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker):
    """`seed_demo`'s output, once for the package (about fifteen seconds, digests included),
    inside a transaction rolled back afterwards; each test's own changes roll back too.

    Hashed with the suite's fast hasher (tests/conftest.py), which the tests check against.
    """
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def logins(seeded, db) -> dict[str, Person]:
    """The four printed logins by role."""
    found = {}
    for line in seeded.splitlines()[-4:]:
        role, email, _ = LOGIN_LINE.match(line).groups()
        found[role] = Person.objects.select_related("user", "manager").get(user__email=email)
    return found
