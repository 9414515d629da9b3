"""The best early wins of a period: which stories and implemented ideas to show a leader, and why.

`best_stories(unit, start, end)` and `best_ideas(unit, start, end)` pick records of the
unit's subtree (stories by their date; ideas implemented in the period, i.e. moved to
implemented then) and return them best first as `Highlight(record, score, reasons)`.

Each selection rule below carries its points as a SQL expression *and* as the sentence
that explains it, so the score and the words a leader reads come from the same place.
A handful of queries per call however many records the subtree holds (it runs for every
leader of a 100,000-person organization): a small subtree's candidates are scored in
Python, a big one's by the database, which returns only `limit` rows (see `_pick`).

What counts, in the spirit of PRODUCT.md M4 ("a little precedes a lot"):

* stories: a service recovery (a customer turned around) over a compliment over
  frontline effort; the customer's own words; told by the customer; rated surprising
  or unbelievable service; several people involved; recent;
* ideas: measured impact (minutes saved a week, money saved a year, a described effect
  on customers); implemented quickly after being proposed (Robinson & Schroeder: rapid
  implementation keeps ideas coming); a team effort; recent.

Recognitions (M9) do not exist yet; when they do, they become one more rule per list.

Private records are never picked unless the caller asks for them *and* names the viewer
(`include_private=True, viewer=user`, for a dashboard the viewer may see them on): a
digest is an email and may be forwarded, so it never carries a private record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Length
from django.utils import timezone
from django.utils.formats import number_format

from tandem.capture.models import (
    Idea,
    IdeaStatus,
    IdeaTransition,
    ServiceLevel,
    Story,
    StoryKind,
    StorySource,
)
from tandem.indicators.definitions import period_bounds
from tandem.people import access
from tandem.people.models import OrgUnit

if TYPE_CHECKING:
    from tandem.people.models import User

DEFAULT_LIMIT = 5
# "Recent" means within this many days of the end of the period (inclusive of the end).
VERY_RECENT_DAYS = 3
RECENT_DAYS = 7
# An idea implemented within this many days of being proposed counts as quick.
QUICK_IMPLEMENTATION_DAYS = 30
# Impact thresholds (above which an idea gets more points).
BIG_MINUTES_PER_WEEK = 120
BIG_MONEY_PER_YEAR = Decimal("5000")
# Up to this many candidates are scored in Python, more by the database (see _pick).
PYTHON_SCORING_MAX = 200
# A subtree of up to this many units is "small" (see _in_subtree).
SMALL_SUBTREE_UNITS = 200


@dataclass
class Highlight:
    """One picked record, its score and the reasons in words, best reason first."""

    record: Any
    score: int
    reasons: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "story" if isinstance(self.record, Story) else "idea"


@dataclass(frozen=True)
class Rule:
    """One reason a record is worth showing: points when `when` holds, and how to say so.

    `when` is a Q over the (annotated) queryset; `says(record)` returns the sentence
    when the rule holds for a fetched record, else None. Tests check the two agree.
    """

    name: str
    when: Q
    points: int
    says: Callable[[Any], str | None]


def _day(value: date) -> str:
    return f"{value:%-d %b}"


def _days_ago(end: date, day: date) -> int:
    return (end - day).days


def _money(value: Decimal) -> str:
    return number_format(value.quantize(Decimal("1")), decimal_pos=0, force_grouping=True)


def _story_rules(end: date) -> list[Rule]:
    very_recent = end - timedelta(days=VERY_RECENT_DAYS - 1)
    recent = end - timedelta(days=RECENT_DAYS - 1)
    kind_label = dict(StoryKind.choices)
    return [
        Rule(
            "recovery",
            Q(kind=StoryKind.SERVICE_RECOVERY),
            4,
            lambda s: (
                "A service recovery: a customer's problem turned around"
                if s.kind == StoryKind.SERVICE_RECOVERY
                else None
            ),
        ),
        Rule(
            "compliment",
            Q(kind=StoryKind.CUSTOMER_COMPLIMENT),
            3,
            lambda s: "A customer compliment" if s.kind == StoryKind.CUSTOMER_COMPLIMENT else None,
        ),
        Rule(
            "effort",
            Q(kind=StoryKind.FRONTLINE_EFFORT),
            2,
            lambda s: (
                kind_label[StoryKind.FRONTLINE_EFFORT] + " beyond the routine"
                if s.kind == StoryKind.FRONTLINE_EFFORT
                else None
            ),
        ),
        Rule(
            "customer_words",
            Q(words_length__gt=0),
            3,
            lambda s: "In the customer's own words" if s.customer_words.strip() else None,
        ),
        Rule(
            "told_by_customer",
            Q(source=StorySource.CUSTOMER),
            1,
            lambda s: "Told by the customer" if s.source == StorySource.CUSTOMER else None,
        ),
        Rule(
            "service_level",
            Q(service_level__in=[ServiceLevel.SURPRISING, ServiceLevel.UNBELIEVABLE]),
            2,
            lambda s: (
                f"Rated {s.get_service_level_display().lower()} service"
                if s.service_level in (ServiceLevel.SURPRISING, ServiceLevel.UNBELIEVABLE)
                else None
            ),
        ),
        Rule(
            "together",
            Q(people_count__gte=2),
            1,
            lambda s: f"{s.people_count} people involved" if s.people_count >= 2 else None,
        ),
        Rule(
            "very_recent",
            Q(date__gte=very_recent),
            2,
            lambda s: f"Recent: {_day(s.date)}" if s.date >= very_recent else None,
        ),
        Rule(
            "recent",
            Q(date__gte=recent, date__lt=very_recent),
            1,
            lambda s: f"Recent: {_day(s.date)}" if recent <= s.date < very_recent else None,
        ),
    ]


def _idea_rules(end_at: datetime) -> list[Rule]:
    tz = timezone.get_current_timezone()
    very_recent = end_at - timedelta(days=VERY_RECENT_DAYS)
    recent = end_at - timedelta(days=RECENT_DAYS)
    quick = timedelta(days=QUICK_IMPLEMENTATION_DAYS)

    def minutes(i) -> str | None:
        if not i.minutes_saved_per_week:
            return None
        return f"Measured impact: saves {i.minutes_saved_per_week} minutes a week"

    def money(i) -> str | None:
        if not i.money_saved_per_year or i.money_saved_per_year <= 0:
            return None
        return f"Measured impact: saves {_money(i.money_saved_per_year)} a year"

    def took(i) -> timedelta:
        return i.implemented_at - i.created_at

    return [
        Rule("minutes", Q(minutes_saved_per_week__gt=0), 3, minutes),
        Rule(
            "big_minutes",
            Q(minutes_saved_per_week__gte=BIG_MINUTES_PER_WEEK),
            1,
            lambda i: (
                "That is over two hours a week"
                if (i.minutes_saved_per_week or 0) >= BIG_MINUTES_PER_WEEK
                else None
            ),
        ),
        Rule("money", Q(money_saved_per_year__gt=0), 3, money),
        Rule(
            "big_money",
            Q(money_saved_per_year__gte=BIG_MONEY_PER_YEAR),
            1,
            lambda i: (
                f"Over {_money(BIG_MONEY_PER_YEAR)} a year"
                if (i.money_saved_per_year or 0) >= BIG_MONEY_PER_YEAR
                else None
            ),
        ),
        Rule(
            "customer_effect",
            Q(effect_length__gt=0),
            3,
            lambda i: "Its effect on customers is described" if i.customer_effect.strip() else None,
        ),
        Rule(
            "quick",
            Q(took__lte=quick),
            2,
            lambda i: (
                f"Implemented {max(took(i).days, 0)} days after it was proposed"
                if took(i) <= quick
                else None
            ),
        ),
        Rule(
            "together",
            Q(people_count__gte=2),
            1,
            lambda i: f"A team effort: {i.people_count} authors" if i.people_count >= 2 else None,
        ),
        Rule(
            "very_recent",
            Q(implemented_at__gte=very_recent),
            2,
            lambda i: (
                f"Implemented recently: {_day(i.implemented_at.astimezone(tz).date())}"
                if i.implemented_at >= very_recent
                else None
            ),
        ),
        Rule(
            "recent",
            Q(implemented_at__gte=recent, implemented_at__lt=very_recent),
            1,
            lambda i: (
                f"Implemented recently: {_day(i.implemented_at.astimezone(tz).date())}"
                if recent <= i.implemented_at < very_recent
                else None
            ),
        ),
    ]


def _score(rules: list[Rule]) -> Case | Value:
    """The sum of the points of every rule that holds, as one SQL expression."""
    total = None
    for rule in rules:
        term = Case(When(rule.when, then=Value(rule.points)), default=Value(0))
        total = term if total is None else total + term
    return ExpressionWrapper(total, output_field=IntegerField())


def _explain(record, rules: list[Rule]) -> list[str]:
    reasons = []
    for rule in sorted(rules, key=lambda r: -r.points):
        text = rule.says(record)
        if text and text not in reasons:
            reasons.append(text)
    return reasons


def _restrict(
    queryset: QuerySet,
    exclude_ids: Iterable[int],
    viewer: User | None,
    include_private: bool,
    visible: Callable[[User, QuerySet], QuerySet],
) -> QuerySet:
    exclude_ids = list(exclude_ids)
    if exclude_ids:
        queryset = queryset.exclude(pk__in=exclude_ids)
    if not (include_private and viewer is not None):
        queryset = queryset.filter(private=False)
    if viewer is not None:
        queryset = visible(viewer, queryset)
    return queryset


def _pick(
    base: QuerySet,
    annotate: Callable[[QuerySet], QuerySet],
    complete: Callable[[list], None],
    rules: list[Rule],
    order: tuple[str, str],
    limit: int,
) -> list[Highlight]:
    """The `limit` best candidates of `base`, best first.

    Few candidates (a team's or a section's fortnight, most leaders): fetch them plainly,
    `complete` them with what the rules read (two small queries) and score in Python —
    building the scoring SQL costs Django more time than running it. Many candidates (a
    division's, the whole organization's): the database scores them all and returns
    only `limit` rows. Both use the same rules (tests check they pick the same).
    """
    rows = list(base.select_related("unit").order_by()[: PYTHON_SCORING_MAX + 1])
    if len(rows) <= PYTHON_SCORING_MAX:
        complete(rows)
        scored = [Highlight(row, _points(row, rules), _explain(row, rules)) for row in rows]
        first, second = order
        scored.sort(key=lambda h: (h.score, getattr(h.record, first), h.record.pk), reverse=True)
        return scored[:limit]
    queryset = annotate(base).select_related("unit").annotate(score=_score(rules))
    picked = list(queryset.order_by("-score", f"-{order[0]}", "-pk")[:limit])
    return [Highlight(row, row.score, _explain(row, rules)) for row in picked]


def _points(record, rules: list[Rule]) -> int:
    return sum(rule.points for rule in rules if rule.says(record))


def _count_of(through, column: str) -> Subquery:
    """How many people a record credits, as a correlated subquery (no GROUP BY on the records)."""
    rows = (
        through.objects.filter(**{column: OuterRef("pk")})
        .order_by()
        .values(column)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _set_people_counts(rows: list, through, column: str) -> None:
    counts = dict(
        through.objects.filter(**{f"{column}__in": [row.pk for row in rows]})
        .order_by()
        .values(column)
        .annotate(n=Count("*"))
        .values_list(column, "n")
    )
    for row in rows:
        row.people_count = counts.get(row.pk, 0)


def _in_subtree(unit: OrgUnit) -> tuple[Q, bool]:
    """Records of the unit's subtree, and whether it is small.

    A small subtree (a team, a section: most leaders) is named by its unit ids, so the
    database walks the records of those few units (the unit_id index) instead of the
    whole organization's records of the period; a big one (a department and up) is a
    prefix on the unit path, and the database starts from the records of the period.
    """
    ids = list(
        OrgUnit.objects.filter(path__startswith=unit.path)
        .order_by()
        .values_list("pk", flat=True)[: SMALL_SUBTREE_UNITS + 1]
    )
    if len(ids) <= SMALL_SUBTREE_UNITS:
        return Q(unit_id__in=ids), True
    return Q(unit__path__startswith=unit.path), False


def story_candidates(unit: OrgUnit, start: date, end: date) -> QuerySet[Story]:
    """Stories of the unit's subtree dated start..end."""
    subtree, _ = _in_subtree(unit)
    return Story.objects.filter(subtree, date__gte=start, date__lte=end)


