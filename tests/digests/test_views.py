"""The digest pages: a leader sees only their own digests; the preference form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from tandem.capture.models import StoryKind
from tandem.digests import services
from tandem.digests.models import Digest, DigestPreference, Weekday
from tandem.indicators import rebuild
from tests.digests.helpers import WEEK_START
from tests.factories import make_person, story_on

pytestmark = pytest.mark.django_db

WEEK = services.week_of(WEEK_START)
HOME = reverse("digests:home")
PREFS = reverse("digests:preferences")


@pytest.fixture
def built(team):
    story_on(
        WEEK_START + timedelta(days=1),
        team["frontline"],
        kind=StoryKind.CUSTOMER_COMPLIMENT,
        customer_words="The night team was wonderful.",
    )
    rebuild.rebuild_indicators()
    digest = services.ensure_row(team["manager"], WEEK)
    services.deliver(digest.pk)
    digest.refresh_from_db()
    return digest


ROLES = ["manager", "supervisor", "executive", "frontline", "outsider", "program_office"]


@pytest.mark.parametrize("role", ROLES)
def test_a_digest_is_seen_only_by_its_leader(role, built, team, outsider, program_office, client):
    person = {"outsider": outsider, "program_office": program_office}.get(role) or team[role]
    client.force_login(person.user)
    response = client.get(built.get_absolute_url())
    if role == "manager":
        assert response.status_code == 200
        assert "The night team was wonderful." in response.content.decode()
    else:
        assert response.status_code == 404


def test_anonymous_people_are_sent_to_log_in(built, client):
    for url in (HOME, built.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(PREFS, {"enabled": "on", "weekday": 1}).status_code == 302


def test_home_shows_the_latest_digest_with_reasons_and_chart(built, team, client):
    client.force_login(team["manager"].user)
    page = client.get(HOME).content.decode()
    assert "Latest: week of 2 Nov 2026" in page
    assert "The night team was wonderful." in page
    assert "In the customer&#x27;s own words" in page
    assert "Show as table" in page or "<table" in page  # the chart's accessible table view
    assert 'name="weekday"' in page


def test_a_quiet_teams_digest_says_so_instead_of_charting_zeros(team, client):
    rebuild.rebuild_indicators()
    digest = services.ensure_row(team["manager"], WEEK)  # nothing logged in 12 weeks
    services.deliver(digest.pk)
    client.force_login(team["manager"].user)
    page = client.get(digest.get_absolute_url()).content.decode()
    assert "Nothing was logged here in the last 12 weeks" in page
    assert "vega" not in page.lower() and "Show as table" not in page


def test_earlier_digests_are_listed_and_linked(built, team, client):
    newer = services.ensure_row(team["manager"], services.week_of(WEEK_START + timedelta(days=7)))
    services.deliver(newer.pk)
    client.force_login(team["manager"].user)
    page = client.get(HOME).content.decode()
    assert "Latest: week of 9 Nov 2026" in page
    assert reverse("digests:detail", args=[built.pk]) in page
    detail = client.get(built.get_absolute_url()).content.decode()
    assert reverse("digests:detail", args=[newer.pk]) in detail  # "next week" link


def test_empty_states(team, client, db):
    client.force_login(team["manager"].user)
    assert "No digest yet." in client.get(HOME).content.decode()
    client.force_login(team["frontline"].user)
    assert "goes to leaders" in client.get(HOME).content.decode()
    from tandem.people.models import User

    login_only = User.objects.create_user("loose@harbor.example", "long-enough-pass-1")
    client.force_login(login_only)
    assert "not linked to a person" in client.get(HOME).content.decode()


def test_a_leader_chooses_the_day(team, client):
    client.force_login(team["manager"].user)
    response = client.post(PREFS, {"enabled": "on", "weekday": Weekday.THURSDAY})
    assert response.status_code == 302
    pref = DigestPreference.objects.get(person=team["manager"])
    assert pref.enabled and pref.weekday == Weekday.THURSDAY
    assert "Thursdays" in client.get(HOME).content.decode()


def test_a_leader_turns_it_off(team, client):
    client.force_login(team["manager"].user)
    client.post(PREFS, {"weekday": Weekday.MONDAY})  # an unticked box is not sent
    assert DigestPreference.objects.get(person=team["manager"]).enabled is False
    assert team["manager"] not in services.recipients(WEEK.end + timedelta(days=1))


def test_a_bad_weekday_is_refused_naming_the_field(team, client):
    client.force_login(team["manager"].user)
    response = client.post(PREFS, {"enabled": "on", "weekday": "9"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not DigestPreference.objects.exists()


@pytest.mark.parametrize("role", ["frontline", "outsider"])
def test_non_leaders_may_not_set_preferences(role, team, outsider, client):
    person = outsider if role == "outsider" else team[role]
    client.force_login(person.user)
    assert client.post(PREFS, {"enabled": "on", "weekday": 1}).status_code == 403
    assert not DigestPreference.objects.exists()


def test_trend_table_exports_as_csv(built, team, client):
    client.force_login(team["manager"].user)
    response = client.get(built.get_absolute_url(), {"export": "digest-trend", "format": "csv"})
    assert response.status_code == 200
    lines = response.getvalue().decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Week,Ideas created")
    assert len(lines) == 1 + services.TREND_WEEKS
    bad = client.get(built.get_absolute_url(), {"export": "nope", "format": "csv"})
    assert bad.status_code == 400


def test_someone_elses_digest_cannot_be_exported(built, team, client):
    other = make_person("Other Leader", unit=team["manager"].unit, level="manager")
    client.force_login(other.user)
    response = client.get(built.get_absolute_url(), {"export": "digest-trend", "format": "csv"})
    assert response.status_code == 404
    assert Digest.objects.count() == 1
