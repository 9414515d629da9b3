from .contests import Contest, ContestStatus, Criterion, Entry, EntryStatus, Judged, Score
from .recognition import (
    WHAT_LIMIT,
    Recognition,
    RecognitionQuerySet,
    RecognitionSettings,
    Source,
)
from .showcase import (
    Answer,
    DayStatus,
    Guest,
    GuestCount,
    GuestFeedback,
    GuestKind,
    ShowcaseDay,
    ShowcaseEntry,
    Slot,
)

__all__ = [
    "WHAT_LIMIT",
    "Answer",
    "DayStatus",
    "Guest",
    "GuestCount",
    "GuestFeedback",
    "GuestKind",
    "ShowcaseDay",
    "ShowcaseEntry",
    "Slot",
    "Contest",
    "ContestStatus",
    "Criterion",
    "Entry",
    "EntryStatus",
    "Judged",
    "Recognition",
    "RecognitionQuerySet",
    "RecognitionSettings",
    "Score",
    "Source",
]