def _annotate_stories(queryset: QuerySet[Story]) -> QuerySet[Story]:
    """What the story rules read, as SQL."""
    return queryset.annotate(
        words_length=Length("customer_words"),
        people_count=_count_of(Story.people.through, "story_id"),
    )


def _complete_stories(rows: list[Story]) -> None:
    if rows:
        _set_people_counts(rows, Story.people.through, "story_id")


def _implemented_moves(start: date, end: date) -> QuerySet[IdeaTransition]:
    start_at, end_at = period_bounds(start, end)
    return IdeaTransition.objects.filter(
        to_status=IdeaStatus.IMPLEMENTED, at__gte=start_at, at__lt=end_at
    )


def idea_candidates(unit: OrgUnit, start: date, end: date) -> QuerySet[Idea]:
    """Ideas of the unit's subtree moved to implemented in start..end."""
    subtree, small = _in_subtree(unit)
    ideas = Idea.objects.filter(subtree, status=IdeaStatus.IMPLEMENTED)
    moves = _implemented_moves(start, end)
    if small:  # from the few units' implemented ideas to their moves (the idea_id index)
        return ideas.filter(Exists(moves.filter(idea=OuterRef("pk"))))
    # From the period's moves: their idea ids first (a few thousand at most), so the
    # planner never starts from every implemented idea in the history.
    return ideas.filter(pk__in=list(moves.values_list("idea_id", flat=True).distinct()))


