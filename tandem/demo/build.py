"""Fill an empty database with the Harbor Health demo, fast: bulk inserts, one password hash.

`seed()` plans the organization (`roster`), saves units and people, generates eighteen
months of activity (`activity`) and saves it. It never touches a database that already
has people or units; `find_logins()` finds the four printed logins again later.
"""

from __future__ import annotations

import random
import time as clock_time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tandem.capture.models import (
    BuildingBlock,
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaTransition,
    ServiceAction,
    Story,
    load_building_blocks,
)
from tandem.demo import org
from tandem.demo.activity import DAY, DAYS, Activity, Clock, Records
from tandem.demo.assessments import build_360, build_assessments
from tandem.demo.audit_trail import record_history
from tandem.demo.feedback import build_feedback
from tandem.demo.initiatives import build_initiatives
from tandem.demo.outcomes import build_outcomes
from tandem.demo.programs import build_program
from tandem.demo.recognition import build_contests, build_recognition, build_showcase
from tandem.demo.roster import DOMAIN, Roster, plan_roster
from tandem.notifications.models import Notification
from tandem.people.access import PROGRAM_OFFICE_GROUP
from tandem.people.models import Level, OrgUnit, Person, User

DEFAULT_SEED = 2026
PASSWORD = "tandem-demo-2026"
ROLES = ("frontline", "manager", "executive", "program-office")


class DemoError(Exception):
    """The demo cannot be seeded here (the message says why)."""


@dataclass
class Summary:
    seed: int
    first_day: date
    last_day: date
    people: int
    units: int
    logins: int
    statuses: Counter
    actions: int
    stories: int
    transitions: int
    comments: int
    notifications: int
    audit_entries: int
    digests: int = 0
    feedback: int = 0
    initiatives: int = 0
    recognitions: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        ideas = sum(self.statuses.values())
        states = ", ".join(f"{self.statuses[s]} {s}" for s in IdeaStatus.values)
        return [
            f"Seeded Harbor Health (seed {self.seed}): {self.people} people in {self.units} "
            f"units, {self.logins} of them with a login.",
            f"Activity from {self.first_day} to {self.last_day}: {ideas} ideas ({states}), "
            f"{self.actions} service actions, {self.stories} stories.",
            f"Also {self.transitions} idea transitions, {self.comments} comments and "
            f"{self.notifications} notifications, in {self.seconds:.1f} s.",
            f"The audit trail holds {self.audit_entries} entries of that history; "
            f"{self.digests} weekly digests were built for the leaders; their inboxes hold "
            f"{self.feedback} pieces of feedback from their people; they wrote "
            f"{self.initiatives} initiatives for their teams to respond to. People "
            f"recognized each other (and customers them) {self.recognitions} times.",
        ]


def database_is_empty() -> bool:
    """The demo only goes into a database without people or units: it never mixes or wipes."""
    return not Person.objects.exists() and not OrgUnit.objects.exists()


def seed(
    seed: int = DEFAULT_SEED, today: date | None = None, now: datetime | None = None
) -> tuple[list[tuple[str, Person]], Summary]:
    """Seed an empty database; returns the four printed logins and a summary."""
    started = clock_time.monotonic()
    with transaction.atomic():
        if not database_is_empty():
            raise DemoError("The database already has people or units; nothing was changed.")
        roster = plan_roster(seed)
        taken = User.objects.filter(email__in=[s.email for s in roster.staff])
        if taken.exists():
            raise DemoError(f"{taken.first().email} already has a login; nothing was changed.")
        clock = make_clock(today, now)
        unit_ids = _save_units(roster)
        # Everyone was on the org chart a month before the program launched.
        joined = clock.at(-30 * DAY)
        users = _save_people(roster, unit_ids, joined=joined)
        group, _ = Group.objects.get_or_create(name=PROGRAM_OFFICE_GROUP)
        group.user_set.add(users[roster.program_lead.email])
        records = Activity(roster, random.Random(f"activity-{seed}"), clock, unit_ids).run()
        _save_records(records)
        build_program(roster, records, clock, unit_ids, seed)
        build_outcomes(roster, records, clock, unit_ids, seed)
        audited = record_history(roster, records, users, joined)
        logins = dict(_people_for(roster))
        feedback = build_feedback(clock.at(clock.limit).date(), seed, logins)
        initiatives = build_initiatives(clock.at(clock.limit), seed, logins)
        build_assessments(clock.at(clock.limit).date(), seed, logins["frontline"])
        build_360(clock.at(clock.limit).date(), seed, logins["manager"])
        recognitions = build_recognition(clock.at(clock.limit).date(), seed, logins["frontline"])
        build_contests(clock.at(clock.limit).date(), seed, logins["program-office"])
        build_showcase(clock.at(clock.limit).date(), logins["program-office"])
    summary = Summary(
        seed=seed,
        first_day=clock.at(0).date(),
        last_day=clock.at(clock.limit).date(),
        people=len(roster.staff),
        units=len(unit_ids),
        logins=len(users),
        statuses=Counter(i.status for i in records.ideas),
        actions=len(records.actions),
        stories=len(records.stories),
        transitions=len(records.transitions),
        comments=len(records.comments),
        notifications=len(records.notices),
        audit_entries=audited,
        feedback=feedback,
        initiatives=initiatives,
        recognitions=recognitions,
        seconds=clock_time.monotonic() - started,
    )
    return _people_for(roster), summary


