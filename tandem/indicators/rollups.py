"""Keeping the leading indicators current, so that reading them does not grow with history.

Three tables (models.py), each counting a unit *and everything below it*:

* UnitDay: per day, the additive counts (ideas created, first moves to trying /
  implemented / parked, actions, stories per kind, impact) and the histograms of whole
  hours behind the three medians.
  UnitDay also counts the recognitions received, where the people recognized are placed.
* UnitPeriod: per calendar week, month and quarter, the active staff who took part and the
  leaders who responded (participation and manager-engagement numerators), the staff who
  were recognized and the leaders who recognized someone. Distinct people do not add up
  over days, so these are kept per period.
* UnitHeadcount: active staff and leaders placed in the subtree today.

How they stay current: every change to a record goes through `track(record)`. It takes the
record's *footprint* (what the record contributes: counts per unit and day, and the
people events "took part" / "responded" per day) before and after the change, and
applies the difference to the unit and every unit above it, in the same transaction.
Whether a person's took-part / responded status for a period flips is decided by asking
the raw records about that one person and period (a few indexed rows). A change to a
person's placement, active flag or level moves their contribution (`person_changed`).

Recognitions are followed the same way by the receivers in signals.py (a recognition
saved or deleted, its people changed): `recognition_footprints` before and after,
`recognitions_changed` applies the difference. Their count follows the people
recognized (the unit they are placed in now), so a person's move carries it too.

`rebuild.rebuild_indicators()` recomputes the three tables from the raw records in bulk:
the demo, the benchmark generator and a nightly job use it, and it repairs what incremental upkeep
cannot see (a manager change alters who counts as "up the line" for past ideas).
"""

from __future__ import annotations

import contextlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from threading import local

from django.db import connection, transaction
from django.db.models import F, Q, Value

from tandem.capture.models import (
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaTransition,
    Record,
    ServiceAction,
    Story,
)
from tandem.indicators import candidates
from tandem.indicators.counting import (
    BATCH,
    CADENCE_OF_KIND,
    COLUMN_OF_FLAG,
    COLUMNS,
    FLAGS,
    HISTOGRAM,
    LEADER_FLAGS,
    RECOGNIZED,
    RECOGNIZING,
    RESPONDED,
    TOOK_PART,
    is_up_the_line,
    period_starts,
)
from tandem.indicators.definitions import MILESTONES, local_day, period_bounds, whole_hours
from tandem.indicators.models import UnitDay, UnitHeadcount, UnitPeriod
from tandem.indicators.rebuild import History, person_history, recognitions_received
from tandem.lib import cadence
from tandem.people.models import LEADER_LEVELS, OrgUnit, Person
from tandem.recognition.models import Recognition

RECORD_MODELS: tuple[type, ...] = (Idea, ServiceAction, Story)

# --- footprints: what one record contributes -------------------------------------------


@dataclass
class Footprint:
    counts: dict[tuple[int, date], Counter] = field(default_factory=lambda: defaultdict(Counter))
    people: set[tuple[int, date, str]] = field(default_factory=set)

    def add(self, unit_id: int, day: date, key: str, amount: int = 1) -> None:
        if amount:
            self.counts[(unit_id, day)][key] += amount


@dataclass
class IdeaFacts:
    """The raw facts one idea's footprint is computed from."""

    unit_id: int
    created_at: datetime
    created_by_id: int | None
    author_ids: list[int]
    author_lines: list[str]
    minutes: int | None
    money: Decimal | None
    moves: list[tuple[str, datetime, int | None, str | None]]  # to, at, by_id, by_line
    comments: list[tuple[datetime, int | None, str | None]]  # at, author_id, author_line


