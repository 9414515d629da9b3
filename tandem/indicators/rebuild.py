"""Recomputing the rollups from the raw records in bulk (see rollups.py for what they hold).

`rebuild_indicators()` (the rollups and the highlight candidates) is used by the demo, the
benchmark generator and the nightly `rebuild_indicators` job; it also repairs what
incremental upkeep cannot see (a manager change alters who counts as "up the line" for
past ideas). `rebuild_rollups()` recomputes the rollups alone. `person_history` /
`people_events` read every took-part, responded, recognized and recognizing event from
the raw records, and `recognitions_received` the recognitions a person received by day
(the incremental upkeep uses them when people move).

How the rebuild stays fast and small on a large organization (100,000 people, millions
of records):

* Counts are first added up per *own* unit (the unit a record belongs to) and day, and
  only then carried up the tree, once per unit and day, bottom up: a unit's subtree total
  is its own count plus its children's totals. Spreading every record to each of its
  ancestors would cost six times as much on a six-level organization.
* UnitDay rows are built a calendar month at a time, so only one month of counts is in
  memory. Service actions and stories are counted by the database (GROUP BY unit, day,
  kind; recognitions GROUP BY the unit of the person recognized, day); ideas are read in
  id ranges as plain tuples and what each contributes is kept in compact arrays by month
  until its month is written (`idea_counts` is the tuple version of
  `rollups.idea_footprint`).
* People: each person's periods (week, month, quarter) are a bitmask per flag, one bit
  per period seen, so everyone's history fits in a few megabytes; participants, engaged
  leaders, staff recognized and leaders recognizing are counted per own unit, then
  carried up the tree like the counts.
* Initiatives (leading_up.rebuild): their responses are counted by the database
  (GROUP BY initiative, unit, days) and carried up like the ideas' counts; what each
  initiative adds to the units it reaches is already a subtree total and is merged in
  after the carrying up.
* Rows are written with `COPY` on PostgreSQL and one prepared `INSERT` through
  `executemany` elsewhere, in the one transaction of the rebuild: readers keep seeing the
  old rows until it commits.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from django.db import connection, models, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Cast
from django.utils import timezone

from tandem.capture.models import (
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaTransition,
    ServiceAction,
    Story,
)
from tandem.indicators import candidates
from tandem.indicators.bulk import insert_rows
from tandem.indicators.counting import (
    BATCH,
    COLUMN_OF_FLAG,
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
from tandem.indicators.definitions import MILESTONES, whole_hours
from tandem.indicators.models import UnitDay, UnitHeadcount, UnitPeriod
from tandem.people.models import LEADER_LEVELS, OrgUnit, Person
from tandem.recognition.models import Recognition

# Ideas read per query (with their authors, moves and comments), rows per INSERT batch.
IDEA_CHUNK = 20_000
FETCH = BATCH * 5


History = dict  # flag -> {person id: {(period kind, start)}}


def person_history(person_ids: list[int] | None = None) -> History:
    """For each flag (counting.FLAGS), each person's periods with such an event: in which
    they took part, responded, were recognized, recognized someone."""
    history: History = {flag: defaultdict(set) for flag in FLAGS}
    for person_id, day, flag in people_events(person_ids):
        history[flag][person_id].update(period_starts(day))
    return history


def recognitions_received(person_ids: list[int]) -> dict[int, Counter]:
    """For each person, how many recognitions they received by the day each is dated: what
    they add to UnitDay's "recognitions" where they are placed (one query)."""
    received: dict[int, Counter] = defaultdict(Counter)
    rows = (
        Recognition.people.through.objects.filter(person_id__in=person_ids)
        .order_by()
        .values_list("person_id", "recognition__date")
        .annotate(n=Count("pk"))
    )
    for person_id, day, n in rows:
        received[person_id][day] += n
    return received


def people_events(person_ids: list[int] | None = None) -> Iterator[tuple[int, date, str]]:
    """(person, day, flag) for every took-part / responded / recognized / recognizing
    event, from the raw records."""
    stored = _Stored()
    for rows, dated, flag in _event_sources(person_ids, stored):
        day_of = stored.day if dated else stored.day_of_moment
        for person_id, value in rows:
            yield person_id, day_of(value), flag


