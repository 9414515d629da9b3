"""The cascade activity view: where service improvement is alive, where it is silent, and
where frontline effort meets a manager who does not answer ("bump risk").

For a chosen unit and every unit below it, over the last `WINDOW_DAYS` days up to `today`:

* A unit is *active* when any idea, service action or story was logged in it or below it
  (ideas by the day they were logged, actions and stories by their date); else *silent*.
* A *team* is the people placed directly in a unit. Its frontline is *active* when at
  least one active frontline person of it logged or is credited on a record of the window.
* Its managers are the leaders (supervisor and up) placed in the unit and the managers
  of those active frontline people, wherever they are placed.
* A manager *responded* when they moved or commented on, in the window, an idea one of
  whose authors is below them in the reporting line (as in definitions.py).
* *Bump risk*: the team's frontline is active but none of its managers responded (or it
  has none): staff try, and bump into a silence above them. The definition and its rule
  live in programs/services/cascade.py (BUMP_RISK_DEFINITION, is_bump_risk), so that the
  cascade page states the very same words.

Everything is answered by a handful of grouped queries over the window, whatever the size
of the organization; the tree walk happens in Python over one row per unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from tandem.capture.models import Idea, IdeaComment, IdeaTransition, ServiceAction, Story
from tandem.people.models import LEADER_LEVELS, Level, OrgUnit, Person, Subtree
from tandem.programs.services.cascade import BUMP_RISK_WINDOW_DAYS, is_bump_risk

WINDOW_DAYS = BUMP_RISK_WINDOW_DAYS


@dataclass
class UnitActivity:
    """One unit of the view: its own team and its subtree."""

    pk: int
    name: str
    full_path: str
    path: str
    level: int  # 0 for the chosen unit, 1 for its children, ...
    records: int = 0  # logged in the unit and below during the window
    last_day: date | None = None  # the latest day with a record, in the unit and below
    frontline_active: int = 0  # active frontline people of this team who took part
    managers: int = 0  # leaders who could answer them (see the module docstring)
    responded: int = 0  # of those, how many moved or commented on a team idea
    manager_names: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return self.records > 0

    @property
    def bump_risk(self) -> bool:
        return is_bump_risk(self.frontline_active, self.responded)

    @property
    def status(self) -> str:
        return "active" if self.active else "silent"


@dataclass
class LevelCounts:
    level: int
    units: int = 0
    active: int = 0
    silent: int = 0
    bump_risk: int = 0


@dataclass
class Activity:
    top: OrgUnit
    start: date
    end: date
    units: list[UnitActivity]  # in tree order, the chosen unit first
    levels: list[LevelCounts]

    @property
    def silent(self) -> list[UnitActivity]:
        return [u for u in self.units if not u.active]

    @property
    def at_risk(self) -> list[UnitActivity]:
        return [u for u in self.units if u.bump_risk]


def window(today: date | None = None) -> tuple[date, date]:
    """The last WINDOW_DAYS days, both ends included."""
    end = today or timezone.localdate()
    return end - timedelta(days=WINDOW_DAYS - 1), end


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _ancestor_paths(path: str, top_len: int) -> list[str]:
    """The path itself and every path above it, down from (and including) the top unit."""
    step = OrgUnit.steplen
    return [path[:end] for end in range(top_len, len(path) + 1, step)]


def activity(top: OrgUnit, today: date | None = None) -> Activity:
    """The activity of `top` and every unit below it over the window ending `today`."""
    start, end = window(today)
    start_at, end_at = _bounds(start, end)

    units: dict[str, UnitActivity] = {}
    by_pk: dict[int, UnitActivity] = {}
    rows = (
        OrgUnit.objects.filter(path__startswith=top.path)
        .order_by("path")
        .values_list("pk", "name", "full_path", "path", "depth")
    )
    for pk, name, full_path, path, depth in rows:
        unit = UnitActivity(pk, name, full_path, path, depth - top.depth)
        units[path] = by_pk[pk] = unit

    # Records of the window per unit (own rows), then added up the tree.
    subtree = Subtree(top)
    sources = [
        subtree.filter(Idea.objects.filter(created_at__gte=start_at, created_at__lt=end_at))
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"), last=Max("created_at")),
        subtree.filter(ServiceAction.objects.filter(date__gte=start, date__lte=end))
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"), last=Max("date")),
        subtree.filter(Story.objects.filter(date__gte=start, date__lte=end))
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"), last=Max("date")),
    ]
    top_len = len(top.path)
    for rows in sources:
        for row in rows:
            own = by_pk.get(row["unit_id"])
            if own is None:
                continue
            last = row["last"]
            if isinstance(last, datetime):
                last = timezone.localdate(last)
            for path in _ancestor_paths(own.path, top_len):
                unit = units[path]
                unit.records += row["n"]
                if unit.last_day is None or last > unit.last_day:
                    unit.last_day = last

    _teams(subtree, by_pk, start, end, start_at, end_at)

    levels: dict[int, LevelCounts] = {}
    for unit in units.values():
        counts = levels.setdefault(unit.level, LevelCounts(unit.level))
        counts.units += 1
        counts.active += unit.active
        counts.silent += not unit.active
        counts.bump_risk += unit.bump_risk
    return Activity(top, start, end, list(units.values()), [levels[k] for k in sorted(levels)])


# Up to this many people in the subtree, participation is asked person by person (a few
# index probes each); above it, from the window's records of the whole organization.
PER_PERSON_LIMIT = 5000


def _took_part(start: date, end: date, start_at: datetime, end_at: datetime, per_person: bool) -> Q:
    """People who created, or are credited on, a record of the window (as definitions.py)."""
    created = Q(created_at__gte=start_at, created_at__lt=end_at)
    dated = Q(date__gte=start, date__lte=end)
    ideas = Idea.objects.filter(created)
    actions = ServiceAction.objects.filter(dated)
    stories = Story.objects.filter(dated)
    credited = [
        Idea.authors.through.objects.filter(
            idea__created_at__gte=start_at, idea__created_at__lt=end_at
        ),
        ServiceAction.people.through.objects.filter(
            serviceaction__date__gte=start, serviceaction__date__lte=end
        ),
        Story.people.through.objects.filter(story__date__gte=start, story__date__lte=end),
    ]
    if per_person:
        me = OuterRef("pk")
        took_part = Q()
        for records in (ideas, actions, stories):
            took_part |= Q(Exists(records.filter(created_by=me)))
        for links in credited:
            took_part |= Q(Exists(links.filter(person=me)))
        return took_part
    took_part = Q()
    for records in (ideas, actions, stories):
        took_part |= Q(pk__in=records.filter(created_by__isnull=False).values("created_by"))
    for links in credited:
        took_part |= Q(pk__in=links.values("person_id"))
    return took_part


def _up_the_line(queryset: QuerySet, by: str) -> QuerySet:
    """Rows made by someone strictly up the reporting line of one of the idea's authors."""
    return queryset.filter(
        **{
            f"{by}__isnull": False,
            "idea__authors__line__startswith": F(f"{by}__line"),
            "idea__authors__line__gt": F(f"{by}__line"),
        }
    )


