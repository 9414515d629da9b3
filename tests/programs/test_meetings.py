"""programs.services.meetings: recording a meeting, service-first and inclusion figures."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tandem.audit.models import AuditEntry
from tandem.people.models import OrgUnit
from tandem.programs.models import AgendaItem, Meeting
from tandem.programs.services.meetings import (
    AgendaInput,
    Share,
    excluded,
    inclusion_by_unit,
    leader_service_first,
    record_meeting,
    unit_service_first,
)
from tests.factories import make_person, make_unit
from tests.programs.helpers import meeting

pytestmark = pytest.mark.django_db


def test_record_meeting_saves_agenda_in_order_with_tags_and_affected_units(team):
    manager, ward = team["manager"], team["manager"].unit
    pharmacy = make_unit("Harbor Health/Pharmacy")
    saved = record_meeting(
        manager.user,
        date=date(2026, 1, 6),
        unit=ward,
        chair=manager,
        attendees=[team["supervisor"], team["frontline"]],
        items=[
            AgendaInput("What patients said this week", "service"),
            AgendaInput("Discharge medicines before noon", "operations", [ward, pharmacy]),
        ],
        notes="Pharmacy to join next week.",
        created_by=manager,
    )
    items = list(saved.items.all())
    assert [(i.position, i.title, i.tag) for i in items] == [
        (1, "What patients said this week", "service"),
        (2, "Discharge medicines before noon", "operations"),
    ]
    assert set(items[1].affects.all()) == {ward, pharmacy}
    # The chair attends their own meeting even when not listed.
    assert set(saved.attendees.all()) == {manager, team["supervisor"], team["frontline"]}
    assert AuditEntry.objects.get(object_type="programs.Meeting").changes["agenda"][0] == [
        "What patients said this week",
        "service",
    ]


def bad_meeting(team, **changes):
    manager = team["manager"]
    fields = {
        "date": date(2026, 1, 6),
        "unit": manager.unit,
        "chair": manager,
        "attendees": [manager],
        "items": [AgendaInput("Patient stories", "service")],
    }
    fields.update(changes)
    with pytest.raises(ValidationError) as error:
        record_meeting(manager.user, **fields)
    assert not Meeting.objects.exists()
    assert not AgendaItem.objects.exists()
    return error.value.message_dict


def test_a_meeting_without_attendees_is_refused_and_nothing_saved(team):
    errors = bad_meeting(team, attendees=[])
    assert errors == {"attendees": ["A meeting needs at least one attendee."]}


def test_an_agenda_item_without_a_tag_is_refused_naming_the_item(team):
    items = [AgendaInput("Patient stories", "service"), AgendaInput("Budget review", "")]
    errors = bad_meeting(team, items=items)
    assert errors == {
        "items": [
            "Agenda item 2 (“Budget review”) has no tag; choose one of service, sales, "
            "finance, operations, people, other."
        ]
    }


def test_every_problem_is_reported_at_once(team):
    errors = bad_meeting(
        team,
        date=None,
        chair=None,
        attendees=[],
        items=[AgendaInput("", "service"), AgendaInput("Rosters", "gossip")],
    )
    assert set(errors) == {"date", "chair", "attendees", "items"}
    assert errors["items"] == [
        "Agenda item 1 has no title.",
        "Agenda item 2 (“Rosters”) has the tag 'gossip'; choose one of service, sales, "
        "finance, operations, people, other.",
    ]


def test_a_meeting_needs_an_agenda_and_active_attendees(team):
    team["colleague"].active = False
    team["colleague"].save()
    errors = bad_meeting(team, items=[], attendees=[team["colleague"]])
    assert errors == {
        "attendees": ["No longer active: Cal Colleague."],
        "items": ["Add at least one agenda item."],
    }


def test_an_alignment_session_needs_its_program(team):
    errors = bad_meeting(team, kind="alignment_session")
    assert "program" in errors


def test_share_rounds_half_up_and_is_none_when_empty():
    assert Share(2, 3).percent == 67
    assert Share(1, 8).percent == 13  # 12.5
    assert Share(0, 0).percent is None


def test_service_first_share_for_a_leader_and_a_unit(team, django_assert_max_num_queries):
    manager, supervisor, senior = team["manager"], team["supervisor"], team["senior"]
    nursing = OrgUnit.objects.get(full_path="Harbor Health/Nursing")
    meeting(manager, "service", "finance", on=date(2026, 1, 6))
    meeting(manager, "finance", "service", on=date(2026, 1, 13))
    meeting(manager, "service", on=date(2026, 1, 20))
    meeting(supervisor, "operations", "service", on=date(2026, 1, 8))
    meeting(senior, "service", unit=nursing, on=date(2026, 1, 9))

    with django_assert_max_num_queries(1):
        share = leader_service_first(manager)
    assert (share.part, share.total, share.percent) == (2, 3, 67)
    assert leader_service_first(manager, since=date(2026, 1, 10)) == Share(1, 2)
    assert leader_service_first(manager, until=date(2026, 1, 10)) == Share(1, 1)
    assert leader_service_first(supervisor).percent == 0
    assert unit_service_first(manager.unit) == Share(2, 4)
    assert unit_service_first(nursing) == Share(1, 1)
    assert unit_service_first(nursing, subtree=True) == Share(3, 5)
    assert leader_service_first(team["frontline"]).percent is None


@pytest.fixture
def inclusion_meetings(team):
    """Three meetings, hand-checked in the tests below.

    A: senior + ward manager; "Discharge before noon" affects Ward 4B and Pharmacy.
    B: senior + a pharmacist; "Night medication round" affects Ward 4B and Nursing.
    C: ward manager + a ward nurse; "Visitor hours" affects Nursing.
    """
    senior, manager = team["senior"], team["manager"]
    ward = manager.unit
    nursing = OrgUnit.objects.get(full_path="Harbor Health/Nursing")
    pharmacy = make_unit("Harbor Health/Pharmacy")
    pharmacist = make_person("Pia Pharmacist", unit=pharmacy)
    a = meeting(
        senior,
        attendees=[senior, manager],
        items=[
            AgendaInput("Discharge before noon", "operations", [ward, pharmacy]),
            AgendaInput("Budget", "finance"),
        ],
    )
    b = meeting(
        senior,
        attendees=[senior, pharmacist],
        items=[AgendaInput("Night medication round", "service", [ward, nursing])],
    )
    c = meeting(
        manager,
        attendees=[manager, team["frontline"]],
        items=[AgendaInput("Visitor hours", "people", [nursing])],
    )
    return {"a": a, "b": b, "c": c, "ward": ward, "nursing": nursing, "pharmacy": pharmacy}


def test_an_item_affecting_a_unit_nobody_from_which_attended_is_flagged(inclusion_meetings):
    m = inclusion_meetings
    flagged = [(item.title, unit.name) for item, unit in excluded(m["a"])]
    assert flagged == [("Discharge before noon", "Pharmacy")]
    flagged = [(item.title, unit.name) for item, unit in excluded(m["b"])]
    assert sorted(flagged) == [
        ("Night medication round", "Nursing"),
        ("Night medication round", "Ward 4B"),
    ]
    # A ward nurse attending counts as Nursing being present.
    assert excluded(m["c"]) == []


def test_inclusion_per_unit_counts_affecting_meetings_and_presence(
    inclusion_meetings, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        rows = inclusion_by_unit(Meeting.objects.all())
    assert [(r.unit.name, r.affected, r.included, r.share.percent) for r in rows] == [
        ("Nursing", 2, 1, 50),
        ("Ward 4B", 2, 1, 50),
        ("Pharmacy", 1, 0, 0),
    ]