def _event_sources(
    person_ids: list[int] | None, stored: _Stored
) -> Iterator[tuple[Iterable[tuple[int, object]], bool, str]]:
    """(rows of (person, stored date or timestamp), whether they are dates, flag) for each
    kind of event: creators and credited people of each kind of record took part; people
    up the reporting line of an idea's author who moved or commented on it responded; the
    people a recognition names were recognized, and its giver recognized someone, on its
    date."""
    mine = Q() if person_ids is None else Q(created_by_id__in=person_ids)
    for model, people_field, date_field in (
        (Idea, "authors", "created_at"),
        (ServiceAction, "people", "date"),
        (Story, "people", "date"),
    ):
        dated = date_field == "date"
        creators = model.objects.filter(created_by__isnull=False).order_by()
        if person_ids is not None:
            creators = creators.filter(mine)
        on = stored.column(date_field)
        yield _stream(creators.values_list("created_by_id", on)), dated, TOOK_PART
        through = getattr(model, people_field).through.objects.order_by()
        if person_ids is not None:
            through = through.filter(person_id__in=person_ids)
        owner = model._meta.model_name
        on = stored.column(f"{owner}__{date_field}")
        yield _stream(through.values_list("person_id", on)), dated, TOOK_PART
    for model, who, when in ((IdeaTransition, "by", "at"), (IdeaComment, "author", "created_at")):
        rows = model.objects.filter(
            **{
                f"{who}__isnull": False,
                "idea__authors__line__startswith": F(f"{who}__line"),
                "idea__authors__line__gt": F(f"{who}__line"),
            }
        ).order_by()
        if person_ids is not None:
            rows = rows.filter(**{f"{who}_id__in": person_ids})
        responses = rows.values_list(f"{who}_id", stored.column(when)).distinct()
        yield _stream(responses), False, RESPONDED
    recognized = Recognition.people.through.objects.order_by()
    if person_ids is not None:
        recognized = recognized.filter(person_id__in=person_ids)
    days = recognized.values_list("person_id", stored.column("recognition__date")).distinct()
    yield _stream(days), True, RECOGNIZED
    gave = Recognition.objects.filter(given_by__isnull=False).order_by()
    if person_ids is not None:
        gave = gave.filter(given_by_id__in=person_ids)
    days = gave.values_list("given_by_id", stored.column("date")).distinct()
    yield _stream(days), True, RECOGNIZING


def _stream(queryset: models.QuerySet) -> Iterator[tuple]:
    return queryset.iterator(chunk_size=FETCH)


class _Stored:
    """Dates and timestamps read in bulk. On SQLite, Django parses and localizes every
    value it reads (several µs each: most of the reading time of a rebuild); there the
    stored text is selected instead and parsed in one call. Other databases hand back
    date and datetime objects already."""

    def __init__(self) -> None:
        self.sqlite = connection.vendor == "sqlite"
        self.zone = timezone.get_current_timezone()  # definitions.local_day's zone
        self.stored_zone = connection.timezone  # SQLite keeps naive times in it

    def column(self, field: str) -> models.Expression:
        return Cast(field, models.TextField()) if self.sqlite else F(field)

    def moment(self, value: object) -> datetime:
        if not self.sqlite:
            return value
        moment = datetime.fromisoformat(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=self.stored_zone)

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def day_of_moment(self, value: object) -> date:
        """definitions.local_day of a stored timestamp."""
        return self.moment(value).astimezone(self.zone).date()

    def day(self, value: object) -> date:
        return date.fromisoformat(value) if self.sqlite else value


# --- what one idea counts -----------------------------------------------------------------

TRYING, IMPLEMENTED = IdeaStatus.TRYING.value, IdeaStatus.IMPLEMENTED.value
MILESTONE_KEYS = {str(status): f"ideas_{status}" for status in MILESTONES}

IdeaRow = tuple  # (pk, unit_id, created_at, minutes_saved_per_week, money_saved_per_year)
Move = tuple  # (to_status, at, by_id, by_line)
Comment = tuple  # (created_at, author_id, author_line)
Add = Callable[[int, date, str, int], None]


