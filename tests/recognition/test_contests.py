"""Contests (issue 16 §2): the program office runs one; implemented ideas enter with a
measured before and after, nominated by an author, their manager or the program office;
each judge scores alone, never an entry they are an author of or manage; the average and
spread show after; winners are recognized. Bad input changes nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tandem.capture.models import Idea
from tandem.notifications.models import Notification
from tandem.people.models import Level
from tandem.recognition import contests
from tandem.recognition.models import (
    Contest,
    ContestStatus,
    Entry,
    EntryStatus,
    Judged,
    Recognition,
    Score,
    Source,
)
from tests.factories import make_idea, make_person

pytestmark = pytest.mark.django_db

EVIDENCE = contests.Evidence("Call-backs per week", Decimal("40"), Decimal("12"), "Phone log.")


@pytest.fixture
def world(team, program_office):
    today = timezone.localdate()
    judge = make_person("Jo Judge", unit="Harbor Health/Quality", level=Level.MANAGER)
    plan = contests.Plan(
        title="Fewer call-backs",
        theme="Ideas that spare families a second call.",
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=10),
        prizes="Lunch with the board.",
        judges=[judge, team["manager"]],
    )
    contest = contests.save_contest(program_office.user, plan)
    contests.move(program_office.user, contest, ContestStatus.OPEN)
    idea = make_idea(team["frontline"], title="Call families at 11", status="implemented")
    return {**team, "office": program_office, "judge": judge, "contest": contest, "idea": idea}


def test_the_default_rubric_weighs_a_measured_improvement_most(world):
    criteria = list(world["contest"].criteria.values_list("name", "weight"))
    assert criteria[0] == ("Measured improvement", 40)
    assert sum(weight for _, weight in criteria) == 100


def test_a_rubric_not_adding_up_and_bad_dates_keep_nothing(program_office):
    today = timezone.localdate()
    plan = contests.Plan(
        title="",
        opens_on=today,
        closes_on=today - timedelta(days=1),
        rubric=[("Measured", "", 50), ("Impact", "", 30)],
    )
    with pytest.raises(ValidationError) as refused:
        contests.save_contest(program_office.user, plan)
    assert refused.value.message_dict == {
        "title": ["Give the contest a title."],
        "closes_on": ["The last day for entries comes after the first."],
        "rubric": ["The criteria's weights add up to 80%, not 100%."],
    }
    assert not Contest.objects.exists()


def test_only_the_program_office_runs_a_contest(world):
    with pytest.raises(PermissionDenied):
        contests.move(world["manager"].user, world["contest"], ContestStatus.JUDGING)
    with pytest.raises(ValidationError) as wrong:
        contests.move(world["office"].user, world["contest"], ContestStatus.OPEN)
    assert "cannot go to open" in str(wrong.value)


def test_an_author_or_their_manager_enters_an_implemented_idea_with_evidence(world):
    entry = contests.nominate(world["supervisor"].user, world["contest"], world["idea"], EVIDENCE)
    assert entry.nominated_by == world["supervisor"] and entry.change == Decimal("-28")
    told = Notification.objects.filter(recipient=world["frontline"]).values_list("text", flat=True)
    assert list(told) == ["Your idea “Call families at 11” entered the contest “Fewer call-backs”."]
    with pytest.raises(ValidationError) as twice:
        contests.nominate(world["frontline"].user, world["contest"], world["idea"], EVIDENCE)
    assert twice.value.message_dict == {"idea": ["This idea has entered already."]}
    with pytest.raises(PermissionDenied):  # a colleague is neither author nor manager
        other = make_idea(world["supervisor"], title="Other", status="implemented")
        contests.nominate(world["colleague"].user, world["contest"], other, EVIDENCE)


@pytest.mark.parametrize(
    ("setup", "field", "message"),
    [
        ({"status": "trying"}, "idea", "Only an implemented idea can enter: this one is trying."),
        ({"private": True}, "idea", "A private idea cannot enter"),
        ({"measure": ""}, "measure", "Say what was measured"),
        ({"before": None}, "before", "Give the figure before the change."),
        ({"closed": True}, "contest", "The contest is not taking entries now."),
    ],
)
def test_entries_refused_keep_nothing(world, setup, field, message):
    idea = make_idea(
        world["frontline"],
        title="Another",
        status=setup.get("status", "implemented"),
        private=setup.get("private", False),
    )
    evidence = contests.Evidence(
        setup.get("measure", "Waits"), setup.get("before", Decimal(5)), Decimal(3)
    )
    if setup.get("closed"):
        Contest.objects.filter(pk=world["contest"].pk).update(
            closes_on=timezone.localdate() - timedelta(days=1)
        )
        world["contest"].refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        contests.nominate(world["frontline"].user, world["contest"], idea, evidence)
    assert message in refused.value.message_dict[field][0]
    assert not Entry.objects.exists()


def test_judges_score_alone_once_and_never_their_own_peoples_entry(world, login):
    contest, office = world["contest"], world["office"]
    entry = contests.nominate(world["frontline"].user, contest, world["idea"], EVIDENCE)
    contests.move(office.user, contest, ContestStatus.JUDGING)
    criteria = list(contest.criteria.all())
    scores = {c.pk: 5 for c in criteria}
    # Maria is up Fay's reporting line: she may not score Fay's idea.
    with pytest.raises(PermissionDenied) as manager:
        contests.score(world["manager"].user, entry, scores)
    assert "up its authors' reporting line" in str(manager.value)
    assert (
        login(world["manager"])
        .get(f"/recognition/contests/{contest.pk}/entries/{entry.pk}/score/")
        .status_code
        == 403
    )
    with pytest.raises(ValidationError) as missing:
        contests.score(world["judge"].user, entry, {criteria[0].pk: 5, criteria[1].pk: 9})
    assert set(missing.value.message_dict) == {f"c{c.pk}" for c in criteria[1:]}
    assert not Score.objects.exists()
    # Before scoring, the judge does not see the others'; the program office does.
    contests.score(world["judge"].user, entry, {c.pk: 4 for c in criteria})
    with pytest.raises(ValidationError) as twice:
        contests.score(world["judge"].user, entry, scores)
    assert "scored this entry already" in str(twice.value)
    assert Judged.objects.count() == 1 and Score.objects.count() == len(criteria)
    [result] = contests.results(contest)
    assert result.totals == [80.0] and result.mean == 80.0 and result.spread == (80.0, 80.0)


def test_results_show_after_ones_own_score_and_winners_are_recognized(world, login):
    contest, office = world["contest"], world["office"]
    second_judge = make_person("Kim Judge", unit="Harbor Health/Quality", level=Level.MANAGER)
    contest.judges.add(second_judge)
    entry = contests.nominate(world["frontline"].user, contest, world["idea"], EVIDENCE)
    contests.move(office.user, contest, ContestStatus.JUDGING)
    criteria = list(contest.criteria.all())
    contests.score(world["judge"].user, entry, {c.pk: 5 for c in criteria})
    url = f"/recognition/contests/{contest.pk}/"
    assert "Score 100.0" not in login(second_judge).get(url).content.decode()  # alone
    assert "Score 100.0" in login(office).get(url).content.decode()
    contests.score(second_judge.user, entry, {c.pk: 3 for c in criteria})
    assert "Score 80.0</strong> of 100 from 2 judges (from 60.0 to 100.0)" in (
        login(second_judge).get(url).content.decode()
    )
    sent = login(office).post(f"{url}announce/", {f"place_{entry.pk}": "1"})
    assert sent.status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WINNER and entry.place == 1
    recognition = Recognition.objects.get(source=Source.CONTEST)
    assert list(recognition.people.all()) == [world["frontline"]]
    assert recognition.from_whom == "the contest “Fewer call-backs”"
    page = login(world["colleague"]).get(url).content.decode()
    assert "Winners" in page and "First:" in page and "Call families at 11" in page
    assert "Score 80.0" in page  # closed: everyone sees the results


def test_announcing_needs_a_winner_among_the_entries(world):
    contest, office = world["contest"], world["office"]
    entry = contests.nominate(world["frontline"].user, contest, world["idea"], EVIDENCE)
    with pytest.raises(ValidationError):  # not judging yet
        contests.announce(office.user, contest, {entry.pk: 1})
    contests.move(office.user, contest, ContestStatus.JUDGING)
    with pytest.raises(ValidationError) as none:
        contests.announce(office.user, contest, {})
    assert none.value.message_dict == {"places": ["Pick at least one winner."]}
    with pytest.raises(ValidationError):
        contests.announce(office.user, contest, {entry.pk + 99: 1})
    assert not Recognition.objects.exists()
    assert Contest.objects.get(pk=contest.pk).status == ContestStatus.JUDGING


def test_the_pages_of_a_contest(world, login):
    contest = world["contest"]
    fay = login(world["frontline"])
    page = fay.get(f"/recognition/contests/{contest.pk}/").content.decode()
    assert "Fewer call-backs" in page and "Measured improvement 40%" in page
    assert "Enter an implemented idea" in page
    form = fay.get(f"/recognition/contests/{contest.pk}/enter/")
    offered = form.context["form"].fields["idea"].queryset
    assert [i.title for i in offered] == ["Call families at 11"]
    refused = fay.post(
        f"/recognition/contests/{contest.pk}/enter/",
        {"idea": world["idea"].pk, "measure": "", "before": "x", "after": "3"},
    )
    assert refused.status_code == 400 and not Entry.objects.exists()
    sent = fay.post(
        f"/recognition/contests/{contest.pk}/enter/",
        {"idea": world["idea"].pk, "measure": "Call-backs", "before": "40", "after": "12"},
    )
    assert sent.status_code == 302 and Entry.objects.count() == 1
    assert "Call-backs:</strong> 40 → 12" in fay.get(sent["Location"]).content.decode()
    draft = contests.save_contest(
        world["office"].user,
        contests.Plan(title="Draft", opens_on=contest.opens_on, closes_on=contest.closes_on),
    )
    assert fay.get(f"/recognition/contests/{draft.pk}/").status_code == 404
    assert fay.get("/recognition/contests/new/").status_code == 403


def test_a_program_office_judge_sees_no_score_before_their_own(world, login):
    contest, office = world["contest"], world["office"]
    contest.judges.add(office)
    entry = contests.nominate(world["frontline"].user, contest, world["idea"], EVIDENCE)
    contests.move(office.user, contest, ContestStatus.JUDGING)
    criteria = list(contest.criteria.all())
    contests.score(world["judge"].user, entry, {c.pk: 5 for c in criteria})
    url = f"/recognition/contests/{contest.pk}/"
    assert "Score 100.0" not in login(office).get(url).content.decode()
    contests.score(office.user, entry, {c.pk: 3 for c in criteria})
    assert "Score 80.0" in login(office).get(url).content.decode()


def test_editing_a_scored_contest_keeps_its_rubric(world, login):
    contest, office = world["contest"], world["office"]
    entry = contests.nominate(world["frontline"].user, contest, world["idea"], EVIDENCE)
    contests.move(office.user, contest, ContestStatus.JUDGING)
    contests.score(world["judge"].user, entry, {c.pk: 4 for c in contest.criteria.all()})
    page = login(office).get(f"/recognition/contests/{contest.pk}/edit/")
    data = {k: v for k, v in page.context["form"].initial.items() if v not in (None, [])}
    data["blocks"] = []
    data["judges"] = [p.pk for p in contest.judges.all()]
    data.update({f"weight_{n}": c.weight for n, c in enumerate(contest.criteria.all())})
    data["prizes"] = "Lunch with the board, and a plaque."
    saved = login(office).post(f"/recognition/contests/{contest.pk}/edit/", data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    contest.refresh_from_db()
    assert contest.prizes == "Lunch with the board, and a plaque."
    assert Score.objects.count() == contest.criteria.count()  # nothing scored was lost


def test_an_entry_made_private_later_leaves_the_contest_page(world, login):
    contests.nominate(world["frontline"].user, world["contest"], world["idea"], EVIDENCE)
    Idea.objects.filter(pk=world["idea"].pk).update(private=True)
    url = f"/recognition/contests/{world['contest'].pk}/"
    assert "Call families at 11" not in login(world["colleague"]).get(url).content.decode()
    assert "Call families at 11" in login(world["office"]).get(url).content.decode()


def test_the_program_office_reads_the_judges_notes(world, login):
    contest, office = world["contest"], world["office"]
    entry = contests.nominate(world["frontline"].user, contest, world["idea"], EVIDENCE)
    contests.move(office.user, contest, ContestStatus.JUDGING)
    scores = {c.pk: 4 for c in contest.criteria.all()}
    contests.score(world["judge"].user, entry, scores, "Ask for the phone log's weeks.")
    url = f"/recognition/contests/{contest.pk}/"
    assert "Ask for the phone log" in login(office).get(url).content.decode()
    assert "Ask for the phone log" not in login(world["frontline"]).get(url).content.decode()
