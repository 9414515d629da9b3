"""Weekly early-wins digests: who gets one, what it says, and sending it exactly once.

The flow:

1. `schedule(week, send_day)` (the `send_digests` command, run daily by cron, a systemd
   timer or the embedded worker) creates one `Digest` row per leader due that day and
   enqueues one `send_digest` task per row, after the transaction commits.
2. The task calls `deliver(digest_id)`: it claims the row, builds the content (figures,
   best stories and ideas, the latest recognitions, initiatives published, silent units,
   due check-ins, trend),
   stores it on the row (that is what the in-app page shows), emails it and marks it sent.

Sending once, even when a worker is killed half-way (see `deliver` for the protocol):
the unique (leader, week) constraint makes the row the single place that says whether
a digest went out; a claim with a lease lets exactly one worker at a time work on a
row without holding a database lock during the slow parts (building, rendering the
chart, talking to the mail server); a killed worker's claim simply expires and
`requeue_abandoned` (every minute in the embedded worker; else the next `schedule` run)
re-enqueues the row. The Message-ID is derived from (leader, week),
so the rare re-send after a crash between "the mail server accepted it" and "the row
says sent" carries the same Message-ID, which mail systems treat as the same message.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import resource
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import django
from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.db.models import Count, F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from tandem.capture.models import Idea, Story
from tandem.digests.emails import TREND_KEYS, message_id, render_email
from tandem.digests.models import DEFAULT_WEEKDAY, Digest, DigestPreference, DigestStatus
from tandem.indicators import figures, highlights
from tandem.indicators.periods import WEEK, ReportPeriod, comparison_label
from tandem.lib import cadence as cal
from tandem.people.access import UnitScope
from tandem.people.models import LEADER_LEVELS, OrgUnit, Person
from tandem.programs.services.commitments import due_check_ins
from tandem.recognition.models import Recognition
from tandem.voice.initiatives import initiative_url
from tandem.voice.models import AnswerKind, Initiative, Status

log = logging.getLogger(__name__)

STORIES_PER_DIGEST = 5
IDEAS_PER_DIGEST = 5
# Highlights come from the covered week and the one before it (a story logged late, or
# one that missed the cut last week, still gets its chance); what a leader was already
# shown in that window is left out.
LOOKBACK_WEEKS = 2
TREND_WEEKS = 12
MAX_SILENT_UNITS = 20
MAX_INITIATIVES = 10
# The latest recognitions shown (not private ones), and how many names each shows.
RECOGNITIONS_PER_DIGEST = 2
NAMES_PER_RECOGNITION = 5

# The headline figures: key in figures.summary, label, how to show it.
HEADLINE = [
    ("ideas_created", "Ideas created", "int"),
    ("ideas_tried", "Ideas tried", "int"),
    ("ideas_implemented", "Ideas implemented", "int"),
    ("service_actions", "Service actions", "int"),
    ("stories", "Stories", "int"),
    ("participation", "Participation", "percent"),
    ("manager_engagement", "Manager engagement", "percent"),
    ("minutes_saved_per_week", "Minutes saved a week", "int"),
    ("money_saved_per_year", "Money saved a year", "money"),
    ("recognitions", "Recognitions", "int"),
]
# Activity that makes a unit "not silent" in a week.
ACTIVITY_KEYS = ("ideas_created", "ideas_tried", "ideas_implemented", "service_actions", "stories")


def claim_seconds() -> int:
    """A claim expires after this long: a worker killed mid-digest blocks it no longer."""
    return settings.TANDEM_DIGEST_CLAIM_SECONDS


def requeue_seconds() -> int:
    """A queued row whose task has not run after this long is enqueued again by `schedule`."""
    return settings.TANDEM_DIGEST_REQUEUE_SECONDS


# --- weeks and recipients ---------------------------------------------------------


def week_of(day: date) -> ReportPeriod:
    return ReportPeriod.containing(WEEK, day)


def covered_week(send_day: date | None = None) -> ReportPeriod:
    """The week a digest sent on `send_day` covers: the last complete week before it."""
    send_day = send_day or timezone.localdate()
    return week_of(send_day).previous()


def leaders() -> QuerySet[Person]:
    """Everyone who gets a digest: active people at supervisor level and up."""
    return Person.objects.active().filter(level__in=LEADER_LEVELS)


def recipients(send_day: date, *, everyone: bool = False) -> QuerySet[Person]:
    """Leaders whose digest goes out on `send_day` (their chosen weekday; Monday when they
    never chose), or every leader who has not turned it off when `everyone`."""
    people = leaders().exclude(digest_preference__enabled=False)
    if everyone:
        return people
    weekday = send_day.weekday()
    chose = Q(digest_preference__weekday=weekday)
    if weekday == DEFAULT_WEEKDAY:
        chose |= Q(digest_preference__isnull=True)
    return people.filter(chose)


def preference_for(person: Person) -> DigestPreference:
    """The person's preference, or an unsaved one with the defaults."""
    pref = DigestPreference.objects.filter(person=person).first()
    return pref or DigestPreference(person=person)