def idea_counts(
    idea: IdeaRow,
    author_lines: list[str],
    moves: list[Move],
    comments: list[Comment],
    day_of: Callable[[datetime], date],
    add: Add,
) -> None:
    """What `rollups.idea_footprint` counts for one idea, as add(unit, day, key, amount)
    calls, from plain tuples (no IdeaFacts / Footprint objects per idea).
    tests/indicators/test_rebuild.py checks that the two agree."""
    _pk, unit_id, created_at, minutes, money = idea
    add(unit_id, day_of(created_at), "ideas_created", 1)
    first: dict[str, datetime] = {}
    for to, at, _by, _line in moves:
        if to in MILESTONE_KEYS and (to not in first or at < first[to]):
            first[to] = at
    for status, at in first.items():
        add(unit_id, day_of(at), MILESTONE_KEYS[status], 1)
    tried = first.get(TRYING)
    if tried is not None:
        add(unit_id, day_of(tried), f"h:trying:{whole_hours(created_at, tried)}", 1)
    done = first.get(IMPLEMENTED)
    if done is not None:
        day = day_of(done)
        add(unit_id, day, "minutes_saved", minutes or 0)
        add(unit_id, day, "money_saved_cents", int((money or 0) * 100))
        last_try = max(
            (at for to, at, _by, _line in moves if to == TRYING and at <= done), default=None
        )
        if last_try is not None:
            add(unit_id, day, f"h:implemented:{whole_hours(last_try, done)}", 1)
    if author_lines:
        responses = [at for _to, at, _by, line in moves if is_up_the_line(line, author_lines)]
        responses += [at for at, _by, line in comments if is_up_the_line(line, author_lines)]
        if responses:
            first_response = min(responses)
            add(
                unit_id,
                day_of(first_response),
                f"h:response:{whole_hours(created_at, first_response)}",
                1,
            )


class _ByMonth:
    """Contributions (own unit, day, key, amount) kept in compact arrays per calendar
    month until that month's rows are written: four machine numbers each instead of a
    tuple and a Counter."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self._code: dict[str, int] = {}
        self._months: dict[int, tuple[array, array, array, array]] = {}
        self._days: dict[date, tuple[int, tuple[array, array, array, array]]] = {}

    def add(self, unit_id: int, day: date, key: str, amount: int = 1) -> None:
        if not amount:
            return
        code = self._code.get(key)
        if code is None:
            code = self._code[key] = len(self.keys)
            self.keys.append(key)
        known = self._days.get(day)
        if known is None:
            month = _month(day)
            arrays = self._months.get(month)
            if arrays is None:
                arrays = self._months[month] = (array("q"), array("i"), array("i"), array("q"))
            known = self._days[day] = (day.toordinal(), arrays)
        ordinal, (units, days, codes, amounts) = known
        units.append(unit_id)
        days.append(ordinal)
        codes.append(code)
        amounts.append(amount)

    def months(self) -> set[int]:
        return set(self._months)

    def pop(self, month: int) -> Iterator[tuple[int, date, str, int]]:
        arrays = self._months.pop(month, None)
        self._days.clear()  # they may point at the arrays popped
        if arrays is None:
            return
        days: dict[int, date] = {}
        for unit_id, ordinal, code, amount in zip(*arrays, strict=True):
            day = days.get(ordinal) or days.setdefault(ordinal, date.fromordinal(ordinal))
            yield unit_id, day, self.keys[code], amount


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_bounds(month: int) -> tuple[date, date]:
    """The first day of the month and of the month after it."""
    following = month + 1
    return date(month // 12, month % 12 + 1, 1), date(following // 12, following % 12 + 1, 1)


def idea_contributions(into: _ByMonth, stored: _Stored) -> None:
    """Every idea's counts, read in id ranges of IDEA_CHUNK ideas (four queries each)."""
    moment, local_day = stored.moment, stored.local_day
    last = 0
    while True:
        ideas = [
            (pk, unit_id, moment(created_at), minutes, money)
            for pk, unit_id, created_at, minutes, money in Idea.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list(
                "pk",
                "unit_id",
                stored.column("created_at"),
                "minutes_saved_per_week",
                "money_saved_per_year",
            )[:IDEA_CHUNK]
        ]
        if not ideas:
            return
        span = {"idea_id__gt": last, "idea_id__lte": ideas[-1][0]}
        last = ideas[-1][0]
        author_lines: dict[int, list[str]] = defaultdict(list)
        for idea_id, line in (
            Idea.authors.through.objects.filter(**span)
            .order_by()
            .values_list("idea_id", "person__line")
        ):
            author_lines[idea_id].append(line)
        moves: dict[int, list[Move]] = defaultdict(list)
        for idea_id, to, at, by_id, by_line in (
            IdeaTransition.objects.filter(**span)
            .order_by()
            .values_list("idea_id", "to_status", stored.column("at"), "by_id", "by__line")
        ):
            moves[idea_id].append((to, moment(at), by_id, by_line))
        comments: dict[int, list[Comment]] = defaultdict(list)
        for idea_id, at, author_id, author_line in (
            IdeaComment.objects.filter(**span)
            .order_by()
            .values_list("idea_id", stored.column("created_at"), "author_id", "author__line")
        ):
            comments[idea_id].append((moment(at), author_id, author_line))
        for idea in ideas:
            pk = idea[0]
            idea_counts(
                idea,
                author_lines.get(pk, []),
                moves.get(pk, []),
                comments.get(pk, []),
                local_day,
                into.add,
            )