def idea_footprint(facts: IdeaFacts) -> Footprint:
    foot = Footprint()
    created_day = local_day(facts.created_at)
    foot.add(facts.unit_id, created_day, "ideas_created")
    for person_id in {facts.created_by_id, *facts.author_ids} - {None}:
        foot.people.add((person_id, created_day, TOOK_PART))

    moves = sorted(facts.moves, key=lambda m: m[1])
    first: dict[str, datetime] = {}
    for to, at, _by, _line in moves:
        first.setdefault(to, at)
    for status in MILESTONES:
        if status in first:
            foot.add(facts.unit_id, local_day(first[status]), f"ideas_{status}")
    if IdeaStatus.TRYING in first:
        foot.add(
            facts.unit_id,
            local_day(first[IdeaStatus.TRYING]),
            f"h:trying:{whole_hours(facts.created_at, first[IdeaStatus.TRYING])}",
        )
    if IdeaStatus.IMPLEMENTED in first:
        done = first[IdeaStatus.IMPLEMENTED]
        day = local_day(done)
        foot.add(facts.unit_id, day, "minutes_saved", facts.minutes or 0)
        foot.add(facts.unit_id, day, "money_saved_cents", int((facts.money or 0) * 100))
        tried = [at for to, at, _b, _l in moves if to == IdeaStatus.TRYING and at <= done]
        if tried:
            foot.add(facts.unit_id, day, f"h:implemented:{whole_hours(max(tried), done)}")

    responses = [(at, by, line) for _to, at, by, line in moves] + list(facts.comments)
    responses = [r for r in responses if is_up_the_line(r[2], facts.author_lines)]
    if responses:
        first_response = min(at for at, _by, _line in responses)
        foot.add(
            facts.unit_id,
            local_day(first_response),
            f"h:response:{whole_hours(facts.created_at, first_response)}",
        )
    for at, by, _line in responses:
        foot.people.add((by, local_day(at), RESPONDED))
    return foot


def dated_footprint(record: ServiceAction | Story, people_ids: Iterable[int]) -> Footprint:
    foot = Footprint()
    key = "service_actions" if isinstance(record, ServiceAction) else f"stories:{record.kind}"
    foot.add(record.unit_id, record.date, key)
    for person_id in {record.created_by_id, *people_ids} - {None}:
        foot.people.add((person_id, record.date, TOOK_PART))
    return foot


def idea_facts(ideas: list[Idea]) -> dict[int, IdeaFacts]:
    """The facts of several ideas in three queries."""
    ids = [idea.pk for idea in ideas]
    authors: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for idea_id, person_id, line in Idea.authors.through.objects.filter(
        idea_id__in=ids
    ).values_list("idea_id", "person_id", "person__line"):
        authors[idea_id].append((person_id, line))
    moves: dict[int, list] = defaultdict(list)
    for idea_id, *move in IdeaTransition.objects.filter(idea_id__in=ids).values_list(
        "idea_id", "to_status", "at", "by_id", "by__line"
    ):
        moves[idea_id].append(tuple(move))
    comments: dict[int, list] = defaultdict(list)
    for idea_id, *comment in IdeaComment.objects.filter(idea_id__in=ids).values_list(
        "idea_id", "created_at", "author_id", "author__line"
    ):
        comments[idea_id].append(tuple(comment))
    return {
        idea.pk: IdeaFacts(
            unit_id=idea.unit_id,
            created_at=idea.created_at,
            created_by_id=idea.created_by_id,
            author_ids=[pk for pk, _line in authors[idea.pk]],
            author_lines=[line for _pk, line in authors[idea.pk]],
            minutes=idea.minutes_saved_per_week,
            money=idea.money_saved_per_year,
            moves=moves[idea.pk],
            comments=comments[idea.pk],
        )
        for idea in ideas
    }


@dataclass
class State:
    """What one record contributes as the database holds it now: its footprint and its
    highlight candidate row (candidates.py), both from the same reads."""

    footprint: Footprint = field(default_factory=Footprint)
    candidate: dict | None = None