def _wants_it(person: Person) -> bool:
    """Whether the digest is on for a person loaded with select_related("digest_preference")."""
    try:
        return person.digest_preference.enabled
    except DigestPreference.DoesNotExist:
        return True  # never chose: on


# --- content ----------------------------------------------------------------------


@dataclass
class BuildCache:
    """Figures shared by leaders of the same unit within one run (many leaders share a
    unit: a manager and their supervisors), so each unit is computed once; and the
    initiatives published in the week, read once for all leaders."""

    trends: dict[tuple[int, date], list[dict[str, Any]]] = field(default_factory=dict)
    silent: dict[tuple[int, date], list[dict[str, Any]]] = field(default_factory=dict)
    published: dict[tuple[date, date], list] = field(default_factory=dict)

    def trend(self, unit: OrgUnit, week: ReportPeriod) -> list[dict[str, Any]]:
        key = (unit.pk, week.start)
        if key not in self.trends:
            self.trends[key] = figures.trend(unit, week.end, TREND_WEEKS)
        return self.trends[key]

    def silent_units(self, unit: OrgUnit, week: ReportPeriod) -> list[dict[str, Any]]:
        key = (unit.pk, week.start)
        if key not in self.silent:
            self.silent[key] = _silent_units(unit, week)
        return self.silent[key]

    def published_in(self, week: ReportPeriod, day: date) -> list:
        """The initiatives published in the week, for every leader of the run."""
        key = (week.start, day)
        if key not in self.published:
            self.published[key] = _published_in(week, day)
        return self.published[key]


