"""Keeping the "leading up" figures (initiatives, definitions.py) in the rollups.

They live in UnitDay beside the others, so a dashboard reads them for free. Two tables
(models.py) remember what each initiative added there, so that any change can be taken
back exactly:

* InitiativeReach: per initiative and per unit it counts in (an affected unit or one
  above it), on its publication day: the affected people, rounds, responses and whether
  one answer changed it. Adds initiatives_published, initiative_people,
  initiative_responses, initiatives_changed and reach:<n> to that unit's row: already
  subtree totals, never carried up.
* CountedResponses: per initiative, its responses counted by (unit, day visible, day
  answered). Adds responses_visible / responses_answered on the visible day and the
  days-to-answer histogram on the answered day to the response's unit and every unit
  above it, as a record's footprint does (rollups.apply_counts).

How they stay current:

* `refresh(initiative_id)` recomputes one initiative from the raw records and applies the
  difference with what it had added: safe to run twice, and it does not need to know what
  changed. The receivers in signals.py call it when a response, an answer or an
  initiative is saved or deleted, when its units change, and when an audit entry is
  written about an initiative (publishing and answering write with `update()`, which
  sends no save signal, and then log the action).
* `people_moved` follows a person's placement, active flag or level into the affected
  counts of the initiatives that affect them, a few queries however many there are.
* `rebuild` recomputes both tables in bulk for rebuild.rebuild_rollups.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import Count, Q

from tandem.indicators.bulk import insert_rows
from tandem.indicators.definitions import answer_key
from tandem.indicators.min_group import reach_key
from tandem.indicators.models import CountedResponses, InitiativeReach
from tandem.indicators.rollups import Ancestry, add_to_unit_days, spread_counts
from tandem.people.models import OrgUnit, Person
from tandem.voice.models import Answer, AnswerKind, Initiative, Response

Add = Callable[[int, date, str, int], None]
Placement = tuple  # (unit_id, active, level) as stored on Person
Group = tuple  # (unit_id, visible_on, answered_on): responses counted alike
STEP = OrgUnit.steplen


def prefixes(path: str) -> list[str]:
    """The paths of a unit and every unit above it, top down."""
    return [path[:end] for end in range(STEP, len(path) + 1, STEP)]


def reach_counts(row: InitiativeReach) -> Counter:
    """What one InitiativeReach row adds to its unit's UnitDay on its publication day."""
    counts = Counter(
        initiatives_published=1,
        initiative_people=row.affected * row.rounds,
        initiative_responses=row.responses,
        initiatives_changed=int(row.changed),
    )
    if row.affected:
        counts[reach_key(row.affected)] += 1
    return counts


def response_counts(group: Group, n: int, add: Add) -> None:
    """What n responses counted alike add to their own unit (carried up by the caller)."""
    unit_id, visible_on, answered_on = group
    add(unit_id, visible_on, "responses_visible", n)
    if answered_on is not None:
        add(unit_id, visible_on, "responses_answered", n)
        add(unit_id, answered_on, answer_key(visible_on, answered_on), n)


class Affected:
    """Active people by unit path and level, summed over subtrees: who an initiative
    affects in each unit it counts in (definitions.py: placed in the subtree, below one of
    its affected units, of its levels)."""

    def __init__(self, groups: Iterable[tuple[str, str, int]]) -> None:
        self._below: dict[str, Counter] = defaultdict(Counter)
        for path, level, n in groups:
            for prefix in prefixes(path):
                self._below[prefix][level] += n

    def _in(self, path: str, initiative: Initiative) -> int:
        below = self._below.get(path)
        if not below:
            return 0
        return sum(n for level, n in below.items() if initiative.affects_level(level))

    def count(self, path: str, tops: list[str], initiative: Initiative) -> int:
        """The people `initiative` (affecting the units at `tops`) affects in the subtree at
        `path`: all of it inside an affected unit, else the affected units inside it."""
        outermost = [t for t in tops if not any(t != o and t.startswith(o) for o in tops)]
        if any(path.startswith(top) for top in outermost):
            return self._in(path, initiative)
        return sum(self._in(top, initiative) for top in outermost if top.startswith(path))


