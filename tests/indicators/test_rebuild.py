"""The bulk rebuild (tandem/indicators/rebuild.py) writes exactly the rows that spreading
every record's footprint to its unit and every unit above it gives: checked against that
plain record-by-record computation on a four-level organization, in several time zones,
with the idea reads and the row writes cut into tiny chunks (on PostgreSQL too: the
suite runs there when DATABASE_URL names a PostgreSQL database, and the rows then go
through COPY)."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.capture.models import (
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaTransition,
    ServiceAction,
    Story,
    StoryKind,
)
from tandem.indicators import bulk, rebuild
from tandem.indicators.definitions import local_day
from tandem.indicators.models import UnitDay, UnitHeadcount, UnitPeriod
from tandem.indicators.rollups import (
    Ancestry,
    IdeaFacts,
    dated_footprint,
    idea_facts,
    idea_footprint,
    period_starts,
    split,
)
from tandem.people.models import LEADER_LEVELS, Level, OrgUnit, Person
from tandem.recognition.models import Recognition, Source
from tests.factories import make_person

T0 = datetime(2026, 1, 20, 6, 0, tzinfo=UTC)
STATUSES = [IdeaStatus.PROPOSED, IdeaStatus.TRYING, IdeaStatus.IMPLEMENTED, IdeaStatus.PARKED]


# --- the plain computation the rebuild must agree with --------------------------------------


def rows_in_the_database() -> dict:
    return {
        "days": {(row.unit_id, row.day): (row.counts, row.hours) for row in UnitDay.objects.all()},
        "periods": {
            (row.unit_id, row.kind, row.start): (
                row.participants,
                row.engaged,
                row.recognized,
                row.recognizing,
            )
            for row in UnitPeriod.objects.all()
        },
        "heads": {row.unit_id: (row.staff, row.leaders) for row in UnitHeadcount.objects.all()},
    }


def up_the_line(responder_line: str | None, author_lines: list[str]) -> bool:
    """As the database answers it: an author's line starts with the responder's, and is longer."""
    if responder_line is None:
        return False
    return any(a.startswith(responder_line) and a > responder_line for a in author_lines)


def expected_rows() -> dict:
    """Every record's footprint spread to its unit and each unit above, and each active
    person's periods counted in their unit and above: record by record, person by person."""
    ancestry = Ancestry.everything()
    spread: dict[tuple[int, date], Counter] = defaultdict(Counter)

    def add(foot) -> None:
        for (unit_id, day), counts in foot.counts.items():
            for above in ancestry.of(unit_id):
                spread[(above, day)].update(counts)

    for facts in idea_facts(list(Idea.objects.all())).values():
        add(idea_footprint(facts))
    for record in [*ServiceAction.objects.all(), *Story.objects.all()]:
        add(dated_footprint(record, ()))
    recognitions = list(Recognition.objects.prefetch_related("people"))
    for recognition in recognitions:  # where each active person recognized is placed now
        for person in recognition.people.all():
            if person.active:
                for above in ancestry.of(person.unit_id):
                    spread[(above, recognition.date)]["recognitions"] += 1

    took: dict[int, set] = defaultdict(set)
    responded: dict[int, set] = defaultdict(set)
    for record in [*Idea.objects.all(), *ServiceAction.objects.all(), *Story.objects.all()]:
        day = local_day(record.created_at) if isinstance(record, Idea) else record.date
        credited = record.credited_people().values_list("pk", flat=True)
        for person_id in {record.created_by_id, *credited} - {None}:
            took[person_id].update(period_starts(day))
    lines = dict(Person.objects.values_list("pk", "line"))
    for idea in Idea.objects.all():
        author_lines = [lines[pk] for pk in idea.authors.values_list("pk", flat=True)]
        acts = [(m.by_id, m.at) for m in idea.transitions.all()]
        acts += [(c.author_id, c.created_at) for c in idea.comments.all()]
        for person_id, at in acts:
            if person_id is not None and up_the_line(lines[person_id], author_lines):
                responded[person_id].update(period_starts(local_day(at)))
    recognized: dict[int, set] = defaultdict(set)
    recognizing: dict[int, set] = defaultdict(set)
    for recognition in recognitions:
        for person in recognition.people.all():
            recognized[person.pk].update(period_starts(recognition.date))
        if recognition.given_by_id is not None:
            recognizing[recognition.given_by_id].update(period_starts(recognition.date))

    heads: dict[int, Counter] = defaultdict(Counter)
    periods: dict[tuple, Counter] = defaultdict(Counter)
    for person in Person.objects.active():
        leader = person.level in LEADER_LEVELS
        for above in ancestry.of(person.unit_id):
            heads[above]["staff"] += 1
            heads[above]["leaders"] += leader
            for kind, start in took[person.pk]:
                periods[(above, kind, start)]["participants"] += 1
            for kind, start in responded[person.pk] if leader else ():
                periods[(above, kind, start)]["engaged"] += 1
            for kind, start in recognized[person.pk]:
                periods[(above, kind, start)]["recognized"] += 1
            for kind, start in recognizing[person.pk] if leader else ():
                periods[(above, kind, start)]["recognizing"] += 1
    columns = ("participants", "engaged", "recognized", "recognizing")
    return {
        "days": {key: split(counts) for key, counts in spread.items()},
        "periods": {key: tuple(c[name] for name in columns) for key, c in periods.items()},
        "heads": {unit_id: (c["staff"], c["leaders"]) for unit_id, c in heads.items()},
    }


