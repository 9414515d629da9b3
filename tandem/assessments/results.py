"""A round's results by unit (PRODUCT.md M8): the 12 blocks × the units right below a
chosen one, each cell the mean and the spread of answers, hidden for fewer than the
round's minimum group (voice/groups.py, the sibling rule included); the response rate
while the round is open; the change since the previous round; the blocks on which the
units differ most; and the practices named as working against service, shown only for
a unit where at least `text_min` answered.

Everything is counted by the database grouped by the path answers are filed under, then
added up the tree here: a few thousand rows for a round of any size.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import Length
from django.utils import timezone

from tandem.capture.models import BuildingBlock, Idea, ServiceAction, Story
from tandem.people.models import OrgUnit
from tandem.voice import groups

from .models import Rating, Round, RoundUnit, Status


def _up(counts: Counter) -> Counter:
    """Counts by exact path → counts by subtree (each path and every path above it)."""
    step = OrgUnit.steplen
    total: Counter = Counter()
    for path, n in counts.items():
        for end in range(step, len(path) + 1, step):
            total[path[:end]] += n
    return total


@dataclass
class Cell:
    n: int  # rated (not "don't know") in the subtree; 0 when hidden
    mean: float | None = None
    spread: dict[int, int] = field(default_factory=dict)  # score → how many; 0: don't know
    hidden: bool = False  # fewer than the minimum (or hidden for a sibling)
    change: float | None = None  # since the previous round, where both are shown

    @property
    def shown(self) -> bool:
        return self.mean is not None


@dataclass
class Row:
    unit: RoundUnit
    depth: int  # 0: the unit looked at, 1: a unit right below it
    asked: int
    answered: int | None  # None: hidden
    cells: list[Cell]

    @property
    def rate(self) -> int | None:
        if self.answered is None or not self.asked:
            return None
        return round(100 * self.answered / self.asked)


@dataclass
class Results:
    round: Round
    unit: RoundUnit
    blocks: list[BuildingBlock]
    rows: list[Row]
    minimum: int
    text_min: int
    widest: list[tuple[BuildingBlock, float]]  # the blocks on which units differ most
    against: dict[int, list[tuple[str, int]]]  # block id → (text, how many wrote it)
    against_hidden: bool  # fewer than text_min answered here: no texts
    previous: Round | None


class Tally:
    """One round's counts: people asked and answers by subtree, ratings by subtree,
    block and score — the ratings only for the subtrees in `wanted` (all when None): a
    page needs a unit, the units on its way up and their children, not the whole tree."""

    def __init__(self, round_: Round, wanted: set[str] | None = None):
        self.round = round_
        asked = Counter(
            dict(round_.invitations.values_list("path").annotate(n=Count("pk")).order_by())
        )
        answered = Counter(
            dict(round_.submissions.values_list("path").annotate(n=Count("pk")).order_by())
        )
        self.asked, self.answered = _up(asked), _up(answered)
        rows = (
            Rating.objects.filter(submission__round=round_)
            .values_list("submission__path", "block_id", "score")
            .annotate(n=Count("pk"))
            .order_by()
        )
        by_block: dict[int, Counter] = defaultdict(Counter)
        for path, block_id, score, n in rows:
            by_block[block_id][(path, score or 0)] += n
        self.scores: dict[int, dict[str, Counter]] = {}
        step = OrgUnit.steplen
        for block_id, counts in by_block.items():
            tree: dict[str, Counter] = defaultdict(Counter)
            for (path, score), n in counts.items():
                for end in range(step, len(path) + 1, step):
                    if wanted is None or path[:end] in wanted:
                        tree[path[:end]][score] += n
            self.scores[block_id] = tree

    def rater(self, block_id: int):
        """How many rated the block in a subtree, as a function of its path."""
        return lambda path: self.rated(block_id, path)

    def rated(self, block_id: int, path: str) -> int:
        spread = self.scores.get(block_id, {}).get(path, Counter())
        return sum(n for score, n in spread.items() if score)

    def cell(self, block_id: int, path: str, hidden: bool) -> Cell:
        spread = self.scores.get(block_id, {}).get(path, Counter())
        rated = sum(n for score, n in spread.items() if score)
        if hidden or rated < self.round.min_group:
            return Cell(0, hidden=True)
        total = sum(score * n for score, n in spread.items() if score)
        return Cell(rated, round(total / rated, 2), {s: spread.get(s, 0) for s in range(6)})


class Tree:
    """The round's units as they stood at the opening: the paths right below a path."""

    def __init__(self, round_: Round):
        step = OrgUnit.steplen
        self.below: dict[str, list[str]] = defaultdict(list)
        for path in RoundUnit.objects.filter(round=round_).values_list("path", flat=True):
            self.below[path[: len(path) - step]].append(path)

    def children(self, path: str) -> list[str]:
        return self.below.get(path, [])

    def around(self, path: str) -> set[str]:
        """The subtrees a page of the unit at `path` reads: the units on its way up (and
        itself), the children of each, and its own children."""
        step = OrgUnit.steplen
        up = [path[:end] for end in range(step, len(path) + 1, step)]
        return {*up, *(kid for p in up for kid in self.children(p))}


def children_of(round_: Round, path: str) -> list[RoundUnit]:
    step = OrgUnit.steplen
    return list(
        RoundUnit.objects.filter(round=round_, path__startswith=path)
        .annotate(length=Length("path"))
        .filter(length=len(path) + step)
        .order_by("name")
    )


