"""Leaders' commitments and their check-ins; the kept / missed record over time.

Each period of a commitment's cadence, from the one containing `started_on`
to the one containing today (or `ended_on` once stopped), is in one state:

* kept / not kept: the leader checked in and said so (honesty is the point);
* missed: the period is over (its last day is before today) with no check-in;
* pending: the current period, not yet checked in.

Who may call these is decided by programs/access.py (a leader edits only their own).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import log_action, snapshot
from tandem.lib import cadence as cal
from tandem.notifications.models import notify
from tandem.people.models import Person, User
from tandem.programs.models import CheckIn, Commitment

KEPT, NOT_KEPT, MISSED, PENDING = "kept", "not_kept", "missed", "pending"


@dataclass(frozen=True)
class PeriodRecord:
    period: cal.Period
    state: str
    check_in: CheckIn | None = None


@transaction.atomic
def create_commitment(
    actor: User,
    leader: Person,
    text: str,
    rule: str,
    cadence: str,
    started_on: date | None = None,
) -> Commitment:
    if not leader.is_leader:
        raise ValidationError(
            {"leader": "Only supervisors, managers and senior leaders make leadership commitments."}
        )
    commitment = Commitment(leader=leader, text=text.strip(), rule=rule, cadence=cadence)
    if started_on is not None:
        commitment.started_on = started_on
    commitment.full_clean()
    commitment.save()
    log_action(actor, "created", commitment, after=snapshot(commitment))
    return commitment


@transaction.atomic
def update_commitment(actor: User, commitment: Commitment, *, text: str, rule: str) -> Commitment:
    """Reword a commitment or move it to another rule. The cadence stays: its record
    is counted in those periods; a new cadence is a new commitment."""
    before = snapshot(commitment)
    commitment.text, commitment.rule = text.strip(), rule
    commitment.full_clean()
    commitment.save()
    log_action(actor, "updated", commitment, before=before, after=snapshot(commitment))
    return commitment


@transaction.atomic
def stop_commitment(actor: User, commitment: Commitment, on: date | None = None) -> Commitment:
    """Stop asking for check-ins after `on` (default today); the record so far stays."""
    on = on or timezone.localdate()
    if on < commitment.started_on:
        raise ValidationError({"ended_on": "A commitment cannot end before it started."})
    before = snapshot(commitment)
    commitment.active, commitment.ended_on = False, on
    commitment.save()
    log_action(actor, "stopped", commitment, before=before, after=snapshot(commitment))
    return commitment


def _last_day(commitment: Commitment, today: date) -> date:
    return min(today, commitment.ended_on) if commitment.ended_on else today


@transaction.atomic
def check_in(
    actor: User,
    commitment: Commitment,
    period_start: date,
    kept: bool,
    reflection: str = "",
    today: date | None = None,
) -> CheckIn:
    """Record (or correct) the check-in for one period. Future periods are refused."""
    today = today or timezone.localdate()
    what = cal.period_of(period_start, commitment.cadence)
    if what.start != period_start:
        raise ValidationError(
            {
                "period_start": f"A {commitment.cadence} period starts on {what.start}, "
                f"not {period_start}."
            }
        )
    first = cal.period_start(commitment.started_on, commitment.cadence)
    if period_start < first:
        raise ValidationError(
            {
                "period_start": f"The commitment started on {commitment.started_on}; "
                "check in for a period from then on."
            }
        )
    if period_start > _last_day(commitment, today):
        raise ValidationError({"period_start": "You cannot check in for a period not yet begun."})
    row = CheckIn.objects.filter(commitment=commitment, period_start=period_start).first()
    before = snapshot(row) if row else {}
    row = row or CheckIn(commitment=commitment, period_start=period_start, kept=kept)
    row.kept, row.reflection, row.at = kept, reflection.strip(), timezone.now()
    row.full_clean(exclude=["commitment"], validate_constraints=False)
    row.save()
    log_action(actor, "checked in", row, before=before, after=snapshot(row))
    return row


def commitment_record(commitment: Commitment, today: date | None = None) -> list[PeriodRecord]:
    """Every period of the commitment up to today, oldest first, with its state."""
    today = today or timezone.localdate()
    found = {c.period_start: c for c in commitment.check_ins.all()}
    records = []
    for period in cal.periods_between(
        commitment.started_on, _last_day(commitment, today), commitment.cadence
    ):
        row = found.get(period.start)
        if row is not None:
            state = KEPT if row.kept else NOT_KEPT
        else:
            state = MISSED if period.end < today else PENDING
        records.append(PeriodRecord(period, state, row))
    return records


def tally(records: list[PeriodRecord]) -> dict[str, int]:
    counts = {KEPT: 0, NOT_KEPT: 0, MISSED: 0, PENDING: 0}
    for record in records:
        counts[record.state] += 1
    return counts


def due_check_ins(leader: Person, today: date | None = None) -> list[tuple[Commitment, cal.Period]]:
    """The leader's active commitments whose current period has no check-in yet:
    what the home page, the in-app reminder and the digest ask about. Two queries
    however many commitments the leader has."""
    today = today or timezone.localdate()
    commitments = list(leader.commitments.filter(active=True, started_on__lte=today))
    if not commitments:
        return []
    periods = {c.pk: cal.period_of(today, c.cadence) for c in commitments}
    done = set(
        CheckIn.objects.filter(
            commitment__in=commitments, period_start__in={p.start for p in periods.values()}
        ).values_list("commitment_id", "period_start")
    )
    return [(c, periods[c.pk]) for c in commitments if (c.pk, periods[c.pk].start) not in done]


# Remind this many days before a period ends: late enough that the leader has had the
# chance to keep the commitment, early enough to still do it.
REMIND_DAYS_BEFORE_END = {cal.WEEKLY: 2, cal.MONTHLY: 5, cal.QUARTERLY: 14}


@transaction.atomic
def remind_due_check_ins(today: date | None = None) -> int:
    """Tell each leader, once per period, that a check-in is due soon; returns how many.

    Safe to run twice (the scheduler may): `reminded_for` remembers the period.
    """
    today = today or timezone.localdate()
    sent = 0
    commitments = (
        Commitment.objects.select_for_update()
        .filter(active=True, started_on__lte=today, leader__active=True)
        .select_related("leader")
    )
    for commitment in commitments:
        period = cal.period_of(today, commitment.cadence)
        if commitment.reminded_for == period.start:
            continue
        if (period.end - today).days >= REMIND_DAYS_BEFORE_END[commitment.cadence]:
            continue
        if commitment.check_ins.filter(period_start=period.start).exists():
            continue
        notify(
            [commitment.leader],
            f"Check in on your commitment “{commitment.text}”: did you keep it in the "
            f"{commitment.cadence.removesuffix('ly')} ending {period.end.day} {period.end:%B}?",
            url=reverse("programs:commitment_detail", args=[commitment.pk]),
        )
        commitment.reminded_for = period.start
        commitment.save(update_fields=["reminded_for"])
        sent += 1
    return sent
