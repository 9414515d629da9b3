"""The start page asks a leader for their due commitment check-ins, one click each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.lib import cadence as cal
from tandem.programs.models import CheckIn
from tandem.programs.services.commitments import check_in, create_commitment, stop_commitment

pytestmark = pytest.mark.django_db


def commit(leader, text="Recognize one frontline improvement every week", cadence="weekly"):
    return create_commitment(
        leader.user,
        leader,
        text,
        "sustain",
        cadence,
        started_on=timezone.localdate() - timedelta(weeks=3),
    )


def this_period(cadence="weekly"):
    return cal.period_start(timezone.localdate(), cadence)


def test_leader_with_a_due_period_sees_the_card_with_kept_and_not_kept(team, login):
    commitment = commit(team["supervisor"])
    html = login(team["supervisor"]).get("/").content.decode()
    card = html[html.index("Check-ins due") :]
    assert commitment.text in card
    assert f'action="/program/commitments/{commitment.pk}/check-in/"' in card
    assert f'name="c{commitment.pk}-period_start" value="{this_period().isoformat()}"' in card
    assert f'name="c{commitment.pk}-kept" value="yes"' in card and ">Kept</button>" in card
    assert f'name="c{commitment.pk}-kept" value="no"' in card and ">Not kept</button>" in card
    assert f'href="/program/commitments/{commitment.pk}/"' in card


def test_frontline_sees_no_check_in_card(team, login):
    html = login(team["frontline"]).get("/").content.decode()
    assert "Check-ins due" not in html


def test_leader_with_nothing_due_sees_no_card(team, login):
    kept = commit(team["manager"], "Service first on my weekly meeting agenda")
    check_in(team["manager"].user, kept, this_period(), True)
    stopped = commit(team["manager"], "One back-to-the-floor day a quarter", "quarterly")
    stop_commitment(team["manager"].user, stopped)
    html = login(team["manager"]).get("/").content.decode()
    assert "Check-ins due" not in html


def test_only_my_own_due_commitments_are_listed(team, login):
    commit(team["manager"], "My manager's commitment")
    mine = commit(team["supervisor"], "My own commitment")
    html = login(team["supervisor"]).get("/").content.decode()
    card = html[html.index("Check-ins due") : html.index("My ideas")]
    assert mine.text in card and "My manager's commitment" not in card


def test_clicking_kept_records_the_check_in_and_the_card_disappears(team, login):
    commitment = commit(team["supervisor"])
    client = login(team["supervisor"])
    response = client.post(
        f"/program/commitments/{commitment.pk}/check-in/",
        {
            "from": "list",
            f"c{commitment.pk}-period_start": this_period().isoformat(),
            f"c{commitment.pk}-kept": "yes",
        },
    )
    assert response.status_code == 302
    row = CheckIn.objects.get()
    assert (row.commitment, row.period_start, row.kept) == (commitment, this_period(), True)
    assert "Check-ins due" not in client.get("/").content.decode()


def test_clicking_not_kept_records_an_honest_no(team, login):
    commitment = commit(team["supervisor"])
    login(team["supervisor"]).post(
        f"/program/commitments/{commitment.pk}/check-in/",
        {
            "from": "list",
            f"c{commitment.pk}-period_start": this_period().isoformat(),
            f"c{commitment.pk}-kept": "no",
        },
    )
    assert CheckIn.objects.get().kept is False


def test_home_queries_do_not_grow_with_the_number_of_commitments(
    team, login, django_assert_max_num_queries
):
    client = login(team["manager"])
    commit(team["manager"], "First")
    with django_assert_max_num_queries(100) as one:
        client.get("/")
    for n in range(6):
        commit(team["manager"], f"Commitment {n}", "monthly" if n % 2 else "quarterly")
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get("/").content.decode()
    assert html.count(">Kept</button>") == 7
