"""Ids written in an address or a form."""

from __future__ import annotations

MAX_DIGITS = 18  # an id the database's bigint holds


def as_id(text: str | None) -> int | None:
    """A positive id written in ASCII digits, else None: "²" and other digits
    `str.isdigit` accepts but `int` may refuse, signs, spaces inside, or too many."""
    text = (text or "").strip()
    if text.isascii() and text.isdigit() and 0 < len(text) <= MAX_DIGITS:
        return int(text) or None
    return None