def state_of(record: Record, ancestry: Ancestry | None = None) -> State:
    """The record's state now (empty when it does not exist). The record's unit path is
    read with it and handed to `ancestry`, which then needs no query of its own."""
    model = type(record)
    fresh = model.objects.filter(pk=record.pk).select_related("unit").first()
    if fresh is None:
        return State()
    if ancestry is not None:
        ancestry.know(fresh.unit_id, fresh.unit.path)
    if isinstance(fresh, Idea):
        facts = idea_facts([fresh])[fresh.pk]
        implemented = [at for to, at, *_ in facts.moves if to == IdeaStatus.IMPLEMENTED]
        row = candidates.idea_row(fresh, len(facts.author_ids), min(implemented, default=None))
        return State(idea_footprint(facts), row)
    people = list(getattr(fresh, fresh.people_field).values_list("pk", flat=True))
    row = candidates.story_row(fresh, len(people)) if isinstance(fresh, Story) else None
    return State(dated_footprint(fresh, people), row)


# --- applying a difference --------------------------------------------------------------


class Ancestry:
    """Unit id -> the ids of the unit and every unit above it."""

    def __init__(self, units: Iterable[tuple[int, str]] | None = None):
        self._of: dict[int, list[int]] = {}
        self._paths: dict[int, str] = {}
        if units is not None:
            id_of = {path: pk for pk, path in units}
            step = OrgUnit.steplen
            for path, pk in id_of.items():
                self._of[pk] = [
                    id_of[path[:end]]
                    for end in range(step, len(path) + 1, step)
                    if path[:end] in id_of
                ]

    def know(self, unit_id: int, path: str) -> None:
        """Remember a unit's path (read along with something else): `of` then costs one
        query for the ids above it, not two."""
        self._paths[unit_id] = path

    @classmethod
    def everything(cls) -> Ancestry:
        return cls(OrgUnit.objects.values_list("pk", "path"))

    def of(self, unit_id: int) -> list[int]:
        if unit_id not in self._of:
            path = self._paths.get(unit_id) or (
                OrgUnit.objects.values_list("path", flat=True).get(pk=unit_id)
            )
            step = OrgUnit.steplen
            prefixes = [path[:end] for end in range(step, len(path) + 1, step)]
            self._of[unit_id] = list(
                OrgUnit.objects.filter(path__in=prefixes).values_list("pk", flat=True)
            )
        return self._of[unit_id]


def _difference(before: Footprint, after: Footprint) -> dict[tuple[int, date], Counter]:
    delta: dict[tuple[int, date], Counter] = defaultdict(Counter)
    for sign, foot in ((-1, before), (1, after)):
        for key, counts in foot.counts.items():
            for name, n in counts.items():
                delta[key][name] += sign * n
    return {key: c for key, c in delta.items() if any(c.values())}


def split(counts: Counter) -> tuple[dict, dict]:
    """(the plain counts, the median histograms) as UnitDay stores them, zeros left out."""
    plain = {key: n for key, n in counts.items() if n and not key.startswith(HISTOGRAM)}
    hours = {key: n for key, n in counts.items() if n and key.startswith(HISTOGRAM)}
    return plain, hours


def _merge(stored: dict, delta: Counter) -> dict:
    merged = Counter(stored)
    merged.update(delta)
    return {key: n for key, n in merged.items() if n}


def apply_counts(delta: dict[tuple[int, date], Counter], ancestry: Ancestry) -> None:
    """Add `delta` (own unit, day -> counts) to the UnitDay rows of each unit and above."""
    add_to_unit_days(spread_counts(delta, ancestry))


def spread_counts(
    delta: dict[tuple[int, date], Counter], ancestry: Ancestry
) -> dict[tuple[int, date], Counter]:
    """(own unit, day) -> counts as (unit, day) -> counts for the unit and each one above."""
    spread: dict[tuple[int, date], Counter] = defaultdict(Counter)
    for (unit_id, day), counts in delta.items():
        for ancestor in ancestry.of(unit_id):
            spread[(ancestor, day)].update(counts)
    return spread


