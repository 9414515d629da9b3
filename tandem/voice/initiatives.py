"""Initiatives: writing, publishing and distributing them, responding once per round,
answering, and the figures of the initiative page (PRODUCT.md M7, "you said, we did").

The anonymity rules of anonymous responses are here, so that the pages, the API and the
demo cannot forget one: no author, the day only, the owner reads them the next morning
in a batch, their team only when it is at least the minimum group, their text under a
team only when at least `text_min` of it responded (groups.py does the arithmetic).
Who may do what: access.py.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce
from operator import or_
from statistics import median

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import log_action, snapshot
from tandem.notifications.models import notify
from tandem.people.access import person_for, units_visible_to
from tandem.people.models import Level, OrgUnit, Person, PersonQuerySet, User
from tandem.programs.models import Meeting, RoadmapItem
from tandem.voice import access, groups
from tandem.voice.access import affected_units, is_affected  # noqa: F401 (re-exported)
from tandem.voice.batches import Batch, batch, by_week
from tandem.voice.models import (
    TEXT_LIMIT,
    Answer,
    AnswerKind,
    Initiative,
    Responded,
    Response,
    ResponseKind,
    Status,
    VoiceSettings,
)
from tandem.voice.services import hash_code, new_code, normalize_code
from tandem.voice.signals import initiative_changed

KIND_WORDS = "support, concern or suggestion"
ANSWER_WORDS = "changed, not changed (because …) or a question back"


def _changed(initiative_id: int) -> None:
    initiative_changed.send(Initiative, initiative_id=initiative_id)


def initiative_url(initiative: Initiative) -> str:
    return reverse("voice:initiative", args=[initiative.pk])


# --- who is affected ------------------------------------------------------------------


def _within(units: list[OrgUnit]) -> Q:
    return reduce(or_, (Q(unit__path__startswith=u.path) for u in units))


def possible_respondents(initiative: Initiative) -> PersonQuerySet:
    """The affected people who could respond: those with an active login. The minimum
    group and the rates count them (someone who cannot respond hides nobody)."""
    return affected_people(initiative).filter(user__isnull=False, user__is_active=True)


def affected_people(initiative: Initiative) -> PersonQuerySet:
    """Active people placed in an affected unit or below it, of the affected levels."""
    units = affected_units(initiative)
    if not units:
        return Person.objects.none()
    people = Person.objects.active().filter(_within(units))
    if initiative.level_list:
        people = people.filter(level__in=initiative.level_list)
    return people


# --- writing and publishing ---------------------------------------------------------


@dataclass
class Draft:
    title: str = ""
    what: str = ""
    why: str = ""
    units: list[OrgUnit] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    owner: Person | None = None
    starts_on: date | None = None
    closes_on: date | None = None
    roadmap_item: RoadmapItem | None = None


def _check_text(errors: dict, name: str, text: str, what: str, limit: int = TEXT_LIMIT):
    if len(text) > limit:
        errors[name] = f"Keep {what} to {limit:,} characters; it has {len(text):,}."


def _draft_errors(actor: User, draft: Draft) -> dict[str, str]:
    errors: dict[str, str] = {}
    draft.title = (draft.title or "").strip()
    draft.what = (draft.what or "").strip()
    draft.why = (draft.why or "").strip()
    if not draft.title:
        errors["title"] = "Say in a line what changes."
    _check_text(errors, "title", draft.title, "the title", 200)
    _check_text(errors, "what", draft.what, "the detail")
    _check_text(errors, "why", draft.why, "the why")
    if not draft.units:
        errors["units"] = "Choose at least one team it affects."
    else:
        scope = units_visible_to(actor)
        outside = [u.full_path for u in draft.units if not scope.contains(u)]
        if outside:
            errors["units"] = f"Not in your part of the organization: {', '.join(outside)}."
    wrong = [level for level in draft.levels if level not in Level.values]
    if wrong:
        errors["levels"] = f"Not a level: {', '.join(wrong)}."
    if draft.owner is None:
        errors["owner"] = "Say who is accountable for it."
    elif not draft.owner.active:
        errors["owner"] = f"{draft.owner.name} has left; choose someone active."
    if draft.starts_on is None:
        errors["starts_on"] = "Say when it starts."
    if draft.closes_on and draft.closes_on < timezone.localdate():
        errors["closes_on"] = "Responses cannot close in the past."
    elif draft.closes_on and draft.starts_on and draft.closes_on < draft.starts_on:
        pass  # responses may close before it starts: people answer ahead of the change
    return errors


def _apply(initiative: Initiative, draft: Draft) -> None:
    initiative.title = draft.title
    initiative.what = draft.what
    initiative.why = draft.why
    initiative.levels = ",".join(v for v in Level.values if v in draft.levels)
    initiative.owner = draft.owner
    initiative.starts_on = draft.starts_on
    initiative.closes_on = draft.closes_on
    initiative.roadmap_item = draft.roadmap_item


FIELDS = ["title", "what", "why", "levels", "owner", "starts_on", "closes_on", "roadmap_item"]


@transaction.atomic
def save_draft(actor: User, draft: Draft, initiative: Initiative | None = None) -> Initiative:
    """Create a draft (or change one). Problems: ValidationError keyed by field, every
    one at once, nothing saved. Not a leader or the program office, or not theirs: 403."""
    if initiative is None:
        access.require(access.can_write_initiatives(actor), access.WRITE_WHY)
    else:
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        access.require(access.runs(actor, initiative), access.RUN_WHY)
        if initiative.status != Status.DRAFT:
            raise ValidationError({"status": "Only a draft can be changed; this one is published."})
    if errors := _draft_errors(actor, draft):
        raise ValidationError(errors)
    before = snapshot(initiative, FIELDS) if initiative else None
    if initiative is None:
        initiative = Initiative(created_by=person_for(actor))
    _apply(initiative, draft)
    initiative.save()
    initiative.units.set(draft.units)
    initiative._affected_units = sorted(draft.units, key=lambda u: u.path)
    log_action(
        actor,
        "updated" if before else "created",
        initiative,
        before=before,
        after={**snapshot(initiative, FIELDS), "units": [u.full_path for u in draft.units]},
    )
    return initiative


@transaction.atomic
def publish(actor: User, initiative: Initiative) -> bool:
    """Publish a draft; the worker then tells everyone affected (`distribute`). Returns
    False when it was published already (a second click tells nobody twice)."""
    access.require(access.runs(actor, initiative), access.RUN_WHY)
    if not affected_people(initiative).exists():
        raise ValidationError({"units": "Nobody active is placed in the teams it affects."})
    today = timezone.localdate()
    if not Initiative.objects.filter(pk=initiative.pk, status=Status.DRAFT).update(
        status=Status.PUBLISHED, published_on=today, queued_at=timezone.now()
    ):
        return False
    initiative.status, initiative.published_on = Status.PUBLISHED, today
    log_action(actor, "published", initiative, after={"round": initiative.round})
    _changed(initiative.pk)
    _enqueue_distribution(initiative)
    return True


def _enqueue_distribution(initiative: Initiative) -> None:
    from tandem.voice.tasks import distribute_initiative  # tasks imports this module

    pk, round_ = initiative.pk, initiative.round
    transaction.on_commit(lambda: distribute_initiative.enqueue(pk, round_))


def distribute(initiative_pk: int, round_: int = 1, chunk: int = 2000) -> int:
    """Tell everyone affected (not the owner) that it was published, or that a new round
    opened: in the app and, where they chose it, by email. Runs in the worker, a chunk
    of people (in pk order) per transaction, each holding the initiative's row: a second
    run at the same time waits and tells nobody twice, and a run after a worker died
    midway goes on from the last person told. Returns how many this run told."""
    told = 0
    while True:
        with transaction.atomic():
            initiative = Initiative.objects.select_for_update().filter(pk=initiative_pk).first()
            if (
                initiative is None
                or initiative.status == Status.DRAFT
                or initiative.round != round_
                or initiative.distributed
            ):
                return told
            batch = list(
                affected_people(initiative)
                .exclude(pk=initiative.owner_id)
                .filter(pk__gt=initiative.told_up_to)
                .order_by("pk")[:chunk]
            )
            if batch:
                again = "New round: " if round_ > 1 else ""
                told += len(
                    notify(
                        batch,
                        f"{again}{initiative.title} — it affects your team. Say what you "
                        "think: support, a concern or a suggestion.",
                        initiative_url(initiative),
                    )
                )
            Initiative.objects.filter(pk=initiative.pk).update(
                reached=(initiative.reached or 0) + len(batch),
                told_up_to=batch[-1].pk if batch else initiative.told_up_to,
                distributed=len(batch) < chunk,
            )


def requeue_undistributed(older_than: timedelta = timedelta(minutes=10)) -> int:
    """Enqueue again the distributions a dead worker left unfinished (published more
    than `older_than` ago and not everyone told); returns how many. Harmless when one
    is still running: `distribute` tells nobody twice."""
    since = timezone.now() - older_than
    stale = Initiative.objects.filter(
        status=Status.PUBLISHED, distributed=False, queued_at__lt=since
    ).values_list("pk", "round")
    from tandem.voice.tasks import distribute_initiative  # tasks imports this module

    count = 0
    for pk, round_ in stale:
        distribute_initiative.enqueue(pk, round_)
        count += 1
    return count


@transaction.atomic
def close(actor: User, initiative: Initiative) -> None:
    access.require(access.runs(actor, initiative), access.RUN_WHY)
    if not Initiative.objects.filter(pk=initiative.pk, status=Status.PUBLISHED).update(
        status=Status.CLOSED
    ):
        raise ValidationError({"status": "Only a published initiative can be closed."})
    initiative.status = Status.CLOSED
    log_action(actor, "closed", initiative)
    _changed(initiative.pk)


@transaction.atomic
def new_round(actor: User, initiative: Initiative, closes_on: date | None = None) -> int:
    """Open the next round: everyone affected may respond once more (say, after the
    initiative changed because of the last one); they are told again."""
    access.require(access.runs(actor, initiative), access.RUN_WHY)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status == Status.DRAFT:
        raise ValidationError({"round": "Publish it first: a draft has no rounds."})
    if closes_on and closes_on < timezone.localdate():
        raise ValidationError({"closes_on": "Responses cannot close in the past."})
    initiative.round += 1
    initiative.status = Status.PUBLISHED
    initiative.closes_on = closes_on
    initiative.reached, initiative.told_up_to, initiative.distributed = None, 0, False
    initiative.queued_at = timezone.now()
    initiative.save(
        update_fields=[
            "round",
            "status",
            "closes_on",
            "reached",
            "told_up_to",
            "distributed",
            "queued_at",
        ]
    )
    log_action(actor, "new round", initiative, after={"round": initiative.round})
    _enqueue_distribution(initiative)
    return initiative.round


# --- meetings' notes ------------------------------------------------------------------


def for_meeting(meeting: Meeting) -> Initiative:
    """The initiative of a meeting's notes, made when first needed (published once the
    notes are distributed)."""
    existing = Initiative.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    day = f"{meeting.date.day} {meeting.date:%b %Y}"
    initiative = Initiative.objects.create(
        title=f"Notes of the {meeting.get_kind_display().lower()} of {meeting.unit.name} on {day}"[
            :200
        ],
        what=meeting.notes[:TEXT_LIMIT],
        owner_id=meeting.chair_id,
        created_by_id=meeting.created_by_id,
        starts_on=meeting.date,
        meeting=meeting,
    )
    initiative.units.set(OrgUnit.objects.filter(agenda_items__meeting=meeting).distinct())
    return initiative


def meeting_distributed(meeting: Meeting, recipients: int) -> Initiative:
    """The notes went out (programs told the affected teams): the initiative is published
    with what the distribution reached."""
    initiative = for_meeting(meeting)
    Initiative.objects.filter(pk=initiative.pk).update(
        status=Status.PUBLISHED,
        published_on=timezone.localdate(meeting.distributed_at),
        reached=recipients,
        distributed=True,
    )
    initiative.refresh_from_db()
    _changed(initiative.pk)
    return initiative


# --- responding ------------------------------------------------------------------------


def responded_key(person: Person, initiative: Initiative, round_: int) -> str:
    message = f"voice-responded:{person.pk}:{initiative.pk}:{round_}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def has_responded(person: Person, initiative: Initiative) -> bool:
    key = responded_key(person, initiative, initiative.round)
    if Responded.objects.filter(key=key).exists():
        return True
    return Response.objects.filter(
        initiative=initiative, round=initiative.round, author=person
    ).exists()


def my_response(person: Person, initiative: Initiative) -> Response | None:
    """The person's named response of this round (an anonymous one only by its code)."""
    return Response.objects.filter(
        initiative=initiative, round=initiative.round, author=person
    ).first()


