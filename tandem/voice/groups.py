"""Small groups and differencing: which counts by team may be shown without telling
anything about fewer than the minimum group (PRODUCT.md M7, "anonymity that cannot be
broken"). Pure arithmetic on sizes, so that initiatives, feedback figures and the
assessments apply one rule.

A team's count is shown only when the team has at least `minimum` people. Hiding one
small team is not enough: its parent's total minus its shown siblings gives it away. So
among siblings the hidden ones together (with the people placed in the parent itself,
who are never shown as a row) must reach the minimum; until they do, the smallest shown
sibling is hidden too.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping


def hidden_siblings(parent_size: int, sizes: Mapping[Hashable, int], minimum: int) -> set[Hashable]:
    """Of sibling groups `sizes` (key: size) under a parent of `parent_size`, those to
    hide. The parent is assumed shown (check `shown(parent_size)` first); the people in
    the parent but in none of the siblings are an implicit group that is never shown."""
    hidden = {key for key, size in sizes.items() if size < minimum}
    rest = parent_size - sum(sizes.values())
    shown = sorted((size, str(key), key) for key, size in sizes.items() if key not in hidden)

    def exposed() -> bool:
        # Something is hidden (a small sibling, or people placed in the parent itself)
        # and, together, fewer than the minimum: derivable by subtraction.
        total = rest + sum(sizes[key] for key in hidden)
        return 0 < total < minimum

    while exposed() and shown:
        hidden.add(shown.pop(0)[2])
    return hidden


def shown(size: int, minimum: int) -> bool:
    return size >= minimum


def smallest_group(
    path: str, size_of: Callable[[str], int], minimum: int, step: int
) -> tuple[str, int] | None:
    """The smallest group around a person placed at `path` (a unit's tree path, `step`
    characters a level): the unit itself, else the nearest unit above, of at least
    `minimum` people as `size_of(path)` counts them; with its size. None when not even
    the top reaches it. What an anonymous answer is filed under, never a smaller team."""
    for end in range(len(path), 0, -step):
        if (n := size_of(path[:end])) >= minimum:
            return path[:end], n
    return None


def hidden_on_the_way_up(
    path: str,
    size_of: Callable[[str], int],
    children_of: Callable[[str], list[str]],
    minimum: int,
    step: int,
) -> bool:
    """Whether a unit's figure must be hidden: its own group is below the minimum, or,
    walking down from the top of the tree to it, some unit on the way is hidden among its
    siblings (`hidden_siblings`) — a unit hidden so hides everything below it. Shown
    units are then closed upwards, and the only groups that subtraction can isolate are a
    shown unit less its shown children, which `hidden_siblings` keeps at none or at least
    the minimum. The same answer whichever unit one looks from, so views put together
    tell nothing more."""
    for end in range(step, len(path), step):
        parent, child = path[:end], path[: end + step]
        parent_size = size_of(parent)
        if parent_size < minimum:
            return True
        sizes = {kid: size_of(kid) for kid in children_of(parent)}
        if child in hidden_siblings(parent_size, sizes, minimum):
            return True
    return size_of(path) < minimum
