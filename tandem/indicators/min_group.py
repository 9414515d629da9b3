"""The response rate's anonymity (PRODUCT.md M7): when definitions.derive may show a unit's
rate to initiatives, and why not when it may not (`RateHidden`).

* Its own condition (`reaches_minimum`): one initiative of the period affects at least the
  minimum group (VoiceSettings.min_group) in the unit and below; a rate of fewer could
  tell who did not respond. The rollups count initiatives by the people they affect
  (`reach_key`), capped at the largest minimum the program office may set.
* Its siblings (`SiblingReach`): no rate shown may be taken away from another to tell
  about fewer than the minimum group.

Both read the setting through one `MinGroup`, at most once a screen and only when needed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Count, Q

from tandem.people.models import OrgUnit, Person
from tandem.voice.groups import hidden_siblings
from tandem.voice.models import Initiative, VoiceSettings


def _min_group_limits() -> tuple[int, int]:
    """The smallest and largest minimum group the program office may set (3 and 10)."""
    validators = VoiceSettings._meta.get_field("min_group").validators
    low = max(v.limit_value for v in validators if isinstance(v, MinValueValidator))
    high = min(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
    return low, high


MIN_GROUP_FLOOR, MIN_GROUP_CAP = _min_group_limits()
# "reach:<n>" counts the initiatives of a period that affect n people of the subtree, n
# capped at the largest minimum group: all the response rate's minimum group needs.
REACH = "reach:"


def reach_key(affected: int) -> str:
    return f"{REACH}{min(affected, MIN_GROUP_CAP)}"


class MinGroup:
    """VoiceSettings.min_group, read at most once, and only when a response rate needs it:
    none does when no initiative affects anyone in the subtree, or when one affects at
    least the largest minimum the program office may set."""

    def __init__(self, value: int | None = None) -> None:
        self._value = value

    @property
    def value(self) -> int:
        if self._value is None:
            self._value = VoiceSettings.current().min_group
        return self._value

    def reached_by(self, largest: int) -> bool:
        if largest >= MIN_GROUP_CAP:
            return True
        if largest < MIN_GROUP_FLOOR:
            return False
        return largest >= self.value


class RateHidden(StrEnum):
    """Why a response rate is not shown although initiatives were published."""

    MINIMUM_GROUP = "minimum_group"  # none of them affects the minimum group in the subtree
    SIBLINGS = "siblings"  # it could be subtracted from its parent's (SiblingReach)


def largest_reach(counts: Counter) -> int:
    """The most people (capped: `reach_key`) one initiative of the counts affects."""
    return max(
        (int(key[len(REACH) :]) for key, n in counts.items() if key.startswith(REACH) and n),
        default=0,
    )


def reaches_minimum(counts: Counter, min_group: MinGroup) -> bool:
    """The response rate's own condition: one initiative of the period affects at least the
    minimum group in the subtree (a rate of fewer could tell who did not respond)."""
    return min_group.reached_by(largest_reach(counts))


class SiblingReach:
    """The siblings' condition (PRODUCT.md M7: "no combination of filters or sibling units
    lets a viewer subtract two shown groups to learn about fewer than the minimum"). A
    leader who sees a unit's rate and the rates of the units below it (on their own
    dashboards, or as rows) can take the children's responses and people asked away from
    the parent's and read what is left: a small team, or the people placed in the parent
    itself.

    `hides(path)`, for a unit whose rate reaches the minimum itself: walking up from the
    unit to the top of the organization, is the unit on the way up, at some step, among
    the children that voice.groups.hidden_siblings hides under its parent? A unit hidden
    so hides all the units below it (their walks pass through it), so the units shown
    are always closed upwards, and the only groups subtraction can isolate are a shown
    unit less its shown children: exactly what hidden_siblings keeps at zero or at least
    the minimum. The answer is the same whoever looks, so two viewers gain nothing by
    putting what they see together.

    The measure. `reach` holds, for every unit above the ones asked about and every child
    of those, the people each initiative of the period affects there, counted only where
    the initiative counts (it names the unit or one below it), as InitiativeReach keeps
    them. A child's size is its largest reach, the measure of the rate's own condition,
    so a child is small exactly when its own rate is hidden. What subtraction leaves of
    the parent is measured alike: per initiative, the people it affects in the parent
    but in no shown child; the largest of those.

    Why not the parent's largest reach as `parent_size`, with children's people summed
    as hidden_siblings does: largest reaches do not add up across initiatives. Handovers
    on Ward A and Ward B (6 + 6) and rotas on Ward B and Ward C (6 + 2): the parent's
    largest reach is 12 against children of 6, 6 and 2, nothing seems left over, and
    yet the parent less Ward A and Ward B is the rotas of Ward C's two. (The rollups'
    reach keys are capped at MIN_GROUP_CAP, too.) So hidden_siblings is given, as
    `parent_size`, the shown children's sizes plus the size of what is left besides
    them: it then finds something exposed exactly when what is left is between 0 and
    the minimum, and hides the smallest shown child too; what is left then holds that
    child's largest initiative whole, at least the minimum. With a single initiative
    this is hidden_siblings' own arithmetic.

    The walk is voice.groups.hidden_on_the_way_up's, which cannot be called as it is: it
    takes one size per unit, both as a child and as a parent, and a unit on the way is
    both; here a parent's size depends on which of its children are shown. The minimum
    group is read only when a size, or what is left, is between 0 and MIN_GROUP_CAP."""

    def __init__(self, reach: Mapping[str, Mapping[int, int]], min_group: MinGroup) -> None:
        self._reach = reach
        self._min_group = min_group
        self._children: dict[str, list[str]] = defaultdict(list)
        for path in reach:
            if len(path) > OrgUnit.steplen:
                self._children[path[: -OrgUnit.steplen]].append(path)
        self._hidden: dict[str, set[str]] = {}

    def hides(self, path: str) -> bool:
        step = OrgUnit.steplen
        for end in range(len(path), step, -step):
            parent = path[: end - step]
            if parent not in self._hidden:
                self._hidden[parent] = self._hidden_below(parent)
            if path[:end] in self._hidden[parent]:
                return True
        return False

    def _hidden_below(self, parent: str) -> set[str]:
        children = {path: self._reach[path] for path in self._children.get(parent, ())}
        sizes = {path: max(reach.values(), default=0) for path, reach in children.items()}
        rest = Counter(self._reach.get(parent, {}))
        for reach in children.values():
            rest.subtract(reach)

        def isolated(hidden: Iterable[str]) -> int:
            """The size of the parent minus its children not in `hidden`: per initiative,
            the people left, the largest of them."""
            left = Counter(rest)
            for path in hidden:
                left.update(children[path])
            return max(left.values(), default=0)

        top = MIN_GROUP_CAP  # no setting may ask more: nothing below it, nothing to hide
        if all(size >= top for size in sizes.values()) and not 0 < isolated(()) < top:
            return set()
        minimum = self._min_group.value
        small = [path for path, size in sizes.items() if size < minimum]
        shown = sum(size for path, size in sizes.items() if size >= minimum)
        return hidden_siblings(isolated(small) + shown, sizes, minimum)


def raw_reach_around(paths: Iterable[str], start: date, end: date) -> dict[str, dict[int, int]]:
    """For `SiblingReach`, from the raw records: the people each initiative first published
    in the period affects (as definitions._initiative_counts counts them) in every unit above the
    units at `paths` and in every child of those, by unit path and initiative id. An
    initiative is in a unit's entry only when it counts there (it names the unit or one
    below it) and affects someone there, as InitiativeReach keeps it."""
    step = OrgUnit.steplen
    above = {path[:end] for path in paths for end in range(step, len(path), step)}
    if not above:
        return {}
    roots = {path[:step] for path in above}
    within_roots = Q()
    for root in roots:
        within_roots |= Q(orgunit__path__startswith=root)
    tops: dict[int, list[str]] = defaultdict(list)
    initiatives: dict[int, Initiative] = {}
    for pk, path, levels in Initiative.units.through.objects.filter(
        within_roots, initiative__published_on__gte=start, initiative__published_on__lte=end
    ).values_list("initiative_id", "orgunit__path", "initiative__levels"):
        tops[pk].append(path)
        initiatives[pk] = Initiative(pk=pk, levels=levels)
    if not initiatives:
        return {}
    people_in_roots = Q()
    for root in roots:
        people_in_roots |= Q(unit__path__startswith=root)
    people = list(
        Person.objects.active()
        .filter(people_in_roots)
        .values_list("unit__path", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )

    def wanted(path: str) -> bool:
        return path in above or path[:-step] in above

    reach: dict[str, dict[int, int]] = defaultdict(dict)
    for pk, initiative in initiatives.items():
        affected: Counter = Counter()
        for path, level, n in people:
            if initiative.affects_level(level) and any(path.startswith(t) for t in tops[pk]):
                for end in range(step, len(path) + 1, step):
                    if wanted(path[:end]):
                        affected[path[:end]] += n
        for path, n in affected.items():
            if n and any(top.startswith(path) for top in tops[pk]):
                reach[path][pk] = n
    return dict(reach)