def _plain(value: Any) -> Any:
    """JSON-able: Decimal to a string, dates to ISO."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _headline(current: dict[str, Any], previous: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for key, label, kind in HEADLINE:
        now, before = current.get(key), previous.get(key)
        change = None
        if now is not None and before is not None:
            change = now - before
        rows.append(
            {
                "key": key,
                "label": label,
                "kind": kind,
                "value": _plain(now),
                "previous": _plain(before),
                "change": _plain(change),
            }
        )
    return rows


def _is_silent(row: dict[str, Any]) -> bool:
    return row["staff"] > 0 and not any(row[key] for key in ACTIVITY_KEYS)


def _silent_units(unit: OrgUnit, week: ReportPeriod) -> list[dict[str, Any]]:
    """The units directly below `unit` with staff and no idea, action or story in the week."""
    if unit.numchild == 0:
        return []
    children = list(OrgUnit.objects.get_children(unit))
    rows = figures.for_units(children, week)
    return [
        {"id": child.pk, "name": child.name, "staff": rows[child.pk]["staff"]}
        for child in children
        if _is_silent(rows[child.pk])
    ]


def shown_before(person: Person, week: ReportPeriod) -> tuple[set[int], set[int]]:
    """Stories and ideas shown to the person in earlier digests that could come up again."""
    since = week.start - timedelta(weeks=LOOKBACK_WEEKS)
    stories: set[int] = set()
    ideas: set[int] = set()
    rows = Digest.objects.filter(
        person=person, week_start__gte=since, week_start__lt=week.start, built_at__isnull=False
    ).values_list("story_ids", "idea_ids")
    for story_ids, idea_ids in rows:
        stories.update(story_ids or [])
        ideas.update(idea_ids or [])
    return stories, ideas


def _names(people) -> list[str]:
    return [p.name for p in people]


def _story_item(h: highlights.Highlight) -> dict[str, Any]:
    story: Story = h.record
    return {
        "id": story.pk,
        "kind": story.kind,
        "kind_label": story.get_kind_display(),
        "what_happened": story.what_happened,
        "customer_words": story.customer_words,
        "date": story.date.isoformat(),
        "unit": story.unit.name,
        "people": _names(story.people.all()),
        "url": story.get_absolute_url(),
        "score": h.score,
        "reasons": h.reasons,
    }


def _idea_item(h: highlights.Highlight) -> dict[str, Any]:
    idea: Idea = h.record
    implemented_on = timezone.localtime(idea.implemented_at).date()
    return {
        "id": idea.pk,
        "title": idea.title,
        "result": idea.result,
        "minutes_saved_per_week": idea.minutes_saved_per_week,
        "money_saved_per_year": _plain(idea.money_saved_per_year),
        "customer_effect": idea.customer_effect,
        "implemented_on": implemented_on.isoformat(),
        "unit": idea.unit.name,
        "people": _names(idea.authors.all()),
        "url": idea.get_absolute_url(),
        "score": h.score,
        "reasons": h.reasons,
    }


def _prefetch(items: list[highlights.Highlight], relation: str) -> None:
    people = Prefetch(relation, queryset=Person.objects.only("pk", "name").order_by("name"))
    prefetch_related_objects([h.record for h in items], people)


def _latest_recognitions(unit: OrgUnit, start: date, end: date) -> list[dict[str, Any]]:
    """The latest recognitions dated in start..end that recognized staff of `unit` and
    below (active, placed there now: those the "recognitions" figure counts), private ones
    left out, newest first. Two queries (one when there is none)."""
    ours = Recognition.people.through.objects.filter(
        person__active=True, person__unit__path__startswith=unit.path
    ).values("recognition_id")
    latest = list(
        Recognition.objects.filter(private=False, date__gte=start, date__lte=end, pk__in=ours)
        .select_related("given_by", "contest")
        .order_by("-date", "-pk")[:RECOGNITIONS_PER_DIGEST]
    )
    names: dict[int, list[str]] = {r.pk: [] for r in latest}
    for recognition_id, name in (
        Recognition.people.through.objects.filter(recognition_id__in=list(names))
        .order_by("person__name", "person_id")
        .values_list("recognition_id", "person__name")
    ):
        names[recognition_id].append(name)
    return [
        {
            "id": r.pk,
            "what": r.what,
            "from": r.from_whom,
            "source": r.source,
            "date": r.date.isoformat(),
            "people": names[r.pk][:NAMES_PER_RECOGNITION],
            "people_more": max(len(names[r.pk]) - NAMES_PER_RECOGNITION, 0),
            "url": r.get_absolute_url(),
        }
        for r in latest
    ]


def _check_ins(person: Person, send_day: date) -> list[dict[str, Any]]:
    rows = []
    for commitment, period in due_check_ins(person, send_day):
        rows.append(
            {
                "id": commitment.pk,
                "text": commitment.text,
                "period": cal.period_label(period, commitment.cadence),
                "url": reverse("programs:commitment_check_in", args=[commitment.pk]),
            }
        )
    return rows


def _published_in(week: ReportPeriod, day: date) -> list[tuple[dict[str, Any], list[str]]]:
    """Every initiative published in `week`, each with the paths of the units it affects:
    the responses of its current round the owner could read by `day` and how many of
    those still wait for an answer, as the initiative page counts and lists them. Two
    queries, however many there are."""
    readable = Q(responses__round=F("round"), responses__visible_on__lte=day)
    # Waiting as on the page's list (voice.initiatives.open_responses): never answered (by
    # `day`), or asked back and changed by its author since.
    asked_back = Q(
        responses__answer__kind=AnswerKind.QUESTION,
        responses__changed_on__gte=F("responses__answer__answered_on"),
        responses__changed_on__lte=day,
    )
    unanswered = (
        Q(responses__answer__isnull=True) | Q(responses__answer__answered_on__gt=day) | asked_back
    )
    rows = (
        Initiative.objects.exclude(status=Status.DRAFT)
        .filter(published_on__gte=week.start, published_on__lte=week.end)
        .annotate(
            n_responses=Count("responses", filter=readable),
            n_waiting=Count("responses", filter=readable & unanswered),
        )
        .prefetch_related(Prefetch("units", queryset=OrgUnit.objects.order_by("path")))
        .order_by("published_on", "pk")
    )
    return [
        (
            {
                "id": initiative.pk,
                "title": initiative.title,
                "units": [unit.name for unit in initiative.units.all()],
                "published_on": initiative.published_on.isoformat(),
                "round": initiative.round,
                "closed": initiative.status == Status.CLOSED,
                "responses": initiative.n_responses,
                "waiting": initiative.n_waiting,
                "url": initiative_url(initiative),
            },
            [unit.path for unit in initiative.units.all()],
        )
        for initiative in rows
    ]


def _initiatives(
    person: Person, week: ReportPeriod, day: date, cache: BuildCache
) -> list[dict[str, Any]]:
    """The initiatives published in `week` that affect the leader's part of the
    organization: one of their units lies where the leader may see figures (their unit and
    below, and where their reports are placed elsewhere: UnitScope, the rule by which
    voice.access lets a leader oversee an initiative and see its figures). The reporting
    line is read only when an initiative of the week lies outside the leader's own unit."""
    published = cache.published_in(week, day)
    scope = UnitScope(person)
    tops = [scope.own]
    if any(not path.startswith(scope.own) for _, paths in published for path in paths):
        tops += list(scope.others)
    return [
        dict(item)
        for item, paths in published
        if any(path.startswith(top) for path in paths for top in tops)
    ]


