"""The shapes of the text banks, and which entries suit which team.

Every entry carries `tags`: team kinds ("ward", "porter"...), families ("care",
"office"...) or "any". A team draws from entries tagged with its kind or family, and
sometimes from "any", so porters write about porters' work and nurses about wards.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tandem.demo.roster import TeamPlan

CARE_KINDS = {"ward", "maternity", "children"}


@dataclass(frozen=True)
class IdeaText:
    """An idea as a frontline person would write it, and what came of it if implemented."""

    tags: frozenset[str]
    titles: tuple[str, ...]
    description: str
    helps: str
    blocks: tuple[str, ...]
    result: str
    minutes: int = 0  # typical minutes saved per week, when the team measured time
    money: int = 0  # typical money saved per year, when there was a saving
    effect: str = ""  # the effect on customers, in a sentence


@dataclass(frozen=True)
class ActionText:
    tags: frozenset[str]
    what: str
    for_whom: str
    blocks: tuple[str, ...]


@dataclass(frozen=True)
class StoryText:
    tags: frozenset[str]
    kind: str  # a StoryKind value
    what: str
    words: str  # the customer's own words ("" when there are none)
    levels: tuple[str, ...]  # service levels a teller might give it
    blocks: tuple[str, ...]


def idea(
    tags: str,
    titles: str,
    description: str,
    helps: str,
    blocks: str,
    result: str,
    *,
    minutes: int = 0,
    money: int = 0,
    effect: str = "",
) -> IdeaText:
    """Compact constructor: tags and blocks are space-separated, titles ' | '-separated."""
    return IdeaText(
        frozenset(tags.split()),
        tuple(t.strip() for t in titles.split(" | ")),
        description,
        helps,
        tuple(blocks.split()),
        result,
        minutes,
        money,
        effect,
    )


def action(tags: str, what: str, for_whom: str, blocks: str) -> ActionText:
    return ActionText(frozenset(tags.split()), what, for_whom, tuple(blocks.split()))


def story(tags: str, kind: str, what: str, words: str, levels: str, blocks: str) -> StoryText:
    return StoryText(
        frozenset(tags.split()), kind, what, words, tuple(levels.split()), tuple(blocks.split())
    )


def suits(tags: frozenset[str], kind: str, family: str) -> bool:
    """Specific to this team's kind or family (entries tagged "any" are drawn separately)."""
    return kind in tags or family in tags


class Deck:
    """Text entries for one team, dealt without repeats until a pile runs out."""

    def __init__(self, rng: random.Random, entries: list, kind: str, family: str) -> None:
        self.rng = rng
        self.piles = {
            "specific": [e for e in entries if suits(e.tags, kind, family)],
            "any": [e for e in entries if "any" in e.tags],
        }
        self.left: dict[str, list] = {"specific": [], "any": []}
        self.p_any = 0.12 if len(self.piles["specific"]) >= 10 else 0.3

    def deal(self):
        name = "any" if not self.piles["specific"] or self.rng.random() < self.p_any else "specific"
        if not self.left[name]:
            self.left[name] = self.rng.sample(self.piles[name], len(self.piles[name]))
        return self.left[name].pop()


def describe_team(team: TeamPlan) -> tuple[str, str]:
    """The team as a noun ('the Main Kitchen') and as a place ('on Ward 4B', 'in X-Ray')."""
    name = team.spec.name
    last = name.split()[-1]
    articled = last in {"Unit", "Ward", "Department", "Centre", "Kitchen", "Café", "Office"}
    articled |= last in {"Team", "Desk", "Lab", "Dispensary", "Library", "Room", "Porters"}
    noun = f"the {name}" if articled and not name.startswith("Ward ") else name
    if team.spec.kind in CARE_KINDS:
        return noun, f"on {noun}"
    if last in {"Porters", "Team"}:
        return noun, f"with {noun}"
    return noun, f"at {noun}" if name == "Main Reception" else f"in {noun}"
