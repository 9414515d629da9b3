"""The commitments page as the program office reads it: the summary by unit (counted in the
database, checked here against the record of each commitment), the filters, the pages,
and who sees which leaders."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.lib import cadence as cal
from tandem.people.models import Level
from tandem.programs.models import Commitment, Rule
from tandem.programs.services import commitments as service
from tandem.programs.services.commitments import check_in, create_commitment, stop_commitment
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.django_db

LIST = "/program/commitments/"


def commit(
    leader,
    text="Recognize one frontline improvement",
    *,
    rule="sustain",
    cadence="weekly",
    weeks_ago=6,
):
    today = timezone.localdate()
    return create_commitment(
        leader.user, leader, text, rule, cadence, started_on=today - timedelta(weeks=weeks_ago)
    )


def mixed_records(leaders, seed: int = 7) -> list[Commitment]:
    """Commitments of every cadence, started on various days, with check-ins kept, not
    kept or missing, some stopped (one with a check-in after the day it was stopped)."""
    rng = random.Random(seed)
    today = timezone.localdate()
    made = []
    for n, leader in enumerate(leaders * 3):
        cadence = cal.CADENCES[n % 3]
        started = today - timedelta(days=rng.randint(0, 400))
        commitment = create_commitment(
            leader.user,
            leader,
            f"Commitment {n}",
            rng.choice(Rule.values),
            cadence,
            started_on=started,
        )
        for period in cal.periods_between(started, today, cadence):
            roll = rng.random()
            if roll < 0.45:
                check_in(leader.user, commitment, period.start, True, today=today)
            elif roll < 0.65:
                check_in(leader.user, commitment, period.start, False, today=today)
        if n % 4 == 3:
            stop_on = started + (today - started) / 2
            stop_commitment(leader.user, commitment, on=stop_on)
        made.append(commitment)
    return made


def brute_force_by_unit(commitments, today) -> dict[int, tuple[int, int, int, int, int]]:
    """Unit id -> (commitments, kept, not kept, missed, due), from each commitment's record."""
    totals: dict[int, Counter] = {}
    for commitment in commitments:
        counts = service.tally(service.commitment_record(commitment, today))
        unit = totals.setdefault(commitment.leader.unit_id, Counter())
        unit["n"] += 1
        unit.update(counts)
    return {
        unit_id: (
            c["n"],
            c[service.KEPT],
            c[service.NOT_KEPT],
            c[service.MISSED],
            c[service.PENDING],
        )
        for unit_id, c in totals.items()
    }


@pytest.fixture
def leaders(team):
    """Leaders in three units: the team's, and two wards of another department."""
    return [
        team["supervisor"],
        team["manager"],
        team["senior"],
        make_person("Ann Anaesthesia", unit="Harbor Health/Surgery/Theatre 1", level=Level.MANAGER),
        make_person("Rob Recovery", unit="Harbor Health/Surgery/Recovery", level=Level.SUPERVISOR),
    ]


def test_summary_counts_match_each_commitments_record(leaders):
    mixed_records(leaders)
    today = timezone.localdate()
    commitments = Commitment.objects.select_related("leader").prefetch_related("check_ins")
    rows, total = service.summary_by_unit(Commitment.objects.all(), today)
    found = {
        row.unit.pk: (row.commitments, row.kept, row.not_kept, row.missed, row.due) for row in rows
    }
    expected = brute_force_by_unit(commitments, today)
    assert found == expected
    assert [row.unit.path for row in rows] == sorted(row.unit.path for row in rows)
    sums = [sum(values[i] for values in expected.values()) for i in range(5)]
    assert (total.commitments, total.kept, total.not_kept, total.missed, total.due) == tuple(sums)
    assert total.missed > 0 and total.kept > 0 and total.not_kept > 0  # the data covers each state


def test_a_check_in_after_the_commitment_stopped_is_not_counted(team):
    leader = team["supervisor"]
    commitment = commit(leader, weeks_ago=4)
    today = timezone.localdate()
    last_week = cal.period_start(today, cal.WEEKLY) - timedelta(weeks=1)
    check_in(leader.user, commitment, last_week, True)
    stop_commitment(leader.user, commitment, on=commitment.started_on)
    rows, total = service.summary_by_unit(Commitment.objects.all(), today)
    record = service.tally(service.commitment_record(commitment, today))
    assert (total.kept, total.missed, total.due) == (0, record[service.MISSED], 0)