def build_content(
    person: Person,
    week: ReportPeriod,
    *,
    send_day: date | None = None,
    cache: BuildCache | None = None,
) -> dict[str, Any]:
    """Everything one leader's digest of `week` shows, as a JSON-able dict.

    A bounded number of queries, whatever the size of the leader's part of the
    organization: the figures come from the rollups (figures.*), the highlights are
    scored and cut by the database.
    """
    cache = cache or BuildCache()
    send_day = send_day or week.end + timedelta(days=1)
    unit = person.unit
    trend = cache.trend(unit, week)
    # Like with like (periods.py): a week still in progress is counted so far and compared
    # with the same days of the week before, not with all of it.
    counted = week.so_far()
    before = counted.comparison()
    if counted.is_cut:
        current, previous = figures.summary(unit, counted), figures.summary(unit, before)
    else:
        current, previous = trend[-1], trend[-2]
    seen_stories, seen_ideas = shown_before(person, week)
    since = week.start - timedelta(weeks=LOOKBACK_WEEKS - 1)
    stories = highlights.best_stories(
        unit, since, week.end, limit=STORIES_PER_DIGEST, exclude_ids=seen_stories
    )
    ideas = highlights.best_ideas(
        unit, since, week.end, limit=IDEAS_PER_DIGEST, exclude_ids=seen_ideas
    )
    _prefetch(stories, "people")
    _prefetch(ideas, "authors")
    silent = cache.silent_units(unit, counted)
    initiatives = _initiatives(person, week, send_day, cache)
    return {
        "person": {"id": person.pk, "name": person.name},
        "unit": {"id": unit.pk, "name": unit.name, "path": unit.full_path},
        "week": {"start": week.start.isoformat(), "end": week.end.isoformat(), "label": week.label},
        # What the headline's changes compare; so_far when the week was still in progress.
        "compared": comparison_label(counted, before),
        "so_far": counted.is_cut,
        "counted_end": counted.end.isoformat(),
        "highlights_since": since.isoformat(),
        "staff": current["staff"],
        "headline": _headline(current, previous),
        "ideas_per_employee_per_year": current.get("ideas_per_employee_per_year"),
        "stories": [_story_item(h) for h in stories],
        "ideas": [_idea_item(h) for h in ideas],
        # The week's (so far) recognitions of the leader's staff, and the latest of them.
        "recognitions_count": current["recognitions"],
        "recognitions": _latest_recognitions(unit, counted.start, counted.end),
        "initiatives": initiatives[:MAX_INITIATIVES],
        "initiatives_more": max(len(initiatives) - MAX_INITIATIVES, 0),
        "silent_units": silent[:MAX_SILENT_UNITS],
        "silent_more": max(len(silent) - MAX_SILENT_UNITS, 0),
        "has_children": unit.numchild > 0,
        "check_ins": _check_ins(person, send_day),
        "trend": [
            {"week": row["period"].start.isoformat(), **{key: row[key] for key, _ in TREND_KEYS}}
            for row in trend
        ],
    }


