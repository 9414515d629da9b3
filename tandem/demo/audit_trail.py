"""The demo's history in the audit trail, as the services would have written it.

The demo is saved in bulk, past the services that audit each write, so it records the
entries they would have made, dated when each thing happened: the org chart's import,
the program office's role and its invitations, and every idea, action and story created,
idea moved and comment written. Each entry has the form of the service's own
(`tandem.people.importer.import_people`, `tandem.people.services.invite_person`,
`tandem.capture.services`): the same action, object and changes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import models

from tandem.audit.models import AuditEntry, diff, snapshot
from tandem.capture.models import BuildingBlock, Idea, IdeaStatus
from tandem.demo.activity import Records
from tandem.demo.roster import Roster
from tandem.people.access import PROGRAM_OFFICE_GROUP
from tandem.people.importer import PeopleReport
from tandem.people.models import Person, User

# What an idea's snapshot holds when it is created, before any move (capture.services).
IDEA_AT_CREATION = {
    "status": IdeaStatus.PROPOSED.value,
    "result": "",
    "minutes_saved_per_week": None,
    "money_saved_per_year": None,
    "customer_effect": "",
}
# The fields a move to implemented fills in (capture.services.transition_idea).
IMPLEMENTED_FIELDS = ("result", "minutes_saved_per_week", "money_saved_per_year", "customer_effect")


class Trail:
    """Unsaved audit entries, each with the login of the person who made the change."""

    def __init__(self, users: dict[int, User]) -> None:
        self.users = users
        self.entries: list[AuditEntry] = []

    def add(
        self,
        person_id: int | None,
        at: datetime,
        action: str,
        obj: models.Model | None = None,
        *,
        changes: dict[str, Any] | None = None,
        object_type: str = "",
        object_label: str = "",
    ) -> None:
        user = self.users.get(person_id) if person_id else None
        self.entries.append(
            AuditEntry(
                actor=user,
                actor_label=str(user) if user else "system",
                at=at,
                action=action,
                object_type=object_type or (obj._meta.label if obj is not None else ""),
                object_id=str(obj.pk) if obj is not None else "",
                object_label=object_label or (str(obj)[:300] if obj is not None else ""),
                changes=changes or {},
            )
        )


def record_history(
    roster: Roster, records: Records, users: dict[str, User], joined: datetime
) -> int:
    """Save the audit entries of everything seeded; returns how many."""
    by_person = {s.pk: users[s.email] for s in roster.staff if s.email in users}
    trail = Trail(by_person)
    _org_chart(trail, roster, users, joined)
    _records(trail, records)
    AuditEntry.objects.bulk_create(trail.entries, batch_size=1000)
    return len(trail.entries)


def _org_chart(trail: Trail, roster: Roster, users: dict[str, User], joined: datetime) -> None:
    """The import from HR, then the program lead given the office's role, then the logins."""
    staff = len(roster.staff)
    report = PeopleReport(rows=staff, created=staff, units_created=len(roster.units))
    trail.add(
        None,
        joined,
        "imported people",
        object_type=Person._meta.label,
        object_label=report.summary(),
        changes=report.counts(),
    )
    lead = roster.program_lead
    lead_user = users[lead.email]
    trail.add(
        None,
        joined + timedelta(minutes=5),
        "added to group",
        lead_user,
        changes={"group": PROGRAM_OFFICE_GROUP},
    )
    people = {p.pk: p for p in Person.objects.filter(user__isnull=False).only("pk", "name")}
    invited = [s for s in roster.staff if s.email in users]
    for i, staff in enumerate(invited):
        user = users[staff.email]
        trail.add(
            None if staff is lead else lead.pk,
            joined + timedelta(days=1, seconds=20 * i),
            "invited",
            people[staff.pk],
            changes={"email": user.email, "user_id": user.pk},
        )


def _records(trail: Trail, records: Records) -> None:
    """Each idea, action and story created; each idea moved along and commented on."""
    block_ids = dict(BuildingBlock.objects.values_list("slug", "pk"))
    for kind in ("idea", "action", "story"):
        blocks = {id(obj): slugs for obj, slugs in records.blocks[kind]}
        for obj, people in records.people[kind]:
            after = snapshot(obj, [f.name for f in obj._meta.concrete_fields])
            after["updated_at"] = str(obj.created_at)
            if isinstance(obj, Idea):
                after.update(IDEA_AT_CREATION, status_changed_at=str(obj.created_at))
            after[obj.people_field] = sorted(p.pk for p in people)
            after["blocks"] = sorted({block_ids[slug] for slug in blocks[id(obj)]})
            trail.add(obj.created_by_id, obj.created_at, "created", obj, changes=diff({}, after))
    last_move = {idea.pk: idea.created_at for idea in records.ideas}
    for step in sorted(records.transitions, key=lambda t: t.at):
        idea = step.idea
        was = str(last_move[idea.pk])
        before = {"status": step.from_status, "status_changed_at": was, "updated_at": was}
        after = {"status": step.to_status, "status_changed_at": str(step.at)}
        after["updated_at"] = after["status_changed_at"]
        if step.to_status == IdeaStatus.IMPLEMENTED:
            before.update({name: IDEA_AT_CREATION[name] for name in IMPLEMENTED_FIELDS})
            moved = snapshot(idea, list(IMPLEMENTED_FIELDS))
            after.update(moved)
        changes = {**diff(before, after), "note": step.note}
        trail.add(step.by_id, step.at, "transition", idea, changes=changes)
        last_move[idea.pk] = step.at
    for comment in records.comments:
        trail.add(
            comment.author_id,
            comment.created_at,
            "commented",
            comment.idea,
            changes={"comment": comment.text},
        )
