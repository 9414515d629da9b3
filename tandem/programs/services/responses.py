"""Distributing a meeting's notes to the teams its agenda affects, and their responses.

* Distribution reaches every active person placed in a unit an agenda item affects,
  or anywhere below it, once: `Meeting.distributed_at` is set by a conditional update,
  so a second run (or a double click) notifies nobody again.
* Those affected (and the attendees, and the program office) respond with support,
  a concern or a suggestion; the chair hears of it and answers; the author hears back.

Who may do what: programs/access.py. Every write is atomic and audited.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEntry, log_action, snapshot
from tandem.notifications.models import notify
from tandem.people.access import person_for
from tandem.people.models import OrgUnit, Person, PersonQuerySet, User
from tandem.programs import access
from tandem.programs.models import AgendaItem, Meeting, MeetingResponse, ResponseKind
from tandem.programs.models.responses import TEXT_LIMIT

DISTRIBUTED = "distributed"
KIND_WORDS = "support, concern or suggestion"


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


def _text_error(text: str, what: str) -> str | None:
    if not text:
        return f"Write your {what}; it is empty."
    if len(text) > TEXT_LIMIT:
        return f"Keep your {what} to {TEXT_LIMIT} characters; it has {len(text)}."
    return None


@transaction.atomic
def respond(
    actor: User, meeting: Meeting, kind: str, text: str, item: AgendaItem | None = None
) -> MeetingResponse:
    """Record a response and tell the chair. Problems: ValidationError keyed by kind, text
    and item, every one at once, nothing saved. Not among those affected: 403."""
    me = person_for(actor)
    if me is None or not access.can_respond(actor, meeting):
        raise PermissionDenied("Only the teams this meeting affects, and its attendees, respond.")
    errors: dict[str, str] = {}
    if not kind:
        errors["kind"] = f"Say what kind of response this is: {KIND_WORDS}."
    elif kind not in ResponseKind.values:
        errors["kind"] = f"'{kind}' is not a kind of response; choose {KIND_WORDS}."
    text = (text or "").strip()
    if problem := _text_error(text, "response"):
        errors["text"] = problem
    if item is not None and item.meeting_id != meeting.pk:
        errors["item"] = "That agenda item is not on this meeting's agenda."
    if errors:
        raise ValidationError(errors)
    response = MeetingResponse.objects.create(
        meeting=meeting, item=item, author=me, kind=kind, text=text
    )
    log_action(actor, "created", response, after=snapshot(response))
    about = f" on “{item.title}”" if item else ""
    notify(
        [meeting.chair],
        f"{me.name} sent a {response.get_kind_display().lower()}{about} about {_label(meeting)}.",
        meeting_url(meeting),
        exclude=me,
    )
    return response


@transaction.atomic
def answer(actor: User, response: MeetingResponse, text: str) -> MeetingResponse:
    """The chair's (or program office's) answer, once; the author is told.
    Empty, too long or already answered: ValidationError keyed by answer, nothing saved."""
    response = MeetingResponse.objects.select_for_update().get(pk=response.pk)
    if not access.can_answer(actor, response):
        raise PermissionDenied("Only the chair of the meeting answers its responses.")
    text = (text or "").strip()
    if response.answered:
        raise ValidationError({"answer": "This response has already been answered."})
    if problem := _text_error(text, "answer"):
        raise ValidationError({"answer": problem})
    before = snapshot(response)
    me = person_for(actor)
    response.answer = text
    response.answered_by = me
    response.answered_at = timezone.now()
    response.save(update_fields=["answer", "answered_by", "answered_at"])
    log_action(actor, "answered", response, before=before, after=snapshot(response))
    who = me.name if me else "The program office"
    kind = response.get_kind_display().lower()
    notify(
        [response.author],
        f"{who} answered your {kind} about {_label(response.meeting)}.",
        meeting_url(response.meeting),
        exclude=me,
    )
    return response