def test_summary_is_one_query_however_many_commitments(leaders, django_assert_num_queries):
    mixed_records(leaders, seed=3)
    with django_assert_num_queries(2):  # the grouped counts, then the units
        service.summary_by_unit(Commitment.objects.all())


def test_status_filters_agree_with_the_records(leaders):
    made = mixed_records(leaders, seed=11)
    today = timezone.localdate()
    everything = Commitment.objects.all()
    records = {c.pk: service.commitment_record(c, today) for c in made}
    previous = {
        cadence: cal.period_start(cal.period_start(today, cadence) - timedelta(days=1), cadence)
        for cadence in cal.CADENCES
    }

    def pks(status):
        return set(
            service.filter_commitments(everything, status=status, today=today).values_list(
                "pk", flat=True
            )
        )

    assert pks("active") == {c.pk for c in made if c.active}
    assert pks("stopped") == {c.pk for c in made if not c.active}
    assert pks("due") == {
        c.pk for c in made if records[c.pk] and records[c.pk][-1].state == service.PENDING
    }
    assert pks("missed") == {
        c.pk
        for c in made
        if any(
            r.period.start == previous[c.cadence] and r.state == service.MISSED
            for r in records[c.pk]
        )
    }
    assert pks("due") and pks("missed")  # the data covers both


def test_due_means_the_same_in_the_summary_and_the_filter(team):
    leader = team["supervisor"]
    today = timezone.localdate()
    running, stopped_now, stopped_before = (commit(leader, f"C{n}", weeks_ago=3) for n in range(3))
    stop_commitment(leader.user, stopped_now, on=today)
    stop_commitment(leader.user, stopped_before, on=today - timedelta(weeks=2))
    everything = Commitment.objects.all()
    due = service.filter_commitments(everything, status="due", today=today)
    _, total = service.summary_by_unit(everything, today)
    assert set(due) == {running, stopped_now}
    assert total.due == due.count() == 2


def test_the_list_filters_by_unit_leader_and_rule(team, leaders, program_office, login):
    ann = leaders[3]
    commit(team["supervisor"], "Sid's weekly recognition", rule="sustain")
    commit(team["manager"], "Maria's roadblocks", rule="remove_roadblocks")
    commit(ann, "Ann's theatre huddle", rule="sustain")
    client = login(program_office)
    surgery = make_unit("Harbor Health/Surgery")
    html = client.get(LIST, {"unit": surgery.pk}).content.decode()
    assert "Ann&#x27;s theatre huddle" in html and "Sid&#x27;s weekly" not in html
    html = client.get(LIST, {"leader": team["manager"].pk}).content.decode()
    assert "Maria&#x27;s roadblocks" in html and "Ann&#x27;s" not in html
    html = client.get(LIST, {"rule": "sustain"}).content.decode()
    assert "Sid&#x27;s weekly" in html and "Ann&#x27;s" in html and "Maria&#x27;s" not in html
    html = client.get(LIST, {"rule": "empower"}).content.decode()
    assert "No commitments match these filters." in html


