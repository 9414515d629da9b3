"""Meetings' responses move to the initiatives' response and answer model: each meeting
distributed or responded to becomes an initiative (its notes, its affected teams, its
chair as owner), each response a response of round 1, each answer an answer."""

from django.db import migrations

KINDS = {"meeting": "leadership meeting", "alignment_session": "leadership alignment session"}


def _recipients(AuditEntry, meeting) -> int:
    """How many the distribution told, as its audit entry recorded it."""
    entry = (
        AuditEntry.objects.filter(
            object_type="programs.Meeting", object_id=str(meeting.pk), action="distributed"
        )
        .order_by("-at", "-pk")
        .first()
    )
    return (entry.changes or {}).get("recipients", 0) if entry else 0


def forward(apps, schema_editor):
    Meeting = apps.get_model("programs", "Meeting")
    MeetingResponse = apps.get_model("programs", "MeetingResponse")
    OrgUnit = apps.get_model("people", "OrgUnit")
    Initiative = apps.get_model("voice", "Initiative")
    Response = apps.get_model("voice", "Response")
    Answer = apps.get_model("voice", "Answer")
    Responded = apps.get_model("voice", "Responded")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    meetings = Meeting.objects.filter(distributed_at__isnull=False) | Meeting.objects.filter(
        responses__isnull=False
    )
    for meeting in meetings.distinct().select_related("unit"):
        day = f"{meeting.date.day} {meeting.date:%b %Y}"
        initiative = Initiative.objects.create(
            title=f"Notes of the {KINDS.get(meeting.kind, 'meeting')} of {meeting.unit.name} "
            f"on {day}"[:200],
            what=meeting.notes[:2000],
            owner_id=meeting.chair_id,
            created_by_id=meeting.created_by_id,
            starts_on=meeting.date,
            meeting=meeting,
            status="published" if meeting.distributed_at else "draft",
            published_on=meeting.distributed_at.date() if meeting.distributed_at else None,
            reached=_recipients(AuditEntry, meeting) if meeting.distributed_at else None,
            distributed=meeting.distributed_at is not None,
        )
        units = OrgUnit.objects.filter(agenda_items__meeting=meeting).distinct()
        initiative.units.set(units)
        for old in MeetingResponse.objects.filter(meeting=meeting).select_related("author"):
            answer = None
            if old.answered_at is not None:
                answer = Answer.objects.create(
                    initiative=initiative,
                    kind="",
                    text=old.answer,
                    by_id=old.answered_by_id,
                    answered_on=old.answered_at.date(),
                )
            Response.objects.create(
                initiative=initiative,
                round=1,
                author_id=old.author_id,
                unit_id=old.author.unit_id,
                item_id=old.item_id,
                kind=old.kind,
                text=old.text,
                created_on=old.created_at.date(),
                visible_on=old.created_at.date(),
                notified=True,
                answer=answer,
            )
            Responded.objects.get_or_create(
                key=f"migrated:{initiative.pk}:{old.author_id}", initiative=initiative
            )


class Migration(migrations.Migration):
    dependencies = [
        ("voice", "0004_initiatives"),
        ("programs", "0003_roadmapitem_evidence_file"),
        ("audit", "0002_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