# --- one initiative -------------------------------------------------------------------------


def _reach_rows(
    initiative: Initiative,
    units: dict[str, int],
    affected: Callable[[str], int],
    responses_at: Counter,
    changed: bool,
) -> dict[int, InitiativeReach]:
    """The InitiativeReach rows of a published initiative, by unit id. `units` maps the
    paths of every unit it counts in to their ids; `responses_at` its responses by the
    path of their unit."""
    rows = {}
    for path, unit_id in units.items():
        rows[unit_id] = InitiativeReach(
            initiative_id=initiative.pk,
            unit_id=unit_id,
            published_on=initiative.published_on,
            rounds=initiative.round,
            affected=affected(path),
            responses=sum(n for at, n in responses_at.items() if at.startswith(path)),
            changed=changed,
        )
    return rows


def _same(a: InitiativeReach, b: InitiativeReach) -> bool:
    fields = ("published_on", "rounds", "affected", "responses", "changed")
    return all(getattr(a, name) == getattr(b, name) for name in fields)


def refresh(initiative_id: int, *, recount_affected: bool = False) -> None:
    """Bring what one initiative adds to the rollups in line with the raw records, in the
    caller's transaction. The affected people are counted again when asked
    (`recount_affected`: its units changed) or when the units it counts in changed;
    otherwise the counts kept (and followed by `people_moved`) are used."""
    with transaction.atomic(savepoint=False):
        initiative = Initiative.objects.select_for_update().filter(pk=initiative_id).first()
        # Locked in a fixed order, reach rows first, then UnitDay (as people_moved does).
        old = {
            row.unit_id: row
            for row in InitiativeReach.objects.select_for_update()
            .filter(initiative_id=initiative_id)
            .order_by("pk")
        }
        kept = CountedResponses.objects.select_for_update().filter(initiative_id=initiative_id)
        counted_before = Counter(
            {
                (unit_id, seen, answered): n
                for unit_id, seen, answered, n in kept.values_list(
                    "unit_id", "visible_on", "answered_on", "n"
                )
            }
        )
        ancestry = Ancestry()
        counted_now: Counter = Counter()
        responses_at: Counter = Counter()
        if initiative is not None:
            for unit_id, path, visible_on, answered_on, n in (
                Response.objects.filter(initiative_id=initiative_id, unit__isnull=False)
                .values_list("unit_id", "unit__path", "visible_on", "answer__answered_on")
                .annotate(n=Count("pk"))
                .order_by()
            ):
                ancestry.know(unit_id, path)
                counted_now[(unit_id, visible_on, answered_on)] += n
                responses_at[path] += n
        new = _current_reach(initiative, old, responses_at, recount_affected)

        own: dict[tuple[int, date], Counter] = defaultdict(Counter)

        def add_own(unit_id: int, day: date, key: str, n: int) -> None:
            own[(unit_id, day)][key] += n

        # Only the groups whose count changed (one or two for a new response), so that
        # an initiative of thousands of responses is not taken back and added again.
        for group in set(counted_before) | set(counted_now):
            if counted_now[group] != counted_before[group]:
                response_counts(group, counted_now[group] - counted_before[group], add_own)
        own = {key: counts for key, counts in own.items() if any(counts.values())}
        spread = spread_counts(own, ancestry)
        for sign, rows in ((-1, old), (1, new)):
            for row in rows.values():
                for key, n in reach_counts(row).items():
                    spread[(row.unit_id, row.published_on)][key] += sign * n
        add_to_unit_days(spread)

        changed_groups = [
            group
            for group in set(counted_before) | set(counted_now)
            if counted_now[group] != counted_before[group]
        ]
        if changed_groups:  # rewritten where they changed only
            for start in range(0, len(changed_groups), 200):
                part = changed_groups[start : start + 200]
                stale = Q()
                for unit_id, visible_on, answered_on in part:
                    stale |= Q(unit_id=unit_id, visible_on=visible_on, answered_on=answered_on)
                kept.filter(stale).delete()
            CountedResponses.objects.bulk_create(
                CountedResponses(
                    initiative_id=initiative_id,
                    unit_id=unit_id,
                    visible_on=visible_on,
                    answered_on=answered_on,
                    n=counted_now[(unit_id, visible_on, answered_on)],
                )
                for unit_id, visible_on, answered_on in changed_groups
                if counted_now[(unit_id, visible_on, answered_on)]
            )
        gone = [row.pk for unit_id, row in old.items() if unit_id not in new]
        InitiativeReach.objects.filter(pk__in=gone).delete()
        changed = []
        for unit_id, row in new.items():
            if unit_id in old:
                row.pk = old[unit_id].pk
                if not _same(row, old[unit_id]):
                    changed.append(row)
        fields = ["published_on", "rounds", "affected", "responses", "changed"]
        InitiativeReach.objects.bulk_update(changed, fields)
        InitiativeReach.objects.bulk_create([row for u, row in new.items() if u not in old])


