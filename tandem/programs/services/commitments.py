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
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import log_action, snapshot
from tandem.lib import cadence as cal
from tandem.notifications.models import notify
from tandem.people.models import OrgUnit, Person, User
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


# --- the program office's view: filters and the summary by unit ----------------------

# The commitments page's status filter: value -> label.
STATUSES = {
    "active": "Active",
    "stopped": "Stopped",
    "due": "Check-in due this period",
    "missed": "Missed the last period",
}


def _period_starts(today: date, back: int = 0) -> dict[str, date]:
    """For each cadence, the start of the period containing today (`back` periods earlier)."""
    starts = {}
    for cadence in cal.CADENCES:
        start = cal.period_start(today, cadence)
        for _ in range(back):
            start = cal.period_start(start - timedelta(days=1), cadence)
        starts[cadence] = start
    return starts


def _checked_in_for(starts: dict[str, date]) -> Exists:
    """Whether the commitment has a check-in for the period of its cadence in `starts`."""
    match = Q()
    for cadence, start in starts.items():
        match |= Q(commitment__cadence=cadence, period_start=start)
    return Exists(CheckIn.objects.filter(match, commitment=OuterRef("pk")))


def filter_commitments(
    commitments: QuerySet[Commitment],
    *,
    unit: OrgUnit | None = None,
    leader: Person | None = None,
    rule: str = "",
    status: str = "",
    today: date | None = None,
) -> QuerySet[Commitment]:
    """Narrow commitments: `unit` takes the leaders placed in it or below; `status` is one
    of STATUSES ("due": ran in the current period, which has no check-in yet, as
    `commitment_record` and the summary count it, even if stopped since; "missed": the period before
    this one is over with no check-in, though the commitment ran then)."""
    today = today or timezone.localdate()
    if status and status not in STATUSES:
        raise ValidationError(
            {"status": f"'{status}' is not a status; use one of {', '.join(STATUSES)}."}
        )
    if unit is not None:
        commitments = commitments.filter(leader__unit__path__startswith=unit.path)
    if leader is not None:
        commitments = commitments.filter(leader=leader)
    if rule:
        commitments = commitments.filter(rule=rule)
    if status == "active":
        commitments = commitments.filter(active=True)
    elif status == "stopped":
        commitments = commitments.filter(active=False)
    elif status == "due":
        current = _period_starts(today)
        runs_now = Q()
        for cadence, start in current.items():
            runs_now |= Q(cadence=cadence) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        commitments = commitments.filter(runs_now, started_on__lte=today).filter(
            ~_checked_in_for(current)
        )
    elif status == "missed":
        last, current = _period_starts(today, back=1), _period_starts(today)
        ran_then = Q()
        for cadence, start in last.items():
            ran_then |= Q(cadence=cadence, started_on__lt=current[cadence]) & (
                Q(ended_on__isnull=True) | Q(ended_on__gte=start)
            )
        commitments = commitments.filter(ran_then).filter(~_checked_in_for(last))
    return commitments


@dataclass
class UnitTally:
    """Kept, not kept, missed and due periods of the commitments of one unit's leaders."""

    unit: OrgUnit | None
    commitments: int = 0
    kept: int = 0
    not_kept: int = 0
    missed: int = 0
    due: int = 0

    def add(self, other: UnitTally) -> None:
        self.commitments += other.commitments
        self.kept += other.kept
        self.not_kept += other.not_kept
        self.missed += other.missed
        self.due += other.due


def summary_by_unit(
    commitments: QuerySet[Commitment], today: date | None = None
) -> tuple[list[UnitTally], UnitTally]:
    """The record of these commitments, by the unit of their leader (in tree order), and
    the total: the same states as `commitment_record`, counted in the database.

    One grouped query counts the commitments and their check-ins per unit, cadence,
    start and end; the periods each group ran are then arithmetic on those few rows
    (every commitment of a group ran the same periods). A check-in outside the periods a
    commitment ran (after it was stopped) is not counted, as in `commitment_record`.
    """
    today = today or timezone.localdate()
    current = _period_starts(today)
    in_current, before_current = Q(), Q()
    for cadence, start in current.items():
        in_current |= Q(cadence=cadence, check_ins__period_start=start)
        before_current |= Q(cadence=cadence, check_ins__period_start__lt=start)
    in_range = Q(check_ins__period_start__lte=today) & (
        Q(ended_on__isnull=True) | Q(check_ins__period_start__lte=F("ended_on"))
    )
    groups = (
        commitments.order_by()
        .values("leader__unit", "cadence", "started_on", "ended_on")
        .annotate(
            n=Count("pk", distinct=True),
            kept=Count("check_ins", filter=in_range & Q(check_ins__kept=True)),
            not_kept=Count("check_ins", filter=in_range & Q(check_ins__kept=False)),
            closed_checked=Count("check_ins", filter=in_range & before_current),
            open_checked=Count("check_ins", filter=in_range & in_current),
        )
    )
    tallies: dict[int, UnitTally] = {}
    for group in groups:
        tally_ = tallies.setdefault(group["leader__unit"], UnitTally(None))
        n = group["n"]
        last_day = min(today, group["ended_on"]) if group["ended_on"] else today
        periods = cal.periods_between(group["started_on"], last_day, group["cadence"])
        still_open = 1 if periods and periods[-1].end >= today else 0
        tally_.commitments += n
        tally_.kept += group["kept"]
        tally_.not_kept += group["not_kept"]
        tally_.missed += n * (len(periods) - still_open) - group["closed_checked"]
        tally_.due += n * still_open - group["open_checked"]
    units = OrgUnit.objects.in_bulk(list(tallies))
    rows = []
    for unit_id, tally_ in tallies.items():
        tally_.unit = units[unit_id]
        rows.append(tally_)
    rows.sort(key=lambda row: row.unit.path)
    total = UnitTally(None)
    for row in rows:
        total.add(row)
    return rows, total
