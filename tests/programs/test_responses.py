"""Distributing a meeting's notes to the affected teams. Responding to the notes and
answering happen on the meeting's initiative: tests/voice/test_meeting_initiatives.py."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.audit.models import AuditEntry
from tandem.notifications.models import Notification
from tandem.programs.models import Meeting
from tandem.programs.services.meetings import AgendaInput, record_meeting
from tandem.programs.services.responses import distribute_meeting, distribution_count
from tandem.voice.models import Initiative
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.django_db


def discharge_meeting(team, *, affects=None) -> Meeting:
    """Sam Senior chairs Nursing's meeting; its second item affects Ward 4B and Pharmacy."""
    ward = team["frontline"].unit
    pharmacy = make_unit("Harbor Health/Pharmacy")
    return record_meeting(
        team["senior"].user,
        date=date(2026, 2, 2),
        unit=make_unit("Harbor Health/Nursing"),
        chair=team["senior"],
        attendees=[team["senior"]],
        items=[
            AgendaInput("Patient stories", "service", []),
            AgendaInput(
                "Discharge medicines",
                "operations",
                [ward, pharmacy] if affects is None else affects,
            ),
        ],
    )


def told(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person).values_list("text", flat=True))


def test_distribution_reaches_each_active_person_of_the_affected_teams_once(team, outsider):
    pharmacist = make_person("Pia Pharma", unit="Harbor Health/Pharmacy")
    night_tech = make_person("Nico Night", unit="Harbor Health/Pharmacy/Night")
    make_person("Gone Gus", unit="Harbor Health/Pharmacy", active=False)
    meeting = discharge_meeting(team)

    sent = distribute_meeting(team["senior"].user, meeting)

    expected = {
        team["manager"],
        team["supervisor"],
        team["frontline"],
        team["colleague"],
        pharmacist,
        night_tech,
    }
    notified = Notification.objects.all()
    assert sent == 6
    assert {n.recipient for n in notified} == expected
    assert notified.count() == 6
    assert all(n.url == f"/program/meetings/{meeting.pk}/" for n in notified)
    meeting.refresh_from_db()
    assert meeting.distributed_at is not None
    assert distribution_count(meeting) == 6
    entry = AuditEntry.objects.get(action="distributed")
    assert entry.changes["recipients"] == 6
    assert told(outsider) == told(team["executive"]) == []


def test_distributing_twice_notifies_nobody_twice(team, program_office):
    meeting = discharge_meeting(team)
    assert distribute_meeting(team["senior"].user, meeting) == 4
    first_sent_at = Meeting.objects.get().distributed_at

    assert distribute_meeting(program_office.user, Meeting.objects.get()) == 0
    assert distribute_meeting(team["senior"].user, meeting) == 0

    assert Notification.objects.count() == 4
    assert Meeting.objects.get().distributed_at == first_sent_at
    assert AuditEntry.objects.filter(action="distributed").count() == 1


def test_only_the_chair_or_program_office_distributes(team, program_office):
    meeting = discharge_meeting(team)
    with pytest.raises(PermissionDenied):
        distribute_meeting(team["manager"].user, meeting)
    assert Meeting.objects.get().distributed_at is None
    assert distribute_meeting(program_office.user, meeting) == 4


def test_a_meeting_affecting_no_team_cannot_be_distributed(team):
    meeting = discharge_meeting(team, affects=[])
    with pytest.raises(ValidationError) as caught:
        distribute_meeting(team["senior"].user, meeting)
    assert "names a team it affects" in caught.value.message_dict["meeting"][0]
    assert Meeting.objects.get().distributed_at is None
    assert not Notification.objects.exists() and not Initiative.objects.exists()