# --- an organization with a bit of everything -------------------------------------------


def build_history(seed: int) -> None:
    """Four levels of units with people placed at each, records logged at leaves and
    higher up, idea moves and comments by people up and across the line and by the
    program office (no person), inactive people, and dates around month ends."""
    rng = random.Random(seed)
    executive = make_person("Erin Exec", unit="Group", level=Level.EXECUTIVE)
    people: list[Person] = [executive]
    for d in range(2):
        head = make_person(
            f"Dee {d}", unit=f"Group/Div {d}", level=Level.SENIOR_LEADER, manager=executive
        )
        people.append(head)
        for t in range(2):
            unit = f"Group/Div {d}/Dept {t}/Team {t}"
            manager = make_person(unit=unit, level=Level.MANAGER, manager=head)
            supervisor = make_person(unit=unit, level=Level.SUPERVISOR, manager=manager)
            staff = [make_person(unit=unit, manager=supervisor) for _ in range(3)]
            people += [manager, supervisor, *staff]
    # Someone who reports to a frontline person: the latter is up the line, not a leader.
    people.append(make_person(unit="Group/Div 0/Dept 0", manager=people[-1]))
    Person.objects.filter(pk__in=[people[4].pk, people[9].pk]).update(active=False)
    units = list(OrgUnit.objects.all())

    def when(days: float) -> datetime:
        return T0 + timedelta(days=days, minutes=rng.randrange(0, 24 * 60))

    for n in range(45):
        author = rng.choice(people)
        created = when(rng.uniform(0, 70))
        idea = Idea.objects.create(
            title=f"Idea {n}",
            description="Less waiting.",
            unit=rng.choice([author.unit, *units]),
            created_by=rng.choice([author, author, None]),
            created_at=created,
            minutes_saved_per_week=rng.choice([None, 0, 30]),
            money_saved_per_year=rng.choice([None, Decimal("0.00"), Decimal("1250.55")]),
        )
        idea.authors.set(rng.sample(people, rng.choice([0, 1, 1, 2])))
        at = created
        for _ in range(rng.randrange(0, 5)):
            at += timedelta(hours=rng.uniform(-10, 150))
            IdeaTransition.objects.create(
                idea=idea,
                from_status=IdeaStatus.PROPOSED,
                to_status=rng.choice(STATUSES),
                by=rng.choice([*people, None]),
                at=at,
            )
        for _ in range(rng.randrange(0, 3)):
            IdeaComment.objects.create(
                idea=idea,
                author=rng.choice([*people, None]),
                text="Let us try it.",
                created_at=created + timedelta(hours=rng.uniform(0, 400)),
            )
    for _ in range(50):
        doer = rng.choice(people)
        model = rng.choice([ServiceAction, Story])
        fields = {"what": "Walked a visitor"} if model is ServiceAction else {}
        if model is Story:
            fields = {"what_happened": "Thanked", "kind": rng.choice(StoryKind.values)}
        record = model.objects.create(
            unit=rng.choice([doer.unit, *units]),
            created_by=rng.choice([doer, doer, None]),
            date=when(rng.uniform(0, 70)).date(),
            **fields,
        )
        record.people.set(rng.sample(people, rng.choice([0, 1, 2])))
    for n in range(40):  # recognitions of people placed at every level, some inactive
        recognition = Recognition.objects.create(
            source=rng.choice(Source.values),
            given_by=rng.choice([*people, None]),
            what=f"Thanks ({n})",
            private=rng.random() < 0.3,
            date=when(rng.uniform(-3, 72)).date(),
        )
        recognition.people.set(rng.sample(people, rng.choice([1, 1, 2, 4])))


@pytest.fixture
def tiny_chunks(monkeypatch):
    """Ideas read three at a time and rows written five at a time."""
    monkeypatch.setattr(rebuild, "IDEA_CHUNK", 3)
    monkeypatch.setattr(bulk, "WRITE_BATCH", 5)


