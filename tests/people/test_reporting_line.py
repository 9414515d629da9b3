"""Person.line, the materialized reporting line: kept correct, and answering "who is below whom"."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.capture import access
from tandem.people.access import manages
from tandem.people.importer import import_people
from tandem.people.models import Level, Person, reporting_lines
from tests.factories import make_idea, make_person, make_unit
from tests.people.helpers import BASE, csv_bytes


def expected_line(person: Person) -> str:
    """The line walked the slow way, from manager ids (cycle-free data only)."""
    ids = []
    current: Person | None = person
    while current is not None:
        ids.append(current.pk)
        current = current.manager
    return "/" + "".join(f"{pk}/" for pk in reversed(ids))


def assert_every_line_is_correct() -> None:
    people = list(Person.objects.select_related("manager"))
    assert people
    for person in people:
        assert person.line == expected_line(person), person.employee_id


def line(person: Person) -> str:
    return Person.objects.values_list("line", flat=True).get(pk=person.pk)


# --- keeping lines correct -------------------------------------------------------


def test_a_new_person_gets_their_managers_ids_top_down_then_their_own(team):
    e, s, m, sup, f = (
        team[k] for k in ("executive", "senior", "manager", "supervisor", "frontline")
    )
    assert e.line == f"/{e.pk}/"
    assert f.line == f"/{e.pk}/{s.pk}/{m.pk}/{sup.pk}/{f.pk}/"
    assert line(f) == f.line
    assert_every_line_is_correct()


def test_changing_a_manager_moves_the_whole_subtree(team):
    new_senior = make_person("Nia New", level=Level.SENIOR_LEADER, manager=team["executive"])
    manager = team["manager"]
    manager.manager = new_senior
    manager.save()
    assert_every_line_is_correct()
    below_new = set(Person.objects.below(new_senior))
    assert below_new == {team[k] for k in ("manager", "supervisor", "frontline", "colleague")}
    assert not Person.objects.below(team["senior"]).exists()
    assert set(Person.objects.below(team["executive"])) == below_new | {team["senior"], new_senior}


def test_a_save_that_names_only_other_fields_leaves_lines_alone_and_one_naming_manager_moves(
    team,
):
    frontline = team["frontline"]
    frontline.title = "Charge Nurse"
    frontline.save(update_fields=["title"])
    assert line(frontline) == frontline.line
    frontline.manager = team["manager"]
    frontline.save(update_fields=["manager"])
    assert line(frontline) == f"{team['manager'].line}{frontline.pk}/"
    assert_every_line_is_correct()


def test_making_someone_report_to_their_own_report_is_refused_and_changes_nothing(team):
    before = dict(Person.objects.values_list("pk", "line"))
    senior = team["senior"]
    senior.manager = team["frontline"]
    with pytest.raises(ValidationError) as error:
        senior.save()
    assert "manager" in error.value.message_dict
    assert dict(Person.objects.values_list("pk", "line")) == before
    senior.refresh_from_db()
    assert senior.manager == team["executive"]


def test_deleting_a_manager_starts_new_lines_for_their_reports(team):
    team["manager"].delete()
    supervisor = Person.objects.get(pk=team["supervisor"].pk)
    assert supervisor.manager_id is None
    assert supervisor.line == f"/{supervisor.pk}/"
    assert_every_line_is_correct()
    assert not Person.objects.below(team["senior"]).exists()


def test_rebuild_lines_fills_lines_after_bulk_writes_and_then_finds_nothing_to_change(team):
    unit = team["frontline"].unit
    new = Person.objects.bulk_create(
        Person(employee_id=f"B{i}", name=f"Bulk {i}", unit=unit, manager=team["supervisor"])
        for i in range(3)
    )
    assert all(line(p) == "" for p in new)
    assert Person.rebuild_lines() == 3
    assert_every_line_is_correct()
    assert Person.rebuild_lines() == 0


def test_rebuild_lines_of_a_queryset_writes_only_those_people(team):
    Person.objects.update(line="")
    assert Person.rebuild_lines(Person.objects.filter(pk=team["frontline"].pk)) == 1
    assert line(team["frontline"]) == expected_line(team["frontline"])
    assert line(team["colleague"]) == ""


def test_rebuild_lines_survives_a_cycle_written_behind_save(team):
    Person.objects.filter(pk=team["executive"].pk).update(manager=team["manager"])
    Person.rebuild_lines()
    lines = dict(Person.objects.values_list("pk", "line"))
    assert all(lines.values())
    assert len(set(lines.values())) == len(lines)
    # The walk reaches the loop at the executive (lowest id); the loop is cut there.
    assert lines[team["executive"].pk] == f"/{team['executive'].pk}/"


def test_reporting_lines_cuts_cycles_and_over_long_lines():
    # 1 reports to 3, 3 to 2, 2 to 1: the walk from 1 closes the loop at 1.
    lines = reporting_lines({1: 3, 2: 1, 3: 2, 4: 2})
    assert lines == {1: "/1/", 2: "/1/2/", 3: "/1/2/3/", 4: "/1/2/4/"}
    chain = {1: None, **{i: i - 1 for i in range(2, 8)}}
    assert reporting_lines(chain, max_length=9) == {
        1: "/1/",
        2: "/1/2/",
        3: "/1/2/3/",
        4: "/1/2/3/4/",
        5: "/5/",
        6: "/5/6/",
        7: "/5/6/7/",
    }


# --- import and demo -------------------------------------------------------------


def by_employee_id(employee_id: str) -> Person:
    return Person.objects.get(employee_id=employee_id)


def test_import_sets_lines_and_a_reimport_with_a_new_manager_moves_the_subtree(db):
    import_people(BASE)
    assert_every_line_is_correct()
    erin, sam = by_employee_id("HH-1"), by_employee_id("HH-2")
    assert by_employee_id("HH-4").is_below(sam)
    moved = csv_bytes(
        "HH-1,Erin Exec,erin@harbor.example,Chief Executive,executive,Harbor Health,",
        "HH-2,Sam Senior,sam@harbor.example,Nursing Director,senior leader,"
        "Harbor Health/Nursing,HH-1",
        "HH-5,Olu Ops,,Operations Director,senior leader,Harbor Health/Operations,HH-1",
        "HH-3,Maria Manager,,Ward Manager,manager,Harbor Health/Nursing/Ward 4B,HH-5",
        "HH-4,Fay Front,,Staff Nurse,frontline,Harbor Health/Nursing/Ward 4B,HH-3",
    )
    report = import_people(moved)
    assert (report.created, report.updated) == (1, 1)
    assert_every_line_is_correct()
    olu, fay = by_employee_id("HH-5"), by_employee_id("HH-4")
    assert fay.is_below(olu) and fay.is_below(erin)
    assert not fay.is_below(sam)


def test_the_demo_seed_gives_everyone_a_correct_line(db):
    call_command("seed_demo", "--digest-weeks", "0", stdout=StringIO())
    assert_every_line_is_correct()
    chief = Person.objects.get(level=Level.EXECUTIVE, manager__isnull=True)
    assert Person.objects.below(chief).count() == Person.objects.count() - 1


def test_factory_people_go_through_save_and_get_lines(db):
    boss = make_person(level=Level.MANAGER)
    report = make_person(manager=boss)
    assert report.line == f"/{boss.pk}/{report.pk}/" == line(report)


# --- answering "who is below whom" ------------------------------------------------


def test_manages_reads_the_lines_without_a_query(team, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert manages(team["executive"], team["frontline"])
        assert manages(team["supervisor"], team["colleague"])
        assert not manages(team["frontline"], team["colleague"])
        assert not manages(team["frontline"], team["frontline"])
        assert not manages(team["frontline"], team["supervisor"])
        assert team["frontline"].manager_chain_ids() == [
            team[k].pk for k in ("supervisor", "manager", "senior", "executive")
        ]


def test_a_person_without_a_line_manages_nobody(team):
    ghost = Person(pk=team["executive"].pk + 1000, name="Unsaved", line="")
    assert not manages(ghost, team["frontline"])
    assert not Person.objects.below(ghost).exists()


def test_below_does_not_confuse_an_id_with_a_longer_id_that_starts_with_it(db):
    unit = make_unit("Harbor Health")
    Person.objects.bulk_create(
        [
            Person(pk=900001, employee_id="A", name="A", unit=unit),
            Person(pk=9000010, employee_id="B", name="B", unit=unit),
            Person(pk=9000011, employee_id="C", name="C", unit=unit, manager_id=900001),
            Person(pk=9000012, employee_id="D", name="D", unit=unit, manager_id=9000010),
        ]
    )
    Person.rebuild_lines()
    a = Person.objects.get(pk=900001)
    assert list(Person.objects.below(a).values_list("pk", flat=True)) == [9000011]
    assert set(Person.objects.in_line_of(a).values_list("pk", flat=True)) == {900001, 9000011}


def test_everyone_below_is_answered_from_the_line_index(team):
    query = Person.objects.below(team["manager"]).values("pk").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "people_person_line" in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "people_person_line" in plan and "_like" in plan, plan


# --- query counts do not grow with the organization ---------------------------------


def grow_team(executive: Person, reports: int) -> None:
    """`reports` more people below the executive: half in a deep chain, half side by side,
    each the author of a proposed idea (every third one private)."""
    unit = make_unit("Harbor Health/Nursing/Ward 4B")
    boss = executive
    for i in range(reports):
        person = make_person(f"Report {i}", unit=unit, level=Level.SUPERVISOR, manager=boss)
        if i % 2 == 0:
            boss = person
        make_idea(person, title=f"Idea {i}", private=i % 3 == 0)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/", "/board/"])
def test_an_executives_pages_take_as_many_queries_for_60_reports_as_for_5(team, client, url):
    executive = team["executive"]
    client.force_login(executive.user)
    grow_team(executive, 5)
    few = queries_for(client, url)
    grow_team(executive, 55)
    assert Person.objects.below(executive).count() == 65
    assert queries_for(client, url) == few


def test_waiting_for_a_leader_are_proposed_ideas_from_below_that_they_may_see(team, outsider):
    executive, frontline = team["executive"], team["frontline"]
    mine = make_idea(executive, title="My own idea")
    from_below = make_idea(frontline, title="From the ward", private=True)
    make_idea(frontline, title="Already trying", status="trying")
    make_idea(outsider, title="Elsewhere")
    make_idea(outsider, title="Elsewhere, private", private=True)
    shared = make_idea(frontline, team["colleague"], title="Shared by two reports")
    waiting = access.ideas_waiting_for(executive.user)
    assert list(waiting.order_by("pk")) == [from_below, shared]
    assert mine not in waiting
    assert not access.ideas_waiting_for(frontline.user).exists()
    assert not access.ideas_waiting_for(outsider.user).exists()
