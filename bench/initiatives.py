"""Benchmark leading up (M7) on a generated organization (bench/generate_org.py).

    TANDEM_VAR_DIR=/tmp/bench-sqlite .venv/bin/python bench/initiatives.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem_bench \
        .venv/bin/python bench/initiatives.py

The database is the app's (DATABASE_URL, else the SQLite file in TANDEM_VAR_DIR); its
name must contain "bench": the script migrates it and writes to it (initiatives,
responses, feedback and notifications, all titled "Bench:" and removed at the next run).

It prints, with the targets beside them and PASS/MISS:

* publishing: an initiative affecting the unit whose subtree holds the number of
  active people nearest --affected (20,000), written and published by its leader
  through the services, then distributed as the worker's task does it
  (tandem.voice.initiatives.distribute: everyone affected told in the app) — the
  seconds the task takes, target <= 30 s;
* the initiative page: another initiative of the same unit with --responses (5,000)
  responses of the current round, a third of them anonymous (stored as the service
  stores them), 60% answered in groups of ten; p50/p95 of --requests GETs through
  Django's test Client (the whole middleware stack, sessions, templates) after two
  warm-ups, as its owner (the figures, the rates per team, the first page of waiting
  responses), as a leader above, and as an affected frontline person; target p95
  <= 150 ms;
* named responses through the service, the rollups of the leading-up figures kept in
  the same transaction (printed, no target);
* the initiatives list of the owner and of the frontline person, target p95 <= 150 ms;
* the feedback inbox of a leader who received --feedback (1,000) pieces of feedback,
  a third anonymous, half of them with a conversation: target p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
# Publishing enqueues the distribution; here it is run (and timed) in this process.
os.environ["TASKS_BACKEND"] = "django.tasks.backends.dummy.DummyBackend"

WARM_UP = 2
TITLE = "Bench:"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--affected", type=int, default=20_000)
    parser.add_argument("--responses", type=int, default=5_000)
    parser.add_argument("--feedback", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        sys.exit(f"The database {name!r} is not a bench database (its name lacks 'bench').")
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)

    print(f"{platform.node()} · {os.cpu_count()} cores · {connection.vendor} {name}")
    clean()
    unit, owner, size = pick_unit(args.affected)
    print(f"unit {unit.full_path}: {size:,} active people; owner {owner.name}")
    rows = []

    seconds, told = publish(owner, unit)
    rows.append(
        ("publish + distribute", f"{told:,} told", f"{seconds:.1f} s", "<= 30 s", seconds <= 30)
    )

    page = with_responses(owner, unit, args.responses, rng)
    above = leader_above(owner)
    frontline = affected_frontline(unit)
    url = f"/voice/initiatives/{page.pk}/"
    for who, person in (("owner", owner), ("leader above", above), ("frontline", frontline)):
        if person is None:
            continue
        p50, p95 = timed_gets(person, url, args.requests)
        rows.append(
            (
                f"initiative page, {args.responses:,} responses",
                who,
                f"{p50:.0f} / {p95:.0f} ms",
                "p95 <= 150 ms",
                p95 <= 150,
            )
        )
    p50, p95 = timed_responses(page, args.requests)
    rows.append(
        (
            "respond (named), rollups kept",
            f"{args.requests} people",
            f"{p50:.0f} / {p95:.0f} ms",
            "(no target)",
            True,
        )
    )
    for who, person in (("owner", owner), ("frontline", frontline)):
        p50, p95 = timed_gets(person, "/voice/initiatives/", args.requests)
        rows.append(
            ("initiatives list", who, f"{p50:.0f} / {p95:.0f} ms", "p95 <= 150 ms", p95 <= 150)
        )

    with_feedback(owner, args.feedback, rng)
    p50, p95 = timed_gets(owner, "/voice/inbox/", args.requests)
    rows.append(
        (
            f"feedback inbox, {args.feedback:,} received",
            "owner",
            f"{p50:.0f} / {p95:.0f} ms",
            "p95 <= 100 ms",
            p95 <= 100,
        )
    )

    print()
    print(f"{'what':42} {'who':16} {'p50 / p95':>16}  {'target':14} result")
    for what, who, figure, target, ok in rows:
        print(f"{what:42} {who:16} {figure:>16}  {target:14} {'PASS' if ok else 'MISS'}")


def clean() -> None:
    from tandem.notifications.models import Notification
    from tandem.voice.models import Feedback, Initiative, Responded, Response

    # The responses go without a signal each (thousands would each recount their
    # initiative); deleting the initiative then takes back its part of the rollups.
    bench = Initiative.objects.filter(title__startswith=TITLE)
    Response.objects.filter(initiative__in=bench)._raw_delete(Response.objects.db)
    Responded.objects.filter(initiative__in=bench).delete()
    bench.delete()
    Feedback.objects.filter(text__startswith=TITLE).delete()
    Notification.objects.filter(text__contains=TITLE).delete()


def pick_unit(target: int):
    """The unit whose subtree holds the number of active people nearest `target`, and
    its most senior leader with a login."""
    from collections import Counter

    from django.db.models import Count

    from tandem.people.models import LEADER_LEVELS, OrgUnit, Person

    per_path = Counter(
        dict(
            Person.objects.filter(active=True)
            .values_list("unit__path")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    step = OrgUnit.steplen
    sizes: Counter[str] = Counter()
    for path, n in per_path.items():
        for end in range(step, len(path) + 1, step):
            sizes[path[:end]] += n
    path = min(sizes, key=lambda p: (abs(sizes[p] - target), len(p)))
    unit = OrgUnit.objects.get(path=path)
    order = ["executive", "senior_leader", "manager", "supervisor"]
    leaders = [
        p
        for p in Person.objects.filter(
            active=True, unit=unit, level__in=LEADER_LEVELS, user__isnull=False
        )
    ]
    leaders.sort(key=lambda p: order.index(p.level))
    return unit, leaders[0], sizes[path]


def publish(owner, unit) -> tuple[float, int]:
    from django.utils import timezone

    from tandem.voice import initiatives

    draft = initiatives.Draft(
        title=f"{TITLE} weekend pharmacist on every ward",
        what="A pharmacist on call on Saturdays and Sundays.",
        why="Patients leave on time with their medicines.",
        units=[unit],
        owner=owner,
        starts_on=timezone.localdate(),
    )
    initiative = initiatives.save_draft(owner.user, draft)
    initiatives.publish(owner.user, initiative)
    start = time.perf_counter()
    told = initiatives.distribute(initiative.pk, initiative.round)
    return time.perf_counter() - start, told


def with_responses(owner, unit, count: int, rng: random.Random):
    """An initiative of `unit` with `count` responses stored as the service stores them."""
    from django.utils import timezone

    from tandem.people.models import OrgUnit
    from tandem.voice import initiatives
    from tandem.voice.models import Answer, Initiative, Responded, Response

    draft = initiatives.Draft(
        title=f"{TITLE} discharge before noon",
        what="Discharge letters ready by 11:00.",
        why="Beds free for the afternoon admissions.",
        units=[unit],
        owner=owner,
        starts_on=timezone.localdate(),
    )
    initiative = initiatives.save_draft(owner.user, draft)
    initiatives.publish(owner.user, initiative)
    Initiative.objects.filter(pk=initiative.pk).update(reached=0)
    people = list(
        initiatives.affected_people(initiative).select_related("unit").order_by("pk")[: count * 2]
    )
    chosen = rng.sample(people, min(count, len(people)))
    today = timezone.localdate()
    step = OrgUnit.steplen
    group_paths = {p.unit.path[: min(len(p.unit.path), len(unit.path) + step)] for p in chosen}
    groups = {u.path: u for u in OrgUnit.objects.filter(path__in=group_paths)}
    kinds = ["support", "concern", "suggestion"]
    rows, keys = [], []
    for n, person in enumerate(chosen):
        anonymous = n % 3 == 0
        day = today - timedelta(days=rng.randint(1, 20))
        rows.append(
            Response(
                initiative=initiative,
                round=1,
                author=None if anonymous else person,
                unit=groups[person.unit.path[: len(unit.path) + step]]
                if anonymous
                else person.unit,
                kind=rng.choice(kinds),
                text=f"Response {n}: the afternoon round would need one more nurse.",
                code_hash=f"{n:064x}" if anonymous else "",
                created_on=day,
                visible_on=day + timedelta(days=1 if anonymous else 0),
                notified=True,
            )
        )
        keys.append(Responded(key=f"bench-{initiative.pk}-{person.pk}", initiative=initiative))
    Response.objects.bulk_create(rows, batch_size=500)
    Responded.objects.bulk_create(keys, batch_size=500)
    answered = rows[: int(len(rows) * 0.6)]
    for start in range(0, len(answered), 10):
        group = answered[start : start + 10]
        reply = Answer.objects.create(
            initiative=initiative,
            kind=rng.choice(["changed", "not_changed", "question"]),
            text="We moved the round to 10:30.",
            by=owner,
            answered_on=today,
        )
        Response.objects.filter(pk__in=[r.pk for r in group]).update(answer=reply)
    return initiative


def leader_above(owner):
    from tandem.people.models import Person

    chain = owner.manager_chain_ids()
    return Person.objects.filter(pk__in=chain, user__isnull=False, active=True).first()


def affected_frontline(unit):
    from tandem.people.models import Person

    return (
        Person.objects.filter(
            active=True, level="frontline", unit__path__startswith=unit.path, user__isnull=False
        )
        .order_by("pk")
        .first()
    )


def with_feedback(leader, count: int, rng: random.Random) -> None:
    from django.utils import timezone

    from tandem.people.models import Person
    from tandem.voice.models import Feedback, Message

    senders = list(
        Person.objects.filter(active=True, line__startswith=leader.line)
        .exclude(pk=leader.pk)
        .order_by("pk")[:count]
    )
    today = timezone.localdate()
    items = []
    for n in range(count):
        anonymous = n % 3 == 0
        items.append(
            Feedback(
                recipient=leader,
                author=None if anonymous else senders[n % len(senders)],
                kind=rng.choice(["advice", "disagreement", "concern", "thanks"]),
                text=f"{TITLE} feedback {n}: the rota is published too late.",
                deliver_on=today - timedelta(days=rng.randint(0, 120)),
                code_hash=f"{n:064x}" if anonymous else "",
                notified=True,
            )
        )
    Feedback.objects.bulk_create(items, batch_size=500)
    messages = [
        Message(
            feedback=f,
            number=1,
            from_recipient=True,
            text="Thank you, we will look at it.",
            deliver_on=f.deliver_on,
            notified=True,
        )
        for f in items[::2]
    ]
    Message.objects.bulk_create(messages, batch_size=500)


def timed_responses(initiative, count: int) -> tuple[float, float]:
    """p50/p95 of named responses by people who have not responded yet, through the
    service (the indicators' rollups kept in the same transaction)."""
    from tandem.voice import initiatives
    from tandem.voice.models import Response

    answered = Response.objects.filter(initiative=initiative, author__isnull=False)
    people = (
        initiatives.possible_respondents(initiative)
        .exclude(pk__in=answered.values("author_id"))
        .order_by("-pk")[: count * 3]
    )
    times = []
    for person in people:
        if len(times) == count:
            break
        if initiatives.has_responded(person, initiative):
            continue
        start = time.perf_counter()
        initiatives.respond(person, initiative, "support", "Yes, and start on Monday.")
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]


def timed_gets(person, url: str, requests: int) -> tuple[float, float]:
    from django.test import Client

    client = Client()
    client.force_login(person.user)
    times = []
    for n in range(WARM_UP + requests):
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            sys.exit(f"GET {url} as {person.name}: {response.status_code}")
        if n >= WARM_UP:
            times.append(elapsed)
    times.sort()
    p95 = times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
    return statistics.median(times), p95


if __name__ == "__main__":
    main()