PAIRS_PER_QUERY = 200  # (unit, day) pairs locked and updated per query


def add_to_unit_days(spread: dict[tuple[int, date], Counter]) -> None:
    """Add subtree totals ((unit, day) -> counts, already spread) to the UnitDay rows."""
    spread = {key: counts for key, counts in spread.items() if any(counts.values())}
    if not spread:
        return
    # Rows are created and locked in one fixed order (unit, day), so that concurrent
    # captures touching the same units wait for each other instead of deadlocking.
    UnitDay.objects.bulk_create(
        [UnitDay(unit_id=u, day=d) for u, d in sorted(spread)], ignore_conflicts=True
    )
    # The histograms (big at the top of a large organization) only when they change.
    fields = ["counts", "hours"]
    if not any(key.startswith(HISTOGRAM) for counts in spread.values() for key in counts):
        fields = ["counts"]
    # In chunks, in the same order: a change over a whole division (an initiative taken
    # back) names thousands of (unit, day) pairs, past SQLite's expression depth at once.
    pairs = sorted(spread)
    for start in range(0, len(pairs), PAIRS_PER_QUERY):
        condition = Q()
        for unit_id, day in pairs[start : start + PAIRS_PER_QUERY]:
            condition |= Q(unit_id=unit_id, day=day)
        rows = list(
            UnitDay.objects.select_for_update()
            .filter(condition)
            .order_by("unit_id", "day")
            .only("pk", "unit_id", "day", *fields)
        )
        for row in rows:
            plain, hours = split(spread[(row.unit_id, row.day)])
            row.counts = _merge(row.counts, plain)
            if "hours" in fields:
                row.hours = _merge(row.hours, hours)
        UnitDay.objects.bulk_update(rows, fields)


def _period_bounds(kind: str, start: date) -> tuple[date, date]:
    span = cadence.period_of(start, CADENCE_OF_KIND[kind])
    return span.start, span.end


CREDITED_IDS_PER_QUERY = 900  # under SQLite's oldest limit of 999 parameters a query


def _credited_ids(person_id: int) -> dict[type, list[int]]:
    """The ids of every idea, action and story the person is credited on: one query on the
    person indexes of the three through tables."""
    parts = []
    for number, model in enumerate(RECORD_MODELS):
        through = getattr(model, model.people_field).through.objects
        column = f"{model._meta.model_name}_id"
        parts.append(
            through.filter(person_id=person_id)
            .order_by()
            .annotate(model=Value(number))
            .values_list("model", column)
        )
    ids: dict[type, list[int]] = defaultdict(list)
    for number, record_id in parts[0].union(*parts[1:], all=True).order_by():
        ids[RECORD_MODELS[number]].append(record_id)
    return ids


def _days_took_part(
    person_id: int, first: date, last: date, skip: Skip, *, credited: bool
) -> set[date]:
    """The days in first..last on which the person logged (credited=False) or was
    credited with (credited=True) a record other than `skip`. Every query starts from the
    person (the creator-and-date indexes; the credited records by primary key), never from
    the period's records of the whole organization (a hash join over them is what
    PostgreSQL picks for the plain join through the people table)."""
    start_at, end_at = period_bounds(first, last)
    ids = _credited_ids(person_id) if credited else {}
    if credited and connection.vendor == "postgresql":
        # Index lookups by id: starting parallel workers for them (PostgreSQL's choice
        # for long id lists) costs more than the lookups. Until the commit only.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    ideas, dated = [], []
    for model in RECORD_MODELS:
        when = "created_at" if model is Idea else "date"
        if model is Idea:
            in_period = Q(created_at__gte=start_at, created_at__lt=end_at)
        else:
            in_period = Q(date__gte=first, date__lte=last)
        records = model.objects.filter(in_period).order_by()
        if skip is not None and type(skip) is model:
            records = records.exclude(pk=skip.pk)
        target = ideas if model is Idea else dated
        if not credited:
            target.append(records.filter(created_by_id=person_id).values_list(when))
            continue
        mine = ids.get(model, [])
        for start in range(0, len(mine), CREDITED_IDS_PER_QUERY):
            chunk = mine[start : start + CREDITED_IDS_PER_QUERY]
            target.append(records.filter(pk__in=chunk).values_list(when))
    days = set()
    if ideas:
        days |= {local_day(at) for (at,) in ideas[0].union(*ideas[1:], all=True).order_by()}
    if dated:
        days |= {day for (day,) in dated[0].union(*dated[1:], all=True).order_by()}
    return days