def test_the_summary_follows_the_filters(team, leaders, program_office, login):
    commit(team["supervisor"], weeks_ago=3)
    commit(leaders[3], weeks_ago=3)
    response = login(program_office).get(LIST, {"unit": leaders[3].unit.pk})
    rows = response.context["summary"]
    assert [row.unit for row in rows] == [leaders[3].unit]
    assert response.context["total"].commitments == 1
    html = response.content.decode()
    # The unit's full path as a plain tooltip (markup in an attribute would show as text).
    assert f'title="{leaders[3].unit.full_path}"' in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"status": "sleeping"}, "Status", "“sleeping” is not a status"),
        ({"rule": "be_nice"}, "Rule", "“be_nice” is not one of the seven rules"),
        ({"unit": "abc"}, "Unit", "There is no such unit"),
        ({"unit": "999999"}, "Unit", "There is no such unit"),
        ({"leader": "999999"}, "Leader", "There is no such leader among those you see"),
    ],
)
def test_a_bad_filter_is_named_and_skipped(team, program_office, login, params, field, message):
    commit(team["supervisor"], "Sid's weekly recognition")
    response = login(program_office).get(LIST, {**params, "page": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not applied:" in html
    assert f"<li>{field}: {message}" in html
    assert "Sid&#x27;s weekly recognition" in html  # nothing else narrowed


def test_the_leader_filter_offers_only_leaders_one_may_see(team, leaders, login):
    ann = leaders[3]
    commit(ann, "Ann's theatre huddle")
    commit(team["manager"], "Maria's roadblocks")
    client = login(team["frontline"])
    html = client.get(LIST, {"leader": ann.pk}).content.decode()
    assert "There is no such leader among those you see" in html
    assert "Ann&#x27;s theatre huddle" not in html
    assert (
        "Maria&#x27;s roadblocks"
        in client.get(LIST, {"leader": team["manager"].pk}).content.decode()
    )
    found = client.get(
        "/people/pick/commitment-leaders/", {"field": "leader", "leader_find": "a"}
    ).content.decode()
    assert "Maria Manager" in found and "Ann Anaesthesia" not in found
    commit(team["supervisor"], "Sam's own")
    mine = login(team["supervisor"]).get(
        "/people/pick/commitment-leaders/", {"field": "leader", "leader_find": "a"}
    )
    assert "Maria Manager" in mine.content.decode()
    assert "Sid Super" not in mine.content.decode()  # listed apart, as the viewer's own


def test_pages_keep_the_filters(team, program_office, login, settings):
    settings.TANDEM_PAGE_SIZE = 2
    for n in range(5):
        commit(team["supervisor"], f"Weekly promise {n}")
    commit(team["manager"], "Maria's monthly", rule="measure", cadence="monthly")
    client = login(program_office)
    first = client.get(LIST, {"rule": "sustain"})
    assert [row.commitment.text for row in first.context["rows"]] == [
        "Weekly promise 0",
        "Weekly promise 1",
    ]
    html = first.content.decode()
    assert "Page 1 of 3" in html and "5 commitments match" in html
    assert 'href="?rule=sustain&amp;page=2' in html
    third = client.get(LIST, {"rule": "sustain", "page": 3})
    assert [row.commitment.text for row in third.context["rows"]] == ["Weekly promise 4"]
    assert third.context["total"].commitments == 5  # the summary counts every page
    assert client.get(LIST, {"page": "nine"}).context["page"].number == 1


def test_who_sees_which_leaders(team, leaders, program_office, outsider, login):
    ann = leaders[3]
    for person in (team["senior"], team["manager"], team["supervisor"], ann):
        commit(person, f"{person.name} promise")

    def leaders_seen(person):
        response = login(person).get(LIST)
        shown = {row.commitment.leader.name for row in response.context["rows"]}
        summed = {row.unit.name for row in response.context["summary"]}
        return shown, summed

    shown, units = leaders_seen(program_office)
    assert shown == {"Sam Senior", "Maria Manager", "Sid Super", "Ann Anaesthesia"}
    assert units == {"Harbor Health", "Ward 4B", "Theatre 1"}
    # A frontline person: their managers up the chain, never Ann in another line.
    shown, units = leaders_seen(team["frontline"])
    assert shown == {"Sam Senior", "Maria Manager", "Sid Super"}
    assert units == {"Harbor Health", "Ward 4B"}
    # The manager: their own apart, above it their leader and their team.
    shown, _ = leaders_seen(team["manager"])
    assert shown == {"Sam Senior", "Sid Super"}
    shown, units = leaders_seen(outsider)
    assert shown == set() and units == set()


def test_status_is_said_in_words_and_marks_not_only_colour(team, program_office, login):
    leader = team["supervisor"]
    commitment = commit(leader, weeks_ago=3)
    first = cal.period_start(commitment.started_on, cal.WEEKLY)
    check_in(leader.user, commitment, first, True)
    check_in(leader.user, commitment, first + timedelta(weeks=1), False)
    html = login(program_office).get(LIST).content.decode()
    assert '<span aria-hidden="true">✓</span>' in html
    assert '<span aria-hidden="true">✗</span>' in html
    assert '<span aria-hidden="true">!</span>' in html
    assert ": kept</span>" in html and ": not kept</span>" in html
    assert ": missed (no check-in)</span>" in html


def test_the_list_shows_only_the_recent_periods_of_a_long_record(team, program_office, login):
    commit(team["supervisor"], weeks_ago=40)
    html = login(program_office).get(LIST).content.decode()
    assert 'aria-label="The last 12 periods, oldest first"' in html
    assert html.count('class="rec rec-') == 12
