"""Recomputing the rollups from the raw records in bulk (see rollups.py for what they hold).

`rebuild_all()` is used by the demo, the benchmark generator and the nightly
`rebuild_indicators` job; it also repairs what incremental upkeep cannot see (a manager
change alters who counts as "up the line" for past ideas). `rebuild_people()` follows a
bulk change of people. `person_history` / `people_events` read every took-part and
responded event from the raw records.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date

from django.db import transaction
from django.db.models import F, Q

from tandem.capture.models import Idea, IdeaComment, IdeaTransition, ServiceAction, Story
from tandem.indicators.definitions import local_day
from tandem.indicators.models import UnitDay, UnitHeadcount, UnitPeriod
from tandem.indicators.rollups import (
    BATCH,
    RESPONDED,
    TOOK_PART,
    Ancestry,
    Footprint,
    dated_footprint,
    idea_facts,
    idea_footprint,
    period_starts,
    split,
)
from tandem.people.models import LEADER_LEVELS, Person


def person_history(
    person_ids: list[int] | None = None,
) -> tuple[dict[int, set[tuple[str, date]]], dict[int, set[tuple[str, date]]]]:
    """For each person, the periods in which they took part and in which they responded."""
    took: dict[int, set] = defaultdict(set)
    responded: dict[int, set] = defaultdict(set)
    for person_id, day, flag in people_events(person_ids):
        target = took if flag == TOOK_PART else responded
        target[person_id].update(period_starts(day))
    return took, responded


def people_events(person_ids: list[int] | None = None) -> Iterator[tuple[int, date, str]]:
    """(person, day, flag) for every took-part / responded event, from the raw records."""
    mine = Q() if person_ids is None else Q(created_by_id__in=person_ids)
    for model, people_field, date_field in (
        (Idea, "authors", "created_at"),
        (ServiceAction, "people", "date"),
        (Story, "people", "date"),
    ):

        def as_day(value, date_field=date_field):
            return local_day(value) if date_field == "created_at" else value

        creators = model.objects.filter(created_by__isnull=False)
        if person_ids is not None:
            creators = creators.filter(mine)
        for person_id, value in creators.values_list("created_by_id", date_field).iterator(
            chunk_size=BATCH * 5
        ):
            yield person_id, as_day(value), TOOK_PART
        through = getattr(model, people_field).through.objects.all()
        if person_ids is not None:
            through = through.filter(person_id__in=person_ids)
        owner = model._meta.model_name
        for person_id, value in through.values_list("person_id", f"{owner}__{date_field}").iterator(
            chunk_size=BATCH * 5
        ):
            yield person_id, as_day(value), TOOK_PART
    for model, who, when in ((IdeaTransition, "by", "at"), (IdeaComment, "author", "created_at")):
        rows = model.objects.filter(
            **{
                f"{who}__isnull": False,
                "idea__authors__line__startswith": F(f"{who}__line"),
                "idea__authors__line__gt": F(f"{who}__line"),
            }
        )
        if person_ids is not None:
            rows = rows.filter(**{f"{who}_id__in": person_ids})
        for person_id, value in (
            rows.values_list(f"{who}_id", when).distinct().iterator(chunk_size=BATCH * 5)
        ):
            yield person_id, local_day(value), RESPONDED


# --- rebuilding everything ----------------------------------------------------------------


def _chunks(queryset, size: int = BATCH) -> Iterator[list]:
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def all_footprint_counts(ancestry: Ancestry) -> dict[tuple[int, date], Counter]:
    """Every record's counts, spread to the unit and every unit above it."""
    spread: dict[tuple[int, date], Counter] = defaultdict(Counter)

    def add(foot: Footprint) -> None:
        for (unit_id, day), counts in foot.counts.items():
            for ancestor in ancestry.of(unit_id):
                spread[(ancestor, day)].update(counts)

    ideas = Idea.objects.only(
        "pk",
        "unit_id",
        "created_at",
        "created_by_id",
        "minutes_saved_per_week",
        "money_saved_per_year",
    )
    for chunk in _chunks(ideas):
        for facts in idea_facts(chunk).values():
            add(idea_footprint(facts))
    for model in (ServiceAction, Story):
        fields = ["pk", "unit_id", "date", "created_by_id"] + (["kind"] if model is Story else [])
        for chunk in _chunks(model.objects.only(*fields)):
            for record in chunk:
                add(dated_footprint(record, ()))
    return spread


@transaction.atomic
def rebuild_all() -> dict[str, int]:
    """Recompute every rollup from the raw records. Returns the row counts written."""
    ancestry = Ancestry.everything()
    UnitDay.objects.all().delete()
    UnitPeriod.objects.all().delete()
    UnitHeadcount.objects.all().delete()

    spread = all_footprint_counts(ancestry)
    UnitDay.objects.bulk_create(
        (
            UnitDay(unit_id=u, day=d, **dict(zip(("counts", "hours"), split(c), strict=True)))
            for (u, d), c in spread.items()
        ),
        batch_size=BATCH,
    )
    days_written = len(spread)
    del spread

    people = _rebuild_people(ancestry)
    return {"unit_days": days_written, **people}


@transaction.atomic
def rebuild_people() -> dict[str, int]:
    """Recompute headcounts and period counters after a bulk change of people (import)."""
    UnitPeriod.objects.all().delete()
    UnitHeadcount.objects.all().delete()
    return _rebuild_people(Ancestry.everything())


def _rebuild_people(ancestry: Ancestry) -> dict[str, int]:
    placement = {
        pk: (unit_id, level in LEADER_LEVELS)
        for pk, unit_id, level in Person.objects.active().values_list("pk", "unit_id", "level")
    }
    heads: dict[int, Counter] = defaultdict(Counter)
    periods: dict[tuple[int, str, date], Counter] = defaultdict(Counter)
    took, responded = person_history()
    for person_id, (unit_id, leader) in placement.items():
        for ancestor in ancestry.of(unit_id):
            heads[ancestor]["staff"] += 1
            heads[ancestor]["leaders"] += leader
            for kind, start in took.get(person_id, ()):
                periods[(ancestor, kind, start)]["participants"] += 1
            if leader:
                for kind, start in responded.get(person_id, ()):
                    periods[(ancestor, kind, start)]["engaged"] += 1
    UnitHeadcount.objects.bulk_create(
        (
            UnitHeadcount(unit_id=u, staff=c["staff"], leaders=c["leaders"])
            for u, c in heads.items()
        ),
        batch_size=BATCH,
    )
    UnitPeriod.objects.bulk_create(
        (
            UnitPeriod(
                unit_id=u, kind=k, start=s, participants=c["participants"], engaged=c["engaged"]
            )
            for (u, k, s), c in periods.items()
        ),
        batch_size=BATCH,
    )
    return {"unit_periods": len(periods), "headcounts": len(heads)}