# What a change leaves out of a person's "other" days: the record changed, or the
# recognitions changed together (tuple), or nothing (a person moving).
Skip = Record | tuple[Recognition, ...] | None


def _other_days(
    person_id: int, flag: str, periods: list[tuple[str, date, date]], skip: Skip
) -> set[date]:
    """Enough of the person's other took-part / responded days to decide each period:
    for took-part, the records they logged first (two queries on the creator indexes);
    the records they are credited on only for periods those leave undecided. (The
    recognition flags are read for everyone at once: _days_of_recognitions.)"""
    first, last = min(p[1] for p in periods), max(p[2] for p in periods)
    if flag == RESPONDED:
        return _days_responded(person_id, first, last, skip)
    days = _days_took_part(person_id, first, last, skip, credited=False)
    open_ = [p for p in periods if not any(p[1] <= day <= p[2] for day in days)]
    if open_:
        first, last = min(p[1] for p in open_), max(p[2] for p in open_)
        days |= _days_took_part(person_id, first, last, skip, credited=True)
    return days


RECOGNITION_FLAGS = (RECOGNIZED, RECOGNIZING)


def _days_of_recognitions(
    spans: dict[tuple[int, str], list[tuple[str, date, date]]], skip: Skip
) -> dict[tuple[int, str], set[date]]:
    """For each (person, flag) of `spans` whose flag is RECOGNIZED or RECOGNIZING, the
    days of the recognitions (other than those of `skip`) that recognized the person /
    that they gave, over the span of all the periods: one query per flag for everyone (a
    team recognized at once names up to 150 people)."""
    left_out = [r.pk for r in skip] if isinstance(skip, tuple) else []
    found: dict[tuple[int, str], set[date]] = defaultdict(set)
    for flag in RECOGNITION_FLAGS:
        wanted = {key: periods for key, periods in spans.items() if key[1] == flag}
        if not wanted:
            continue
        people = sorted({person_id for person_id, _flag in wanted})
        first = min(p[1] for periods in wanted.values() for p in periods)
        last = max(p[2] for periods in wanted.values() for p in periods)
        if flag == RECOGNIZED:
            rows = Recognition.people.through.objects.filter(
                person_id__in=people, recognition__date__gte=first, recognition__date__lte=last
            ).exclude(recognition_id__in=left_out)
            days = rows.values_list("person_id", "recognition__date")
        else:
            rows = Recognition.objects.filter(
                given_by_id__in=people, date__gte=first, date__lte=last
            ).exclude(pk__in=left_out)
            days = rows.values_list("given_by_id", "date")
        for person_id, day in days.order_by().distinct():
            found[(person_id, flag)].add(day)
    return found


