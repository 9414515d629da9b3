"""The best early wins of a period: which stories and implemented ideas to show a leader, and why.

`best_stories(unit, start, end)` and `best_ideas(unit, start, end)` pick records of the
unit's subtree (stories by their date; ideas implemented in the period, i.e. moved to
implemented then) and return them best first as `Highlight(record, score, reasons)`.

Each selection rule below carries its points and the sentence that explains it, so the
score and the words a leader reads come from the same place. Every rule but recency
depends on the record alone: those points are kept per record in the `Candidate` table
(tandem/indicators/candidates.py keeps it current with each change, as the rollups are), so
a pick reads the period's candidates of the subtree, adds the recency points in SQL and
returns only `limit` rows: three small queries per list, whatever the size of the
organization or its history. An idea counts in the period of its *first* move to
implemented (as in the indicators) and only while it is implemented.

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

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.formats import number_format

from tandem.capture import access
from tandem.capture.models import Idea, ServiceLevel, Story, StoryKind, StorySource
from tandem.indicators.models import Candidate, CandidateKind
from tandem.people.models import OrgUnit

if TYPE_CHECKING:
    from tandem.people.models import User

DEFAULT_LIMIT = 5
PER_UNIT = 2  # the most picks from one unit while others are left (see _pick)
# "Recent" means within this many days of the end of the period (inclusive of the end).
VERY_RECENT_DAYS = 3
RECENT_DAYS = 7
# An idea implemented within this many days of being proposed counts as quick.
QUICK_IMPLEMENTATION_DAYS = 30
# Impact thresholds (above which an idea gets more points).
BIG_MINUTES_PER_WEEK = 120
BIG_MONEY_PER_YEAR = Decimal("5000")
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
    """One reason a record is worth showing: its points, and how to say so.

    `says(record)` returns the sentence when the rule holds for the record, else None.
    The record carries `people_count` (and an idea `implemented_at`) besides its fields.
    """

    name: str
    points: int
    says: Callable[[Any], str | None]


def _day(value: date) -> str:
    return f"{value:%-d %b}"


def _money(value: Decimal) -> str:
    return number_format(value.quantize(Decimal("1")), decimal_pos=0, force_grouping=True)


def _recency_rules(end: date, day_of: Callable[[Any], date], says: str) -> list[Rule]:
    """Points for being recent: dated within VERY_RECENT_DAYS / RECENT_DAYS of `end`."""
    very_recent = end - timedelta(days=VERY_RECENT_DAYS - 1)
    recent = end - timedelta(days=RECENT_DAYS - 1)
    return [
        Rule(
            "very_recent",
            2,
            lambda r: f"{says}: {_day(day_of(r))}" if day_of(r) >= very_recent else None,
        ),
        Rule(
            "recent",
            1,
            lambda r: f"{says}: {_day(day_of(r))}" if recent <= day_of(r) < very_recent else None,
        ),
    ]


def _recency_points(end: date) -> Case:
    """The recency rules as SQL over Candidate.day (they must agree: tests check)."""
    very_recent = end - timedelta(days=VERY_RECENT_DAYS - 1)
    recent = end - timedelta(days=RECENT_DAYS - 1)
    return Case(
        When(day__gte=very_recent, then=Value(2)),
        When(day__gte=recent, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


STORY_RULES = [
    Rule(
        "recovery",
        4,
        lambda s: (
            "A service recovery: a customer's problem turned around"
            if s.kind == StoryKind.SERVICE_RECOVERY
            else None
        ),
    ),
    Rule(
        "compliment",
        3,
        lambda s: "A customer compliment" if s.kind == StoryKind.CUSTOMER_COMPLIMENT else None,
    ),
    Rule(
        "effort",
        2,
        lambda s: (
            StoryKind.FRONTLINE_EFFORT.label + " beyond the routine"
            if s.kind == StoryKind.FRONTLINE_EFFORT
            else None
        ),
    ),
    Rule(
        "customer_words",
        3,
        lambda s: "In the customer's own words" if s.customer_words.strip() else None,
    ),
    Rule(
        "told_by_customer",
        1,
        lambda s: "Told by the customer" if s.source == StorySource.CUSTOMER else None,
    ),
    Rule(
        "service_level",
        2,
        lambda s: (
            f"Rated {s.get_service_level_display().lower()} service"
            if s.service_level in (ServiceLevel.SURPRISING, ServiceLevel.UNBELIEVABLE)
            else None
        ),
    ),
    Rule(
        "together",
        1,
        lambda s: f"{s.people_count} people involved" if s.people_count >= 2 else None,
    ),
]


def _story_rules(end: date) -> list[Rule]:
    """Every story rule for a period ending on `end`."""
    return STORY_RULES + _recency_rules(end, lambda s: s.date, "Recent")


def _took(idea) -> timedelta:
    return idea.implemented_at - idea.created_at


def _implemented_day(idea) -> date:
    return timezone.localtime(idea.implemented_at).date()


def _minutes(idea) -> str | None:
    if not idea.minutes_saved_per_week:
        return None
    return f"Measured impact: saves {idea.minutes_saved_per_week} minutes a week"


def _money_saved(idea) -> str | None:
    if not idea.money_saved_per_year or idea.money_saved_per_year <= 0:
        return None
    return f"Measured impact: saves {_money(idea.money_saved_per_year)} a year"


IDEA_RULES = [
    Rule("minutes", 3, _minutes),
    Rule(
        "big_minutes",
        1,
        lambda i: (
            "That is over two hours a week"
            if (i.minutes_saved_per_week or 0) >= BIG_MINUTES_PER_WEEK
            else None
        ),
    ),
    Rule("money", 3, _money_saved),
    Rule(
        "big_money",
        1,
        lambda i: (
            f"Over {_money(BIG_MONEY_PER_YEAR)} a year"
            if (i.money_saved_per_year or 0) >= BIG_MONEY_PER_YEAR
            else None
        ),
    ),
    Rule(
        "customer_effect",
        3,
        lambda i: "Its effect on customers is described" if i.customer_effect.strip() else None,
    ),
    Rule(
        "quick",
        2,
        lambda i: (
            f"Implemented {max(_took(i).days, 0)} days after it was proposed"
            if _took(i) <= timedelta(days=QUICK_IMPLEMENTATION_DAYS)
            else None
        ),
    ),
    Rule(
        "together",
        1,
        lambda i: f"A team effort: {i.people_count} authors" if i.people_count >= 2 else None,
    ),
]


def _idea_rules(end: date) -> list[Rule]:
    """Every idea rule for a period ending on `end`."""
    return IDEA_RULES + _recency_rules(end, _implemented_day, "Implemented recently")


def points(record, rules: list[Rule]) -> int:
    """The sum of the points of every rule that holds for the record."""
    return sum(rule.points for rule in rules if rule.says(record))


def _explain(record, rules: list[Rule]) -> list[str]:
    reasons = []
    for rule in sorted(rules, key=lambda r: -r.points):
        text = rule.says(record)
        if text and text not in reasons:
            reasons.append(text)
    return reasons


def _in_subtree(unit: OrgUnit) -> Q:
    """Candidates of the unit's subtree.

    A small subtree (a team, a section: most leaders) is named by its unit ids, so the
    database reads the candidates of those few units (the unit, kind, day index); a big
    one (a department and up) is a prefix on the unit path, and the database starts from
    the period's candidates of the whole organization (the kind, day index).
    """
    ids = list(
        OrgUnit.objects.filter(path__startswith=unit.path)
        .order_by()
        .values_list("pk", flat=True)[: SMALL_SUBTREE_UNITS + 1]
    )
    if len(ids) <= SMALL_SUBTREE_UNITS:
        return Q(unit_id__in=ids)
    return Q(unit__path__startswith=unit.path)


def _pick(
    model: type[Story] | type[Idea],
    unit: OrgUnit,
    start: date,
    end: date,
    rules: list[Rule],
    *,
    limit: int,
    exclude_ids: Iterable[int],
    viewer: User | None,
    include_private: bool,
) -> list[Highlight]:
    """The `limit` best candidates of the unit's subtree dated start..end, best first.

    Ties go to the more recent (day, then time, then the newer record). Candidates the
    viewer may not see are skipped: the next ones are read until `limit` are found.
    The picks are varied: among the best `batch` candidates, at most PER_UNIT from one
    unit and one per person who logged them (records with no logger count as nobody's);
    those held back fill the places left.
    """
    if limit <= 0:
        return []
    kind = CandidateKind.STORY if model is Story else CandidateKind.IDEA
    rows = Candidate.objects.filter(_in_subtree(unit), kind=kind, day__gte=start, day__lte=end)
    exclude_ids = list(exclude_ids)
    if exclude_ids:
        rows = rows.exclude(record_id__in=exclude_ids)
    if not (include_private and viewer is not None):
        rows = rows.filter(private=False)
    rows = rows.annotate(score=F("points") + _recency_points(end)).order_by(
        "-score", "-day", "-at", "-record_id"
    )
    batch = max(limit * 2, 10)
    picked: list[Highlight] = []
    held: list[Highlight] = []
    per_unit: Counter[int] = Counter()
    loggers: set[int] = set()
    for offset in range(0, 10 * batch, batch):
        found = list(
            rows.values_list("record_id", "score", "people_count", "at")[offset : offset + batch]
        )
        records = model.objects.filter(pk__in=[row[0] for row in found]).select_related("unit")
        if viewer is not None:
            records = access.visible(viewer, records)
        by_id = {record.pk: record for record in records}
        for record_id, score, people_count, at in found:
            record = by_id.get(record_id)
            if record is None:
                continue
            record.people_count = people_count
            if at is not None:
                record.implemented_at = at
            highlight = Highlight(record, score, _explain(record, rules))
            logger = record.created_by_id  # None: imported, or the person's account removed
            if per_unit[record.unit_id] >= PER_UNIT or (logger is not None and logger in loggers):
                held.append(highlight)
                continue
            per_unit[record.unit_id] += 1
            if logger is not None:
                loggers.add(logger)
            picked.append(highlight)
            if len(picked) == limit:
                return picked
        if len(found) < batch or len(picked) + len(held) >= limit:
            break  # variety is sought among the best `batch`; another read only to fill
    # Sorting is stable: among equal scores the varied picks stay ahead of those held.
    return sorted(picked + held[: limit - len(picked)], key=lambda h: -h.score)


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
    `include_private=True` and a viewer. Three queries.
    """
    return _pick(
        Story,
        unit,
        start,
        end,
        _story_rules(end),
        limit=limit,
        exclude_ids=exclude_ids,
        viewer=viewer,
        include_private=include_private,
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
    """The best ideas of the unit's subtree first implemented in start..end, best first,
    with reasons. Same arguments as `best_stories`. Ties go to the more recently
    implemented."""
    return _pick(
        Idea,
        unit,
        start,
        end,
        _idea_rules(end),
        limit=limit,
        exclude_ids=exclude_ids,
        viewer=viewer,
        include_private=include_private,
    )
