"""`manage.py create_api_token EMAIL [--name NAME]`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tandem.people.models import ApiToken, User
from tests.api.conftest import ApiCaller
from tests.factories import make_person


def run(*args) -> list[str]:
    out = StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_last_line_is_a_token_that_authenticates(client, team):
    lines = run(team["manager"].email.upper(), "--name", "Nightly export")
    raw = lines[-1]
    assert raw.startswith("tdm_") and " " not in raw
    token = ApiToken.objects.get(user=team["manager"].user)
    assert token.name == "Nightly export"
    assert ApiToken.authenticate(raw) == team["manager"].user
    assert ApiCaller(client, raw).get("/ideas").status_code == 200


def test_person_without_login_gets_one_without_a_usable_password(client, db):
    person = make_person("Nina Nologin", login=False, email="Nina@Harbor.example")
    raw = run("nina@harbor.example")[-1]
    person.refresh_from_db()
    assert person.user is not None
    assert person.user.email == "nina@harbor.example"
    assert not person.user.has_usable_password()
    assert ApiCaller(client, raw).get("/people").status_code == 200


def test_default_token_name(team):
    run(team["frontline"].email)
    assert ApiToken.objects.get(user=team["frontline"].user).name == "Command line"


def test_unknown_email_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No person has the email ghost@harbor.example"):
        run("ghost@harbor.example")
    assert not ApiToken.objects.exists()


def test_inactive_person_is_refused(db):
    make_person("Gone Gary", email="gary@harbor.example", active=False, login=False)
    with pytest.raises(CommandError, match="is not active"):
        run("gary@harbor.example")
    assert not User.objects.filter(email="gary@harbor.example").exists()
    assert not ApiToken.objects.exists()