def _days_responded(person_id: int, first: date, last: date, skip: Skip) -> set[date]:
    """The days in first..last on which the person moved or commented on an idea of
    someone below them (other than `skip`): two queries from the person's own rows."""
    start_at, end_at = period_bounds(first, last)
    up_the_line = {
        "idea__authors__line__startswith": F("line_of_responder"),
        "idea__authors__line__gt": F("line_of_responder"),
    }
    moves = IdeaTransition.objects.filter(by_id=person_id, at__gte=start_at, at__lt=end_at)
    comments = IdeaComment.objects.filter(
        author_id=person_id, created_at__gte=start_at, created_at__lt=end_at
    )
    if isinstance(skip, Idea):
        moves, comments = moves.exclude(idea_id=skip.pk), comments.exclude(idea_id=skip.pk)
    moves = moves.annotate(line_of_responder=F("by__line")).filter(**up_the_line)
    comments = comments.annotate(line_of_responder=F("author__line")).filter(**up_the_line)
    return {local_day(at) for at in moves.values_list("at", flat=True).distinct()} | {
        local_day(at) for at in comments.values_list("created_at", flat=True).distinct()
    }


def _person_periods(events: Iterable[tuple[int, date, str]]) -> set[tuple[int, str, str, date]]:
    return {
        (person_id, flag, kind, start)
        for person_id, day, flag in events
        for kind, start in period_starts(day)
    }


def apply_people(
    before: Footprint,
    after: Footprint,
    record: Skip,
    ancestry: Ancestry,
    pending: Iterable[tuple[int, date, str]] = (),
) -> None:
    """Update UnitPeriod for each (person, flag, period) whose events this change touched.

    "Others" = the person's status from every other record (and from `pending`: the
    events of records already gone from the database whose own change is applied next,
    as in a bulk delete); old = others or the record's old events in the period, new =
    others or its new events. `record`: the record changed, or the recognitions changed
    together.
    """
    old, new = _person_periods(before.people), _person_periods(after.people)
    touched = old ^ new
    if not touched:
        return
    people = Person.objects.in_bulk({p for p, *_ in touched})
    spans: dict[tuple[int, str], list[tuple[str, date, date]]] = defaultdict(list)
    for person_id, flag, kind, start in touched:
        person = people.get(person_id)
        if person is None or not person.active:
            continue
        if flag in LEADER_FLAGS and person.level not in LEADER_LEVELS:
            continue
        spans[(person_id, flag)].append((kind, *_period_bounds(kind, start)))
    other_days = _days_of_recognitions(spans, record)  # every person's, in one query
    for person_id, day, flag in pending:
        other_days[(person_id, flag)].add(day)
    delta: dict[tuple[int, str, date], Counter] = defaultdict(Counter)
    for (person_id, flag), periods in spans.items():
        # The person's other records, looked at once for all the periods touched.
        days = other_days[(person_id, flag)]
        if flag not in RECOGNITION_FLAGS:
            days |= _other_days(person_id, flag, periods, record)
        for kind, start, end in periods:
            others = any(start <= day <= end for day in days)
            was = others or (person_id, flag, kind, start) in old
            now = others or (person_id, flag, kind, start) in new
            if was != now:
                for unit_id in ancestry.of(people[person_id].unit_id):
                    delta[(unit_id, kind, start)][COLUMN_OF_FLAG[flag]] += 1 if now else -1
    _add_to_unit_periods(delta)


def _add_to_unit_periods(delta: dict[tuple[int, str, date], Counter]) -> None:
    delta = {key: c for key, c in delta.items() if any(c.values())}
    if not delta:
        return
    UnitPeriod.objects.bulk_create(  # in a fixed order, as UnitDay's rows (apply_counts)
        [UnitPeriod(unit_id=u, kind=k, start=s) for u, k, s in sorted(delta)],
        ignore_conflicts=True,
    )
    condition = Q()
    for unit_id, kind, start in delta:
        condition |= Q(unit_id=unit_id, kind=kind, start=start)
    rows = list(
        UnitPeriod.objects.select_for_update()
        .filter(condition)
        .order_by("unit_id", "kind", "start")
    )
    for row in rows:
        change = delta[(row.unit_id, row.kind, row.start)]
        for column in COLUMNS:
            setattr(row, column, getattr(row, column) + change[column])
    UnitPeriod.objects.bulk_update(rows, list(COLUMNS))