def _idea_annotations(start: date, end: date) -> Callable[[QuerySet[Idea]], QuerySet[Idea]]:
    """What the idea rules read, as SQL: the first move to implemented in the period dates
    the idea (`implemented_at`)."""

    def annotate(queryset: QuerySet[Idea]) -> QuerySet[Idea]:
        first = _implemented_moves(start, end).filter(idea=OuterRef("pk")).order_by("at")
        return queryset.annotate(
            implemented_at=Subquery(first.values("at")[:1], output_field=DateTimeField())
        ).annotate(
            effect_length=Length("customer_effect"),
            people_count=_count_of(Idea.authors.through, "idea_id"),
            took=ExpressionWrapper(
                F("implemented_at") - F("created_at"), output_field=DurationField()
            ),
        )

    return annotate


def _idea_completion(start: date, end: date) -> Callable[[list[Idea]], None]:
    def complete(rows: list[Idea]) -> None:
        if not rows:
            return
        first: dict[int, datetime] = {}
        moves = _implemented_moves(start, end).filter(idea_id__in=[row.pk for row in rows])
        for idea_id, at in moves.values_list("idea_id", "at"):
            if idea_id not in first or at < first[idea_id]:
                first[idea_id] = at
        for row in rows:
            row.implemented_at = first[row.pk]
        _set_people_counts(rows, Idea.authors.through, "idea_id")

    return complete


