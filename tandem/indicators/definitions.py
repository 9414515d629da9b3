"""How every leading indicator is counted (M3): the one place that defines them.

`compute(unit, start, end)` answers for a unit *and everything below it* over the
inclusive dates `start`..`end`, straight from the raw records. docs/how-we-count.md
says the same in plain words; keep the two in step.

Common rules:

* A record (idea, service action, story) belongs to the subtree when its `unit` is
  the unit or any unit below it.
* Ideas, idea moves (transitions) and comments are dated by their timestamp, read
  in the server's time zone: the period runs from `start` 00:00 to the end of `end`.
  Service actions and stories are dated by their `date`.
* Staff are the *active* people placed in the subtree (their current placement).
  Leaders are those of them at supervisor level and up.
* Someone "responds for" an idea when they are anywhere up the reporting line of
  one of its authors (`access.manages`); the program office acting without a
  person record does not count as a response.
* A figure that would divide by zero is None, never 0.
"""

from __future__ import annotations

import statistics
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.utils import timezone

from tandem.capture.models import (
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaTransition,
    ServiceAction,
    Story,
    StoryKind,
)
from tandem.people.models import LEADER_LEVELS, OrgUnit, Person

# Ideas per employee per year (PRODUCT.md, after Robinson & Schroeder).
BENCHMARK_TYPICAL = 2.4
BENCHMARK_TOYOTA_1973 = 6.0
BENCHMARK_WORLD_CLASS = 50.0
BENCHMARKS = {
    "typical": BENCHMARK_TYPICAL,
    "toyota_1973": BENCHMARK_TOYOTA_1973,
    "world_class": BENCHMARK_WORLD_CLASS,
}

