"""Login throttling (django-axes): wrong passwords lock one account from one address,
in the database every web process shares; nobody can lock a person out from elsewhere."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(client: Client, email: str, password: str, address: str):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def fay(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return make_person("Fay Front", email="fay@harbor.example")


def test_a_correct_password_signs_in(client, fay):
    response = attempt(client, "fay@harbor.example", PASSWORD, "10.0.0.1")
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_passwords_lock_the_account_from_that_address_with_a_clear_message(client, fay):
    for _ in range(2):
        assert attempt(client, "fay@harbor.example", "wrong", "10.0.0.1").status_code == 200
    locked = attempt(client, "fay@harbor.example", "wrong", "10.0.0.1")
    assert locked.status_code == 429
    assert "After 3 wrong passwords in a row, this account cannot sign in from" in locked.text
    # The right password is refused from there too, while the lock lasts.
    again = attempt(Client(), "fay@harbor.example", PASSWORD, "10.0.0.1")
    assert again.status_code == 429


def test_nobody_can_lock_a_person_out_from_elsewhere(client, fay):
    for _ in range(5):
        attempt(Client(), "fay@harbor.example", "wrong", "203.0.113.9")
    response = attempt(client, "fay@harbor.example", PASSWORD, "10.0.0.1")
    assert response.status_code == 302


def test_failures_for_one_account_do_not_lock_another_from_the_same_address(client, fay):
    make_person("Cal Colleague", email="cal@harbor.example")
    for _ in range(5):
        attempt(Client(), "fay@harbor.example", "wrong", "10.0.0.1")
    response = attempt(client, "cal@harbor.example", PASSWORD, "10.0.0.1")
    assert response.status_code == 302


def test_the_count_is_kept_in_the_database_not_in_one_process(fay):
    from axes.models import AccessAttempt

    for _ in range(2):
        attempt(Client(), "FAY@harbor.example ", "wrong", "10.0.0.1")
    row = AccessAttempt.objects.get()
    assert (row.username, row.ip_address, row.failures_since_start) == (
        "fay@harbor.example",
        "10.0.0.1",
        2,
    )


def test_behind_a_trusted_proxy_the_address_it_saw_counts(client, fay, settings):
    """One proxy appends the client's address to X-Forwarded-For; what the client wrote
    there itself is not believed."""
    settings.TRUSTED_PROXY_COUNT = 1
    for spoofed in ("1.2.3.4", "5.6.7.8", "9.9.9.9"):
        client.post(
            LOGIN,
            {"login": "fay@harbor.example", "password": "wrong"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR=f"{spoofed}, 198.51.100.7",
        )
    locked = Client().post(
        LOGIN,
        {"login": "fay@harbor.example", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert locked.status_code == 429
    # Another client behind the same proxy signs in.
    other = Client().post(
        LOGIN,
        {"login": "fay@harbor.example", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR="192.0.2.44",
    )
    assert other.status_code == 302


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored(client, fay):
    for n in range(3):
        Client().post(
            LOGIN,
            {"login": "fay@harbor.example", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert attempt(client, "fay@harbor.example", PASSWORD, "10.0.0.1").status_code == 429