# --- sending once -----------------------------------------------------------------


def ensure_row(person: Person, week: ReportPeriod) -> Digest:
    """The (leader, week) row, created if missing; the unique constraint settles races."""
    row = Digest.objects.filter(person=person, week_start=week.start).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return Digest.objects.create(person=person, week_start=week.start)
    except IntegrityError:
        return Digest.objects.get(person=person, week_start=week.start)


def _claim(digest_id: int, token: str, now: datetime) -> bool:
    """Take the row for `claim_seconds()` if it is unsent and nobody holds a live claim.

    One conditional UPDATE: the database applies it to the row atomically (PostgreSQL
    re-checks the WHERE after a concurrent writer commits; SQLite has one writer at a
    time), so of two workers racing for a row exactly one sees rowcount 1.
    """
    return bool(
        Digest.objects.filter(pk=digest_id, status=DigestStatus.QUEUED)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(
            claim_token=token,
            claimed_until=now + timedelta(seconds=claim_seconds()),
            attempts=F("attempts") + 1,
        )
    )


def deliver(digest_id: int, *, cache: BuildCache | None = None, send: bool = True) -> str:
    """Build and send one digest, at most once per (leader, week); returns what happened.

    The protocol, safe to run twice, concurrently, or again after a worker was killed:

    1. Claim the row (`_claim`): unsent and no live claim, else stop ("sent", "busy").
    2. Build the content and render the email (the slow part: the chart).
    3. Store the content with the shown story/idea ids and renew the claim, guarded by
       the claim token: a worker whose claim expired and was taken over meanwhile writes
       and sends nothing.
    4. Send the email with the deterministic Message-ID (`message_id`).
    5. Mark the row sent, guarded by the token.

    Killed during 1–4 before the mail server accepted the message: nothing went out; the
    claim expires and `requeue_abandoned` (or the next `schedule`) re-enqueues the row,
    which then sends it.
    Killed in the instant between 4 and 5 (or a send slower than the renewed claim): the
    re-send carries the same Message-ID, so the recipient's mail system sees one message.
    Everything else — the row, the content, the shown ids — exists once by the unique
    (leader, week) constraint. `send=False` builds and stores the content only (the
    benchmark, previews).
    """
    now = timezone.now()
    digest = (
        Digest.objects.select_related("person__unit", "person__digest_preference")
        .filter(pk=digest_id)
        .first()
    )
    if digest is None:
        return "gone"
    if digest.status != DigestStatus.QUEUED:
        return "done"
    person = digest.person
    if not person.active or person.level not in LEADER_LEVELS or not _wants_it(person):
        # Turned off (or left) after the row was queued: nothing to send, nothing to show.
        Digest.objects.filter(pk=digest.pk, status=DigestStatus.QUEUED).delete()
        return "off"
    token = secrets.token_hex(16)
    if not _claim(digest.pk, token, now):
        return "busy"
    week = week_of(digest.week_start)
    content = build_content(person, week, send_day=timezone.localdate(), cache=cache)
    stored = {
        "content": content,
        "story_ids": [s["id"] for s in content["stories"]],
        "idea_ids": [i["id"] for i in content["ideas"]],
        "built_at": timezone.now(),
        "message_id": message_id(digest),
    }
    email = None
    if send and person.email:
        # The email shows what the row will hold (the content as JSON gives it back).
        for name, value in {**stored, "content": json.loads(json.dumps(content))}.items():
            setattr(digest, name, value)
        email = render_email(digest)
    mine = Digest.objects.filter(pk=digest.pk, claim_token=token, status=DigestStatus.QUEUED)
    renewed = timezone.now() + timedelta(seconds=claim_seconds())
    if not mine.update(**stored, claimed_until=renewed):
        return "busy"
    if not person.email:
        mine.update(status=DigestStatus.NO_EMAIL, claimed_until=None)
        return "no_email"
    if email is None:
        mine.update(claimed_until=None)
        return "built"
    try:
        email.send(using="default")
    except Exception:
        # The mail server refused or is down: let the next scheduling round retry it.
        mine.update(claimed_until=None, queued_at=timezone.now() - timedelta(days=1))
        raise
    mine.update(status=DigestStatus.SENT, sent_at=timezone.now(), claimed_until=None)
    return "sent"