def _current_reach(
    initiative: Initiative | None,
    old: dict[int, InitiativeReach],
    responses_at: Counter,
    recount_affected: bool,
) -> dict[int, InitiativeReach]:
    if initiative is None or initiative.published_on is None:
        return {}
    tops = list(initiative.units.values_list("path", flat=True))
    if not tops:
        return {}
    units = dict(
        OrgUnit.objects.filter(path__in={p for top in tops for p in prefixes(top)}).values_list(
            "path", "pk"
        )
    )
    if recount_affected or set(units.values()) != set(old):
        people = (
            Person.objects.active()
            .filter(reduce(or_, (Q(unit__path__startswith=top) for top in tops)))
            .values_list("unit__path", "level")
            .annotate(n=Count("pk"))
            .order_by()
        )
        found = Affected(people)

        def affected(path: str) -> int:
            return found.count(path, tops, initiative)

    else:
        kept = {row.unit_id: row.affected for row in old.values()}

        def affected(path: str) -> int:
            return kept[units[path]]

    changed = Answer.objects.filter(initiative=initiative, kind=AnswerKind.CHANGED).exists()
    return _reach_rows(initiative, units, affected, responses_at, changed)


# --- people ----------------------------------------------------------------------------------


def _counted_as(placement: Placement | None) -> tuple[int, str] | None:
    """(unit, level) of someone an initiative can affect; None for a leaver or nobody."""
    if placement is None or not placement[1]:
        return None
    return placement[0], placement[2]


def people_moved(changes: list[tuple[int, Placement | None, Placement | None]]) -> None:
    """Follow people whose unit, active flag or level changed into the affected counts of
    the published initiatives that affect them (before: taken out, after: put in)."""
    moves = [
        (_counted_as(before), _counted_as(after))
        for _pk, before, after in changes
        if _counted_as(before) != _counted_as(after)
    ]
    if not moves:
        return
    unit_ids = {placement[0] for move in moves for placement in move if placement}
    path_of = dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    above = {p for path in path_of.values() for p in prefixes(path)}
    id_of = dict(OrgUnit.objects.filter(path__in=above).values_list("path", "pk"))
    affecting: dict[str, list[Initiative]] = defaultdict(list)
    for pk, path, levels in Initiative.units.through.objects.filter(
        orgunit_id__in=list(id_of.values()), initiative__published_on__isnull=False
    ).values_list("initiative_id", "orgunit__path", "initiative__levels"):
        affecting[path].append(Initiative(pk=pk, levels=levels))
    if not affecting:
        return
    ids = {initiative.pk for found in affecting.values() for initiative in found}
    with transaction.atomic(savepoint=False):
        rows = {
            (row.initiative_id, row.unit_id): row
            for row in InitiativeReach.objects.select_for_update()
            .filter(initiative_id__in=ids, unit_id__in=list(id_of.values()))
            .order_by("pk")
        }
        change: Counter = Counter()
        for move in moves:
            for sign, placement in zip((-1, 1), move, strict=True):
                if placement is None:
                    continue
                unit_id, level = placement
                line = prefixes(path_of[unit_id])
                hits = {
                    initiative.pk
                    for path in line
                    for initiative in affecting.get(path, ())
                    if initiative.affects_level(level)
                }
                for initiative_id in hits:
                    for path in line:
                        if (initiative_id, id_of[path]) in rows:
                            change[(initiative_id, id_of[path])] += sign
        spread: dict[tuple[int, date], Counter] = defaultdict(Counter)
        moved = []
        for key, delta in change.items():
            if not delta:
                continue
            row = rows[key]
            before = reach_counts(row)
            row.affected += delta
            spread[(row.unit_id, row.published_on)].update(reach_counts(row))
            spread[(row.unit_id, row.published_on)].subtract(before)
            moved.append(row)
        add_to_unit_days(spread)
        InitiativeReach.objects.bulk_update(moved, ["affected"])