def best_stories(
    unit: OrgUnit,
    start: date,
    end: date,
    *,
    limit: int = DEFAULT_LIMIT,
    exclude_ids: Iterable[int] = (),
    viewer: User | None = None,
    include_private: bool = False,
) -> list[Highlight]:
    """The best stories of the unit's subtree dated start..end, best first, with reasons.

    Ties go to the more recent story. `exclude_ids`: stories not to pick (already shown).
    `viewer`: only stories that user may see. Private stories only with
    `include_private=True` and a viewer. At most four queries.
    """
    if limit <= 0:
        return []
    base = _restrict(
        story_candidates(unit, start, end),
        exclude_ids,
        viewer,
        include_private,
        access.visible_stories,
    )
    return _pick(
        base, _annotate_stories, _complete_stories, _story_rules(end), ("date", "pk"), limit
    )


def best_ideas(
    unit: OrgUnit,
    start: date,
    end: date,
    *,
    limit: int = DEFAULT_LIMIT,
    exclude_ids: Iterable[int] = (),
    viewer: User | None = None,
    include_private: bool = False,
) -> list[Highlight]:
    """The best ideas of the unit's subtree implemented in start..end, best first, with reasons.

    Same arguments as `best_stories`. Ties go to the more recently implemented.
    """
    if limit <= 0:
        return []
    _, end_at = period_bounds(start, end)
    base = _restrict(
        idea_candidates(unit, start, end),
        exclude_ids,
        viewer,
        include_private,
        access.visible_ideas,
    )
    return _pick(
        base,
        _idea_annotations(start, end),
        _idea_completion(start, end),
        _idea_rules(end_at),
        ("implemented_at", "pk"),
        limit,
    )