# --- the organization tree ----------------------------------------------------------------


class _Tree:
    """Each unit's parent (the nearest unit above it) and the units deepest first, to carry
    own counts up: a unit's subtree total is its own plus its children's totals. The same
    tree as rollups.Ancestry (a unit and every existing path prefix)."""

    def __init__(self, units: Iterable[tuple[int, str]]) -> None:
        id_of = {path: pk for pk, path in units}
        step = OrgUnit.steplen
        self.parent: dict[int, int] = {}
        for path, pk in id_of.items():
            for end in range(len(path) - step, 0, -step):
                above = id_of.get(path[:end])
                if above is not None:
                    self.parent[pk] = above
                    break
        self.deepest_first = [
            pk for path, pk in sorted(id_of.items(), key=lambda item: -len(item[0]))
        ]

    @classmethod
    def everything(cls) -> _Tree:
        return cls(OrgUnit.objects.values_list("pk", "path"))

    def carry_up(self, own: dict, merge: Callable, empty: Callable) -> dict:
        """Turn {unit: own value} into {unit: subtree total} in place, bottom up."""
        for unit_id in self.deepest_first:
            value = own.get(unit_id)
            parent = self.parent.get(unit_id)
            if value is None or parent is None:
                continue
            total = own.get(parent)
            if total is None:
                total = own[parent] = empty()
            merge(total, value)
        return own


def _merge_days(total: dict[date, dict[str, int]], days: dict[date, dict[str, int]]) -> None:
    for day, counts in days.items():
        into = total.get(day)
        if into is None:
            total[day] = counts.copy()
        else:
            for key, n in counts.items():
                into[key] = into.get(key, 0) + n


def _merge_numbers(total: list[int], numbers: list[int]) -> None:
    for i, n in enumerate(numbers):
        if n:
            total[i] += n


# --- writing ------------------------------------------------------------------------------


class _CountsJSON:
    """UnitDay's two JSON columns from one {key: n} dict: the plain counts and the median
    histograms apart, zeros left out (rollups.split), written as json.dumps writes them.
    Keys are few and repeat on every row, so each is encoded once."""

    def __init__(self) -> None:
        self._keys: dict[str, tuple[bool, str]] = {}

    def __call__(self, counts: dict[str, int]) -> tuple[str, str]:
        plain: list[str] = []
        hours: list[str] = []
        for key, n in counts.items():
            if not n:
                continue
            known = self._keys.get(key)
            if known is None:
                known = self._keys[key] = (key.startswith(HISTOGRAM), json.dumps(key) + ": ")
            (hours if known[0] else plain).append(f"{known[1]}{n}")
        return "{" + ", ".join(plain) + "}", "{" + ", ".join(hours) + "}"