# --- rebuilding everything -----------------------------------------------------------------


def rebuild(add_own: Add, add_subtree: Add) -> dict[str, int]:
    """Recompute InitiativeReach and CountedResponses from the raw records (the caller's
    transaction) and hand what they add to UnitDay to `add_own` (a response's own unit: to
    be carried up the tree) and `add_subtree` (already a subtree total). Returns the rows
    written."""
    InitiativeReach.objects.all().delete()
    CountedResponses.objects.all().delete()
    groups: Counter = Counter()
    by_initiative: dict[int, Counter] = defaultdict(Counter)  # responses by unit path
    for initiative_id, unit_id, path, visible_on, answered_on, n in (
        Response.objects.filter(unit__isnull=False)
        .values_list("initiative_id", "unit_id", "unit__path", "visible_on", "answer__answered_on")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        groups[(initiative_id, unit_id, visible_on, answered_on)] += n
        by_initiative[initiative_id][path] += n
    for (_initiative_id, *group), n in groups.items():
        response_counts(tuple(group), n, add_own)
    day = connection.ops.adapt_datefield_value  # as the database takes a date
    counted = insert_rows(
        CountedResponses,
        ["initiative_id", "unit", "visible_on", "answered_on", "n"],
        ((i, u, day(v), day(a), n) for (i, u, v, a), n in sorted(groups.items(), key=_group_order)),
    )

    initiatives = {
        initiative.pk: initiative
        for initiative in Initiative.objects.filter(published_on__isnull=False).only(
            "pk", "published_on", "round", "levels"
        )
    }
    tops: dict[int, list[str]] = defaultdict(list)
    for initiative_id, path in Initiative.units.through.objects.filter(
        initiative_id__in=list(initiatives)
    ).values_list("initiative_id", "orgunit__path"):
        tops[initiative_id].append(path)
    id_of = dict(OrgUnit.objects.values_list("path", "pk"))
    found = Affected(
        Person.objects.active()
        .values_list("unit__path", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    changed = set(
        Answer.objects.filter(kind=AnswerKind.CHANGED).values_list("initiative_id", flat=True)
    )
    rows = []
    for pk, initiative in initiatives.items():
        paths = tops.get(pk)
        if not paths:
            continue
        units = {p: id_of[p] for top in paths for p in prefixes(top) if p in id_of}
        for row in _reach_rows(
            initiative,
            units,
            lambda path, i=initiative, t=paths: found.count(path, t, i),
            by_initiative.get(pk, Counter()),
            pk in changed,
        ).values():
            rows.append(row)
            for key, n in reach_counts(row).items():
                add_subtree(row.unit_id, row.published_on, key, n)
    reached = insert_rows(
        InitiativeReach,
        ["initiative_id", "unit", "published_on", "rounds", "affected", "responses", "changed"],
        (
            (r.initiative_id, r.unit_id, day(r.published_on), r.rounds, r.affected, r.responses)
            + (r.changed,)
            for r in sorted(rows, key=lambda r: (r.initiative_id, r.unit_id))
        ),
    )
    return {"initiative_reach": reached, "counted_responses": counted}


def _group_order(item: tuple) -> tuple:
    (initiative_id, unit_id, visible_on, answered_on), _n = item
    return (initiative_id, unit_id, visible_on, answered_on or date.min)
