"""The leader-responsibility 360, through its pages and services: the program office
opens a round, a supervisor chooses peers and their manager approves them, everyone
asked rates once, and after the close the supervisor alone reads a report in which a
group below its minimum is dropped, never merged; sharing what they heard becomes a
commitment their team reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tandem.assessments import leaders
from tandem.assessments.models import Feedback360, Group, Rated, Rater, Responsibility, Review
from tandem.people.models import Level
from tandem.programs.models import Commitment
from tandem.voice.models import Heard
from tests.factories import make_person

pytestmark = pytest.mark.django_db

R = Responsibility


def all_scores(score, **overrides):
    found = dict.fromkeys(R.values, score)
    found.update(overrides)
    return found


@pytest.fixture
def world(team, program_office):
    """Sid (supervisor of Ward 4B) leads Fay, Cal and Nia; Maria is his manager; three
    supervisors elsewhere are his peers."""
    nia = make_person("Nia Nurse", unit=team["frontline"].unit, manager=team["supervisor"])
    peers = [
        make_person(f"Peer {n}", unit=f"Harbor Health/Nursing/Ward {n}", level=Level.SUPERVISOR)
        for n in (5, 6, 7)
    ]
    plan = leaders.Plan(
        title="Leadership 360, winter",
        units=[team["frontline"].unit],
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=14),
    )
    made = leaders.save_round(program_office.user, plan)
    assert leaders.open_round(program_office.user, made) == 2  # Maria and Sid
    review = Review.objects.get(leader=team["supervisor"])
    return {**team, "nia": nia, "peers": peers, "round": made, "review": review}


def test_opening_asks_each_leader_their_manager_and_their_team(world):
    review = world["review"]
    asked = {(r.person.name, r.group) for r in review.raters.all()}
    assert asked == {
        ("Sid Super", Group.SELF),
        ("Maria Manager", Group.MANAGER),
        ("Fay Front", Group.REPORT),
        ("Cal Colleague", Group.REPORT),
        ("Nia Nurse", Group.REPORT),
    }
    told = world["supervisor"].notifications.values_list("text", flat=True)
    assert any("shown to you as your manager's" in text for text in told)


def test_peers_are_chosen_by_the_leader_and_approved_by_their_manager(world, login):
    sid, maria, review = world["supervisor"], world["manager"], world["review"]
    with pytest.raises(ValidationError) as too_few:
        leaders.choose_peers(sid, review, world["peers"][:2])
    assert "Choose at least 3 peers" in str(too_few.value)
    with pytest.raises(ValidationError) as own_team:
        leaders.choose_peers(sid, review, [*world["peers"][:2], world["frontline"]])
    assert "Already asked as yourself, your manager or your team: Fay Front." in str(own_team.value)
    assert not review.raters.filter(group=Group.PEER).exists()

    page = login(sid).post(
        f"/assessments/leaders/review/{review.pk}/peers/",
        {"peers": [p.pk for p in world["peers"]]},
    )
    assert page.status_code == 302
    assert review.raters.filter(group=Group.PEER, approved=False).count() == 3
    with pytest.raises(PermissionDenied):
        leaders.approve_peers(sid, review, [p.pk for p in world["peers"]])
    approved = login(maria).post(
        f"/assessments/leaders/review/{review.pk}/peers/",
        {"keep": [p.pk for p in world["peers"]]},
    )
    assert approved.status_code == 302
    assert review.raters.filter(group=Group.PEER, approved=True).count() == 3
    asked = world["peers"][0].notifications.values_list("text", flat=True)
    assert any("rate Sid Super as a peer" in text for text in asked)


def _rated(world, *, reports=3):
    """Everyone rates Sid: himself 5 on morale, the others 2 (a blind spot); peers 4 on
    talent, himself 2 (a hidden strength)."""
    review = world["review"]
    leaders.choose_peers(world["supervisor"], review, world["peers"])
    leaders.approve_peers(world["manager"], review, [p.pk for p in world["peers"]])
    leaders.rate(world["supervisor"], review, all_scores(3, morale=5, talent=2), "Listening.")
    leaders.rate(world["manager"], review, all_scores(3, morale=2, talent=4), "Your rounds.")
    for peer in world["peers"]:
        leaders.rate(peer, review, all_scores(3, morale=2, talent=4), "", "Ask us more.")
    for person in [world["frontline"], world["colleague"], world["nia"]][:reports]:
        leaders.rate(person, review, all_scores(3, morale=2), "Fair rotas.")
    return review


def test_the_report_flags_blind_spots_and_hidden_strengths(world):
    review = _rated(world)
    report = leaders.report(review)
    lines = {line.responsibility: line for line in report.lines}
    assert lines[R.MORALE].self_score == 5 and lines[R.MORALE].others == 2
    assert lines[R.MORALE].flag == "blind spot"
    # Talent: manager 4, peers 4, 4, 4, team 3, 3, 3 → others 3.57; self 2.
    assert lines[R.TALENT].others == 3.57 and lines[R.TALENT].flag == "hidden strength"
    assert lines[R.COMMUNICATION].flag == "" and lines[R.COMMUNICATION].gap == 0
    assert report.shown == {"self": True, "manager": True, "peer": True, "report": True}
    assert ("Peers", "Ask us more.") in report.start


def test_a_team_below_the_minimum_is_dropped_not_merged(world):
    review = _rated(world, reports=2)
    report = leaders.report(review)
    assert report.shown["report"] is False and report.counts["report"] == 2
    morale = next(line for line in report.lines if line.responsibility == R.MORALE)
    assert morale.by_group["report"] is None
    # Others: the manager and three peers only (2, 2, 2, 2); the team's two are not in it.
    talent = next(line for line in report.lines if line.responsibility == R.TALENT)
    assert talent.others == 4.0
    assert all(group != "Direct reports" for group, _ in report.keep)


def test_each_rates_once_and_bad_ratings_keep_nothing(world):
    review = world["review"]
    fay = world["frontline"]
    with pytest.raises(ValidationError) as bad:
        leaders.rate(fay, review, all_scores(3, morale=6, talent=None), "x" * 1001)
    messages = bad.value.message_dict
    assert set(messages) == {"morale", "keep"}
    incomplete = all_scores(3)
    del incomplete["systems"]
    with pytest.raises(ValidationError) as missing:
        leaders.rate(fay, review, incomplete)
    assert missing.value.message_dict == {
        "systems": ["Rate “Use of systems”, or choose “Don't know”."]
    }
    assert not Feedback360.objects.exists() and not Rated.objects.exists()
    leaders.rate(fay, review, all_scores(4))
    with pytest.raises(ValidationError):
        leaders.rate(fay, review, all_scores(4))
    assert Feedback360.objects.count() == 1
    with pytest.raises(PermissionDenied):
        leaders.rate(world["executive"], review, all_scores(4))


def test_a_rating_carries_no_name(world):
    review = world["review"]
    fay = world["frontline"]
    leaders.rate(fay, review, all_scores(4), "Kind.", "Earlier rotas.")
    answer = Feedback360.objects.get()
    values = [str(v) for v in Feedback360.objects.values().get().values()]
    assert str(fay.pk) not in values and fay.name not in " ".join(values)
    assert answer.group == Group.REPORT
    assert Rated.objects.get().key not in (str(fay.pk), fay.email)


def test_the_report_is_the_leaders_alone_once_the_round_closed(world, login, program_office):
    review = _rated(world)
    url = f"/assessments/leaders/review/{review.pk}/"
    assert login(world["supervisor"]).get(url).status_code == 403  # still open
    leaders.close_round(program_office.user, world["round"])
    assert login(world["supervisor"]).get(url).status_code == 200
    assert login(world["manager"]).get(url).status_code == 403
    assert login(world["frontline"]).get(url).status_code == 403
    assert login(program_office).get(url).status_code == 404
    html = login(world["supervisor"]).get(url).content.decode()
    assert "blind spot" in html and "hidden strength" in html


def test_sharing_what_one_heard_becomes_a_commitment_the_team_reads(world, login, program_office):
    review = _rated(world)
    leaders.close_round(program_office.user, world["round"])
    sid = login(world["supervisor"])
    sent = sid.post(
        f"/assessments/leaders/review/{review.pk}/",
        {
            "heard": "I think morale is fine; you do not.",
            "will_change": "Ask each of you what gets in the way.",
            "commitment": "Ask one person a week what gets in the way, and remove it.",
        },
    )
    assert sent.status_code == 302
    heard = Heard.objects.get(leader=world["supervisor"])
    assert heard.commitment == Commitment.objects.get(leader=world["supervisor"])
    assert heard.commitment.cadence == "monthly"
    review.refresh_from_db()
    assert review.heard == heard
    fay_page = login(world["frontline"]).get("/voice/").content.decode()
    assert "Ask each of you what gets in the way." in fay_page


def test_the_program_office_sees_progress_and_pooled_figures_only(world, login, program_office):
    _rated(world)
    office = login(program_office)
    page = office.get(f"/assessments/leaders/{world['round'].pk}/").content.decode()
    assert "Sid Super" in page and "3/3" in page  # peers rated / asked
    leaders.close_round(program_office.user, world["round"])
    pooled = leaders.pooled(world["round"])
    # One leader of two has others' ratings: fewer than the minimum of leaders (3).
    assert all(p.others_mean is None for p in pooled)
    assert Rater.objects.filter(review__round=world["round"]).count() > 0