def group_unit(person: Person, initiative: Initiative, minimum: int) -> tuple[OrgUnit, int] | None:
    """The smallest team around the person (theirs, or a unit above it) in which at least
    `minimum` affected people could respond (have a login), with how many could; None
    when even all of them are fewer. One count per step up, the person's own team first
    (usually one or two)."""
    people = possible_respondents(initiative)

    def size(path: str) -> int:
        return people.filter(unit__path__startswith=path).count()

    found = groups.smallest_group(person.unit.path, size, minimum, OrgUnit.steplen)
    return (OrgUnit.objects.get(path=found[0]), found[1]) if found else None


def anonymous_allowed(
    initiative: Initiative, minimum: int | None = None, counts: Counts | None = None
) -> bool:
    minimum = minimum or VoiceSettings.current().min_group
    people = counts.could_respond if counts else possible_respondents(initiative).count()
    return people >= minimum


def _closed_error(initiative: Initiative) -> str | None:
    if initiative.status == Status.DRAFT:
        return "This initiative is not published yet."
    if initiative.status == Status.CLOSED:
        return "This initiative is closed: responses are no longer taken."
    if initiative.closes_on and initiative.closes_on < timezone.localdate():
        return f"Responses closed on {initiative.closes_on:%-d %b %Y}; they are no longer taken."
    return None


