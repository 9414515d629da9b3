"""Distributing a meeting's notes to the teams its agenda affects.

* Distribution reaches every active person placed in a unit an agenda item affects,
  or anywhere below it, once: `Meeting.distributed_at` is set by a conditional update,
  so a second run (or a double click) notifies nobody again.
* The responses and their answers are those of initiatives (tandem.voice, a layer
  above): `meeting_distributed` is sent in the same transaction, and the voice app makes
  the meeting's notes a published initiative that the affected teams answer.

Who may do what: programs/access.py. Every write is atomic and audited.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEntry, log_action, snapshot
from tandem.notifications.models import notify
from tandem.people.access import person_for
from tandem.people.models import OrgUnit, Person, PersonQuerySet, User
from tandem.programs import access
from tandem.programs.models import Meeting

DISTRIBUTED = "distributed"

# Sent inside the distribution's transaction: sender=Meeting, meeting=, recipients=.
meeting_distributed = Signal()


def meeting_url(meeting: Meeting) -> str:
    return reverse("programs:meeting_detail", args=[meeting.pk])


def affected_units(meeting: Meeting) -> list[OrgUnit]:
    """The units any agenda item names as affected, in tree order."""
    return list(OrgUnit.objects.filter(agenda_items__meeting=meeting).distinct().order_by("path"))


def affected_people(meeting: Meeting) -> PersonQuerySet:
    """Active people in the affected units or below them (one query)."""
    units = affected_units(meeting)
    if not units:
        return Person.objects.none()
    within = reduce(or_, (Q(unit__path__startswith=u.path) for u in units))
    return Person.objects.active().filter(within)


def _label(meeting: Meeting) -> str:
    day = f"{meeting.date.day} {meeting.date:%b %Y}"
    return f"the {meeting.get_kind_display().lower()} of {meeting.unit.name} on {day}"


@transaction.atomic
def distribute_meeting(actor: User, meeting: Meeting) -> int:
    """Send the notes to the affected teams; returns how many people were told.

    Already distributed: returns 0 and tells nobody. No agenda item names an affected
    team: ValidationError, nothing changes. Not the chair or program office: 403.
    """
    if not access.can_distribute_meeting(actor, meeting):
        raise PermissionDenied("Only the chair or the program office distributes a meeting.")
    units = affected_units(meeting)
    if not units:
        raise ValidationError(
            {"meeting": "No agenda item names a team it affects, so there is nobody to send it to."}
        )
    now = timezone.now()
    # The conditional update is the once-only guard, even for two requests at once.
    if not Meeting.objects.filter(pk=meeting.pk, distributed_at__isnull=True).update(
        distributed_at=now
    ):
        meeting.refresh_from_db(fields=["distributed_at"])
        return 0
    meeting.distributed_at = now
    me = person_for(actor)
    sent = notify(
        affected_people(meeting),
        f"Notes of {_label(meeting)} concern your team. Read them and say what you think.",
        meeting_url(meeting),
        exclude=me,
    )
    log_action(
        actor,
        DISTRIBUTED,
        meeting,
        before={"distributed_at": None},
        after=snapshot(meeting, ["distributed_at"]),
        extra={"recipients": len(sent), "units": [u.full_path for u in units]},
    )
    meeting_distributed.send(Meeting, meeting=meeting, recipients=len(sent))
    return len(sent)


def distribution_count(meeting: Meeting) -> int | None:
    """How many people the distribution reached, as recorded when it was sent."""
    if meeting.distributed_at is None:
        return None
    entry = (
        AuditEntry.objects.filter(
            object_type=Meeting._meta.label, object_id=str(meeting.pk), action=DISTRIBUTED
        )
        .order_by("-at", "-pk")
        .first()
    )
    return entry.changes.get("recipients") if entry else None
