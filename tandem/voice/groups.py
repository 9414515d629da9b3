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

from collections.abc import Hashable, Mapping


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