@contextlib.contextmanager
def track(record: Record) -> Iterator[None]:
    """Wrap any change to a record (create, edit, move, comment, delete) in this: the
    change and the indicators are saved in one transaction (joining the caller's)."""
    # Inside the caller's transaction no savepoint is needed: an error rolls it all back.
    with transaction.atomic(savepoint=False):
        ancestry = Ancestry()
        before = state_of(record, ancestry) if record.pk else State()
        pk = record.pk
        yield
        after = state_of(record, ancestry)
        apply_counts(_difference(before.footprint, after.footprint), ancestry)
        apply_people(before.footprint, after.footprint, record, ancestry)
        if before.candidate != after.candidate:
            candidates.write(candidates.kind_of(record), record.pk or pk, after.candidate)


# --- recognitions ------------------------------------------------------------------------


def recognition_footprints(ids: Iterable[int]) -> dict[int, Footprint]:
    """What each recognition contributes as the database holds it now (an empty footprint
    for one that does not exist): on its date, one "recognitions" in the unit of each
    active person it recognized, the event "recognized" of each person it names and
    "recognizing" of the person who gave it. Two queries."""
    ids = list(ids)
    feet = {pk: Footprint() for pk in ids}
    dates: dict[int, date] = {}
    for pk, day, giver in Recognition.objects.filter(pk__in=ids).values_list(
        "pk", "date", "given_by_id"
    ):
        dates[pk] = day
        if giver is not None:
            feet[pk].people.add((giver, day, RECOGNIZING))
    for recognition_id, person_id, unit_id, active in Recognition.people.through.objects.filter(
        recognition_id__in=list(dates)
    ).values_list("recognition_id", "person_id", "person__unit_id", "person__active"):
        day = dates[recognition_id]
        feet[recognition_id].people.add((person_id, day, RECOGNIZED))
        if active:
            feet[recognition_id].add(unit_id, day, "recognitions")
    return feet


def _union(feet: Iterable[Footprint]) -> Footprint:
    total = Footprint()
    for foot in feet:
        for key, counts in foot.counts.items():
            total.counts[key].update(counts)
        total.people |= foot.people
    return total


class _Going(local):
    """Per thread: the footprints of recognitions being deleted whose change is not
    applied yet (a bulk delete sends every pre_delete, deletes them all, then sends every
    post_delete)."""

    def __init__(self) -> None:
        self.feet: dict[int, Footprint] = {}


_going = _Going()


def recognitions_changed(
    before: dict[int, Footprint],
    after: dict[int, Footprint],
    pending: Iterable[tuple[int, date, str]] = (),
) -> None:
    """Apply the change of some recognitions changed together (their footprints before
    and after, by id) to UnitDay and UnitPeriod, in one transaction (joining the caller's).
    A recognition deleted has no "after"; `pending`: as for apply_people."""
    ids = sorted(before.keys() | after.keys())
    old, new = _union(before.values()), _union(after.values())
    with transaction.atomic(savepoint=False):
        ancestry = Ancestry()
        apply_counts(_difference(old, new), ancestry)
        apply_people(old, new, tuple(Recognition(pk=pk) for pk in ids), ancestry, pending)


def recognition_going(recognition_id: int) -> None:
    """Before a recognition is deleted: remember what it contributes."""
    _going.feet[recognition_id] = recognition_footprints([recognition_id])[recognition_id]


def recognition_gone(recognition_id: int) -> None:
    """After a recognition was deleted: take back what it contributed. The other
    recognitions deleted with it, whose turn comes next, still count as there."""
    foot = _going.feet.pop(recognition_id, None)
    if foot is None:
        return
    if _going.feet:  # left out: those still there (their delete was rolled back)
        there = Recognition.objects.filter(pk__in=list(_going.feet)).values_list("pk", flat=True)
        for pk in there:
            del _going.feet[pk]
    pending = [event for other in _going.feet.values() for event in other.people]
    recognitions_changed({recognition_id: foot}, {}, pending)