def _response_errors(initiative: Initiative, kind: str, text: str, item=None) -> dict:
    errors: dict[str, str] = {}
    if problem := _closed_error(initiative):
        errors["initiative"] = problem
    if not kind:
        errors["kind"] = f"Say what kind of response this is: {KIND_WORDS}."
    elif kind not in ResponseKind.values:
        errors["kind"] = f"'{kind}' is not a kind of response; choose {KIND_WORDS}."
    if not text:
        errors["text"] = "Write your response; it is empty."
    _check_text(errors, "text", text, "your response")
    if item is not None and item.meeting_id != initiative.meeting_id:
        errors["item"] = "That agenda item is not on this meeting's agenda."
    return errors


@transaction.atomic
def respond(
    person: Person | None,
    initiative: Initiative,
    kind: str,
    text: str,
    *,
    anonymous: bool = False,
    item=None,
) -> tuple[Response, str]:
    """Respond once in this round; returns the response and, for an anonymous one, its
    reply code (shown once, never stored). Not affected: 403. Problems (closed, kind,
    text, item, responded already, anonymous in too small a group): ValidationError
    keyed by field, every one at once, nothing saved."""
    if not access.can_respond_as(person, initiative):
        raise PermissionDenied(access.RESPOND_WHY)
    Initiative.objects.select_for_update().filter(pk=initiative.pk).first()  # one at a time
    text = (text or "").strip()
    errors = _response_errors(initiative, kind, text, item)
    if has_responded(person, initiative):
        errors["initiative"] = "You responded in this round already; change your response instead."
    unit, weekly = person.unit, False
    minimum = VoiceSettings.current().min_group
    if anonymous:
        group = group_unit(person, initiative, minimum)
        if group is not None:
            unit, weekly = group[0], by_week(group[1], minimum)
        else:
            errors["anonymous"] = (
                f"Fewer than {minimum} people are affected, so an anonymous response could "
                "be traced to you. Respond with your name, or not at all."
            )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            Responded.objects.create(
                key=responded_key(person, initiative, initiative.round), initiative=initiative
            )
    except IntegrityError:
        raise ValidationError(
            {"initiative": "You responded in this round already; change your response instead."}
        ) from None
    today = timezone.localdate()
    # Named: the day, read at once. Anonymous: the day or the week, read in the next batch.
    kept = batch(today, weekly) if anonymous else Batch(today, today, False)
    code = new_code() if anonymous else ""
    response = Response.objects.create(
        initiative=initiative,
        round=initiative.round,
        author=None if anonymous else person,
        unit=unit,
        item=item,
        kind=kind,
        text=text,
        code_hash=hash_code(code) if anonymous else "",
        created_on=kept.kept_on,
        visible_on=kept.arrives_on,
        by_week=kept.by_week,
        notified=not anonymous,
    )
    if not anonymous:
        # Audited with its author; an anonymous response leaves no audit entry (it
        # would name the one who acted).
        if person.user_id is not None:
            log_action(person.user, "created", response, after=snapshot(response))
        about = f" on “{item.title}”" if item else ""
        notify(
            [initiative.owner],
            f"{person.name} sent a {response.get_kind_display().lower()}{about} about "
            f"“{initiative.title}”.",
            initiative_url(initiative),
            exclude=person,
        )
    return response, code