# --- rebuilding everything ----------------------------------------------------------------


@transaction.atomic
def rebuild_indicators() -> dict[str, int]:
    """Recompute every rollup and the highlight candidates from the raw records, in one
    transaction (readers see the old rows until it commits). Returns the rows written."""
    return {**rebuild_rollups(), "candidates": candidates.rebuild()}


@transaction.atomic
def rebuild_rollups() -> dict[str, int]:
    """Recompute the three rollup tables (and the leading-up tables behind UnitDay's
    initiative counts, leading_up.py) from the raw records. Returns the rows written."""
    tree = _Tree.everything()
    UnitDay.objects.all().delete()
    UnitPeriod.objects.all().delete()
    UnitHeadcount.objects.all().delete()
    stored = _Stored()
    days_written, leading_up_rows = _rebuild_unit_days(tree, stored)
    return {"unit_days": days_written, **_rebuild_people(tree, stored), **leading_up_rows}


def _rebuild_unit_days(tree: _Tree, stored: _Stored) -> tuple[int, dict[str, int]]:
    """The UnitDay rows, a month at a time; and the leading-up tables (leading_up.py),
    whose counts go into the same rows. Returns the UnitDay rows and the others written."""
    # Imported here: leading_up builds on rollups, which imports this module.
    from tandem.indicators import leading_up

    own_adds = _ByMonth()  # by a record's own unit, carried up the tree month by month
    idea_contributions(own_adds, stored)
    subtree_adds = _ByMonth()  # subtree totals already (initiatives by the units they reach)
    leading_up_rows = leading_up.rebuild(own_adds.add, subtree_adds.add)
    months = own_adds.months() | subtree_adds.months()
    for model in (ServiceAction, Story, Recognition):
        span = model.objects.aggregate(first=models.Min("date"), last=models.Max("date"))
        if span["first"] is not None:
            months.update(range(_month(span["first"]), _month(span["last"]) + 1))
    encode = _CountsJSON()
    as_stored = connection.ops.adapt_datefield_value
    written = 0
    for month in sorted(months):
        own = tree.carry_up(_own_counts(month, own_adds), _merge_days, dict)
        for unit_id, day, key, n in subtree_adds.pop(month):
            counts = own.setdefault(unit_id, {}).setdefault(day, {})
            counts[key] = counts.get(key, 0) + n
        rows = []
        for unit_id, days in own.items():
            for day, counts in days.items():
                rows.append((unit_id, day, *encode(counts)))
        rows.sort()  # in the order of the (unit, day) index
        days_stored = {day: as_stored(day) for day in {row[1] for row in rows}}
        written += insert_rows(
            UnitDay,
            ["unit", "day", "counts", "hours"],
            ((unit_id, days_stored[day], plain, hours) for unit_id, day, plain, hours in rows),
        )
    return written, leading_up_rows


def _own_counts(month: int, adds: _ByMonth) -> dict[int, dict[date, dict[str, int]]]:
    """{own unit: {day: {key: n}}} for the days of one month: the ideas' (and initiative
    responses') contributions, and service actions, stories and recognitions counted by
    the database (a recognition by the unit of each active person it recognized)."""
    own: dict[int, dict[date, dict[str, int]]] = {}

    def add(unit_id: int, day: date, key: str, amount: int) -> None:
        days = own.get(unit_id)
        if days is None:
            days = own[unit_id] = {}
        counts = days.get(day)
        if counts is None:
            counts = days[day] = {}
        counts[key] = counts.get(key, 0) + amount

    for row in adds.pop(month):
        add(*row)
    first, following = _month_bounds(month)
    for model, kind in ((ServiceAction, ()), (Story, ("kind",))):
        grouped = (
            model.objects.filter(date__gte=first, date__lt=following)
            .order_by()
            .values("unit_id", "date", *kind)
            .annotate(n=Count("pk"))
            .values_list("unit_id", "date", *kind, "n")
        )
        for unit_id, day, *story_kind, n in grouped:
            add(unit_id, day, f"stories:{story_kind[0]}" if kind else "service_actions", n)
    received = (
        Recognition.people.through.objects.filter(
            person__active=True,
            recognition__date__gte=first,
            recognition__date__lt=following,
        )
        .order_by()
        .values("person__unit_id", "recognition__date")
        .annotate(n=Count("pk"))
        .values_list("person__unit_id", "recognition__date", "n")
    )
    for unit_id, day, n in received:
        add(unit_id, day, "recognitions", n)
    return own