# --- people ------------------------------------------------------------------------------


Placement = tuple  # (unit_id, active, level) as stored on Person


def _counted_as(placement: Placement | None) -> tuple[int | None, bool, bool]:
    if placement is None or not placement[1]:
        return (None, False, False)
    unit_id, _active, level = placement
    return (unit_id, True, level in LEADER_LEVELS)


@dataclass
class Past:
    """What moves with some people: their periods of each flag (rebuild.person_history)
    and the recognitions they received by day (rebuild.recognitions_received)."""

    periods: History = field(default_factory=lambda: {flag: {} for flag in FLAGS})
    received: dict[int, Counter] = field(default_factory=dict)


def past_of(person_ids: list[int]) -> Past:
    """The Past of these people, read BATCH people at a time."""
    past = Past()
    for start in range(0, len(person_ids), BATCH):
        some = person_ids[start : start + BATCH]
        for flag, periods in person_history(some).items():
            past.periods[flag].update(periods)
        past.received.update(recognitions_received(some))
    return past


def person_changed(
    person_id: int, before: Placement | None, after: Placement | None, past: Past | None = None
) -> None:
    """Move a person's headcount, past participation and recognitions when their unit,
    active flag or level changed. before/after: (unit_id, active, level), None when the
    person did not exist (created) or no longer exists (deleted). `past`: their Past as read
    before a deletion took their rows away (read now when not given)."""
    people_changed([(person_id, before, after)], past)


def people_changed(
    changes: list[tuple[int, Placement | None, Placement | None]], past: Past | None = None
) -> None:
    """person_changed() for many people at once (an import): a few queries per thousand."""
    moved = [
        (pk, _counted_as(before), _counted_as(after), before is not None)
        for pk, before, after in changes
        if _counted_as(before) != _counted_as(after)
    ]
    if not moved:
        return
    ancestry = Ancestry.everything() if len(moved) > 50 else Ancestry()
    heads: dict[int, Counter] = defaultdict(Counter)
    days: dict[tuple[int, date], Counter] = defaultdict(Counter)
    delta: dict[tuple[int, str, date], Counter] = defaultdict(Counter)
    # Someone who did not exist before has no records yet.
    if past is None:
        past = past_of([pk for pk, _old, _new, existed in moved if existed])
    for person_id, old, new, _existed in moved:
        received = past.received.get(person_id, {})
        for sign, (unit_id, active, leader) in ((-1, old), (1, new)):
            if not active:
                continue
            for ancestor in ancestry.of(unit_id):
                heads[ancestor]["staff"] += sign
                heads[ancestor]["leaders"] += sign * leader
                for flag in FLAGS:
                    if flag in LEADER_FLAGS and not leader:
                        continue
                    column = COLUMN_OF_FLAG[flag]
                    for kind, start in past.periods[flag].get(person_id, ()):
                        delta[(ancestor, kind, start)][column] += sign
                for day, n in received.items():
                    days[(ancestor, day)]["recognitions"] += sign * n
    # UnitDay first, then the others: the order a record's change locks rows in.
    add_to_unit_days(days)
    _add_to_headcounts(heads)
    _add_to_unit_periods(delta)


def _add_to_headcounts(heads: dict[int, Counter]) -> None:
    if not heads:
        return
    UnitHeadcount.objects.bulk_create(  # in a fixed order, as UnitDay's rows (apply_counts)
        [UnitHeadcount(unit_id=u) for u in sorted(heads)], ignore_conflicts=True
    )
    rows = list(
        UnitHeadcount.objects.select_for_update()
        .filter(unit_id__in=list(heads))
        .order_by("unit_id")
    )
    for row in rows:
        row.staff += heads[row.unit_id]["staff"]
        row.leaders += heads[row.unit_id]["leaders"]
    UnitHeadcount.objects.bulk_update(rows, ["staff", "leaders"])