def find_by_code(code: str) -> Response | None:
    code = normalize_code(code)
    if code is None:
        return None
    return Response.objects.filter(code_hash=hash_code(code)).select_related("initiative").first()


@transaction.atomic
def change(response: Response, kind: str, text: str) -> Response:
    """The author changes their response (named: theirs; anonymous: with the code) while
    the round is open. An anonymous change reaches the owner in the next batch (see
    batches.py) and keeps the day or, as the response did, the week."""
    initiative = response.initiative
    text = (text or "").strip()
    errors = _response_errors(initiative, kind, text, response.item)
    if response.round != initiative.round:
        errors["initiative"] = "That round is over; respond to the new round instead."
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    fields = {"kind": kind, "text": text, "changed_on": today}
    if response.anonymous:  # the owner reads the change, and hears of it, in the next batch
        kept = batch(today, response.by_week or _weekly(response))
        fields.update(
            changed_on=kept.kept_on,
            visible_on=max(response.visible_on, kept.arrives_on),
            by_week=kept.by_week,
            notified=False,
        )
    Response.objects.filter(pk=response.pk).update(**fields)
    response.refresh_from_db()
    _changed(initiative.pk)
    return response


def _weekly(response: Response) -> bool:
    """Whether the group an anonymous response is shown under is small enough for its
    dates to keep only the week (a team since removed: yes)."""
    if response.unit_id is None:
        return True
    minimum = VoiceSettings.current().min_group
    group = possible_respondents(response.initiative).filter(
        unit__path__startswith=response.unit.path
    )
    return by_week(group.count(), minimum)


