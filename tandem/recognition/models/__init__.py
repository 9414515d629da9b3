from .contests import Contest, ContestStatus, Criterion, Entry, EntryStatus, Judged, Score
from .recognition import (
    WHAT_LIMIT,
    Recognition,
    RecognitionQuerySet,
    RecognitionSettings,
    Source,
)

__all__ = [
    "WHAT_LIMIT",
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
