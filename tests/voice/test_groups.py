"""Small groups and differencing (voice/groups.py): which sibling counts stay hidden so
that no group of fewer than the minimum can be worked out by subtraction."""

from __future__ import annotations

import random

import pytest

from tandem.voice.groups import hidden_siblings, shown


def test_a_group_is_shown_from_the_minimum():
    assert shown(5, 5) and shown(6, 5)
    assert not shown(4, 5) and not shown(0, 5)


def test_nothing_is_hidden_when_every_sibling_reaches_the_minimum_and_none_is_left_over():
    assert hidden_siblings(13, {"a": 6, "b": 7}, 5) == set()


def test_a_small_sibling_hides_the_smallest_shown_one_too():
    # 12 - 6 - 7 would give away the 2 of c; hiding a (6) leaves 8 hidden together.
    assert hidden_siblings(15, {"a": 6, "b": 7, "c": 2}, 5) == {"a", "c"}


def test_small_siblings_that_together_reach_the_minimum_hide_nobody_else():
    assert hidden_siblings(13, {"a": 3, "b": 2, "c": 8}, 5) == {"a", "b"}


def test_people_placed_in_the_parent_itself_are_a_hidden_group():
    # 3 people sit in the parent unit: shown a and b would give the 3 away.
    assert hidden_siblings(16, {"a": 6, "b": 7}, 5) == {"a"}
    # 5 people in the parent are a group of their own: nothing else is hidden.
    assert hidden_siblings(18, {"a": 6, "b": 7}, 5) == set()


def test_the_smallest_shown_sibling_is_the_one_hidden_with_a_small_one():
    assert hidden_siblings(23, {"a": 1, "b": 9, "c": 6, "d": 7}, 5) == {"a", "c"}
    # Small siblings and the people of the parent together under the minimum.
    assert hidden_siblings(23, {"a": 1, "b": 2, "c": 10, "d": 9}, 5) == {"a", "b", "d"}


def test_a_tie_between_equal_siblings_is_broken_by_name_whatever_the_order():
    assert hidden_siblings(15, {"x": 6, "y": 6, "z": 3}, 5) == {"x", "z"}
    assert hidden_siblings(15, {"z": 3, "y": 6, "x": 6}, 5) == {"x", "z"}


@pytest.mark.parametrize("minimum", [3, 5, 10])
def test_no_hidden_group_can_be_worked_out_by_subtraction(minimum):
    rng = random.Random(20260207 + minimum)
    for _ in range(3000):
        sizes = {f"team {n}": rng.randint(1, 3 * minimum) for n in range(rng.randint(0, 7))}
        # The parent is shown (callers check that first), with 0 or more people of its own.
        rest = rng.choice([0, 0, rng.randint(0, 2 * minimum)])
        parent = max(sum(sizes.values()) + rest, minimum)
        rest = parent - sum(sizes.values())

        hidden = hidden_siblings(parent, sizes, minimum)

        case = (parent, sizes, minimum, hidden)
        assert hidden <= set(sizes), case
        together = rest + sum(sizes[key] for key in hidden)
        if hidden:
            assert together >= minimum, case
        else:
            assert rest == 0 or rest >= minimum, case
        assert all(size >= minimum for key, size in sizes.items() if key not in hidden), case
        # Never more hidden than needed: one sibling of the minimum or more is hidden at
        # most, and only when the small ones and the rest together were under it.
        big = [key for key in hidden if sizes[key] >= minimum]
        assert len(big) <= 1, case
        if big:
            assert 0 < together - sizes[big[0]] < minimum, case
            assert sizes[big[0]] == min(n for n in sizes.values() if n >= minimum), case