@transaction.atomic
def withdraw(response: Response) -> None:
    """The anonymous author takes their response back (say, it names them)."""
    Response.objects.filter(pk=response.pk).delete()


def deliver_due(today: date | None = None) -> int:
    """The morning batch: tell each owner how many anonymous responses reached them
    today; returns how many owners were told. Safe to run again."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = Response.objects.select_for_update().filter(notified=False, visible_on__lte=today)
        per_initiative = Counter(due.values_list("initiative_id", flat=True))
        due.update(notified=True)
        owners = set()
        for initiative in Initiative.objects.filter(pk__in=per_initiative).select_related("owner"):
            n = per_initiative[initiative.pk]
            notify(
                [initiative.owner],
                f"{n} new or changed anonymous response{'s' if n != 1 else ''} to "
                f"“{initiative.title}”.",
                initiative_url(initiative),
            )
            owners.add(initiative.owner_id)
    return len(owners)


# --- answering ---------------------------------------------------------------------


def readable_responses(initiative: Initiative, today: date | None = None):
    """The responses the owner may read today (anonymous ones from the next morning)."""
    today = today or timezone.localdate()
    return initiative.responses.filter(visible_on__lte=today)


@transaction.atomic
def answer(actor: User, initiative: Initiative, response_ids: list, kind: str, text: str) -> Answer:
    """Answer one response or several at once. Not theirs to answer: 403. Problems (no
    response chosen, one not of this initiative or answered already, kind, text):
    ValidationError keyed by field, nothing saved. Named authors are told; anonymous
    ones read it with their code."""
    access.require(access.runs(actor, initiative), access.ANSWER_WHY)
    errors: dict[str, str] = {}
    text = (text or "").strip()
    ids = {str(pk) for pk in response_ids}
    valid = {pk for pk in ids if _is_uuid(pk)}
    chosen = list(readable_responses(initiative).select_for_update().filter(pk__in=valid))
    if not response_ids:
        errors["responses"] = "Choose the responses this answers."
    elif len(chosen) != len(ids):
        errors["responses"] = "Some of the chosen responses are not this initiative's."
    elif done := [r for r in chosen if r.answer_id and not reopened(r)]:
        errors["responses"] = f"{len(done)} of them already have an answer."
    if not kind:
        errors["kind"] = f"Say what the answer is: {ANSWER_WORDS}."
    elif kind not in AnswerKind.values:
        errors["kind"] = f"'{kind}' is not a kind of answer; choose {ANSWER_WORDS}."
    if not text:
        errors["text"] = {
            AnswerKind.CHANGED: "Say what was changed because of it.",
            AnswerKind.NOT_CHANGED: "Say why nothing was changed.",
        }.get(kind, "Write your answer; it is empty.")
    _check_text(errors, "text", text, "the answer")
    if errors:
        raise ValidationError(errors)
    me = person_for(actor)
    reply = Answer.objects.create(
        initiative=initiative, kind=kind, text=text, by=me, answered_on=timezone.localdate()
    )
    Response.objects.filter(pk__in=[r.pk for r in chosen]).update(answer=reply)
    _changed(initiative.pk)
    log_action(actor, "answered", initiative, after={"kind": kind, "responses": len(chosen)})
    authors = {r.author for r in chosen if r.author_id}
    who = me.name if me else "The program office"
    said = {
        AnswerKind.CHANGED: "answered your response to “{}”: it changed something",
        AnswerKind.NOT_CHANGED: "answered your response to “{}”: why it stays as it is",
        AnswerKind.QUESTION: "asked you a question back about your response to “{}”",
    }[kind].format(initiative.title)
    notify(authors, f"{who} {said}.", initiative_url(initiative), exclude=me)
    return reply


# Waiting for an answer: never answered, or asked back and changed since (`reopened`).
# Changed after a question back: a named response on or after the day of the question;
# an anonymous one keeps only its batch's date, so: it arrives after the question.
_WAITING = Q(answer__isnull=True) | Q(
    Q(code_hash="", changed_on__gte=F("answer__answered_on"))
    | (~Q(code_hash="") & Q(visible_on__gt=F("answer__answered_on"))),
    answer__kind=AnswerKind.QUESTION,
)


def open_responses(initiative: Initiative, today: date | None = None):
    """This round's responses the owner may read that wait for an answer (never answered,
    or asked back and changed since), the longest waiting first."""
    return (
        readable_responses(initiative, today)
        .filter(_WAITING, round=initiative.round)
        .select_related("author", "answer", "unit", "item")
        .order_by("visible_on", "kind", "id")
    )


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def reopened(response: Response) -> bool:
    """A question back waits for the author: once they changed their response after it,
    the response may be answered again."""
    reply = response.answer
    if reply.kind != AnswerKind.QUESTION or response.changed_on is None:
        return False
    if response.anonymous:  # see _WAITING
        return response.visible_on > reply.answered_on
    return response.changed_on >= reply.answered_on


# --- the initiative page's figures ----------------------------------------------------


class Counts:
    """Per unit and everything below it (key: the unit's path; "" the whole), each read
    in one query: the people the initiative affects (`people`, asked to respond: the
    rates' denominators, as the leading indicators count them), those of them who could
    respond (`possible`, with a login: the minimum group counts them, since someone who
    cannot respond hides nobody), and this round's responses the owner may read today."""

    def __init__(self, initiative: Initiative, today: date | None = None) -> None:
        today = today or timezone.localdate()

        with_login = Q(user__isnull=False, user__is_active=True)
        rows = list(
            affected_people(initiative)
            .values_list("unit__path")
            .annotate(n=Count("pk"), possible=Count("pk", filter=with_login))
            .order_by()
        )
        self.people = self._below((path, n) for path, n, _ in rows)
        self.possible = self._below((path, possible) for path, _, possible in rows)
        self.responses = self._below(
            readable_responses(initiative, today)
            .filter(round=initiative.round)
            .values_list("unit__path")
            .annotate(n=Count("pk"))
            .order_by()
        )

    @property
    def affected(self) -> int:
        return self.people[""]

    @property
    def could_respond(self) -> int:
        return self.possible[""]

    @staticmethod
    def _below(rows) -> Counter[str]:
        step = OrgUnit.steplen
        totals: Counter[str] = Counter()
        for path, n in rows:
            totals[""] += n
            for end in range(step, len(path or "") + 1, step):
                totals[path[:end]] += n
        return totals


@dataclass
class UnitRow:
    unit: OrgUnit
    depth: int  # 0: an affected unit, 1: a team right below it
    people: int
    responded: int | None  # None: hidden (fewer than the minimum, or to prevent subtraction)

    @property
    def rate(self) -> int | None:
        if self.responded is None or not self.people:
            return None
        return round(100 * self.responded / self.people)


def unit_rates(
    initiative: Initiative, minimum: int | None = None, counts: Counts | None = None
) -> list[UnitRow]:
    """The response rate of this round per affected unit and per team right below it
    (responses ÷ affected people). A unit where fewer than `minimum` affected people
    could respond shows no count, and siblings are
    hidden further until no hidden group of fewer can be worked out by subtraction."""
    minimum = minimum or VoiceSettings.current().min_group
    units = affected_units(initiative)
    if not units:
        return []
    counts = counts or Counts(initiative)
    step = OrgUnit.steplen
    children = OrgUnit.objects.filter(
        reduce(or_, (Q(path__startswith=u.path, depth=u.depth + 1) for u in units))
    ).order_by("path")
    rows: list[UnitRow] = []
    people, possible, responses = counts.people, counts.possible, counts.responses
    for unit in units:
        top_shown = groups.shown(possible[unit.path], minimum)
        answered = responses[unit.path] if top_shown else None
        rows.append(UnitRow(unit, 0, people[unit.path], answered))
        below = [c for c in children if c.path[: len(c.path) - step] == unit.path]
        sizes = {c.pk: possible[c.path] for c in below if people[c.path]}
        hidden = (
            groups.hidden_siblings(possible[unit.path], sizes, minimum) if top_shown else set(sizes)
        )
        for child in below:
            if child.pk in sizes:
                n = None if child.pk in hidden else responses[child.path]
                rows.append(UnitRow(child, 1, people[child.path], n))
    return rows


@dataclass
class Summary:
    by_kind: dict[str, int]
    responses: int
    people: int
    open: int
    answered: int
    median_days_to_answer: float | None

    @property
    def rate(self) -> int | None:
        return round(100 * self.responses / self.people) if self.people else None


def summary(
    initiative: Initiative, today: date | None = None, counts: Counts | None = None
) -> Summary:
    today = today or timezone.localdate()
    rows = readable_responses(initiative, today).filter(round=initiative.round)
    # Counted by the database, grouped by day: a few dozen rows for thousands of responses.
    kinds = dict(rows.values_list("kind").annotate(n=Count("pk")).order_by())
    waiting = rows.filter(_WAITING).count()
    answered = (
        rows.exclude(_WAITING)
        .values_list("created_on", "by_week", "answer__answered_on")
        .annotate(
            named=Count("pk", filter=Q(code_hash="")),
            anonymous=Count("pk", filter=~Q(code_hash="")),
        )
        .order_by()
    )
    waits: list[int] = []
    for created_on, weekly, answered_on, named, anonymous in answered:
        # From the first morning the owner could read it (an anonymous one arrives with
        # the batch after the day or week it keeps), whatever changed since.
        arrived = batch(created_on, weekly).arrives_on
        waits += [max(0, (answered_on - created_on).days)] * named
        waits += [max(0, (answered_on - arrived).days)] * anonymous
    total = sum(kinds.values())
    return Summary(
        by_kind={k: kinds.get(k, 0) for k in ResponseKind.values},
        responses=total,
        people=counts.affected if counts else affected_people(initiative).count(),
        open=waiting,
        answered=total - waiting,
        median_days_to_answer=median(waits) if waits else None,
    )


def text_units(
    initiative: Initiative,
    responses,
    text_min: int | None = None,
    counts: Counts | None = None,
) -> dict:
    """For each response, the team its text may be shown under: its own team when at
    least `text_min` of this round's responses (that the owner may read) came from it,
    else the nearest team above that reaches it, else none (shown for the initiative as
    a whole)."""
    text_min = text_min or VoiceSettings.current().text_min
    counts = counts or Counts(initiative)
    step = OrgUnit.steplen
    shown: dict = {}
    for response in responses:
        path = response.unit.path if response.unit_id else ""
        ends = range(len(path), 0, -step)
        shown[response.pk] = next(
            (path[:end] for end in ends if counts.responses[path[:end]] >= text_min), None
        )
    names = {u.path: u for u in OrgUnit.objects.filter(path__in={p for p in shown.values() if p})}
    return {pk: names.get(path) for pk, path in shown.items()}


def waiting_days(response: Response, today: date | None = None) -> int:
    return ((today or timezone.localdate()) - response.visible_on).days


QUOTED = 5  # responses quoted under each answer


def you_said_we_did(initiative: Initiative):
    """The answers, newest first, each with how many responses it answers (`answers`)
    and the first QUOTED of them (`quoted`)."""
    first = Response.objects.order_by("created_on", "kind", "id")[:QUOTED]
    return (
        initiative.answers.select_related("by")
        .annotate(answers=Count("responses"))
        .order_by("-answered_on", "-pk")
        .prefetch_related(Prefetch("responses", queryset=first, to_attr="quoted"))
    )