def _teams(
    subtree: Subtree,
    by_pk: dict[int, UnitActivity],
    start: date,
    end: date,
    start_at: datetime,
    end_at: datetime,
) -> None:
    """Fill in each team's active frontline, its managers and whether they responded."""
    people = subtree.filter(Person.objects.active())
    per_person = people[: PER_PERSON_LIMIT + 1].count() <= PER_PERSON_LIMIT
    took_part = _took_part(start, end, start_at, end_at, per_person)
    frontline = people.filter(took_part, level=Level.FRONTLINE)
    active_frontline: dict[int, int] = defaultdict(int)
    managers_of: dict[int, set[int]] = defaultdict(set)
    rows = frontline.order_by().values("unit_id", "manager_id").annotate(n=Count("pk"))
    for row in rows:
        active_frontline[row["unit_id"]] += row["n"]
        if row["manager_id"] is not None:
            managers_of[row["unit_id"]].add(row["manager_id"])

    leaders = people.filter(level__in=LEADER_LEVELS).order_by().values_list("pk", "unit_id")
    for pk, unit_id in leaders:
        managers_of[unit_id].add(pk)

    # The leaders of the subtree and the managers of its active frontline, as a list: a
    # subquery would repeat the participation query above inside each query below.
    candidate_ids = sorted(set().union(*managers_of.values()))
    moved = _up_the_line(
        IdeaTransition.objects.filter(at__gte=start_at, at__lt=end_at, by__in=candidate_ids), "by"
    ).values_list("by_id", flat=True)
    commented = _up_the_line(
        IdeaComment.objects.filter(
            created_at__gte=start_at, created_at__lt=end_at, author__in=candidate_ids
        ),
        "author",
    ).values_list("author_id", flat=True)
    # order_by(): without it the model's ordering joins the DISTINCT (one row per move).
    responders = set(moved.order_by().distinct()) | set(commented.order_by().distinct())

    silent_managers: set[int] = set()
    for unit_id, unit in by_pk.items():
        managers = managers_of.get(unit_id, set())
        unit.frontline_active = active_frontline.get(unit_id, 0)
        unit.managers = len(managers)
        unit.responded = len(managers & responders)
        if unit.bump_risk:
            silent_managers |= managers
    # Names only for the teams at risk: those are the ones a leader reads.
    if silent_managers:
        names = dict(Person.objects.filter(pk__in=silent_managers).values_list("pk", "name"))
        for unit in by_pk.values():
            if unit.bump_risk:
                unit.manager_names = sorted(names[pk] for pk in managers_of.get(unit.pk, ()))
