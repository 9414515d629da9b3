"""How every leading indicator is counted (M3): the one place that defines them.

`compute(unit, start, end)` answers for a unit *and everything below it* over the
inclusive dates `start`..`end`, straight from the raw records. tandem/indicators/how-we-count.md
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

Leading up (initiatives, PRODUCT.md M7; meeting notes are initiatives too):

* An initiative counts in a subtree when one of the units it names as affected is the
  unit or below it, and in the period when it was first published then (`published_on`).
* Its affected people in the subtree: active people placed in the subtree, below (or in)
  one of its affected units, of its levels (all levels when it names none); their
  current placement, as for staff. Each round (the first and every later one) asks all of
  them again, so the people asked are the affected people × its rounds.
* A response belongs to the subtree where it is stored (`Response.unit`): the author's
  team, for an anonymous one the smallest team around its author of at least the
  minimum group. Responses are dated by `visible_on` (the day the owner could read them),
  answers by `answered_on`; a response is answered when it has an answer now, of any kind
  (a question back too).
* The response rate is shown only for at least the minimum group, and only where no
  subtraction of the rates shown tells about fewer: min_group.py.

Recognition (PRODUCT.md M9, tandem/recognition/):

* A recognition is dated by its `date` (the day it counts), and counts in a period when
  that day is in it. Every source counts alike (a colleague's, a customer's, a contest's),
  and private ones too: the figures name nobody.
* It counts where the people it recognized are placed, not where it was given: for each
  person recognized who is staff of the subtree (active, placed there now, as for staff).
  A team's recognition names its members, so it counts once per member.
* Who gave it is `given_by`: the colleague; for a customer's, the person who logged it
  (the leader on the customer's behalf, or the author of the compliment story). A
  recognition without one (its giver deleted) counts for nobody as a giver.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Min, Q, QuerySet, Sum
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
from tandem.indicators.min_group import (
    MinGroup,
    RateHidden,
    SiblingReach,
    raw_reach_around,
    reach_key,
    reaches_minimum,
)
from tandem.people.models import LEADER_LEVELS, OrgUnit, Person
from tandem.recognition.models import Recognition
from tandem.voice.models import Answer, AnswerKind, Initiative, Response

# Ideas per employee per year (PRODUCT.md, after Robinson & Schroeder).
BENCHMARK_TYPICAL = 2.4
BENCHMARK_TOYOTA_1973 = 6.0
BENCHMARK_WORLD_CLASS = 50.0
BENCHMARKS = {
    "typical": BENCHMARK_TYPICAL,
    "toyota_1973": BENCHMARK_TOYOTA_1973,
    "world_class": BENCHMARK_WORLD_CLASS,
}

SECONDS_PER_HOUR = 3_600
HOURS_PER_DAY = 24
# The moves counted as ideas tried, implemented, parked.
MILESTONES = (IdeaStatus.TRYING, IdeaStatus.IMPLEMENTED, IdeaStatus.PARKED)
DAYS_PER_YEAR = 365


def answer_key(visible_on: date, answered_on: date) -> str:
    """The histogram key of one answered response: whole days from visible to answered,
    never below 0 (an anonymous response changed after a question back becomes visible
    again later than that answer)."""
    return f"h:answer:{max(0, (answered_on - visible_on).days)}"


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) as aware datetimes in the current time zone."""
    if start > end:
        raise ValidationError({"end": f"The end ({end}) is before the start ({start})."})
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def whole_hours(earlier: datetime, later: datetime) -> int:
    """Elapsed time in whole hours (rounded down): the unit every median is counted in."""
    return int((later - earlier).total_seconds() // SECONDS_PER_HOUR)


def local_day(moment: datetime) -> date:
    """The day a timestamp falls on in the server's time zone."""
    return timezone.localtime(moment).date()


def per_100(count: int, staff: int) -> float | None:
    """A count per 100 active staff; None when the subtree has no active staff."""
    return count * 100 / staff if staff else None


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


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
    """Every leading indicator for `unit` and below over the inclusive dates start..end,
    counted from the raw records.

    Keys (one per figure):

    * staff: active people placed in the subtree.
    * ideas_created: ideas of the subtree whose created_at is in the period.
    * ideas_tried / ideas_implemented / ideas_parked: ideas of the subtree whose *first*
      move to trying / implemented / parked happened in the period (an idea counts once,
      in the period of that first move, however often it moved there).
    * <each of the four>_per_100_staff: the count × 100 / staff (None without staff).
    * implementation_rate: ideas_implemented / ideas_created, both in the period
      (None when no idea was created). A throughput ratio: it can exceed 1 when a
      period implements ideas proposed earlier.
    * median_days_to_first_response: over ideas of the subtree whose first response
      (the earliest move or comment by someone up an author's reporting line)
      happened in the period: time from the idea's creation to that response.
    * median_days_proposed_to_trying: over ideas whose first move to trying happened
      in the period: time from creation to that move.
    * median_days_trying_to_implemented: over ideas implemented in the period: time
      from their last move to trying before it to the move to implemented.
      Every duration is counted in whole hours (rounded down); medians are shown in
      days (hours / 24).
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

    Leading up (see the module docstring for what counts in a subtree and a period):

    * initiatives_published: initiatives first published in the period that count in the
      subtree.
    * initiative_response_rate: over those initiatives, their responses (every round)
      stored in the subtree / the people asked (affected people in the subtree × rounds,
      summed over the initiatives). None unless at least one of them affects at least the
      minimum group (VoiceSettings.min_group) in the subtree: a rate about fewer people
      could tell who did not respond; None too when its parent's rate minus those of the
      shown siblings, here or on the way up, would tell about fewer (`SiblingReach`).
    * initiative_response_rate_hidden: why that rate is None although initiatives were
      published (`RateHidden`: "minimum_group" or "siblings"); None when it is shown or
      nothing was published.
    * median_days_to_answer: over responses stored in the subtree whose answer was given
      in the period: whole days from visible_on to answered_on (never below 0).
    * responses_answered_share: of the responses stored in the subtree that became
      visible in the period, the share answered by now (None when there are none). A past
      period's share still rises as late answers come.
    * initiatives_changed_share: of initiatives_published, the share with at least one
      answer of kind "changed" (None when none was published).

    Recognition (see the module docstring for what counts where):

    * recognitions: (recognition, person) pairs of a recognition dated in the period and a
      person it recognized who is staff of the subtree; recognitions_per_100_staff: that
      × 100 / staff (None without staff).
    * staff_recognized_share: the share of staff recognized at least once in the period
      (None without staff).
    * leaders_recognizing: leaders of the subtree who gave at least one recognition dated
      in the period, whoever it recognized; leaders_recognizing_share: that / leaders
      (None without leaders).
    """
    start_at, end_at = period_bounds(start, end)
    people = people_figures(unit, start, end, start_at, end_at)
    counts = raw_counts(unit, start, end)
    min_group = MinGroup()
    siblings = False
    if len(unit.path) > OrgUnit.steplen and reaches_minimum(counts, min_group):
        reach = raw_reach_around([unit.path], start, end)
        siblings = SiblingReach(reach, min_group).hides(unit.path)
    return derive(
        unit.pk, start, end, counts, **people, min_group=min_group, hidden_by_siblings=siblings
    )


def derive(
    unit_id: int,
    start: date,
    end: date,
    counts: Counter,
    *,
    staff: int,
    participants: int,
    leaders: int,
    engaged: int,
    recognized: int,
    recognizing: int,
    min_group: MinGroup | None = None,
    hidden_by_siblings: bool = False,
) -> dict[str, Any]:
    """The figures from the base counts (see COUNT KEYS in `raw_counts`) and the people
    numbers: the one place ratios, medians and scaling are worked out, whether the counts
    came from the raw records or from the rollups. Pass one `min_group` to every call of
    a screen, so the setting is read once at most, and `hidden_by_siblings` as
    `SiblingReach.hides` answers for the unit (the caller reads what it needs)."""
    result: dict[str, Any] = {
        "unit": unit_id,
        "start": start,
        "end": end,
        "staff": staff,
        "ideas_created": counts["ideas_created"],
        "ideas_tried": counts[f"ideas_{IdeaStatus.TRYING}"],
        "ideas_implemented": counts[f"ideas_{IdeaStatus.IMPLEMENTED}"],
        "ideas_parked": counts[f"ideas_{IdeaStatus.PARKED}"],
    }
    for key in ("ideas_created", "ideas_tried", "ideas_implemented", "ideas_parked"):
        result[f"{key}_per_100_staff"] = per_100(result[key], staff)
    result["implementation_rate"] = share(result["ideas_implemented"], result["ideas_created"])
    for figure, step in (
        ("median_days_to_first_response", "response"),
        ("median_days_proposed_to_trying", "trying"),
        ("median_days_trying_to_implemented", "implemented"),
    ):
        hours = median_of_histogram(histogram(counts, step))
        result[figure] = None if hours is None else hours / HOURS_PER_DAY
    result["service_actions"] = counts["service_actions"]
    by_kind = {kind: counts[f"stories:{kind}"] for kind in StoryKind.values}
    result["stories"] = sum(by_kind.values())
    result["stories_by_kind"] = by_kind
    result["participation"] = share(participants, staff)
    result["leaders"] = leaders
    result["manager_engagement"] = share(engaged, leaders)
    result["minutes_saved_per_week"] = counts["minutes_saved"]
    result["money_saved_per_year"] = Decimal(counts["money_saved_cents"]) / 100 + Decimal("0.00")
    days = (end - start).days + 1
    result["ideas_per_employee_per_year"] = (
        result["ideas_created"] / staff * DAYS_PER_YEAR / days if staff else None
    )
    result["benchmarks"] = dict(BENCHMARKS)

    published = counts["initiatives_published"]
    alone = reaches_minimum(counts, min_group or MinGroup())
    shown = alone and not hidden_by_siblings
    result["initiatives_published"] = published
    result["initiative_response_rate"] = (
        share(counts["initiative_responses"], counts["initiative_people"]) if shown else None
    )
    hidden = RateHidden.SIBLINGS if alone else RateHidden.MINIMUM_GROUP
    result["initiative_response_rate_hidden"] = hidden if published and not shown else None
    result["median_days_to_answer"] = median_of_histogram(histogram(counts, "answer"))
    result["responses_answered_share"] = share(
        counts["responses_answered"], counts["responses_visible"]
    )
    result["initiatives_changed_share"] = share(counts["initiatives_changed"], published)

    result["recognitions"] = counts["recognitions"]
    result["recognitions_per_100_staff"] = per_100(result["recognitions"], staff)
    result["staff_recognized_share"] = share(recognized, staff)
    result["leaders_recognizing"] = recognizing
    result["leaders_recognizing_share"] = share(recognizing, leaders)
    return result


def histogram(counts: Counter, step: str) -> dict[int, int]:
    """The "h:<step>:<hours>" keys of `counts` as {hours: how many ideas}."""
    prefix = f"h:{step}:"
    return {int(key[len(prefix) :]): n for key, n in counts.items() if key.startswith(prefix) and n}


def median_of_histogram(hist: dict[int, int]) -> float | None:
    """The median of the values a histogram {value: count} describes (None when empty)."""
    total = sum(hist.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # the middle position(s), 0-based
    found: list[int] = []
    seen = 0
    for value in sorted(hist):
        seen += hist[value]
        while len(found) < 2 and wanted[len(found)] < seen:
            found.append(value)
    return (found[0] + found[1]) / 2


def raw_counts(unit: OrgUnit, start: date, end: date) -> Counter:
    """The base counts of the subtree over the period, straight from the raw records.

    COUNT KEYS: ideas_created; ideas_trying / ideas_implemented / ideas_parked (first
    moves); service_actions; stories:<kind>; minutes_saved; money_saved_cents; and
    h:response:<hours>, h:trying:<hours>, h:implemented:<hours> (one per idea whose step
    fell in the period, by the whole hours it took). Leading up: initiatives_published,
    initiative_people (affected × rounds), initiative_responses, initiatives_changed,
    reach:<n> (initiatives affecting n people of the subtree, n capped: `reach_key`);
    responses_visible, responses_answered; h:answer:<days> (`answer_key`). Recognition:
    recognitions ((recognition, person) pairs, counted where the person is placed).
    """
    start_at, end_at = period_bounds(start, end)
    ideas = Idea.objects.filter(unit__path__startswith=unit.path)
    moves = IdeaTransition.objects.filter(idea__unit__path__startswith=unit.path, at__lt=end_at)
    counts: Counter = Counter()
    counts["ideas_created"] = ideas.filter(created_at__gte=start_at, created_at__lt=end_at).count()

    firsts = (
        moves.order_by()
        .values("idea_id", "to_status", "idea__created_at")
        .annotate(first=Min("at"))
        .filter(first__gte=start_at, to_status__in=MILESTONES)
    )
    implemented: dict[int, datetime] = {}
    for row in firsts:
        counts[f"ideas_{row['to_status']}"] += 1
        if row["to_status"] == IdeaStatus.TRYING:
            counts[f"h:trying:{whole_hours(row['idea__created_at'], row['first'])}"] += 1
        elif row["to_status"] == IdeaStatus.IMPLEMENTED:
            implemented[row["idea_id"]] = row["first"]
    last_trying: dict[int, datetime] = {}
    for idea_id, at in moves.filter(
        idea_id__in=list(implemented), to_status=IdeaStatus.TRYING
    ).values_list("idea_id", "at"):
        if at <= implemented[idea_id]:
            last_trying[idea_id] = max(at, last_trying.get(idea_id, at))
    for idea_id, at in last_trying.items():
        counts[f"h:implemented:{whole_hours(at, implemented[idea_id])}"] += 1
    impact = Idea.objects.filter(pk__in=list(implemented)).aggregate(
        minutes=Sum("minutes_saved_per_week"), money=Sum("money_saved_per_year")
    )
    counts["minutes_saved"] = impact["minutes"] or 0
    counts["money_saved_cents"] = int((impact["money"] or 0) * 100)

    for hours in _first_response_hours(ideas, moves, start_at, end_at):
        counts[f"h:response:{hours}"] += 1
    counts["service_actions"] = ServiceAction.objects.filter(
        unit__path__startswith=unit.path, date__gte=start, date__lte=end
    ).count()
    stories = (
        Story.objects.filter(unit__path__startswith=unit.path, date__gte=start, date__lte=end)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
    )
    for row in stories:
        counts[f"stories:{row['kind']}"] = row["n"]
    _initiative_counts(unit, start, end, counts)
    _response_counts(unit, start, end, counts)
    counts["recognitions"] = Recognition.people.through.objects.filter(
        recognition__date__gte=start,
        recognition__date__lte=end,
        person__active=True,
        person__unit__path__startswith=unit.path,
    ).count()
    return counts


def _initiative_counts(unit: OrgUnit, start: date, end: date, counts: Counter) -> None:
    """The initiatives published in the period that count in the subtree: how many, the
    people they asked there, the responses they had there, how many changed."""
    counted = Initiative.objects.filter(
        published_on__gte=start, published_on__lte=end, units__path__startswith=unit.path
    ).values("pk")
    affected: dict[int, list[str]] = defaultdict(list)
    initiatives: dict[int, Initiative] = {}
    for pk, path, levels, rounds in Initiative.units.through.objects.filter(
        initiative_id__in=counted
    ).values_list("initiative_id", "orgunit__path", "initiative__levels", "initiative__round"):
        affected[pk].append(path)
        initiatives[pk] = Initiative(pk=pk, levels=levels, round=rounds)
    if not initiatives:
        return
    ids = list(initiatives)
    people = list(
        Person.objects.active()
        .in_subtree(unit)
        .values_list("unit__path", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    responses = dict(
        Response.objects.filter(initiative_id__in=ids, unit__path__startswith=unit.path)
        .values_list("initiative_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    changed = set(
        Answer.objects.filter(initiative_id__in=ids, kind=AnswerKind.CHANGED).values_list(
            "initiative_id", flat=True
        )
    )
    for pk, initiative in initiatives.items():
        tops = affected[pk]
        asked = sum(
            n
            for path, level, n in people
            if initiative.affects_level(level) and any(path.startswith(top) for top in tops)
        )
        counts["initiatives_published"] += 1
        counts["initiative_people"] += asked * initiative.round
        counts["initiative_responses"] += responses.get(pk, 0)
        counts["initiatives_changed"] += pk in changed
        if asked:
            counts[reach_key(asked)] += 1


def _response_counts(unit: OrgUnit, start: date, end: date, counts: Counter) -> None:
    """Responses stored in the subtree: visible in the period (and answered by now), and
    the days to answer of those answered in the period."""
    responses = Response.objects.filter(unit__path__startswith=unit.path)
    seen = responses.filter(visible_on__gte=start, visible_on__lte=end).aggregate(
        visible=Count("pk"), answered=Count("pk", filter=Q(answer__isnull=False))
    )
    counts["responses_visible"] = seen["visible"]
    counts["responses_answered"] = seen["answered"]
    for visible_on, answered_on in responses.filter(
        answer__answered_on__gte=start, answer__answered_on__lte=end
    ).values_list("visible_on", "answer__answered_on"):
        counts[answer_key(visible_on, answered_on)] += 1


def _first_response_hours(
    ideas: QuerySet[Idea],
    before_end: QuerySet[IdeaTransition],
    start_at: datetime,
    end_at: datetime,
) -> list[int]:
    """Whole hours from creation to the first response, for ideas first answered in the
    period. Only rows before the end of the period are read: a "first" event in the
    period is the earliest of everything up to its end."""
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
    return [
        whole_hours(created, first)
        for created, first in first_response.values()
        if first >= start_at
    ]


def _took_part(start: date, end: date, start_at: datetime, end_at: datetime) -> Q:
    """A person logged (or was credited on) an idea created, or an action or story dated,
    in the period."""
    created = Q(created_at__gte=start_at, created_at__lt=end_at)
    dated = Q(date__gte=start, date__lte=end)
    idea_ids = Idea.objects.filter(created).values("pk")
    action_ids = ServiceAction.objects.filter(dated).values("pk")
    story_ids = Story.objects.filter(dated).values("pk")
    return (
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


def _engaged(start_at: datetime, end_at: datetime) -> Q:
    """A leader moved or commented on an idea of someone below them in the period."""
    moved = _responses_by_leaders(
        IdeaTransition.objects.filter(at__gte=start_at, at__lt=end_at), "by"
    ).values("by_id")
    commented = _responses_by_leaders(
        IdeaComment.objects.filter(created_at__gte=start_at, created_at__lt=end_at), "author"
    ).values("author_id")
    return Q(level__in=LEADER_LEVELS) & (Q(pk__in=moved) | Q(pk__in=commented))


def _recognized(start: date, end: date) -> Q:
    """A person was recognized by a recognition dated in the period."""
    return Q(
        pk__in=Recognition.people.through.objects.filter(
            recognition__date__gte=start, recognition__date__lte=end
        ).values("person_id")
    )


def _recognizing(start: date, end: date) -> Q:
    """A leader gave a recognition dated in the period."""
    gave = Recognition.objects.filter(
        date__gte=start, date__lte=end, given_by__isnull=False
    ).values("given_by_id")
    return Q(level__in=LEADER_LEVELS) & Q(pk__in=gave)


def people_figures(
    unit: OrgUnit, start: date, end: date, start_at: datetime, end_at: datetime
) -> dict[str, int]:
    """Staff, participants, leaders, engaged leaders, staff recognized and leaders who
    recognized someone, of the subtree in one query."""
    return (
        Person.objects.active()
        .in_subtree(unit)
        .aggregate(
            staff=Count("pk"),
            participants=Count("pk", filter=_took_part(start, end, start_at, end_at)),
            leaders=Count("pk", filter=Q(level__in=LEADER_LEVELS)),
            engaged=Count("pk", filter=_engaged(start_at, end_at)),
            recognized=Count("pk", filter=_recognized(start, end)),
            recognizing=Count("pk", filter=_recognizing(start, end)),
        )
    )


NUMERATORS = ("participants", "engaged", "recognized", "recognizing")


def people_numerators(
    units: list[OrgUnit], start: date, end: date, start_at: datetime, end_at: datetime
) -> dict[int, dict[str, int]]:
    """Participants, engaged leaders, staff recognized and leaders recognizing (NUMERATORS)
    of each unit's subtree, as people_figures counts them, for several units in one query
    per figure (a heatmap's rows, a unit with its children): the people who count are read
    once, each then counted in every one of `units` that they are in or below."""
    by_path = {unit.path: unit.pk for unit in units}
    result = {unit.pk: dict.fromkeys(NUMERATORS, 0) for unit in units}
    within = Q()
    for unit in units:
        within |= Q(unit__path__startswith=unit.path)
    people = Person.objects.active().filter(within)
    step = OrgUnit.steplen
    for key, condition in (
        ("participants", _took_part(start, end, start_at, end_at)),
        ("engaged", _engaged(start_at, end_at)),
        ("recognized", _recognized(start, end)),
        ("recognizing", _recognizing(start, end)),
    ):
        for path in people.filter(condition).values_list("unit__path", flat=True):
            for depth in range(step, len(path) + 1, step):
                unit_id = by_path.get(path[:depth])
                if unit_id is not None:
                    result[unit_id][key] += 1
    return result