def schedule(
    week: ReportPeriod,
    *,
    send_day: date | None = None,
    everyone: bool = False,
) -> int:
    """Create the digest rows of `week` for the leaders due on `send_day` and enqueue one
    task per new row, after commit; returns how many tasks were enqueued.

    Safe to run again and again (cron runs it daily, the embedded worker hourly): rows
    already sent are left alone, and a queued row of the week is enqueued again only
    when its last enqueue is older than `requeue_seconds()` and no live claim holds it
    (its worker died, or the queue was lost). The task is idempotent anyway.
    """
    from tandem.digests.tasks import send_digest  # tasks.py imports this module

    send_day = send_day or timezone.localdate()
    now = timezone.now()
    due = set(recipients(send_day, everyone=everyone).values_list("pk", flat=True))
    with transaction.atomic():
        have = set(Digest.objects.filter(week_start=week.start).values_list("person_id", flat=True))
        Digest.objects.bulk_create(
            [Digest(person_id=pk, week_start=week.start, queued_at=now) for pk in due - have],
            batch_size=1000,
            ignore_conflicts=True,
        )
        stale = now - timedelta(seconds=requeue_seconds())
        rows = Digest.objects.filter(
            Q(queued_at=now) | Q(queued_at__lt=stale),
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
            week_start=week.start,
            status=DigestStatus.QUEUED,
        )
        ids = list(rows.order_by("person__unit_id", "pk").values_list("pk", flat=True))
        Digest.objects.filter(pk__in=ids, queued_at__lt=stale).update(queued_at=now)

        def enqueue() -> None:
            for pk in ids:
                send_digest.enqueue(pk)

        transaction.on_commit(enqueue)
    return len(ids)


def requeue_abandoned(now: datetime | None = None, lost_tasks: Iterable[int] = ()) -> int:
    """Enqueue again, at once, each digest whose worker stopped while holding it: still
    queued and its claim run out, or (`lost_tasks`: digest ids whose task a dead worker
    had started) not claimed at all, the worker having died before claiming it. Returns
    how many. The embedded worker calls this every minute, so such a digest goes out
    about `claim_seconds()` after its worker died, with no cron run needed. Several
    workers may call it together: each row is taken back by one of them only."""
    from tandem.digests.tasks import send_digest  # tasks.py imports this module

    now = now or timezone.now()
    left = Q(claimed_until__lt=now) | Q(pk__in=list(lost_tasks), claimed_until__isnull=True)
    abandoned = Digest.objects.filter(left, status=DigestStatus.QUEUED)
    taken = [
        pk
        for pk in abandoned.values_list("pk", flat=True)
        if abandoned.filter(pk=pk).update(claimed_until=None, queued_at=now)
    ]
    for pk in taken:
        send_digest.enqueue(pk)
    return len(taken)


