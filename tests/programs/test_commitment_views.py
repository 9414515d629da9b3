"""Commitment pages: the leader's own (add, check in, reword, stop), read-only for their
team and managers, 404 for outsiders, 403 for insiders who may not change them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.audit.models import AuditEntry
from tandem.lib import cadence as cal
from tandem.programs.models import CheckIn, Commitment
from tandem.programs.models.commitments import SUGGESTED_COMMITMENTS
from tandem.programs.services.commitments import check_in, create_commitment
from tests.factories import make_person

pytestmark = pytest.mark.django_db

LIST = "/program/commitments/"


def commit(leader, text="Recognize one frontline improvement every week", weeks_ago=3):
    today = timezone.localdate()
    return create_commitment(
        leader.user,
        leader,
        text,
        "sustain",
        "weekly",
        started_on=today - timedelta(weeks=weeks_ago),
    )


def this_week():
    return cal.period_start(timezone.localdate(), cal.WEEKLY)


def test_anonymous_is_sent_to_log_in(client, team):
    commitment = commit(team["supervisor"])
    for url in (LIST, f"{LIST}{commitment.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(f"{LIST}{commitment.pk}/check-in/", {"kept": "yes"})
    assert response.status_code == 302 and CheckIn.objects.count() == 0


def test_leader_sees_own_record_the_add_form_and_the_due_check_in(team, login):
    commitment = commit(team["supervisor"])
    check_in(team["supervisor"].user, commitment, this_week() - timedelta(weeks=1), True)
    html = login(team["supervisor"]).get(LIST).content.decode()
    assert "My commitments" in html and commitment.text in html
    assert "kept 1" in html and "missed 2" in html  # weeks 3 and 2 ago passed unchecked
    assert 'id="add-commitment"' in html
    assert "Check-ins due" in html and f"{LIST}{commitment.pk}/check-in/" in html


def test_leader_adds_a_suggested_commitment(team, login):
    rule, text, cadence = SUGGESTED_COMMITMENTS[2]
    response = login(team["manager"]).post(LIST, {"suggestion": "2"})
    assert response.status_code == 302 and response["Location"] == LIST
    commitment = Commitment.objects.get()
    assert (commitment.leader, commitment.text) == (team["manager"], text)
    assert (commitment.rule, commitment.cadence) == (rule, cadence)
    assert AuditEntry.objects.filter(action="created").exists()


def test_own_words_replace_the_suggestions_text(team, login):
    login(team["manager"]).post(LIST, {"suggestion": "0", "text": "Service first, every Monday"})
    commitment = Commitment.objects.get()
    assert commitment.text == "Service first, every Monday"
    assert (commitment.rule, commitment.cadence) == ("declare_priority", "weekly")


def test_commitment_without_rule_or_cadence_is_refused_with_messages(team, login):
    response = login(team["manager"]).post(LIST, {"text": "Walk the floor"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Say which rule of service leadership it serves." in html
    assert "Say how often you will check in." in html
    assert Commitment.objects.count() == 0


def test_frontline_sees_their_leaders_commitments_read_only(team, login):
    commitment = commit(team["supervisor"])
    client = login(team["frontline"])
    html = client.get(LIST).content.decode()
    assert commitment.text in html and "Sid Super" in html
    assert 'id="add-commitment"' not in html and "check-in/" not in html
    detail = client.get(f"{LIST}{commitment.pk}/").content.decode()
    assert commitment.text in detail and 'id="check-in"' not in detail
    assert client.post(LIST, {"suggestion": "0"}).status_code == 403
    assert Commitment.objects.count() == 1


def test_outsider_neither_lists_nor_opens_a_commitment(team, outsider, login):
    commitment = commit(team["supervisor"])
    client = login(outsider)
    assert commitment.text not in client.get(LIST).content.decode()
    assert client.get(f"{LIST}{commitment.pk}/").status_code == 404
    assert client.post(f"{LIST}{commitment.pk}/check-in/", {"kept": "yes"}).status_code == 404
    assert client.post(f"{LIST}{commitment.pk}/stop/").status_code == 404


@pytest.mark.parametrize("who", ["manager", "frontline", "other_leader", "program_office"])
def test_only_the_leader_changes_a_commitment(team, login, who, program_office):
    commitment = commit(team["supervisor"])
    if who == "other_leader":  # a peer supervisor under the same manager cannot see it: 404
        person = make_person(
            "Pat Peer", unit=team["supervisor"].unit, level="supervisor", manager=team["manager"]
        )
    elif who == "program_office":
        person = program_office
    else:
        person = team[who]
    client = login(person)
    expected = 404 if who == "other_leader" else 403
    data = {"period_start": this_week().isoformat(), "kept": "yes"}
    assert client.post(f"{LIST}{commitment.pk}/check-in/", data).status_code == expected
    edit = {"text": "Changed", "rule": "sustain"}
    assert client.post(f"{LIST}{commitment.pk}/edit/", edit).status_code == expected
    assert client.post(f"{LIST}{commitment.pk}/stop/").status_code == expected
    commitment.refresh_from_db()
    assert commitment.text != "Changed" and commitment.active
    assert CheckIn.objects.count() == 0
    if who != "other_leader":
        assert client.get(f"{LIST}{commitment.pk}/").status_code == 200


def test_leader_checks_in_from_the_list(team, login):
    commitment = commit(team["supervisor"])
    prefix = f"c{commitment.pk}"
    response = login(team["supervisor"]).post(
        f"{LIST}{commitment.pk}/check-in/",
        {
            "from": "list",
            f"{prefix}-period_start": this_week().isoformat(),
            f"{prefix}-kept": "no",
            f"{prefix}-reflection": "Short-staffed all week",
        },
    )
    assert response.status_code == 302 and response["Location"] == LIST
    row = CheckIn.objects.get()
    assert (row.period_start, row.kept, row.reflection) == (
        this_week(),
        False,
        "Short-staffed all week",
    )


def test_leader_fills_in_a_missed_week_and_the_team_sees_the_reflection(team, login):
    commitment = commit(team["supervisor"])
    week = this_week() - timedelta(weeks=2)
    client = login(team["supervisor"])
    response = client.post(
        f"{LIST}{commitment.pk}/check-in/",
        {"period_start": week.isoformat(), "kept": "no", "reflection": "<b>Audit week</b>"},
    )
    assert response.status_code == 302
    assert CheckIn.objects.get().period_start == week
    html = login(team["frontline"]).get(f"{LIST}{commitment.pk}/").content.decode()
    assert "&lt;b&gt;Audit week&lt;/b&gt;" in html and "<b>Audit week" not in html


def test_check_in_for_a_future_week_is_refused_and_nothing_saved(team, login):
    commitment = commit(team["supervisor"])
    future = this_week() + timedelta(weeks=1)
    response = login(team["supervisor"]).post(
        f"{LIST}{commitment.pk}/check-in/", {"period_start": future.isoformat(), "kept": "yes"}
    )
    assert response.status_code == 400
    assert "You cannot check in for a period not yet begun." in response.content.decode()
    assert CheckIn.objects.count() == 0


def test_check_in_without_an_answer_is_refused(team, login):
    commitment = commit(team["supervisor"])
    client = login(team["supervisor"])
    response = client.post(
        f"{LIST}{commitment.pk}/check-in/", {"period_start": this_week().isoformat()}
    )
    assert response.status_code == 400 and "Say whether you kept it." in response.content.decode()
    prefix = f"c{commitment.pk}"
    response = client.post(
        f"{LIST}{commitment.pk}/check-in/",
        {"from": "list", f"{prefix}-period_start": this_week().isoformat()},
        follow=True,
    )
    assert "The check-in was not saved: Say whether you kept it." in response.content.decode()
    assert CheckIn.objects.count() == 0


def test_leader_rewords_and_stops_a_commitment(team, login):
    commitment = commit(team["supervisor"])
    client = login(team["supervisor"])
    response = client.post(
        f"{LIST}{commitment.pk}/edit/", {"text": "Thank one nurse by name", "rule": "sustain"}
    )
    assert response.status_code == 302
    response = client.post(f"{LIST}{commitment.pk}/edit/", {"text": "", "rule": "sustain"})
    assert response.status_code == 400
    assert client.post(f"{LIST}{commitment.pk}/stop/").status_code == 302
    commitment.refresh_from_db()
    assert commitment.text == "Thank one nurse by name"
    assert not commitment.active and commitment.ended_on == timezone.localdate()


def test_unknown_commitment_is_404_and_get_on_a_post_url_is_405(team, login):
    client = login(team["supervisor"])
    assert client.get(f"{LIST}999999/").status_code == 404
    assert client.post(f"{LIST}999999/check-in/", {"kept": "yes"}).status_code == 404
    commitment = commit(team["supervisor"])
    assert client.get(f"{LIST}{commitment.pk}/check-in/").status_code == 405


def test_program_office_sees_every_commitment(team, program_office, login):
    commit(team["supervisor"], text="Walk <the> floor")
    html = login(program_office).get(LIST).content.decode()
    assert "Walk &lt;the&gt; floor" in html
    assert 'id="add-commitment"' in html  # the program lead is a senior leader too