class _PeriodBits:
    """One bit per (kind, start) period seen; a day's mask has the bits of the week, the
    month and the quarter that contain it."""

    def __init__(self) -> None:
        self.periods: list[tuple[str, date]] = []
        self._index: dict[tuple[str, date], int] = {}
        self._masks: dict[date, int] = {}

    def mask(self, day: date) -> int:
        mask = self._masks.get(day)
        if mask is None:
            mask = 0
            for period in period_starts(day):
                index = self._index.get(period)
                if index is None:
                    index = self._index[period] = len(self.periods)
                    self.periods.append(period)
                mask |= 1 << index
            self._masks[day] = mask
        return mask


def _count_bits(mask: int, counts: list[int]) -> None:
    while mask:
        low = mask & -mask
        counts[low.bit_length() - 1] += 1
        mask ^= low


def _rebuild_people(tree: _Tree, stored: _Stored) -> dict[str, int]:
    bits = _PeriodBits()
    masks_of: dict[str, dict[int, int]] = {flag: {} for flag in FLAGS}  # flag -> person -> mask
    for rows, dated, flag in _event_sources(None, stored):
        masks = masks_of[flag]
        if dated:  # days repeat: one mask per stored value, each converted once
            known: dict[object, int] = {}
            for person_id, value in rows:
                mask = known.get(value)
                if mask is None:
                    mask = known[value] = bits.mask(stored.day(value))
                masks[person_id] = masks.get(person_id, 0) | mask
        else:
            day_of = stored.day_of_moment
            for person_id, value in rows:
                masks[person_id] = masks.get(person_id, 0) | bits.mask(day_of(value))
    size = len(bits.periods)

    heads: dict[int, list[int]] = {}  # unit -> [staff, leaders], own then subtree
    # flag -> unit -> count per period bit
    counted: dict[str, dict[int, list[int]]] = {flag: {} for flag in FLAGS}
    people = Person.objects.active().order_by().values_list("pk", "unit_id", "level")
    for pk, unit_id, level in _stream(people):
        leader = level in LEADER_LEVELS
        head = heads.get(unit_id)
        if head is None:
            head = heads[unit_id] = [0, 0]
        head[0] += 1
        head[1] += leader
        for flag in FLAGS:
            mask = masks_of[flag].get(pk)
            if mask and (leader or flag not in LEADER_FLAGS):
                counts = counted[flag]
                row = counts.get(unit_id)
                if row is None:
                    row = counts[unit_id] = [0] * size
                _count_bits(mask, row)
    del masks_of
    tree.carry_up(heads, _merge_numbers, lambda: [0, 0])
    for counts in counted.values():
        tree.carry_up(counts, _merge_numbers, lambda: [0] * size)

    as_stored = connection.ops.adapt_datefield_value
    starts = [(kind, as_stored(start)) for kind, start in bits.periods]
    nothing = [0] * size

    def period_rows() -> Iterator[tuple]:
        units = set().union(*(counts.keys() for counts in counted.values()))
        for unit_id in sorted(units):
            numbers = [counted[flag].get(unit_id, nothing) for flag in FLAGS]
            for index, (kind, start) in enumerate(starts):
                row = [n[index] for n in numbers]
                if any(row):
                    yield unit_id, kind, start, *row

    columns = [COLUMN_OF_FLAG[flag] for flag in FLAGS]
    periods = insert_rows(UnitPeriod, ["unit", "kind", "start", *columns], period_rows())
    headcounts = insert_rows(
        UnitHeadcount,
        ["unit", "staff", "leaders"],
        ((unit_id, *heads[unit_id]) for unit_id in sorted(heads)),
    )
    return {"unit_periods": periods, "headcounts": headcounts}
