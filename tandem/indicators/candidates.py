"""Keeping the highlight candidates (models.Candidate) current.

A story is a candidate from the moment it exists; an idea while it is implemented, dated
by its first move to implemented. `rollups.track(record)` computes `row_of` before and
after every change to a record and calls `write` when the two differ (a new story, an
edit of its words, an idea implemented, parked again, deleted...), in the same
transaction; `rebuild()` recomputes the table from the raw records (the demo, the
benchmark generator and the nightly `rebuild_indicators` run it with the rollups).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Min

from tandem.capture.models import Idea, IdeaStatus, IdeaTransition, Story
from tandem.indicators.bulk import insert_rows
from tandem.indicators.definitions import local_day
from tandem.indicators.highlights import IDEA_RULES, STORY_RULES, points
from tandem.indicators.models import Candidate, CandidateKind

BATCH = 5000
# What `row_of` returns: the candidate's fields, or None when the record is not one.
Row = dict[str, Any]
FIELDS = ["unit_id", "day", "at", "points", "people_count", "private"]


def kind_of(record: Any) -> str | None:
    if isinstance(record, Story):
        return CandidateKind.STORY
    if isinstance(record, Idea):
        return CandidateKind.IDEA
    return None


def story_row(story: Story, people_count: int) -> Row:
    story.people_count = people_count
    return {
        "unit_id": story.unit_id,
        "day": story.date,
        "at": None,
        "points": points(story, STORY_RULES),
        "people_count": people_count,
        "private": story.private,
    }


def idea_row(idea: Idea, people_count: int, implemented_at: datetime | None) -> Row | None:
    """The idea's candidate row; None unless it is implemented (since `implemented_at`)."""
    if idea.status != IdeaStatus.IMPLEMENTED or implemented_at is None:
        return None
    idea.people_count = people_count
    idea.implemented_at = implemented_at
    return {
        "unit_id": idea.unit_id,
        "day": local_day(implemented_at),
        "at": implemented_at,
        "points": points(idea, IDEA_RULES),
        "people_count": people_count,
        "private": idea.private,
    }


def write(kind: str, record_id: int, row: Row | None) -> None:
    """Store the record's candidate row (one upsert), or remove it when `row` is None."""
    if row is None:
        Candidate.objects.filter(kind=kind, record_id=record_id).delete()
        return
    Candidate.objects.bulk_create(
        [Candidate(kind=kind, record_id=record_id, **row)],
        update_conflicts=True,
        unique_fields=["kind", "record_id"],
        update_fields=FIELDS,
    )


# --- rebuilding -----------------------------------------------------------------------


def _ranges(queryset) -> Iterator[tuple[int, int | None]]:
    """Primary-key ranges (low, high] of about BATCH records each."""
    ids = queryset.order_by("pk").values_list("pk", flat=True)
    last = 0
    while True:
        edge = list(ids.filter(pk__gt=last)[BATCH - 1 : BATCH])
        if not edge:
            yield last, None
            return
        yield last, edge[0]
        last = edge[0]


def _counts(through, column: str, low: int, high: int | None) -> dict[int, int]:
    rows = through.objects.filter(**{f"{column}__gt": low})
    if high is not None:
        rows = rows.filter(**{f"{column}__lte": high})
    return dict(rows.order_by().values(column).annotate(n=Count("*")).values_list(column, "n"))


def _in_range(queryset, low: int, high: int | None, field: str = "pk"):
    queryset = queryset.filter(**{f"{field}__gt": low})
    return queryset if high is None else queryset.filter(**{f"{field}__lte": high})


def _story_candidates() -> Iterator[tuple[str, int, Row]]:
    fields = ["pk", "unit_id", "date", "private", "kind", "customer_words", "source"]
    for low, high in _ranges(Story.objects.all()):
        people = _counts(Story.people.through, "story_id", low, high)
        stories = _in_range(Story.objects.only(*fields, "service_level"), low, high)
        for story in stories.order_by():
            yield CandidateKind.STORY, story.pk, story_row(story, people.get(story.pk, 0))


def _idea_candidates() -> Iterator[tuple[str, int, Row]]:
    implemented = Idea.objects.filter(status=IdeaStatus.IMPLEMENTED)
    fields = ["pk", "unit_id", "status", "private", "created_at", "customer_effect"]
    for low, high in _ranges(implemented):
        authors = _counts(Idea.authors.through, "idea_id", low, high)
        first = dict(
            _in_range(
                IdeaTransition.objects.filter(to_status=IdeaStatus.IMPLEMENTED),
                low,
                high,
                "idea_id",
            )
            .order_by()
            .values("idea_id")
            .annotate(first=Min("at"))
            .values_list("idea_id", "first")
        )
        ideas = _in_range(
            implemented.only(*fields, "minutes_saved_per_week", "money_saved_per_year"), low, high
        )
        for idea in ideas.order_by():
            row = idea_row(idea, authors.get(idea.pk, 0), first.get(idea.pk))
            if row is not None:
                yield CandidateKind.IDEA, idea.pk, row


def _as_stored(candidates: Iterator[tuple[str, int, Row]]) -> Iterator[tuple]:
    """Each candidate as the INSERT takes it (`COLUMNS`), dates as the database stores them."""
    day, at = connection.ops.adapt_datefield_value, connection.ops.adapt_datetimefield_value
    for kind, record_id, row in candidates:
        yield (
            kind,
            record_id,
            row["unit_id"],
            day(row["day"]),
            at(row["at"]),
            row["points"],
            row["people_count"],
            row["private"],
        )


COLUMNS = ["kind", "record_id", *FIELDS]
INSERT_BATCH = 50_000


@transaction.atomic
def rebuild() -> int:
    """Recompute every candidate from the raw records. Returns how many there are.

    Written as plain rows (COPY on PostgreSQL, executemany on SQLite): at 100,000 people
    that is 950,000 rows, and building a model instance for each took longer than
    scoring them."""
    Candidate.objects.all().delete()
    rows = _as_stored(itertools.chain(_story_candidates(), _idea_candidates()))
    written = 0
    # A batch at a time: the rows are read from the database, which the insert holds.
    while batch := list(itertools.islice(rows, INSERT_BATCH)):
        written += insert_rows(Candidate, COLUMNS, batch)
    return written