def previous_round(round_: Round, path: str) -> Round | None:
    """The latest closed round before this one that asked people in this unit."""
    return (
        Round.objects.filter(status=Status.CLOSED, opens_on__lt=round_.opens_on, tree__path=path)
        .exclude(pk=round_.pk)
        .order_by("-opens_on", "-pk")
        .first()
    )


CACHE_SECONDS = 600


def results(round_: Round, unit: RoundUnit) -> Results:
    """The results of the unit, kept in the cache until another answer arrives (a closed
    round's never change): counting a round of 100,000 people takes seconds."""
    answers = round_.submissions.count()
    previous = previous_round(round_, unit.path)
    key = (
        f"assessment-results:{round_.pk}:{round_.status}:{round_.min_group}:"
        f"{round_.text_min}:{answers}:{previous.pk if previous else 0}:{unit.path}"
    )
    found = cache.get(key)
    if found is None:
        found = _results(round_, unit)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _results(round_: Round, unit: RoundUnit) -> Results:
    tree = Tree(round_)
    tally = Tally(round_, tree.around(unit.path))
    minimum = round_.min_group
    step = OrgUnit.steplen
    blocks = list(BuildingBlock.objects.order_by("position"))
    below = [c for c in children_of(round_, unit.path) if tally.asked[c.path]]

    def hidden(path: str, size_of, least: int = minimum) -> bool:
        return groups.hidden_on_the_way_up(path, size_of, tree.children, least, step)

    previous = previous_round(round_, unit.path)
    earlier = Tree(previous) if previous else None
    before = Tally(previous, earlier.around(unit.path)) if previous else None
    rows = []
    for depth, row_unit in ((0, unit), *((1, c) for c in below)):
        path = row_unit.path
        cells = []
        for block in blocks:
            rated = tally.rater(block.pk)
            cell = tally.cell(block.pk, path, hidden(path, rated))
            if cell.shown and before is not None:
                # Against the previous round's figure, where that round showed it too.
                old_rated = before.rater(block.pk)
                gone = groups.hidden_on_the_way_up(
                    path, old_rated, earlier.children, previous.min_group, step
                )
                old = before.cell(block.pk, path, gone)
                if old.shown:
                    cell.change = round(cell.mean - old.mean, 2)
            cells.append(cell)
        answered = None if hidden(path, tally.asked.__getitem__) else tally.answered[path]
        rows.append(Row(row_unit, depth, tally.asked[path], answered, cells))
    widest = []
    for index, block in enumerate(blocks):
        means = [r.cells[index].mean for r in rows[1:] if r.cells[index].shown]
        if len(means) >= 2:
            widest.append((block, round(max(means) - min(means), 2)))
    widest.sort(key=lambda pair: (-pair[1], pair[0].position))
    against_hidden = hidden(unit.path, tally.answered.__getitem__, round_.text_min)
    against: dict[int, list[tuple[str, int]]] = {}
    if not against_hidden:
        texts = (
            Rating.objects.filter(submission__round=round_, submission__path__startswith=unit.path)
            .exclude(against="")
            .order_by("submission_id", "block_id")  # random ids: no order of answering
            .values_list("block_id", "against")
        )
        same: dict[int, Counter] = defaultdict(Counter)
        for block_id, text in texts:
            same[block_id][text] += 1
        # The same words written by several, once with how many; most written first.
        against = {
            b: sorted(c.items(), key=lambda pair: (-pair[1], pair[0])) for b, c in same.items()
        }
    return Results(
        round_,
        unit,
        blocks,
        rows,
        minimum,
        round_.text_min,
        widest[:3],
        against,
        against_hidden,
        previous,
    )


YEAR = timedelta(days=365)


def doing(round_: Round, unit: RoundUnit) -> dict[int, Counter]:
    """See `_doing`; kept in the cache for CACHE_SECONDS (records come and go slowly)."""
    key = f"assessment-doing:{round_.pk}:{unit.path}"
    found = cache.get(key)
    if found is None:
        found = dict(_doing(round_, unit))
        cache.set(key, found, CACHE_SECONDS)
    return found


def _doing(round_: Round, unit: RoundUnit) -> dict[int, Counter]:
    """What the frontline is already doing about each block: the ideas, service actions
    and stories tagged with it in the unit (as it stands now) over the year up to the
    round's close, by block id → {"ideas": n, "actions": n, "stories": n}."""
    found: dict[int, Counter] = defaultdict(Counter)
    if unit.unit_id is None:
        return found
    path = OrgUnit.objects.filter(pk=unit.unit_id).values_list("path", flat=True).first()
    if path is None:
        return found
    end = round_.closes_on
    since = end - YEAR  # the year up to the close: (since, end]
    kinds = (
        ("ideas", Idea.objects.filter(created_at__gte=_start(since), created_at__lt=_start(end))),
        ("actions", ServiceAction.objects.filter(date__gt=since, date__lte=end)),
        ("stories", Story.objects.filter(date__gt=since, date__lte=end)),
    )
    for name, records in kinds:
        rows = (
            records.filter(unit__path__startswith=path, private=False)
            .values_list("blocks")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for block_id, n in rows:
            if block_id is not None:
                found[block_id][name] += n
    return found


def _start(day: date):
    """The first moment of the day after `day`, in the site's time zone (a range on the
    indexed time, rather than its date worked out row by row)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
