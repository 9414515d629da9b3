"""Running the leader-responsibility 360 and reading its report (PRODUCT.md M8).

A round asks every leader (supervisor and up, with a login) placed in its units. When it
opens, each leader rates themself, their manager rates them, their direct reports rate
them, and the peers they choose rate them once their manager approves the choice. A
leader reads their report first, and only they: per responsibility, their own score
beside each group's; a group of peers or of reports smaller than the round's minimum is
dropped, never merged into "others" (voice/groups.py's rule: no group below the minimum
is shown, nor can be worked out). The manager's rating is shown as the manager's, and the
leader is told so when the round opens. The program office sees how far each review got
and results pooled over leaders, never one leader's answers.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import mean

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from tandem.notifications.models import notify
from tandem.people.models import LEADER_LEVELS, OrgUnit, Person, User
from tandem.programs.models.commitments import Cadence, Rule
from tandem.programs.services.commitments import create_commitment
from tandem.voice import groups
from tandem.voice.services import publish_heard

from .models import (
    Feedback360,
    Group,
    Rated,
    Rater,
    Responsibility,
    Review,
    ReviewRound,
    Score,
    Status,
)
from .models.leaders import TEXT_LIMIT

MAX_PEERS = 8
GAP = 4 / 3  # a third of the 1–5 scale: a gap above it is a blind spot or a hidden strength


# --- the round -------------------------------------------------------------------------


@dataclass
class Plan:
    title: str = ""
    units: list[OrgUnit] = field(default_factory=list)
    opens_on: date | None = None
    closes_on: date | None = None
    min_peers: int = 3
    min_reports: int = 3


def _plan_errors(plan: Plan, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not plan.title.strip():
        errors["title"] = "Give the round a title, e.g. “Leadership 360, 2027”."
    elif len(plan.title.strip()) > 200:
        errors["title"] = "A title can be at most 200 characters."
    if not plan.units:
        errors["units"] = "Choose at least one unit whose leaders take part."
    if plan.opens_on is None:
        errors["opens_on"] = "Say when the round opens."
    if plan.closes_on is None:
        errors["closes_on"] = "Say when the round closes."
    elif plan.closes_on < today:
        errors["closes_on"] = "The closing day has passed; choose today or a later day."
    elif plan.opens_on and plan.closes_on < plan.opens_on:
        errors["closes_on"] = "The round must close on or after the day it opens."
    for name, value in (("min_peers", plan.min_peers), ("min_reports", plan.min_reports)):
        if not isinstance(value, int) or not 3 <= value <= 10:
            errors[name] = "A group shown must be of at least 3 raters, and at most 10 asked for."
    return errors


@transaction.atomic
def save_round(user: User, plan: Plan, round_: ReviewRound | None = None) -> ReviewRound:
    if round_ is not None and round_.status != Status.DRAFT:
        raise ValidationError({"status": "An open or closed round cannot be changed."})
    if errors := _plan_errors(plan, timezone.localdate()):
        raise ValidationError(errors)
    values = {
        "title": plan.title.strip(),
        "opens_on": plan.opens_on,
        "closes_on": plan.closes_on,
        "min_peers": plan.min_peers,
        "min_reports": plan.min_reports,
    }
    if round_ is None:
        round_ = ReviewRound.objects.create(created_by=user, **values)
    else:
        ReviewRound.objects.filter(pk=round_.pk).update(**values)
        round_.refresh_from_db()
    round_.units.set(plan.units)
    return round_


def _with_login(people):
    return people.filter(active=True, user__isnull=False, user__is_active=True)


def leaders_of(round_: ReviewRound):
    where = Q()
    for unit in round_.units.all():
        where |= Q(unit__path__startswith=unit.path)
    if not where:
        return Person.objects.none()
    return _with_login(Person.objects.filter(where, level__in=LEADER_LEVELS))


@transaction.atomic
def open_round(user: User, round_: ReviewRound, today: date | None = None) -> int:
    """Open a draft round: a review for each leader, with themself, their manager and
    their direct reports as raters (peers come when the leader chooses them); each leader
    is told, and told that their manager's rating will be shown as the manager's."""
    today = today or timezone.localdate()
    round_ = ReviewRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != Status.DRAFT:
        raise ValidationError({"status": "This round is open or closed already."})
    leaders = list(leaders_of(round_).select_related("manager__user"))
    if not leaders:
        raise ValidationError({"units": "No leader with a login is in these units."})
    reports: dict[int, list[int]] = defaultdict(list)
    for pk, manager_id in _with_login(
        Person.objects.filter(manager__in=[p.pk for p in leaders])
    ).values_list("pk", "manager_id"):
        reports[manager_id].append(pk)
    raters = []
    for leader in leaders:
        manager = leader.manager if leader.manager_id and _has_login(leader.manager) else None
        review = Review.objects.create(round=round_, leader=leader, manager=manager)
        raters.append(Rater(review=review, person=leader, group=Group.SELF))
        if manager is not None:
            raters.append(Rater(review=review, person=manager, group=Group.MANAGER))
        raters += [
            Rater(review=review, person_id=p, group=Group.REPORT) for p in reports[leader.pk]
        ]
    Rater.objects.bulk_create(raters, batch_size=2000)
    ReviewRound.objects.filter(pk=round_.pk).update(
        status=Status.OPEN, opened_on=today, opens_on=min(round_.opens_on, today)
    )
    notify(
        leaders,
        f"“{round_.title}”: choose the peers who rate you, then rate yourself. Your "
        "manager's rating will be shown to you as your manager's; your peers' and your "
        f"team's only as groups of at least {round_.min_peers} and {round_.min_reports}.",
        reverse("assessments:leaders"),
    )
    asked = Rater.objects.filter(review__round=round_).exclude(group=Group.SELF)
    notify(
        Person.objects.filter(pk__in=asked.values("person_id")),
        f"“{round_.title}”: you are asked to rate a leader you work with; no name is kept "
        "with your answers.",
        reverse("assessments:leaders"),
    )
    return len(leaders)


def _has_login(person: Person) -> bool:
    return person.active and person.user_id is not None and person.user.is_active


@transaction.atomic
def close_round(user: User, round_: ReviewRound) -> None:
    if not ReviewRound.objects.filter(pk=round_.pk, status=Status.OPEN).update(
        status=Status.CLOSED
    ):
        raise ValidationError({"status": "Only an open round can be closed."})


# --- peers -------------------------------------------------------------------------------


@transaction.atomic
def choose_peers(leader: Person, review: Review, people: list[Person]) -> list[Rater]:
    """The leader names the peers who rate them (up to MAX_PEERS; not themself, their
    manager or their reports); their manager approves. Choosing again replaces the
    choice not yet approved."""
    if review.leader_id != leader.pk:
        raise PermissionDenied("Only the leader chooses the peers who rate them.")
    if review.round.status != Status.OPEN:
        raise ValidationError({"peers": "The round is not open."})
    if review.peers_approved_on is not None:
        raise ValidationError({"peers": "Your manager approved your peers already."})
    taken = set(review.raters.exclude(group=Group.PEER).values_list("person_id", flat=True))
    chosen = {p.pk: p for p in people}
    errors = []
    if len(chosen) < review.round.min_peers:
        errors.append(
            f"Choose at least {review.round.min_peers} peers: fewer are never shown to you."
        )
    if len(chosen) > MAX_PEERS:
        errors.append(f"Choose at most {MAX_PEERS} peers.")
    wrong = [p.name for p in chosen.values() if p.pk in taken]
    if wrong:
        errors.append(f"Already asked as yourself, your manager or your team: {', '.join(wrong)}.")
    gone = [p.name for p in chosen.values() if not _has_login(p)]
    if gone:
        errors.append(f"Without a login, so they could not answer: {', '.join(gone)}.")
    if errors:
        raise ValidationError({"peers": errors})
    review.raters.filter(group=Group.PEER).delete()
    made = Rater.objects.bulk_create(
        Rater(review=review, person=p, group=Group.PEER, approved=review.manager_id is None)
        for p in chosen.values()
    )
    if review.manager_id is None:  # no manager to approve: the choice stands
        Review.objects.filter(pk=review.pk).update(peers_approved_on=timezone.localdate())
    else:
        notify(
            [review.manager],
            f"{leader.name} chose the peers who rate them; approve or change the choice.",
            reverse("assessments:review_peers", args=[review.pk]),
        )
    return made


@transaction.atomic
def approve_peers(manager: Person, review: Review, keep: list[int]) -> int:
    """The leader's manager approves the chosen peers in `keep` (person ids) and drops
    the others; returns how many peers rate the leader."""
    if review.manager_id != manager.pk:
        raise PermissionDenied("Only the leader's manager approves their peers.")
    if review.peers_approved_on is not None:
        raise ValidationError({"peers": "The peers were approved already."})
    peers = review.raters.filter(group=Group.PEER)
    kept = peers.filter(person_id__in=keep)
    if kept.count() < review.round.min_peers:
        raise ValidationError(
            {"peers": f"Keep at least {review.round.min_peers} peers, or none would be shown."}
        )
    peers.exclude(person_id__in=keep).delete()
    kept.update(approved=True)
    Review.objects.filter(pk=review.pk).update(peers_approved_on=timezone.localdate())
    notify(
        Person.objects.filter(pk__in=kept.values("person_id")),
        f"You are asked to rate {review.leader.name} as a peer; no name is kept with your answers.",
        reverse("assessments:review_rate", args=[review.pk]),
    )
    return kept.count()


# --- rating ------------------------------------------------------------------------------


def rated_key(person: Person, review: Review) -> str:
    message = f"assessment-rated:{person.pk}:{review.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def has_rated(person: Person, review: Review) -> bool:
    return Rated.objects.filter(key=rated_key(person, review)).exists()


def rater(person: Person | None, review: Review) -> Rater | None:
    if person is None:
        return None
    return review.raters.filter(person=person, approved=True).first()


@transaction.atomic
def rate(
    person: Person,
    review: Review,
    scores: dict[str, int | None | str],
    keep: str = "",
    start: str = "",
) -> Feedback360:
    """Keep one rater's answers (responsibility → 1–5, or None for don't know; every one
    answered), with their group and nothing that names them. Problems: ValidationError
    keyed by field, every one at once, nothing saved."""
    asked = rater(person, review)
    if asked is None:
        raise PermissionDenied("You are not asked to rate this leader.")
    ReviewRound.objects.select_for_update().filter(pk=review.round_id).first()
    errors: dict[str, str] = {}
    round_ = review.round
    if round_.status != Status.OPEN or round_.closes_on < timezone.localdate():
        errors["review"] = f"“{round_.title}” is closed; ratings are no longer taken."
    for value, label in Responsibility.choices:
        if value not in scores:
            errors[value] = f"Rate “{label}”, or choose “Don't know”."
        elif scores[value] is not None and scores[value] not in (1, 2, 3, 4, 5):
            errors[value] = f"Rate “{label}” from 1 to 5, or “Don't know”."
    for name, text in (("keep", keep), ("start", start)):
        if len(text.strip()) > TEXT_LIMIT:
            errors[name] = f"At most {TEXT_LIMIT:,} characters; this has {len(text.strip()):,}."
    if has_rated(person, review):
        errors["review"] = "You rated this leader already; ratings cannot be changed."
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            Rated.objects.create(key=rated_key(person, review), review=review)
    except IntegrityError:
        raise ValidationError({"review": "You rated this leader already."}) from None
    feedback = Feedback360.objects.create(
        review=review, group=asked.group, keep=keep.strip(), start=start.strip()
    )
    Score.objects.bulk_create(
        Score(feedback=feedback, responsibility=value, score=scores[value])
        for value in Responsibility.values
    )
    return feedback


def to_rate(person: Person | None) -> list[tuple[Review, Rater, bool]]:
    """The reviews of open rounds the person is asked to rate in (approved), with whether
    they rated already; their own first."""
    if person is None:
        return []
    rows = (
        Rater.objects.filter(person=person, approved=True, review__round__status=Status.OPEN)
        .select_related("review__leader", "review__round")
        .order_by("-group", "review__leader__name")
    )
    found = [(r.review, r, has_rated(person, r.review)) for r in rows]
    found.sort(key=lambda row: row[1].group != Group.SELF)
    return found


# --- the report ----------------------------------------------------------------------------


@dataclass
class Line:
    responsibility: str
    label: str
    self_score: float | None
    by_group: dict[str, float | None]  # manager, peer, report → mean (None: none or dropped)
    others: float | None  # the shown others pooled (never a dropped group)
    flag: str = ""  # "blind spot" (self above others) or "hidden strength" (below)

    @property
    def gap(self) -> float | None:
        if self.self_score is None or self.others is None:
            return None
        return round(self.self_score - self.others, 2)


@dataclass
class Report:
    review: Review
    lines: list[Line]
    counts: dict[str, int]  # group → how many rated
    asked: dict[str, int]  # group → how many were asked
    shown: dict[str, bool]  # group → shown (a group below its minimum is dropped)
    minimum: dict[str, int]
    keep: list[tuple[str, str]]  # (group label, text), from shown groups only
    start: list[tuple[str, str]]


def _minimums(round_: ReviewRound) -> dict[str, int]:
    return {
        Group.SELF: 1,
        Group.MANAGER: 1,
        Group.PEER: round_.min_peers,
        Group.REPORT: round_.min_reports,
    }


def report(review: Review) -> Report:
    round_ = review.round
    minimum = _minimums(round_)
    counts = dict(review.answers.values_list("group").annotate(n=Count("pk")).order_by())
    asked = dict(
        review.raters.filter(approved=True).values_list("group").annotate(n=Count("pk")).order_by()
    )
    shown = {g: groups.shown(counts.get(g, 0), minimum[g]) for g in Group.values}
    scores: dict[tuple[str, str], list[int]] = defaultdict(list)
    rows = Score.objects.filter(feedback__review=review, score__isnull=False).values_list(
        "feedback__group", "responsibility", "score"
    )
    for group, responsibility, score in rows:
        scores[(group, responsibility)].append(score)
    lines = []
    for value, label in Responsibility.choices:
        by_group: dict[str, float | None] = {}
        pooled: list[int] = []
        for group in (Group.MANAGER, Group.PEER, Group.REPORT):
            got = scores.get((group, value), [])
            if shown[group] and got:
                by_group[group] = round(mean(got), 2)
                pooled += got
            else:
                by_group[group] = None
        own = scores.get((Group.SELF, value), [])
        line = Line(
            value,
            label,
            float(own[0]) if own else None,
            by_group,
            round(mean(pooled), 2) if pooled else None,
        )
        if line.gap is not None and line.gap > GAP:
            line.flag = "blind spot"
        elif line.gap is not None and line.gap < -GAP:
            line.flag = "hidden strength"
        lines.append(line)
    words = dict(Group.choices)
    keep, start = [], []
    texts = review.answers.exclude(group=Group.SELF).order_by("group", "id")
    for answer in texts.values("group", "keep", "start"):
        if not shown[answer["group"]]:
            continue
        if answer["keep"]:
            keep.append((words[answer["group"]], answer["keep"]))
        if answer["start"]:
            start.append((words[answer["group"]], answer["start"]))
    return Report(review, lines, counts, asked, shown, minimum, keep, start)


@transaction.atomic
def share(leader: Person, review: Review, heard: str, will_change: str, commitment_text: str = ""):
    """The leader tells their team what they heard in their 360 and what they will work
    on (voice's "what I heard", read by everyone below them); with a commitment's words,
    that becomes a monthly commitment in programs, tied to it."""
    if review.leader_id != leader.pk:
        raise PermissionDenied("Only the leader shares what they heard in their 360.")
    commitment = None
    if commitment_text.strip():
        commitment = create_commitment(
            leader.user, leader, commitment_text, Rule.ROLE_MODEL, Cadence.MONTHLY
        )
    entry = publish_heard(leader, heard, will_change, commitment)
    Review.objects.filter(pk=review.pk).update(heard=entry)
    return entry


# --- the program office's view -------------------------------------------------------------


@dataclass
class Progress:
    review: Review
    asked: dict[str, int]
    rated: dict[str, int]
    peers_pending: bool


def progress(round_: ReviewRound) -> list[Progress]:
    """How far each review got: how many were asked and rated in each group (counts
    only), and whether peers wait for approval."""
    asked: dict[int, dict[str, int]] = defaultdict(dict)
    for review_id, group, n in (
        Rater.objects.filter(review__round=round_, approved=True)
        .values_list("review_id", "group")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        asked[review_id][group] = n
    rated: dict[int, dict[str, int]] = defaultdict(dict)
    for review_id, group, n in (
        Feedback360.objects.filter(review__round=round_)
        .values_list("review_id", "group")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rated[review_id][group] = n
    pending = set(
        Rater.objects.filter(review__round=round_, approved=False).values_list(
            "review_id", flat=True
        )
    )
    reviews = round_.reviews.select_related("leader__unit").order_by("leader__name")
    return [Progress(r, asked[r.pk], rated[r.pk], r.pk in pending) for r in reviews]


@dataclass
class Pooled:
    responsibility: str
    label: str
    self_mean: float | None
    others_mean: float | None
    blind_spots: int
    hidden_strengths: int
    leaders: int  # leaders whose report has a shown "others" for it


def pooled(round_: ReviewRound) -> list[Pooled]:
    """Per responsibility, over the round's leaders: the mean of their own scores and of
    their shown others (each leader's report, as they see it), and how many reports flag
    a blind spot or a hidden strength. Shown only over at least the minimum of leaders."""
    per: dict[str, list[Line]] = defaultdict(list)
    for review in round_.reviews.all():
        for line in report(review).lines:
            per[line.responsibility].append(line)
    result = []
    for value, label in Responsibility.choices:
        lines = [line for line in per[value] if line.others is not None]
        enough = len(lines) >= round_.min_reports
        own = [line.self_score for line in lines if line.self_score is not None]
        result.append(
            Pooled(
                value,
                label,
                round(mean(own), 2) if enough and own else None,
                round(mean(line.others for line in lines), 2) if enough else None,
                sum(line.flag == "blind spot" for line in lines) if enough else 0,
                sum(line.flag == "hidden strength" for line in lines) if enough else 0,
                len(lines),
            )
        )
    return result
