"""Roadmap, cascade, commitments, meetings and the say–do audit (capabilities M5 and M6)."""

from tandem.programs.models.cascade import STAGE_ORDER, Stage, UnitStage
from tandem.programs.models.commitments import CheckIn, Commitment, Rule
from tandem.programs.models.meetings import AgendaItem, AgendaTag, Meeting, MeetingKind
from tandem.programs.models.roadmap import (
    ITEM_TRANSITIONS,
    ItemStatus,
    Phase,
    Program,
    RoadmapItem,
    TransitionError,
)
from tandem.programs.models.saydo import SayDoAudit, SayDoEntry, SayDoKind

__all__ = [
    "ITEM_TRANSITIONS",
    "STAGE_ORDER",
    "AgendaItem",
    "AgendaTag",
    "CheckIn",
    "Commitment",
    "ItemStatus",
    "Meeting",
    "MeetingKind",
    "Phase",
    "Program",
    "RoadmapItem",
    "Rule",
    "SayDoAudit",
    "SayDoEntry",
    "SayDoKind",
    "Stage",
    "TransitionError",
    "UnitStage",
]
