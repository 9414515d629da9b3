"""A tiny template language for the text banks, so one entry reads many ways.

`[a|b|c]` picks one alternative; `{name}` is filled from a context (first names, the
unit, a patient). Brackets without a bar are left alone, so "[sic]" stays as written.
"""

from __future__ import annotations

import random
import re

_CHOICE = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


def fill(template: str, rng: random.Random, context: dict[str, str] | None = None) -> str:
    """Resolve alternatives left to right, then slots; a missing slot is a KeyError."""
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    context = context or {}
    text = _SLOT.sub(lambda m: context[m.group(1)], text)
    return " ".join(text.split())


def slots(template: str) -> set[str]:
    """The slot names a template uses (the tests check every bank entry against these)."""
    return set(_SLOT.findall(template))
