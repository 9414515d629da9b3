"""Benchmark the building-block assessment (M8) on a generated organization
(bench/generate_org.py).

    TANDEM_VAR_DIR=/tmp/bench-sqlite .venv/bin/python bench/assessments.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem_bench \\
        .venv/bin/python bench/assessments.py

The database is the app's (DATABASE_URL, else the SQLite file in TANDEM_VAR_DIR); its
name must contain "bench": the script migrates it and writes to it (a round titled
"Bench:", removed at the next run, with its invitations, answers and notifications).

It prints, with the targets beside them and PASS/MISS:

* opening a round over the whole organization through the service (everyone with a
  login asked and told in the app, the unit tree kept) — seconds, no target;
* --answers (60,000) answers, each rating the 12 blocks as services.answer keeps them
  (written in bulk here; a few of them through the service, timed: p50/p95, no target);
* the results page at the root, as the program office: the heatmap of the 12 blocks
  × the divisions, the rates, the spread, the named practices; p50/p95 of --requests
  GETs through Django's test Client after two warm-ups; target p95 <= 250 ms; and the
  page of the largest division.
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
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")

WARM_UP = 2
TITLE = "Bench:"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=60_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        sys.exit(f"The database {name!r} is not a bench database (its name lacks 'bench').")
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    print(f"{platform.node()} · {os.cpu_count()} cores · {connection.vendor} {name}")
    clean()

    from tandem.assessments import services
    from tandem.people.access import program_office_people
    from tandem.people.models import OrgUnit

    office = program_office_people().first() or make_program_office()
    root = OrgUnit.objects.get_root_nodes().first()
    rows = []
    today = timezone.localdate()
    plan = services.Plan(
        title=f"{TITLE} building blocks",
        units=[root],
        opens_on=today,
        closes_on=today + timedelta(days=14),
    )
    made = services.save_round(office.user, plan)
    reverse("assessments:answer", args=[made.pk])  # the URLs loaded before timing
    start = time.perf_counter()
    asked = services.open_round(office.user, made)
    seconds = time.perf_counter() - start
    rows.append(("open a round", f"{asked:,} asked", f"{seconds:.1f} s", "(no target)", True))
    made.refresh_from_db()

    written = answer_in_bulk(made, args.answers, rng)
    p50, p95 = timed_answers(made, args.requests)
    rows.append(("answer (the service)", f"{written:,} before", f"{p50:.0f} / {p95:.0f} ms",
                 "(no target)", True))  # fmt: skip

    from tandem.assessments.models import RoundUnit

    top = RoundUnit.objects.get(round=made, path=root.path)
    url = f"/assessments/{made.pk}/"
    p50, p95 = timed_gets(office, url, args.requests)
    rows.append(("results, the root", "program office", f"{p50:.0f} / {p95:.0f} ms",
                 "p95 <= 250 ms", p95 <= 250))  # fmt: skip
    division = largest_child(made, top)
    p50, p95 = timed_gets(office, f"{url}?unit={division.path}", args.requests)
    rows.append((f"results, {division.name}", "program office", f"{p50:.0f} / {p95:.0f} ms",
                 "p95 <= 250 ms", p95 <= 250))  # fmt: skip

    print()
    print(f"{'what':42} {'who':16} {'p50 / p95':>16}  {'target':14} result")
    for what, who, figure, target, ok in rows:
        print(f"{what:42} {who:16} {figure:>16}  {target:14} {'PASS' if ok else 'MISS'}")


def make_program_office():
    """The generated organization has none: its first executive with a login joins it."""
    from django.contrib.auth.models import Group

    from tandem.people.access import PROGRAM_OFFICE_GROUP
    from tandem.people.models import Level, Person

    person = Person.objects.filter(level=Level.EXECUTIVE, user__isnull=False).first()
    group, _ = Group.objects.get_or_create(name=PROGRAM_OFFICE_GROUP)
    group.user_set.add(person.user)
    return person


def clean() -> None:
    from tandem.assessments.models import Round
    from tandem.notifications.models import Notification

    Notification.objects.filter(text__contains=TITLE).delete()
    for made in Round.objects.filter(title__startswith=TITLE):
        made.delete()


def answer_in_bulk(made, count: int, rng: random.Random) -> int:
    """`count` of those asked answer, kept as services.answer keeps them: no person, the
    smallest group of at least the minimum asked, a keyed hash that they answered."""
    from tandem.assessments.models import Answered, Invitation, Rating, Submission
    from tandem.assessments.services import answered_key
    from tandem.capture.models import BuildingBlock
    from tandem.people.models import OrgUnit, Person
    from tandem.voice.groups import smallest_group

    step = OrgUnit.steplen
    invited = list(Invitation.objects.filter(round=made).values_list("person_id", "path"))
    asked = Counter(p[:end] for _, p in invited for end in range(step, len(p) + 1, step))
    chosen = rng.sample(invited, min(count, len(invited)))
    blocks = list(BuildingBlock.objects.order_by("position").values_list("pk", flat=True))
    bias = {}
    people = Person.objects.in_bulk([pk for pk, _ in chosen])
    for index in range(0, len(chosen), 5000):
        submissions, ratings, answered = [], [], []
        for person_id, path in chosen[index : index + 5000]:
            found = smallest_group(path, lambda p: asked[p], made.min_group, step)
            submission = Submission(round=made, path=found[0] if found else path[:step])
            submissions.append(submission)
            answered.append(Answered(key=answered_key(people[person_id], made), round=made))
            division = path[: 2 * step]
            tilt = bias.setdefault(division, [rng.uniform(-1, 1) for _ in blocks])
            for block_id, lean in zip(blocks, tilt, strict=True):
                score = (
                    None if rng.random() < 0.07 else min(5, max(1, round(rng.gauss(3 + lean, 1))))
                )
                against = (
                    "Bonuses pay for sales only." if score == 1 and rng.random() < 0.05 else ""
                )
                ratings.append(
                    Rating(submission=submission, block_id=block_id, score=score, against=against)
                )
        Submission.objects.bulk_create(submissions, batch_size=2000)
        Rating.objects.bulk_create(ratings, batch_size=5000)
        Answered.objects.bulk_create(answered, batch_size=2000)
    return len(chosen)


def timed_answers(made, count: int) -> tuple[float, float]:
    from tandem.assessments import services
    from tandem.assessments.models import Answered, Invitation
    from tandem.capture.models import BuildingBlock

    keys = set(Answered.objects.filter(round=made).values_list("key", flat=True))
    blocks = list(BuildingBlock.objects.values_list("pk", flat=True))
    times = []
    for invitation in Invitation.objects.filter(round=made).select_related("person")[:2000]:
        if len(times) >= count:
            break
        if services.answered_key(invitation.person, made) in keys:
            continue
        start = time.perf_counter()
        services.answer(invitation.person, made, {b: services.Choice(4) for b in blocks})
        times.append((time.perf_counter() - start) * 1000)
    return _p50_p95(times)


def largest_child(made, top):
    from tandem.assessments.models import Invitation
    from tandem.assessments.results import children_of

    children = children_of(made, top.path)
    sizes = {c.path: Invitation.objects.filter(round=made, path__startswith=c.path).count()
             for c in children}  # fmt: skip
    return max(children, key=lambda c: sizes[c.path])


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
    return _p50_p95(times)


def _p50_p95(times: list[float]) -> tuple[float, float]:
    times.sort()
    p95 = times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
    return statistics.median(times), p95


if __name__ == "__main__":
    main()
