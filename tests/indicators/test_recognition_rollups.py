"""The recognition figures (recognitions, per 100 staff, staff recognized, leaders who
recognized someone) kept in the rollups change by change, through every way a
recognition changes — given through the service, written row then people, re-dated,
its giver or people changed from either side, deleted one by one or in bulk, a customer
compliment story logged, edited and deleted — and every way a person changes (moved,
leaving, back, promoted, deleted): after each change the kept rows equal a rebuild, and
at the end the figures read from them equal compute() and a count by hand."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tandem.capture.models import Story, StoryKind
from tandem.capture.services import update_record
from tandem.indicators import figures, rebuild, rollups
from tandem.indicators.definitions import compute
from tandem.indicators.models import UnitDay, UnitPeriod
from tandem.indicators.periods import ReportPeriod
from tandem.people.models import Level, OrgUnit, Person
from tandem.recognition import services
from tandem.recognition.models import Recognition, Source
from tests.factories import make_person, make_story, make_team, make_unit
from tests.indicators.helpers import brute_force, recognition_by_hand, snapshot

pytestmark = pytest.mark.django_db

FEBRUARY = date(2026, 2, 4)
RECOGNITION_KEYS = (
    "recognitions",
    "recognitions_per_100_staff",
    "staff_recognized_share",
    "leaders_recognizing",
    "leaders_recognizing_share",
)


def periods() -> list[ReportPeriod]:
    today = timezone.localdate()
    return [
        ReportPeriod.containing("week", FEBRUARY),
        ReportPeriod.containing("month", FEBRUARY),
        ReportPeriod.containing("quarter", FEBRUARY),
        ReportPeriod.containing("week", today).so_far(),  # what the service gives is dated today
        ReportPeriod.containing("month", date(2025, 6, 1)),  # before anything
    ]


def a_day(rng: random.Random) -> date:
    """Mostly in February 2026, so periods share people; a few around it."""
    return FEBRUARY + timedelta(days=rng.choice([-30, -9, -3, -2, -1, 0, 0, 1, 2, 5, 12, 40]))


def assert_kept_equals_a_rebuild(step: str) -> None:
    kept = snapshot()
    rebuild.rebuild_rollups()
    assert snapshot() == kept, step


def assert_figures_equal_the_raw_count() -> int:
    checked = 0
    for unit in OrgUnit.objects.all():
        for period in periods():
            kept = figures.summary(unit, period)
            assert kept == compute(unit, period.start, period.end), (unit.full_path, period)
            by_hand = recognition_by_hand(unit, period.start, period.end)
            assert {key: kept[key] for key in RECOGNITION_KEYS} == by_hand, (unit.full_path, period)
            checked += 1
    return checked


@pytest.fixture
def org(db):
    teams = [
        make_team("Harbor Health/Nursing/Ward 4B"),
        make_team("Harbor Health/Nursing/Ward 5A"),
    ]
    make_person("Pat Payroll", unit="Harbor Health/Finance/Payroll")
    make_unit("Harbor Health/Quiet Corner")
    return teams


class Steps:
    """Random changes to recognitions and people, each one a way the app makes them."""

    def __init__(self, rng: random.Random, teams: list[dict]) -> None:
        self.rng = rng
        self.teams = teams
        self.units = [p.unit for team in teams for p in team.values()] + [
            OrgUnit.objects.get(full_path="Harbor Health/Finance/Payroll"),
            OrgUnit.objects.get(full_path="Harbor Health/Quiet Corner"),
        ]
        self.extra = 0

    def people(self) -> list[Person]:
        return list(Person.objects.order_by("pk"))

    def recognitions(self) -> list[Recognition]:
        return list(Recognition.objects.order_by("pk"))

    def some(self, things: list, most: int = 3) -> list:
        return self.rng.sample(things, min(len(things), self.rng.randint(1, most)))

    def give(self) -> None:
        rng = self.rng
        active = list(Person.objects.active().filter(user__isnull=False).order_by("pk"))
        giver = rng.choice(active)
        others = [p for p in active if p.pk != giver.pk]
        given = services.Given(what="Stayed late for the handover.", private=rng.random() < 0.3)
        if rng.random() < 0.3:
            given.team = rng.choice(others).unit
        else:
            given.people = self.some(others)
        if giver.is_leader and rng.random() < 0.3:
            given.for_customer, given.customer = True, "Mrs Patel"
        services.give(giver.user, given)

    def write(self) -> None:
        """As the compliment sync and an import write one: the row, then its people."""
        rng = self.rng
        recognition = Recognition.objects.create(
            source=rng.choice(Source.values),
            given_by=rng.choice([*self.people(), None]),
            what="Thank you.",
            private=rng.random() < 0.3,
            date=a_day(rng),
        )
        recognition.people.set(self.some(self.people()))

    def redate(self) -> None:
        for recognition in self.some(self.recognitions(), 1):
            recognition.date = a_day(self.rng)
            recognition.save()

    def new_giver(self) -> None:
        for recognition in self.some(self.recognitions(), 1):
            recognition.given_by = self.rng.choice([*self.people(), None])
            recognition.save()

    def change_people(self) -> None:
        rng = self.rng
        for recognition in self.some(self.recognitions(), 1):
            how = rng.choice(["add", "remove", "set", "clear"])
            if how == "add":
                recognition.people.add(*self.some(self.people()))
            elif how == "remove" and recognition.people.exists():
                recognition.people.remove(*self.some(list(recognition.people.all())))
            elif how == "set":
                recognition.people.set(self.some(self.people()))
            else:
                recognition.people.clear()

    def change_from_the_person(self) -> None:
        rng = self.rng
        person = rng.choice(self.people())
        how = rng.choice(["add", "remove", "clear"])
        if how == "add":
            person.recognitions.add(*self.some(self.recognitions()))
        elif how == "remove" and person.recognitions.exists():
            person.recognitions.remove(*self.some(list(person.recognitions.all())))
        else:
            person.recognitions.clear()

    def delete(self) -> None:
        for recognition in self.some(self.recognitions(), 1):
            recognition.delete()

    def delete_in_bulk(self) -> None:
        ids = [r.pk for r in self.some(self.recognitions(), 4)]
        Recognition.objects.filter(pk__in=ids).delete()

    def compliment(self) -> None:
        people = self.some(list(Person.objects.active()), 2)
        make_story(*people, kind=StoryKind.CUSTOMER_COMPLIMENT, date=a_day(self.rng))

    def edit_compliment(self) -> None:
        story = Story.objects.filter(kind=StoryKind.CUSTOMER_COMPLIMENT).order_by("?").first()
        if story is not None:
            people = self.some(list(Person.objects.active()), 3)
            update_record(story.created_by.user, story, {"date": a_day(self.rng)}, people=people)

    def delete_compliment(self) -> None:
        story = Story.objects.filter(kind=StoryKind.CUSTOMER_COMPLIMENT).order_by("?").first()
        if story is not None:
            with rollups.track(story):
                story.delete()

    def move(self) -> None:
        person = self.rng.choice(self.people())
        person.unit = self.rng.choice(self.units)
        person.save()

    def leave_or_come_back(self) -> None:
        person = self.rng.choice(self.people())
        person.active = not person.active
        person.save()

    def promote_or_demote(self) -> None:
        person = self.rng.choice(self.people())
        person.level = self.rng.choice(Level.values)
        person.save()

    def delete_person(self) -> None:
        """Someone recognized and recognizing, then deleted from the org chart."""
        self.extra += 1
        leader = self.rng.random() < 0.5
        person = make_person(
            f"Short Stay {self.extra}",
            unit=self.rng.choice(self.units),
            level=Level.MANAGER if leader else Level.FRONTLINE,
            login=False,
        )
        for recognition in self.some(self.recognitions(), 3):
            recognition.people.add(person)
        mine = self.some(self.recognitions(), 2)
        Recognition.objects.filter(pk__in=[r.pk for r in mine]).update(given_by=person)
        rebuild.rebuild_rollups()  # the update() above passed the signals by
        person.delete()

    def all(self) -> list:
        return [
            self.give,
            self.write,
            self.write,
            self.redate,
            self.new_giver,
            self.change_people,
            self.change_from_the_person,
            self.delete,
            self.delete_in_bulk,
            self.compliment,
            self.edit_compliment,
            self.delete_compliment,
            self.move,
            self.leave_or_come_back,
            self.promote_or_demote,
            self.delete_person,
        ]


@pytest.mark.parametrize("seed", [1, 2])
def test_every_change_keeps_the_rollups_equal_to_a_rebuild_and_the_raw_count(org, seed):
    rng = random.Random(seed)
    steps = Steps(rng, org)
    for _ in range(12):
        steps.write()
    assert_kept_equals_a_rebuild("the first recognitions")
    done = set()
    for n in range(70):
        step = rng.choice(steps.all()) if n >= len(steps.all()) else steps.all()[n]
        step()
        done.add(step.__name__)
        assert_kept_equals_a_rebuild(f"step {n}: {step.__name__}")
    assert done == {step.__name__ for step in steps.all()}
    assert assert_figures_equal_the_raw_count() == 5 * OrgUnit.objects.count()
    # The data had something to count: the figures are not all zero or None.
    root = OrgUnit.objects.get(full_path="Harbor Health")
    quarter = figures.summary(root, periods()[2])
    assert quarter["recognitions"] > 5 and quarter["leaders_recognizing"] > 0
    assert 0 < quarter["staff_recognized_share"] < 1
    assert quarter == brute_force(root, quarter["start"], quarter["end"])


def recognized_in(unit: OrgUnit, kind: str, start: date) -> tuple[int, int]:
    row = UnitPeriod.objects.filter(unit=unit, kind=kind, start=start).first()
    return (row.recognized, row.recognizing) if row else (0, 0)


def recognitions_on(unit: OrgUnit, day: date) -> int:
    row = UnitDay.objects.filter(unit=unit, day=day).first()
    return row.counts.get("recognitions", 0) if row else 0


def recognize(giver: Person | None, *people: Person, day: date = FEBRUARY) -> Recognition:
    recognition = Recognition.objects.create(given_by=giver, what="Thank you.", date=day)
    recognition.people.set(people)
    return recognition


def test_deleting_two_recognitions_of_one_person_at_once_counts_her_out_once(org):
    ward = org[0]
    fay, unit = ward["frontline"], ward["frontline"].unit
    week = ReportPeriod.containing("week", FEBRUARY).start
    first = recognize(ward["supervisor"], fay)
    second = recognize(ward["supervisor"], fay, day=FEBRUARY + timedelta(days=1))
    assert recognized_in(unit, "week", week) == (1, 1)
    assert recognitions_on(unit, FEBRUARY) == 1
    Recognition.objects.filter(pk__in=[first.pk, second.pk]).delete()
    assert recognized_in(unit, "week", week) == (0, 0)
    assert recognitions_on(unit, FEBRUARY) == 0
    assert_kept_equals_a_rebuild("bulk delete")


def test_adding_two_recognitions_from_the_persons_side_counts_her_in_once(org):
    ward = org[0]
    fay, unit = ward["frontline"], ward["frontline"].unit
    week = ReportPeriod.containing("week", FEBRUARY).start
    first = recognize(ward["manager"], ward["colleague"])
    second = recognize(None, ward["colleague"], day=FEBRUARY + timedelta(days=1))
    assert recognized_in(unit, "week", week) == (1, 1)  # Cal recognized, Maria recognizing
    fay.recognitions.add(first, second)
    assert recognized_in(unit, "week", week) == (2, 1)
    assert recognitions_on(unit, FEBRUARY) == 2
    fay.recognitions.clear()
    assert recognized_in(unit, "week", week) == (1, 1)
    assert_kept_equals_a_rebuild("from the person's side")


def test_a_person_moving_or_leaving_takes_their_recognitions_along(org):
    ward_a, ward_b = org
    fay, here, there = ward_a["frontline"], ward_a["frontline"].unit, ward_b["frontline"].unit
    nursing = OrgUnit.objects.get(full_path="Harbor Health/Nursing")
    week = ReportPeriod.containing("week", FEBRUARY).start
    recognize(ward_a["supervisor"], fay)
    recognize(ward_a["supervisor"], fay, day=FEBRUARY + timedelta(days=1))
    fay.unit = there
    fay.save()
    assert recognitions_on(here, FEBRUARY) == 0
    assert recognitions_on(there, FEBRUARY) == 1
    assert recognitions_on(nursing, FEBRUARY) == 1
    assert recognized_in(there, "week", week) == (1, 0)
    assert recognized_in(here, "week", week) == (0, 1)  # Sid stayed
    fay.active = False
    fay.save()
    assert recognitions_on(nursing, FEBRUARY) == 0
    assert recognized_in(nursing, "week", week) == (0, 1)
    # The supervisor steps down to the frontline: no longer a leader who recognized.
    ward_a["supervisor"].level = Level.FRONTLINE
    ward_a["supervisor"].save()
    assert recognized_in(nursing, "week", week) == (0, 0)
    fay.active = True
    fay.save()
    assert recognitions_on(nursing, FEBRUARY) == 1
    assert recognized_in(there, "week", week) == (1, 0)
    assert_kept_equals_a_rebuild("moved and left")


def test_deleting_a_person_takes_back_what_they_counted_for(org):
    ward = org[0]
    unit = ward["frontline"].unit
    week = ReportPeriod.containing("week", FEBRUARY).start
    lead = make_person("Lee Lead", unit=unit, level=Level.SUPERVISOR, login=False)
    recognize(lead, ward["frontline"], lead)
    assert recognized_in(unit, "week", week) == (2, 1)
    assert recognitions_on(unit, FEBRUARY) == 2
    lead.delete()
    assert recognized_in(unit, "week", week) == (1, 0)
    assert recognitions_on(unit, FEBRUARY) == 1
    assert_kept_equals_a_rebuild("a person deleted")


def test_a_compliment_story_counts_as_a_recognition_by_its_author(org):
    ward = org[0]
    unit = ward["frontline"].unit
    week = ReportPeriod.containing("week", FEBRUARY)
    make_story(
        ward["manager"], ward["frontline"], kind=StoryKind.CUSTOMER_COMPLIMENT, date=FEBRUARY
    )
    got = figures.summary(unit, week)
    # Maria (who logged it) and Fay are both named, both recognized; Maria gave it.
    assert got["recognitions"] == 2 and got["leaders_recognizing"] == 1
    assert got["staff_recognized_share"] == pytest.approx(2 / 4)
    assert got["leaders_recognizing_share"] == pytest.approx(1 / 2)
    assert got == compute(unit, week.start, week.end)


def test_recognizing_a_whole_team_costs_the_same_queries_as_recognizing_three(org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ward = org[0]
    unit = ward["frontline"].unit
    many = [make_person(f"Nurse {n}", unit=unit, login=False) for n in range(12)]
    counted = []
    for people in (many[:3], many[3:]):
        recognition = Recognition.objects.create(
            given_by=ward["manager"], what="Thank you.", date=FEBRUARY
        )
        with CaptureQueriesContext(connection) as queries:
            recognition.people.set(people)
        counted.append(len(queries))
    assert counted[0] == counted[1]
    assert recognized_in(unit, "week", ReportPeriod.containing("week", FEBRUARY).start) == (12, 1)
    assert_kept_equals_a_rebuild("a team at once")


def test_the_nightly_command_recounts_what_was_written_past_the_signals(org):
    from io import StringIO

    from django.core.management import call_command

    ward = org[0]
    recognize(ward["supervisor"], ward["frontline"], ward["colleague"])
    # Written with update(): no signal, the kept rows do not know.
    Recognition.objects.update(date=FEBRUARY + timedelta(days=30), given_by=ward["manager"])
    unit = ward["frontline"].unit
    march = ReportPeriod.containing("month", FEBRUARY + timedelta(days=30))
    assert figures.summary(unit, march)["recognitions"] == 0
    call_command("rebuild_indicators", stdout=StringIO())
    got = figures.summary(unit, march)
    assert got == compute(unit, march.start, march.end)
    assert (got["recognitions"], got["leaders_recognizing"]) == (2, 1)
