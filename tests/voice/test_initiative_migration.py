"""The data migration voice 0005: meetings' old responses (programs.MeetingResponse) move
to the initiative each meeting's notes become, with their answers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tandem.audit.models import AuditEntry  # its table is the same before and after
from tandem.voice.initiatives import has_responded
from tandem.voice.models import Initiative, Responded, Response, Status
from tests.factories import make_team, make_unit

BEFORE = [("voice", "0004_initiatives"), ("programs", "0003_roadmapitem_evidence_file")]


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 2, day, hour, tzinfo=UTC)


def migrate(targets=None) -> MigrationExecutor:
    """Migrate to `targets` (default: the latest of every app), with a fresh graph."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def old_meeting(apps, team, unit, *, day, distributed_at=None, notes="", affects=()):
    Meeting = apps.get_model("programs", "Meeting")
    AgendaItem = apps.get_model("programs", "AgendaItem")
    meeting = Meeting.objects.create(
        kind="meeting",
        date=date(2026, 2, day),
        unit_id=unit.pk,
        chair_id=team["senior"].pk,
        created_by_id=team["senior"].pk,
        notes=notes,
        distributed_at=distributed_at,
    )
    meeting.attendees.set([team["senior"].pk])
    AgendaItem.objects.create(meeting=meeting, position=1, title="Patient stories", tag="service")
    item = AgendaItem.objects.create(
        meeting=meeting, position=2, title="Discharge medicines", tag="operations"
    )
    item.affects.set([u.pk for u in affects])
    return meeting, item


@pytest.mark.django_db(transaction=True)
def test_meeting_responses_move_to_the_initiative_of_their_meeting():
    team = make_team()
    fay, cal, sam = team["frontline"], team["colleague"], team["senior"]
    nursing = make_unit("Harbor Health/Nursing")
    pharmacy = make_unit("Harbor Health/Pharmacy")
    try:
        old = migrate(BEFORE).loader.project_state(BEFORE).apps
        MeetingResponse = old.get_model("programs", "MeetingResponse")
        sent, item = old_meeting(
            old,
            team,
            nursing,
            day=2,
            distributed_at=at(3, 9),
            notes="Pharmacy reviews weekend cover.",
            affects=[fay.unit, pharmacy],
        )
        AuditEntry.objects.create(
            action="distributed",
            object_type="programs.Meeting",
            object_id=str(sent.pk),
            changes={"recipients": 4},
            at=at(3, 9),
        )
        quiet, _ = old_meeting(old, team, nursing, day=9, affects=[fay.unit])
        early, _ = old_meeting(old, team, fay.unit, day=16, affects=[fay.unit])
        MeetingResponse.objects.create(
            meeting=sent,
            author_id=fay.pk,
            kind="concern",
            text="Weekends have no pharmacist.",
            created_at=at(4),
            answer="Saturdays from March.",
            answered_by_id=sam.pk,
            answered_at=at(6),
        )
        MeetingResponse.objects.create(
            meeting=sent,
            item=item,
            author_id=fay.pk,
            kind="suggestion",
            text="Pack a pill box.",
            created_at=at(5),
        )
        MeetingResponse.objects.create(
            meeting=sent, author_id=cal.pk, kind="support", text="Yes please.", created_at=at(4)
        )
        MeetingResponse.objects.create(
            meeting=early,
            author_id=cal.pk,
            kind="concern",
            text="Before it went out.",
            created_at=at(17),
        )

        migrate()

        assert "programs_meetingresponse" not in connection.introspection.table_names()
        assert not Initiative.objects.filter(meeting_id=quiet.pk).exists()

        initiative = Initiative.objects.get(meeting_id=sent.pk)
        assert initiative.title == "Notes of the leadership meeting of Nursing on 2 Feb 2026"
        assert initiative.what == "Pharmacy reviews weekend cover."
        assert initiative.owner == sam and initiative.created_by == sam
        assert initiative.starts_on == date(2026, 2, 2)
        assert initiative.status == Status.PUBLISHED and initiative.round == 1
        assert initiative.published_on == date(2026, 2, 3)
        assert set(initiative.units.all()) == {fay.unit, pharmacy}

        rows = {(r.author, r.kind): r for r in Response.objects.filter(initiative=initiative)}
        assert set(rows) == {(fay, "concern"), (fay, "suggestion"), (cal, "support")}
        concern = rows[fay, "concern"]
        assert concern.text == "Weekends have no pharmacist." and concern.item is None
        assert concern.unit == fay.unit and concern.round == 1
        assert concern.created_on == concern.visible_on == date(2026, 2, 4)
        assert concern.notified and concern.code_hash == "" and not concern.anonymous
        reply = concern.answer
        assert (reply.kind, reply.text, reply.by) == ("", "Saturdays from March.", sam)
        assert reply.answered_on == date(2026, 2, 6) and reply.initiative == initiative
        assert reply.kind_label == "Answered"
        suggestion = rows[fay, "suggestion"]
        assert suggestion.item_id == item.pk and suggestion.answer is None
        assert rows[cal, "support"].answer is None

        # Each author responded once in round 1 (Fay's two old responses included).
        assert Responded.objects.filter(initiative=initiative).count() == 2
        assert has_responded(fay, initiative) and has_responded(cal, initiative)
        assert not has_responded(team["supervisor"], initiative)

        draft = Initiative.objects.get(meeting_id=early.pk)
        assert draft.status == Status.DRAFT and draft.published_on is None
        assert draft.title == "Notes of the leadership meeting of Ward 4B on 16 Feb 2026"
        assert [r.text for r in Response.objects.filter(initiative=draft)] == [
            "Before it went out."
        ]

        # How many the notes reached, as the meeting page said (its audit entry): else
        # the initiative page says "Everyone it affects is being told." for ever.
        assert initiative.reached == 4
    finally:
        migrate()