@pytest.mark.django_db
@pytest.mark.parametrize("zone, seed", [("UTC", 1), ("America/New_York", 2), ("Asia/Kolkata", 3)])
def test_rebuild_writes_exactly_the_spread_of_every_footprint(settings, tiny_chunks, zone, seed):
    settings.TIME_ZONE = zone
    build_history(seed)
    expected = expected_rows()
    assert len(expected["days"]) > 100 and len(expected["periods"]) > 50
    assert all(any(row[n] for row in expected["periods"].values()) for n in range(4))
    assert any("recognitions" in plain for plain, _hours in expected["days"].values())
    UnitDay.objects.create(unit=OrgUnit.objects.first(), day=date(2020, 1, 1), counts={"x": 1})

    written = rebuild.rebuild_rollups()

    assert rows_in_the_database() == expected
    assert written == {
        "unit_days": len(expected["days"]),
        "unit_periods": len(expected["periods"]),
        "headcounts": len(expected["heads"]),
        "initiative_reach": 0,  # no initiative here: tests/indicators/test_leading_up*.py
        "counted_responses": 0,
    }


@pytest.mark.django_db
def test_person_history_of_some_people_is_their_part_of_everyones(settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    build_history(5)
    everyone = rebuild.person_history()
    assert set(everyone) == {"p", "r", "g", "v"}  # took part, responded, recognized, gave
    some = list(Person.objects.values_list("pk", flat=True)[:6])
    theirs = rebuild.person_history(some)
    for flag, periods in everyone.items():
        assert {pk: periods[pk] for pk in some if periods[pk]} == dict(theirs[flag]), flag
        assert periods, flag
    received = rebuild.recognitions_received(some)
    for pk in some:
        dates = Recognition.objects.filter(people=pk).values_list("date", flat=True)
        assert received.get(pk, {}) == Counter(dates)
    assert received


@pytest.mark.django_db
def test_the_nightly_command_reports_what_it_wrote():
    build_history(6)
    out = StringIO()
    call_command("rebuild_indicators", stdout=out)
    assert "Rebuilt the indicator rollups in" in out.getvalue()
    assert f"{UnitDay.objects.count()} unit days" in out.getvalue()


# --- one idea: the tuple version agrees with rollups.idea_footprint --------------------------


def random_facts(rng: random.Random) -> IdeaFacts:
    created = T0 + timedelta(minutes=rng.randrange(0, 90 * 24 * 60))
    lines = ["/1/", "/1/2/", "/1/2/3/", "/1/2/4/", "/1/5/", "/1/2/3/7/"]
    author_lines = rng.sample(lines, rng.choice([0, 1, 1, 2]))
    moves = [
        (
            rng.choice(STATUSES),
            created + timedelta(minutes=rng.randrange(-600, 30 * 24 * 60)),
            rng.choice([None, 11, 12]),
            rng.choice([None, *lines]),
        )
        for _ in range(rng.randrange(0, 6))
    ]
    if moves and rng.random() < 0.3:  # two moves at the same moment
        moves.append((rng.choice(STATUSES), rng.choice(moves)[1], 13, "/1/"))
    comments = [
        (
            created + timedelta(minutes=rng.randrange(0, 20 * 24 * 60)),
            rng.choice([None, 21]),
            rng.choice([None, *lines]),
        )
        for _ in range(rng.randrange(0, 3))
    ]
    return IdeaFacts(
        unit_id=rng.choice([1, 2]),
        created_at=created,
        created_by_id=None,
        author_ids=[],
        author_lines=author_lines,
        minutes=rng.choice([None, 0, 45]),
        money=rng.choice([None, Decimal("0.00"), Decimal("0.01"), Decimal("99.99")]),
        moves=moves,
        comments=comments,
    )


def counts_of(facts: IdeaFacts) -> dict[tuple[int, date], Counter]:
    counted: dict[tuple[int, date], Counter] = defaultdict(Counter)

    def add(unit_id: int, day: date, key: str, amount: int) -> None:
        if amount:
            counted[(unit_id, day)][key] += amount

    idea = (1, facts.unit_id, facts.created_at, facts.minutes, facts.money)
    rebuild.idea_counts(idea, facts.author_lines, facts.moves, facts.comments, local_day, add)
    return counted


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/New_York"])
def test_the_counts_of_one_idea_are_its_footprint(zone):
    rng = random.Random(zone)
    with timezone.override(zone):
        for _ in range(400):
            facts = random_facts(rng)
            assert counts_of(facts) == idea_footprint(facts).counts, facts