@dataclass
class RunStats:
    leaders: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    workers: int = 1
    # CPU time of every process that built digests (vl-convert's threads included).
    cpu_seconds: float = 0.0


# How many digests a worker process takes at a time in `build_all(workers=...)`: small
# enough that the processes finish together, large enough that handing out is free.
WORKER_BATCH = 20


def build_all(
    week: ReportPeriod | None = None,
    *,
    send: bool = False,
    send_day: date | None = None,
    workers: int = 1,
) -> RunStats:
    """Build (and with `send`, email) the digests of `week` for every leader who has not
    turned it off (or, with `send_day`, those due that day), here or in `workers` processes.

    For the benchmark and for a catch-up without a task worker: the same `deliver` the
    tasks run, so digests already sent are skipped and each is built and sent once even
    with several processes (or a task worker) at it. Leaders go unit by unit, each
    process sharing one BuildCache.
    """
    week = week or covered_week()
    started = time.perf_counter()
    cpu_before = _cpu_seconds(resource.RUSAGE_SELF) + _cpu_seconds(resource.RUSAGE_CHILDREN)
    due = recipients(send_day or week.end, everyone=send_day is None)
    people = list(due.order_by("unit_id", "pk").values_list("pk", flat=True))
    have = set(Digest.objects.filter(week_start=week.start).values_list("person_id", flat=True))
    Digest.objects.bulk_create(
        [Digest(person_id=pk, week_start=week.start) for pk in people if pk not in have],
        batch_size=1000,
        ignore_conflicts=True,
    )
    ids = dict(Digest.objects.filter(week_start=week.start).values_list("person_id", "pk"))
    digest_ids = [ids[pk] for pk in people]
    stats = RunStats(leaders=len(digest_ids), workers=max(1, workers))
    stats.outcomes = deliver_many(digest_ids, send=send, workers=stats.workers)
    stats.seconds = time.perf_counter() - started
    stats.cpu_seconds = (
        _cpu_seconds(resource.RUSAGE_SELF) + _cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_before
    )
    return stats


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def deliver_batch(digest_ids: list[int], send: bool, cache: BuildCache) -> dict[str, int]:
    """`deliver` each digest, sharing `cache`; counts the outcomes."""
    outcomes: dict[str, int] = {}
    for digest_id in digest_ids:
        outcome = deliver(digest_id, cache=cache, send=send)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


# In a worker process of `deliver_many`: one cache for all the batches it is handed (the
# process lives for one run).
_worker_cache: BuildCache | None = None


def _deliver_batch_job(job: tuple[list[int], bool]) -> dict[str, int]:
    global _worker_cache
    if _worker_cache is None:
        _worker_cache = BuildCache()
    return deliver_batch(*job, cache=_worker_cache)


def deliver_many(digest_ids: list[int], *, send: bool, workers: int = 1) -> dict[str, int]:
    """`deliver` each digest here, or with `workers` > 1 in that many fresh processes
    (spawned, not forked: a fork would inherit vl-convert's threads and this process's
    database connection half-used), each setting Django up again from the same
    environment and taking WORKER_BATCH digests at a time; counts the outcomes."""
    if workers <= 1:
        return deliver_batch(digest_ids, send, BuildCache())
    jobs = [
        (digest_ids[i : i + WORKER_BATCH], send) for i in range(0, len(digest_ids), WORKER_BATCH)
    ]
    outcomes: dict[str, int] = {}
    connections.close_all()
    pool = multiprocessing.get_context("spawn").Pool(workers, initializer=django.setup)
    try:
        for counts in pool.imap_unordered(_deliver_batch_job, jobs):
            for outcome, n in counts.items():
                outcomes[outcome] = outcomes.get(outcome, 0) + n
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return outcomes