def make_clock(today: date | None = None, now: datetime | None = None) -> Clock:
    """Eighteen months ending `today`; on the real today, ending a few minutes ago."""
    now = timezone.localtime(now or timezone.now())
    today = today or now.date()
    start = timezone.make_aware(datetime.combine(today - timedelta(days=DAYS - 1), time()))
    end_of_today = start + timedelta(minutes=DAYS * DAY - 1)
    latest = end_of_today if today != now.date() else now - timedelta(minutes=10)
    return Clock(start, max(0, int((latest - start).total_seconds() // 60)))


def _save_units(roster: Roster) -> dict[str, int]:
    known: dict[str, OrgUnit] = {}
    for path in roster.units:
        OrgUnit.ensure_path(path, known)
    return {path: unit.pk for path, unit in known.items()}


def _save_people(roster: Roster, unit_ids: dict[str, int], joined: datetime) -> dict[str, User]:
    """Users (one shared password hash), then people, managers before their reports."""
    hashed = make_password(PASSWORD)
    users = [
        User(
            email=s.email, password=hashed, first_name=s.first, last_name=s.name[len(s.first) + 1 :]
        )
        for s in roster.staff
        if s.login
    ]
    User.objects.bulk_create(users)
    by_email = {u.email: u for u in users}
    depth = max(len(s.chain()) for s in roster.staff)
    for level in range(depth + 1):
        batch = [s for s in roster.staff if len(s.chain()) == level]
        people = [
            Person(
                employee_id=s.employee_id,
                name=s.name,
                email=s.email,
                title=s.title,
                level=s.level,
                unit_id=unit_ids[s.unit],
                manager_id=s.manager.pk if s.manager else None,
                user=by_email.get(s.email),
                created_at=joined,
            )
            for s in batch
        ]
        Person.objects.bulk_create(people)
        for s, person in zip(batch, people, strict=True):
            s.pk = person.pk
    Person.rebuild_lines()  # bulk_create bypasses Person.save(), which keeps lines
    return by_email


def _save_records(records: Records) -> None:
    Idea.objects.bulk_create(records.ideas)
    IdeaTransition.objects.bulk_create(records.transitions)
    IdeaComment.objects.bulk_create(records.comments)
    ServiceAction.objects.bulk_create(records.actions)
    Story.objects.bulk_create(records.stories)
    load_building_blocks()  # a flushed database (e.g. after a transactional test) has none
    block_ids = dict(BuildingBlock.objects.values_list("slug", "pk"))
    for kind, model, field in (
        ("idea", Idea, "authors"),
        ("action", ServiceAction, "people"),
        ("story", Story, "people"),
    ):
        own = f"{model._meta.model_name}_id"
        credited = getattr(model, field).through
        credited.objects.bulk_create(
            credited(**{own: obj.pk, "person_id": p.pk})
            for obj, people in records.people[kind]
            for p in people
        )
        tagged = model.blocks.through
        tagged.objects.bulk_create(
            tagged(**{own: obj.pk, "buildingblock_id": block_ids[slug]})
            for obj, slugs in records.blocks[kind]
            for slug in dict.fromkeys(slugs)
        )
    for notice, idea in records.notices:
        notice.url = reverse("capture:idea_detail", args=[idea.pk])
    Notification.objects.bulk_create(n for n, _ in records.notices)
    # bulk_create stamps updated_at with the seeding time; the last change is what it means.
    Idea.objects.filter(pk__in=[i.pk for i in records.ideas]).update(
        updated_at=F("status_changed_at")
    )
    for model, objs in ((ServiceAction, records.actions), (Story, records.stories)):
        model.objects.filter(pk__in=[o.pk for o in objs]).update(updated_at=F("created_at"))


def _people_for(roster: Roster) -> list[tuple[str, Person]]:
    found = Person.objects.select_related("user").in_bulk([s.pk for _, s in roster.logins()])
    return [(role, found[s.pk]) for role, s in roster.logins()]


def find_logins() -> list[tuple[str, Person]] | None:
    """The four demo logins in a database seeded by `seed`, or None if there are none.

    Found by the same rules that chose them, so any seed works: the first registered nurse
    on the showcase night team, their supervisor, the chief executive and the program office.
    """
    demo = Person.objects.select_related("user", "manager__user").filter(
        email__endswith=f"@{DOMAIN}", user__isnull=False, active=True
    )
    frontline = (
        demo.filter(unit__full_path=org.SHOWCASE_UNIT, title=org.SHOWCASE_TITLE)
        .filter(level=Level.FRONTLINE, manager__user__isnull=False)
        .order_by("pk")
        .first()
    )
    executive = demo.filter(level=Level.EXECUTIVE, manager__isnull=True).order_by("pk").first()
    office = demo.filter(user__groups__name=PROGRAM_OFFICE_GROUP).order_by("pk").first()
    if frontline is None or executive is None or office is None:
        return None
    return list(zip(ROLES, (frontline, frontline.manager, executive, office), strict=True))


def login_lines(logins: list[tuple[str, Person]]) -> list[str]:
    """`ROLE: EMAIL PASSWORD`, one per login, in the printed order."""
    return [f"{role}: {person.user.email} {PASSWORD}" for role, person in logins]
