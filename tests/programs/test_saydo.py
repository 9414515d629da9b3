"""programs.services.saydo: weights add up, the score and sentences of docs/say-do.md."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from tandem.audit.models import AuditEntry
from tandem.programs.models import SayDoAudit, SayDoEntry
from tandem.programs.services.saydo import (
    EntryInput,
    record_say_do_audit,
    say_do_report,
    score_series,
)
from tests.factories import make_unit
from tests.programs.saydo_examples import EXAMPLE_1, EXAMPLE_2, MANAGERS, S, declared, lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def harbor(db):
    return make_unit("Harbor Health")


def audit(program_office, root, entries, taken_on=date(2026, 1, 12)):
    return record_say_do_audit(
        program_office.user, root, taken_on, entries, created_by=program_office
    )


def test_worked_example_1_scores_and_contradictions(program_office, harbor):
    report = say_do_report(audit(program_office, harbor, EXAMPLE_1))
    assert (report.says, report.service_is_top) == (40, True)
    assert [(s.level, s.shares, s.does, s.score) for s in report.levels] == [
        ("manager", {"scorecard": 30, "incentive": 20, "hiring": 20}, Fraction(70, 3), 58),
        ("supervisor", {"scorecard": 20, "incentive": 0, "hiring": 0}, Fraction(20, 3), 17),
        ("frontline", {"scorecard": 40, "hiring": 0}, Fraction(20), 50),
    ]
    assert report.contradictions == [
        "Service is declared the top priority, but 0% of supervisors' incentive pay depends on it.",
        "Service is declared the top priority, but hiring criteria for supervisor roles mention "
        "no service attitude.",
        "Service is declared the top priority, but hiring criteria for frontline roles mention "
        "no service attitude.",
    ]


def test_worked_example_2_scores_and_contradictions(program_office, harbor):
    report = say_do_report(audit(program_office, harbor, EXAMPLE_2, date(2027, 1, 11)))
    assert report.says == 50
    assert [(s.level, s.does, s.score) for s in report.levels] == [
        ("manager", Fraction(70, 3), 47),
        ("supervisor", Fraction(85, 3), 57),
        ("frontline", Fraction(45), 90),
    ]
    assert report.contradictions == [
        "Service is declared the top priority, but only 20% of managers' incentive pay depends "
        "on it.",
        "Service is declared the top priority, but only 20% of the hiring criteria for manager "
        "roles are about service attitude.",
    ]


def test_the_score_over_time_is_one_point_per_audit_oldest_first(program_office, harbor):
    audit(program_office, harbor, EXAMPLE_2, date(2027, 1, 11))
    audit(program_office, harbor, EXAMPLE_1, date(2026, 1, 12))
    audit(program_office, make_unit("Bayside Clinic"), EXAMPLE_1)  # another organization
    assert score_series(harbor) == [
        (date(2026, 1, 12), {"manager": 58, "supervisor": 17, "frontline": 50}),
        (date(2027, 1, 11), {"manager": 47, "supervisor": 57, "frontline": 90}),
    ]


def test_an_audit_is_saved_with_every_line_and_audited(program_office, harbor):
    saved = audit(program_office, harbor, EXAMPLE_1)
    assert saved.entries.count() == len(EXAMPLE_1)
    assert AuditEntry.objects.get(object_type="programs.SayDoAudit").changes["lines"] == 20


def test_weights_not_adding_up_to_100_are_refused_and_nothing_is_saved(program_office, harbor):
    entries = [e for e in EXAMPLE_1 if e.label != "Shift coverage"]  # supervisors' scorecard 70
    entries[0] = EntryInput("declared", "Patient experience", 45, S)  # declared 105
    with pytest.raises(ValidationError) as error:
        audit(program_office, harbor, entries)
    assert error.value.message_dict == {
        "entries": [
            "The declared priorities add up to 105%, not 100%.",
            "Supervisors' scorecard adds up to 70%, not 100%.",
        ]
    }
    assert not SayDoAudit.objects.exists()
    assert not SayDoEntry.objects.exists()


def test_bad_lines_are_named_by_number(program_office, harbor):
    entries = [
        *declared(40, 35, 25),
        EntryInput("scorecard", "", 100, False, "supervisor"),
        EntryInput("incentive", "Sales bonus", 100, False, "intern"),
        EntryInput("hiring", "Attitude", 140, S, "frontline"),
    ]
    with pytest.raises(ValidationError) as error:
        audit(program_office, harbor, entries)
    assert error.value.message_dict["entries"] == [
        "Line 4 has no label.",
        "Line 5 (“Sales bonus”) needs a level: one of executive, senior_leader, manager, "
        "supervisor, frontline.",
        "Line 6 (“Attitude”) has the weight 140; give a whole percent, 0 to 100.",
    ]
    assert not SayDoAudit.objects.exists()


def test_declared_priorities_are_required(program_office, harbor):
    with pytest.raises(ValidationError, match="Add the declared priorities"):
        audit(program_office, harbor, MANAGERS)


def test_service_not_top_is_said_as_a_share_and_no_service_declared_gives_no_score(
    program_office, harbor
):
    report = say_do_report(audit(program_office, harbor, [*declared(30, 50, 20), *MANAGERS]))
    assert not report.service_is_top
    assert report.score_for("manager") == 78  # 100 × (70/3) / 30 = 77.8
    assert report.contradictions == []
    nothing = [
        EntryInput("declared", "Growth", 60),
        EntryInput("declared", "Cost", 40),
        *MANAGERS,
    ]
    report = say_do_report(audit(program_office, harbor, nothing))
    assert report.score_for("manager") is None
    assert report.contradictions == ["Service is not among the declared priorities at all."]


def test_a_low_share_under_a_non_top_declaration_says_the_declared_share(program_office, harbor):
    entries = [
        *declared(30, 50, 20),
        *lines("incentive", "executive", ("Revenue growth", 100, False)),
    ]
    report = say_do_report(audit(program_office, harbor, entries))
    assert report.contradictions == [
        "Service is declared 30% of our priorities, but 0% of executives' incentive pay "
        "depends on it."
    ]
    assert report.score_for("executive") == 0
