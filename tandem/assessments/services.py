"""Running a building-block assessment round and reading its results (PRODUCT.md M8).

The anonymity rules are voice's (voice/groups.py): answers are filed under the smallest
unit around the person of at least the minimum group of people asked; a figure by unit
is shown only for a group of at least the minimum, and among siblings the next smallest
is hidden too until no hidden group of fewer can be worked out by subtraction.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tandem.capture.models import BuildingBlock
from tandem.notifications.models import notify
from tandem.people.models import LEADER_LEVELS, OrgUnit, Person
from tandem.voice import groups
from tandem.voice.models import VoiceSettings

from .models import (
    AGAINST_LIMIT,
    SCALE,
    Answered,
    Invitation,
    Rating,
    Round,
    RoundUnit,
    Status,
    Submission,
    Who,
)

CHUNK = 2000


# --- writing and opening a round ------------------------------------------------------


@dataclass
class Plan:
    title: str = ""
    units: list[OrgUnit] = field(default_factory=list)
    who: str = Who.EVERYONE
    sample_percent: int | None = None
    opens_on: date | None = None
    closes_on: date | None = None


def _plan_errors(plan: Plan, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = plan.title.strip()
    if not title:
        errors["title"] = "Give the round a title, e.g. “Building blocks, spring 2027”."
    elif len(title) > 200:
        errors["title"] = f"A title can be at most 200 characters; this has {len(title)}."
    if not plan.units:
        errors["units"] = "Choose at least one unit whose people are asked."
    if plan.who not in Who.values:
        errors["who"] = "Choose who answers: everyone, leaders only or a random sample."
    elif plan.who == Who.SAMPLE and not (plan.sample_percent and 1 <= plan.sample_percent <= 99):
        errors["sample_percent"] = "For a sample, say which share of people is asked (1–99 %)."
    if plan.opens_on is None:
        errors["opens_on"] = "Say when the round opens."
    if plan.closes_on is None:
        errors["closes_on"] = "Say when the round closes."
    elif plan.closes_on < today:
        errors["closes_on"] = "The closing day has passed; choose today or a later day."
    elif plan.opens_on and plan.closes_on < plan.opens_on:
        errors["closes_on"] = "The round must close on or after the day it opens."
    return errors


@transaction.atomic
def save_round(user, plan: Plan, round_: Round | None = None) -> Round:
    """Create a draft round, or change one not yet open. Problems: ValidationError keyed
    by field, every one at once, nothing saved."""
    today = timezone.localdate()
    if round_ is not None and round_.status != Status.DRAFT:
        raise ValidationError({"status": "An open or closed round cannot be changed."})
    errors = _plan_errors(plan, today)
    if errors:
        raise ValidationError(errors)
    values = {
        "title": plan.title.strip(),
        "who": plan.who,
        "sample_percent": plan.sample_percent if plan.who == Who.SAMPLE else None,
        "opens_on": plan.opens_on,
        "closes_on": plan.closes_on,
    }
    if round_ is None:
        round_ = Round.objects.create(created_by=user, **values)
    else:
        Round.objects.filter(pk=round_.pk).update(**values)
        round_.refresh_from_db()
    round_.units.set(plan.units)
    return round_


def _tops(units) -> list[OrgUnit]:
    """The chosen units less those inside another chosen one."""
    ordered = sorted(units, key=lambda u: u.path)
    tops: list[OrgUnit] = []
    for unit in ordered:
        if not any(unit.path.startswith(t.path) for t in tops):
            tops.append(unit)
    return tops


def asked(round_: Round):
    """The people a round asks: active, with a login, in its units (and, for leaders
    only, at supervisor level and up); a sample is drawn from them when it opens."""
    tops = _tops(round_.units.all())
    if not tops:
        return Person.objects.none()
    where = Q()
    for unit in tops:
        where |= Q(unit__path__startswith=unit.path)
    people = Person.objects.filter(where, active=True, user__isnull=False, user__is_active=True)
    if round_.who == Who.LEADERS:
        people = people.filter(level__in=LEADER_LEVELS)
    return people


@transaction.atomic
def open_round(user, round_: Round, today: date | None = None) -> int:
    """Open a draft round: fix who is asked and where each counts (the unit tree as it
    stands now), and tell them. Returns how many were asked."""
    today = today or timezone.localdate()
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != Status.DRAFT:
        raise ValidationError({"status": "This round is open or closed already."})
    if round_.closes_on < today:
        raise ValidationError({"closes_on": "The closing day has passed; change it first."})
    rows = list(asked(round_).order_by("pk").values_list("pk", "unit_id", "unit__path"))
    if round_.who == Who.SAMPLE:
        size = max(1, round(len(rows) * (round_.sample_percent or 0) / 100))
        rows = sorted(random.Random(f"assessment-{round_.pk}").sample(rows, min(size, len(rows))))
    if not rows:
        raise ValidationError({"units": "Nobody with a login is in these units; nobody to ask."})
    Invitation.objects.bulk_create(
        (Invitation(round=round_, person_id=pk, unit_id=u, path=path) for pk, u, path in rows),
        batch_size=CHUNK,
    )
    snapshot_tree(round_, {path for _, _, path in rows})
    current = VoiceSettings.current()
    Round.objects.filter(pk=round_.pk).update(
        status=Status.OPEN,
        opened_on=today,
        opens_on=min(round_.opens_on, today),
        min_group=current.min_group,
        text_min=current.text_min,
    )
    url = reverse("assessments:answer", args=[round_.pk])
    people = Person.objects.filter(pk__in=[pk for pk, _, _ in rows])
    notify(
        people,
        f"“{round_.title}”: how well do our practices support service? Answer by "
        f"{round_.closes_on:%-d %b}; your answers carry no name.",
        url,
    )
    return len(rows)


def snapshot_tree(round_: Round, paths: set[str]) -> None:
    """Keep the units of the round as they stand: every unit holding someone asked, and
    every unit above one."""
    step = OrgUnit.steplen
    wanted = {p[:end] for p in paths for end in range(step, len(p) + 1, step)}
    units = OrgUnit.objects.filter(path__in=wanted).values_list("pk", "path", "name")
    RoundUnit.objects.bulk_create(
        (RoundUnit(round=round_, unit_id=pk, path=path, name=name) for pk, path, name in units),
        batch_size=CHUNK,
    )


@transaction.atomic
def close_round(user, round_: Round, today: date | None = None) -> None:
    today = today or timezone.localdate()
    updated = Round.objects.filter(pk=round_.pk, status=Status.OPEN).update(
        status=Status.CLOSED, closes_on=today if round_.closes_on > today else round_.closes_on
    )
    if not updated:
        raise ValidationError({"status": "Only an open round can be closed."})


def run_due(today: date | None = None) -> dict[str, int]:
    """The daily round: open drafts whose day has come, remind those who have not
    answered two days before the close, close rounds whose last day has passed."""
    today = today or timezone.localdate()
    done = Counter()
    for round_ in Round.objects.filter(status=Status.DRAFT, opens_on__lte=today):
        if round_.closes_on >= today and round_.units.exists():
            try:
                open_round(None, round_, today)
            except ValidationError:
                continue
            done["opened"] += 1
    due = Round.objects.filter(
        status=Status.OPEN, closes_on=today + timedelta(days=2), reminded_on__isnull=True
    )
    for round_ in due:
        done["reminded"] += remind(round_, today)
    done["closed"] = Round.objects.filter(status=Status.OPEN, closes_on__lt=today).update(
        status=Status.CLOSED
    )
    return dict(done)


def answered_key(person: Person, round_: Round) -> str:
    message = f"assessment-answered:{person.pk}:{round_.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def has_answered(person: Person, round_: Round) -> bool:
    return Answered.objects.filter(key=answered_key(person, round_)).exists()


@transaction.atomic
def remind(round_: Round, today: date | None = None) -> int:
    """Remind those asked who have not answered (worked out from the keyed hashes, never
    kept); once per round."""
    today = today or timezone.localdate()
    if Round.objects.filter(pk=round_.pk, reminded_on__isnull=False).exists():
        return 0
    invited = list(
        Person.objects.filter(pk__in=round_.invitations.values("person_id")).order_by("pk")
    )
    keys = set(Answered.objects.filter(round=round_).values_list("key", flat=True))
    waiting = [p for p in invited if answered_key(p, round_) not in keys]
    notify(
        waiting,
        f"“{round_.title}” closes on {round_.closes_on:%-d %b}: a few minutes, no name kept.",
        reverse("assessments:answer", args=[round_.pk]),
    )
    Round.objects.filter(pk=round_.pk).update(reminded_on=today)
    return len(waiting)


# --- answering ------------------------------------------------------------------------


def invitation(person: Person | None, round_: Round) -> Invitation | None:
    if person is None:
        return None
    return Invitation.objects.filter(round=round_, person=person).first()


@dataclass
class Choice:
    score: int | None  # None: don't know
    against: str = ""


def blocks() -> list[BuildingBlock]:
    return list(BuildingBlock.objects.order_by("position"))


@transaction.atomic
def answer(person: Person, round_: Round, choices: dict[int, Choice | None]) -> Submission:
    """Keep one person's ratings (block id → choice; a block left out or None: not
    answered), with no trace of them. Not asked: 403. Problems (closed, a block not
    answered, a score off the scale, a text too long, answered already): ValidationError
    keyed by field, every one at once, nothing saved."""
    if invitation(person, round_) is None:
        raise PermissionDenied("You were not asked in this round.")
    Round.objects.select_for_update().filter(pk=round_.pk).first()  # one at a time
    round_.refresh_from_db()
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if round_.status != Status.OPEN or round_.closes_on < today:
        errors["round"] = f"“{round_.title}” is closed; answers are no longer taken."
    scale = {score for score, _ in SCALE}
    known = blocks()
    unknown = sorted(set(choices) - {block.pk for block in known}, key=str)
    if unknown:
        errors["blocks"] = f"No such building block: {', '.join(map(str, unknown))}."
    for block in known:
        choice = choices.get(block.pk)
        if choice is None:
            errors[f"block_{block.pk}"] = f"Rate “{block.name}”, or choose “Don't know”."
            continue
        if choice.score is not None and choice.score not in scale:
            errors[f"block_{block.pk}"] = f"Rate “{block.name}” from 1 to 5, or “Don't know”."
        if len(choice.against.strip()) > AGAINST_LIMIT:
            n = len(choice.against.strip())
            errors[f"against_{block.pk}"] = (
                f"At most {AGAINST_LIMIT:,} characters for “{block.name}”; this has {n:,}."
            )
    if has_answered(person, round_):
        errors["round"] = "You answered this round already; answers cannot be changed."
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            Answered.objects.create(key=answered_key(person, round_), round=round_)
    except IntegrityError:
        raise ValidationError({"round": "You answered this round already."}) from None
    submission = Submission.objects.create(round=round_, path=group_path(person, round_))
    Rating.objects.bulk_create(
        Rating(
            submission=submission,
            block_id=block_id,
            score=choice.score,
            against=choice.against.strip(),
        )
        for block_id, choice in choices.items()
        if choice is not None
    )
    return submission


def group_path(person: Person, round_: Round) -> str:
    """The smallest unit around the person (as the tree stood at the opening) in which at
    least the round's minimum group were asked; the top unit when even all are fewer."""
    mine = Invitation.objects.get(round=round_, person=person).path
    invited = round_.invitations

    def size(path: str) -> int:
        return invited.filter(path__startswith=path).count()

    found = groups.smallest_group(mine, size, round_.min_group, OrgUnit.steplen)
    return found[0] if found else mine[: OrgUnit.steplen]


def open_for(person: Person | None) -> list[tuple[Round, bool]]:
    """The open rounds the person was asked in, each with whether they answered."""
    if person is None:
        return []
    rounds = Round.objects.filter(status=Status.OPEN, invitations__person=person).distinct()
    return [(r, has_answered(person, r)) for r in rounds]