SECONDS_PER_DAY = 86_400
DAYS_PER_YEAR = 365


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) as aware datetimes in the current time zone."""
    if start > end:
        raise ValidationError({"end": f"The end ({end}) is before the start ({start})."})
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def days_between(earlier: datetime, later: datetime) -> float:
    """Elapsed time in days (fractional), the unit of every median below."""
    return (later - earlier).total_seconds() / SECONDS_PER_DAY


def per_100(count: int, staff: int) -> float | None:
    """A count per 100 active staff; None when the subtree has no active staff."""
    return count * 100 / staff if staff else None


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _responses_by_leaders(queryset: QuerySet, by: str) -> QuerySet:
    """Moves or comments made by someone up the reporting line of one of the idea's authors.

    "Up the line" is a strict prefix of the author's line: it starts with the
    responder's line and is longer, hence sorts after it. Both conditions sit in one
    filter() so they apply to the same author row.
    """
    return queryset.filter(
        **{
            f"{by}__isnull": False,
            "idea__authors__line__startswith": F(f"{by}__line"),
            "idea__authors__line__gt": F(f"{by}__line"),
        }
    )


def compute(unit: OrgUnit, start: date, end: date) -> dict[str, Any]:
    """Every leading indicator for `unit` and below over the inclusive dates start..end.

    Keys (one per figure):

    * staff: active people placed in the subtree.
    * ideas_created: ideas of the subtree whose created_at is in the period.
    * ideas_tried / ideas_implemented / ideas_parked: ideas of the subtree with at
      least one move *to* trying / implemented / parked in the period (each idea
      counted once per figure, however often it moved).
    * <each of the four>_per_100_staff: the count × 100 / staff (None without staff).
    * implementation_rate: ideas_implemented / ideas_created, both in the period
      (None when no idea was created). A throughput ratio: it can exceed 1 when a
      period implements ideas proposed earlier.
    * median_days_to_first_response: over ideas of the subtree whose first response
      (the earliest move or comment by someone up an author's reporting line)
      happened in the period: days from the idea's creation to that response.
    * median_days_proposed_to_trying: over ideas whose first-ever move to trying
      happened in the period: days from creation to that move.
    * median_days_trying_to_implemented: over ideas implemented in the period:
      days from their last move to trying to the move to implemented.
    * service_actions: actions of the subtree dated in the period.
    * stories: stories of the subtree dated in the period; stories_by_kind: the
      same per kind, every kind present (0 when none).
    * participation: share of staff who created, or are credited on (authors of an
      idea, people of an action or story), any record dated in the period,
      wherever that record's unit is.
    * leaders: staff at supervisor level and up; manager_engagement: share of them
      who moved or commented on, in the period, an idea one of whose authors is
      below them in the reporting line (None without leaders).
    * minutes_saved_per_week (int) and money_saved_per_year (Decimal): summed over
      ideas of the subtree implemented in the period; 0 when none.
    * ideas_per_employee_per_year: ideas_created / staff × 365 / days in the period
      (None without staff); benchmarks: the PRODUCT.md reference values.
    """
    start_at, end_at = period_bounds(start, end)
    in_period = Q(at__gte=start_at, at__lt=end_at)
    ideas = Idea.objects.filter(unit__path__startswith=unit.path)
    moves = IdeaTransition.objects.filter(idea__unit__path__startswith=unit.path)

    ideas_created = ideas.filter(created_at__gte=start_at, created_at__lt=end_at).count()
    moved = moves.filter(in_period).aggregate(
        tried=Count("idea", distinct=True, filter=Q(to_status=IdeaStatus.TRYING)),
        implemented=Count("idea", distinct=True, filter=Q(to_status=IdeaStatus.IMPLEMENTED)),
        parked=Count("idea", distinct=True, filter=Q(to_status=IdeaStatus.PARKED)),
    )
    impact = ideas.filter(
        pk__in=moves.filter(in_period, to_status=IdeaStatus.IMPLEMENTED).values("idea_id")
    ).aggregate(minutes=Sum("minutes_saved_per_week"), money=Sum("money_saved_per_year"))

    people = _people_figures(unit, start, end, start_at, end_at)
    staff = people["staff"]
    result: dict[str, Any] = {
        "unit": unit.pk,
        "start": start,
        "end": end,
        "staff": staff,
        "ideas_created": ideas_created,
        "ideas_tried": moved["tried"],
        "ideas_implemented": moved["implemented"],
        "ideas_parked": moved["parked"],
    }
    for key in ("ideas_created", "ideas_tried", "ideas_implemented", "ideas_parked"):
        result[f"{key}_per_100_staff"] = per_100(result[key], staff)
    result["implementation_rate"] = share(moved["implemented"], ideas_created)
    result.update(_durations(ideas, moves, start_at, end_at))
    result["service_actions"] = ServiceAction.objects.filter(
        unit__path__startswith=unit.path, date__gte=start, date__lte=end
    ).count()
    result.update(_stories(unit, start, end))
    result["participation"] = share(people["participants"], staff)
    result["leaders"] = people["leaders"]
    result["manager_engagement"] = share(people["engaged"], people["leaders"])
    result["minutes_saved_per_week"] = impact["minutes"] or 0
    result["money_saved_per_year"] = impact["money"] or Decimal("0.00")
    days = (end - start).days + 1
    result["ideas_per_employee_per_year"] = (
        ideas_created / staff * DAYS_PER_YEAR / days if staff else None
    )
    result["benchmarks"] = dict(BENCHMARKS)
    return result


def _durations(
    ideas: QuerySet[Idea], moves: QuerySet[IdeaTransition], start_at: datetime, end_at: datetime
) -> dict[str, float | None]:
    """The three medians: a few grouped queries, then the medians in Python.

    Only rows before the end of the period are read: a "first" event that falls in the
    period is the earliest of everything up to its end.
    """
    before_end = moves.filter(at__lt=end_at)
    steps = before_end.values("idea_id", "idea__created_at").annotate(
        first_trying=Min("at", filter=Q(to_status=IdeaStatus.TRYING)),
        last_trying=Max("at", filter=Q(to_status=IdeaStatus.TRYING)),
        implemented=Min("at", filter=Q(to_status=IdeaStatus.IMPLEMENTED)),
    )
    to_trying: list[float] = []
    to_implemented: list[float] = []
    for row in steps:
        first_trying, implemented = row["first_trying"], row["implemented"]
        if first_trying is not None and first_trying >= start_at:
            to_trying.append(days_between(row["idea__created_at"], first_trying))
        if implemented is not None and implemented >= start_at and row["last_trying"]:
            to_implemented.append(days_between(row["last_trying"], implemented))

    first_response: dict[int, tuple[datetime, datetime]] = {}
    responses = [
        _responses_by_leaders(before_end, "by")
        .values("idea_id", "idea__created_at")
        .annotate(first=Min("at")),
        _responses_by_leaders(
            IdeaComment.objects.filter(idea__in=ideas, created_at__lt=end_at), "author"
        )
        .values("idea_id", "idea__created_at")
        .annotate(first=Min("created_at")),
    ]
    for rows in responses:
        for row in rows:
            known = first_response.get(row["idea_id"])
            if known is None or row["first"] < known[1]:
                first_response[row["idea_id"]] = (row["idea__created_at"], row["first"])
    to_response = [
        days_between(created, first)
        for created, first in first_response.values()
        if first >= start_at
    ]
    return {
        "median_days_to_first_response": median(to_response),
        "median_days_proposed_to_trying": median(to_trying),
        "median_days_trying_to_implemented": median(to_implemented),
    }


def _stories(unit: OrgUnit, start: date, end: date) -> dict[str, Any]:
    rows = (
        Story.objects.filter(unit__path__startswith=unit.path, date__gte=start, date__lte=end)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
    )
    by_kind = {kind: 0 for kind in StoryKind.values}
    for row in rows:
        by_kind[row["kind"]] = row["n"]
    return {"stories": sum(by_kind.values()), "stories_by_kind": by_kind}


def _people_figures(
    unit: OrgUnit, start: date, end: date, start_at: datetime, end_at: datetime
) -> dict[str, int]:
    """Staff, participants, leaders and engaged leaders of the subtree in one query."""
    created = Q(created_at__gte=start_at, created_at__lt=end_at)
    dated = Q(date__gte=start, date__lte=end)
    idea_ids = Idea.objects.filter(created).values("pk")
    action_ids = ServiceAction.objects.filter(dated).values("pk")
    story_ids = Story.objects.filter(dated).values("pk")
    took_part = (
        Q(pk__in=Idea.objects.filter(created, created_by__isnull=False).values("created_by"))
        | Q(pk__in=Idea.authors.through.objects.filter(idea__in=idea_ids).values("person_id"))
        | Q(
            pk__in=ServiceAction.objects.filter(dated, created_by__isnull=False).values(
                "created_by"
            )
        )
        | Q(
            pk__in=ServiceAction.people.through.objects.filter(serviceaction__in=action_ids).values(
                "person_id"
            )
        )
        | Q(pk__in=Story.objects.filter(dated, created_by__isnull=False).values("created_by"))
        | Q(pk__in=Story.people.through.objects.filter(story__in=story_ids).values("person_id"))
    )
    moved = _responses_by_leaders(
        IdeaTransition.objects.filter(at__gte=start_at, at__lt=end_at), "by"
    ).values("by_id")
    commented = _responses_by_leaders(IdeaComment.objects.filter(created), "author").values(
        "author_id"
    )
    leader = Q(level__in=LEADER_LEVELS)
    return (
        Person.objects.active()
        .in_subtree(unit)
        .aggregate(
            staff=Count("pk"),
            participants=Count("pk", filter=took_part),
            leaders=Count("pk", filter=leader),
            engaged=Count("pk", filter=leader & (Q(pk__in=moved) | Q(pk__in=commented))),
        )
    )
