"""Generate a large organization with years of activity, for the dashboard benchmark.

    TANDEM_VAR_DIR=/tmp/bench-sqlite .venv/bin/python bench/generate_org.py \
        --people 100000 --years 3 [--history-fraction 0.1] [--seed 1]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem_bench \
        .venv/bin/python bench/generate_org.py --people 100000 --years 3

The database is the app's (DATABASE_URL, else the SQLite file in TANDEM_VAR_DIR). Its
name must contain "bench": the SQLite file is deleted, or the PostgreSQL database
dropped and created again, then migrated.

What it builds (same --seed, same organization):

* 6 unit levels: the group, divisions, departments, areas, sections and teams of 8-12
  people; one head per unit above the teams; the reporting line runs executive -> senior
  leaders (divisions, departments) -> managers (areas, sections) -> supervisors (team
  leaders) -> frontline. Lines (Person.line) are written with the people.
* About 11.7 records per person per year (3.5 million ideas, service actions and stories
  for 100,000 people over 3 years), ending today and skewed across teams: about 12% of
  teams are silent, many are quiet, a long tail is very active, and some only start part
  way through. Ideas move proposed -> trying -> implemented/parked with manager comments,
  first responses after a skewed delay, and impact figures on many implemented ideas;
  some teams' managers hardly respond (frontline active, manager silent).
* --history-fraction 0.1 keeps the same organization and only the most recent 10% of the
  days. Every (team, month) draws from its own random stream, so those days hold the same
  records as in the full database (the ids differ).

Loading: rows go in with executemany (SQLite) or COPY (PostgreSQL), a month at a time;
secondary indexes of the big tables are dropped first and created again at the end from
the definitions the migrations made, then ANALYZE. On PostgreSQL the loading session skips
foreign-key triggers (session_replication_role = replica): ids are consistent by
construction. Finally tandem.indicators.rebuild.rebuild_indicators() fills the rollup
tables and the highlight candidates.
Each phase's time is printed. Figures: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import math
import os
import platform
import random
import resource
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")

RECORDS_PER_PERSON_YEAR = 11.7  # ≈3.5 million records for 100,000 people over 3 years
KIND_SHARES = (("idea", 0.30), ("action", 0.50), ("story", 0.20))
DOMAIN = "harborhealth.example"

DIVISIONS = {
    "Nursing": ["Acute Care", "Critical Care", "Mental Health", "Outpatients", "Older People"],
    "Medicine": ["Cardiology", "Respiratory", "Neurology", "Oncology", "Renal", "Diabetes"],
    "Surgery": ["General Surgery", "Orthopaedics", "Theatres", "Day Surgery", "Anaesthetics"],
    "Operations": ["Facilities", "Patient Transport", "Catering", "Supplies", "Security"],
    "Community Care": ["District Nursing", "Home Care", "Rehabilitation", "Clinics", "Hospice"],
    "Women and Children": [
        "Maternity",
        "Neonatal",
        "Paediatrics",
        "Gynaecology",
        "Health Visiting",
    ],
    "Diagnostics": ["Radiology", "Pathology", "Pharmacy", "Endoscopy", "Audiology"],
    "Corporate Services": ["Finance", "People", "Digital", "Estates", "Patient Experience"],
}
AREAS = ["North Campus", "South Campus", "Riverside", "Eastgate", "Westfield", "Hillside"]
FRONTLINE_TITLES = [
    "Staff Nurse",
    "Healthcare Assistant",
    "Porter",
    "Ward Clerk",
    "Receptionist",
    "Physiotherapist",
    "Pharmacy Technician",
    "Domestic Assistant",
    "Radiographer",
    "Catering Assistant",
]
PEER_COMMENTS = [
    "I can help with this on my shifts.",
    "We had the same problem on nights last week.",
    "Yes please — this would save us so much running around.",
    "Could we try it in the side rooms too?",
    "Happy to be part of the trial.",
]


# --------------------------------------------------------------------------- the plan


@dataclass
class Unit:
    id: int
    path: str
    depth: int
    name: str
    full_path: str
    children: list[Unit] = field(default_factory=list)


@dataclass
class PersonRow:
    id: int
    name: str
    email: str
    title: str
    level: str
    unit_id: int
    manager_id: int | None
    line: str
    active: bool = True


@dataclass
class Team:
    index: int
    unit_id: int
    lead: int
    boss: int  # the section head, the lead's manager
    members: list[int]  # lead first
    cum_weights: list[float]  # who logs: cumulative weights over members (0 = never)
    activity: float  # relative rate; 0 = silent
    responsive: float  # chance an idea gets a response from a leader
    joined: int  # month index from which the team is fully active


@dataclass
class Org:
    units: list[Unit]
    people: list[PersonRow]
    teams: list[Team]


def _int2str(n: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = alphabet[r] + out
        if n == 0:
            return out


def _step(n: int) -> str:
    """treebeard's MP_Node path step: base 36, 4 characters."""
    return _int2str(n).rjust(4, "0")


def _fanouts(sections_wanted: float) -> list[int]:
    """Children per unit for divisions, departments, areas and sections: 6·6·5·5 = 900
    sections at 100,000 people, shrunk (largest first) for smaller organizations."""
    fan = [6, 6, 5, 5]
    while math.prod(fan) > max(1.0, sections_wanted) and max(fan) > 1:
        i = max(range(len(fan)), key=lambda k: (fan[k], k))
        fan[i] -= 1
    return fan


def _vary(rng: random.Random, fan: int) -> int:
    return rng.randint(fan - 1, fan + 1) if fan >= 3 else fan


def plan_org(people: int, rng: random.Random, months: int) -> Org:
    """Units, people (with lines) and teams; ids from 1, managers before their reports."""
    from tandem.demo.names import ascii_slug, draw_name

    if people < 60:
        raise SystemExit("--people must be at least 60 (six unit levels need some staff).")
    units: list[Unit] = []
    rows: list[PersonRow] = []

    def add_unit(parent: Unit | None, name: str, position: int) -> Unit:
        path = (parent.path if parent else "") + _step(position)
        full = f"{parent.full_path}/{name}" if parent else name
        unit = Unit(len(units) + 1, path, len(path) // 4, name, full)
        units.append(unit)
        if parent:
            parent.children.append(unit)
        return unit

    def add_person(level: str, title: str, unit: Unit, manager: PersonRow | None) -> PersonRow:
        pk = len(rows) + 1
        first, family = draw_name(rng)
        leader = level != "frontline"
        email = ""
        if leader or rng.random() < 0.6:
            email = f"{ascii_slug(first)}.{ascii_slug(family)}.{pk}@{DOMAIN}"
        line = f"{manager.line if manager else '/'}{pk}/"
        person = PersonRow(
            pk, f"{first} {family}", email, title, level, unit.id, manager and manager.id, line
        )
        rows.append(person)
        return person

    # Roughly: people = heads above the teams + teams × 10.
    fan = _fanouts(people / 10 / 11)
    root = add_unit(None, "Harbor Health Group", 1)
    chief = add_person("executive", "Chief Executive", root, None)
    sections: list[tuple[Unit, PersonRow]] = []
    division_names = list(DIVISIONS)
    for d in range(_vary(rng, fan[0])):
        d_name = division_names[d] if d < len(division_names) else f"Division {d + 1}"
        division = add_unit(root, d_name, d + 1)
        director = add_person("senior_leader", f"Director of {d_name}", division, chief)
        pool = DIVISIONS.get(d_name, [])
        for p in range(_vary(rng, fan[1])):
            p_name = pool[p] if p < len(pool) else f"Department {p + 1}"
            department = add_unit(division, p_name, p + 1)
            head = add_person("senior_leader", f"Head of {p_name}", department, director)
            for a in range(_vary(rng, fan[2])):
                a_name = AREAS[a] if a < len(AREAS) else f"Site {a + 1}"
                area = add_unit(department, a_name, a + 1)
                a_head = add_person("manager", "Area Manager", area, head)
                for s in range(_vary(rng, fan[3])):
                    section = add_unit(area, f"Level {s + 1}", s + 1)
                    s_head = add_person("manager", "Section Manager", section, a_head)
                    sections.append((section, s_head))

    # Teams of 8-12 (a team leader and frontline staff) share out everyone left.
    left = people - len(rows)
    team_count = max(len(sections), round(left / 10))
    shares = [rng.uniform(0.7, 1.3) for _ in sections]
    total_share = sum(shares)
    per_section = [max(1, int(team_count * s / total_share)) for s in shares]
    while sum(per_section) < team_count:
        per_section[rng.randrange(len(sections))] += 1
    while sum(per_section) > team_count:
        i = rng.randrange(len(sections))
        if per_section[i] > 1:
            per_section[i] -= 1
    sizes = [rng.randint(8, 12) for _ in range(team_count)]
    order = list(range(team_count))
    rng.shuffle(order)
    diff, i = left - sum(sizes), 0
    while diff:
        j, step = order[i % team_count], 1 if diff > 0 else -1
        # Keep teams within 8-12 while that is possible, and never below 2.
        within = sizes[j] < 12 if step > 0 else sizes[j] > 8
        if within or (i >= 2 * team_count and sizes[j] + step >= 2):
            sizes[j] += step
            diff -= step
        i += 1

    teams: list[Team] = []
    k = 0
    for (section, s_head), count in zip(sections, per_section, strict=True):
        for t in range(count):
            name = f"Team {chr(65 + t)}" if t < 26 else f"Team {t + 1}"
            unit = add_unit(section, name, t + 1)
            lead = add_person("supervisor", "Team Leader", unit, s_head)
            members = [lead.id]
            for _ in range(sizes[k] - 1):
                person = add_person("frontline", rng.choice(FRONTLINE_TITLES), unit, lead)
                person.active = rng.random() > 0.01  # a few have left
                members.append(person.id)
            teams.append(
                _team_traits(rng, len(teams), unit.id, lead.id, s_head.id, members, months)
            )
            k += 1
    return Org(units, rows, teams)


def _team_traits(
    rng: random.Random,
    index: int,
    unit_id: int,
    lead: int,
    boss: int,
    members: list[int],
    months: int,
) -> Team:
    """A long tail: 12% silent, 43% quiet, the rest active with a Pareto-shaped rate."""
    u = rng.random()
    if u < 0.12:
        activity = 0.0
    elif u < 0.55:
        activity = rng.uniform(0.05, 0.4)
    else:
        activity = min(30.0, rng.paretovariate(1.6))
    # Bump risk: in 15% of teams the frontline logs but the leaders hardly respond.
    responsive = 0.03 if rng.random() < 0.15 else rng.uniform(0.45, 0.95)
    joined = 0 if rng.random() < 0.6 else int(months * rng.choice([0.1, 0.2, 0.35, 0.5]))
    taking_part = rng.uniform(0.3, 0.9)
    weights = [
        rng.lognormvariate(0, 1) if (i == 0 or rng.random() < taking_part) else 0.0
        for i in range(len(members))
    ]
    weights[0] *= 0.5  # the team leader logs less than an active team member
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    return Team(index, unit_id, lead, boss, members, cum, activity, responsive, joined)


# --------------------------------------------------------------------------- texts


@dataclass
class Texts:
    ideas: list[tuple]  # (title, description, helps, result, effect, minutes, money, blocks)
    actions: list[tuple]  # (what, for_whom, blocks)
    stories: dict[str, list[tuple]]  # kind -> (what, words, levels, blocks)
    to_trying: list[str]
    to_implemented: list[str]
    park: list[str]
    leader_comments: dict[str, list[str]]
    peer_comments: list[str]


def build_texts(rng: random.Random) -> Texts:
    """The demo's text banks, each template filled a few ways with neutral names."""
    from tandem.demo import texts as t
    from tandem.demo.actions_care import CARE_ACTIONS
    from tandem.demo.actions_services import SERVICE_ACTIONS
    from tandem.demo.fill import fill
    from tandem.demo.ideas_clinical import CLINICAL_IDEAS
    from tandem.demo.ideas_front import FRONT_IDEAS
    from tandem.demo.ideas_support import SUPPORT_IDEAS
    from tandem.demo.ideas_wards import WARD_IDEAS
    from tandem.demo.stories_compliments import COMPLIMENTS
    from tandem.demo.stories_efforts import RECOVERIES_AND_EFFORTS

    contexts = [
        {
            "first": first,
            "other": other,
            "unit": unit,
            "here": here,
            "ward": ward,
            "patient": patient,
            "mr": mr,
            "title": "the new checklist",
            "dept": "Outpatients",
        }
        for first, other, unit, here, ward, patient, mr in [
            ("Grace", "Tunde", "Ward 4B", "on Ward 4B", "Ward 7", "Mrs Okafor", "Mr Nowak"),
            (
                "Arjun",
                "Siobhan",
                "the Main Kitchen",
                "in the kitchen",
                "Ward 2",
                "Mrs Hall",
                "Mr Reid",
            ),
            ("Maricel", "Oliver", "X-Ray", "in X-Ray", "Ward 9A", "Mrs Patel", "Mr Mensah"),
        ]
    ]

    def f(template: str, i: int) -> str:
        return fill(template, rng, contexts[i % len(contexts)])

    ideas = []
    for entry in CLINICAL_IDEAS + FRONT_IDEAS + SUPPORT_IDEAS + WARD_IDEAS:
        for i, title in enumerate(entry.titles):
            ideas.append(
                (
                    f(title, i)[:200],
                    f(entry.description, i),
                    f(entry.helps, i)[:200],
                    f(entry.result, i),
                    f(entry.effect, i),
                    entry.minutes,
                    entry.money,
                    entry.blocks,
                )
            )
    actions = [
        (f(a.what, i), f(a.for_whom, i)[:200], a.blocks)
        for a in CARE_ACTIONS + SERVICE_ACTIONS
        for i in range(2)
    ]
    stories: dict[str, list[tuple]] = {}
    for s in COMPLIMENTS + RECOVERIES_AND_EFFORTS:
        for i in range(2):
            stories.setdefault(s.kind, []).append((f(s.what, i), f(s.words, i), s.levels, s.blocks))
    leader_comments = {
        status: [f(c, i) for i, c in enumerate(items)]
        for status, items in t.LEADER_COMMENTS.items()
    }
    return Texts(
        ideas=ideas,
        actions=actions,
        stories=stories,
        to_trying=[f(x, i) for i, x in enumerate(t.TO_TRYING)],
        to_implemented=[f(x, i) for i, x in enumerate(t.TO_IMPLEMENTED)],
        park=[f(x, i) for i, x in enumerate(t.PARK_PROPOSED + t.PARK_TRIAL)],
        leader_comments=leader_comments,
        peer_comments=PEER_COMMENTS,
    )


# --------------------------------------------------------------------------- time


def month_windows(first: date, last: date) -> list[tuple[int, list[date], list[float]]]:
    """(month index, its days within first..last, cumulative weekday weights)."""
    out = []
    year, month, index = first.year, first.month, 0
    while date(year, month, 1) <= last:
        days_in = calendar.monthrange(year, month)[1]
        days = [
            date(year, month, d)
            for d in range(1, days_in + 1)
            if first <= date(year, month, d) <= last
        ]
        cum, total = [], 0.0
        for d in days:
            total += 0.45 if d.weekday() >= 5 else 1.0  # quieter at weekends
            cum.append(total)
        out.append((index, days, cum))
        index += 1
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
    return out


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam < 30:
        limit, k, p = math.exp(-lam), 0, rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, round(rng.gauss(lam, math.sqrt(lam))))


# --------------------------------------------------------------------------- writing


class Writer:
    """Bulk rows into tables: executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.sqlite = connection.vendor == "sqlite"
        self.rows_written = 0

    def ts(self, value: datetime) -> object:
        """A naive UTC datetime as the backend stores it."""
        return str(value) if self.sqlite else value.replace(tzinfo=UTC)

    def day(self, value: date) -> object:
        return str(value) if self.sqlite else value

    def money(self, value: Decimal | None) -> object:
        return str(value) if self.sqlite and value is not None else value

    def insert(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        qn = self.connection.ops.quote_name
        cols = ", ".join(qn(c) for c in columns)
        with self.connection.cursor() as cursor:
            if self.sqlite:
                marks = ", ".join(["?"] * len(columns))
                # The raw sqlite3 cursor: Django's wrapper rewrites the query per call.
                cursor.cursor.executemany(
                    f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})", rows
                )
            else:
                with cursor.cursor.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        self.rows_written += len(rows)


def secondary_indexes(connection, tables: list[str]) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the indexes on `tables` that back no constraint."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({marks})",
                tables,
            )
        else:
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_index x "
                "JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "WHERE t.relname = ANY(%s) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)",
                [tables],
            )
        return list(cursor.fetchall())


# --------------------------------------------------------------------------- generation


@dataclass
class Tables:
    """Table and column names, read from the models."""

    names: dict[str, tuple[str, list[str]]]

    @classmethod
    def read(cls) -> Tables:
        from tandem.capture.models import (
            Idea,
            IdeaComment,
            IdeaTransition,
            ServiceAction,
            Story,
        )
        from tandem.people.models import OrgUnit, Person, User

        def cols(model, names: list[str]) -> tuple[str, list[str]]:
            return model._meta.db_table, [model._meta.get_field(n).column for n in names]

        def m2m(model, name: str) -> tuple[str, list[str]]:
            f = model._meta.get_field(name)
            return f.m2m_db_table(), [f.m2m_column_name(), f.m2m_reverse_name()]

        record = ["id", "unit", "private", "created_by", "created_at", "updated_at"]
        return cls(
            {
                "unit": cols(OrgUnit, ["id", "path", "depth", "numchild", "name", "full_path"]),
                "user": cols(
                    User,
                    [
                        "id",
                        "password",
                        "is_superuser",
                        "first_name",
                        "last_name",
                        "is_staff",
                        "is_active",
                        "date_joined",
                        "email",
                    ],
                ),
                "person": cols(
                    Person,
                    [
                        "id",
                        "employee_id",
                        "name",
                        "email",
                        "title",
                        "level",
                        "unit",
                        "manager",
                        "active",
                        "line",
                        "user",
                        "created_at",
                        "updated_at",
                    ],
                ),
                "idea": cols(
                    Idea,
                    record
                    + [
                        "title",
                        "description",
                        "helps",
                        "status",
                        "status_changed_at",
                        "result",
                        "minutes_saved_per_week",
                        "money_saved_per_year",
                        "customer_effect",
                    ],
                ),
                "move": cols(
                    IdeaTransition, ["id", "idea", "from_status", "to_status", "by", "at", "note"]
                ),
                "comment": cols(IdeaComment, ["id", "idea", "author", "text", "created_at"]),
                "action": cols(ServiceAction, record + ["what", "for_whom", "date", "idea"]),
                "story": cols(
                    Story,
                    record
                    + [
                        "kind",
                        "what_happened",
                        "customer_words",
                        "date",
                        "source",
                        "service_level",
                    ],
                ),
                "idea_people": m2m(Idea, "authors"),
                "idea_blocks": m2m(Idea, "blocks"),
                "action_people": m2m(ServiceAction, "people"),
                "action_blocks": m2m(ServiceAction, "blocks"),
                "story_people": m2m(Story, "people"),
                "story_blocks": m2m(Story, "blocks"),
            }
        )

    def big(self) -> list[str]:
        return [self.names[k][0] for k in self.names if k not in ("unit", "user", "person")]


class Activity:
    """Generates a month of records for every team and buffers the rows by table."""

    def __init__(
        self,
        org: Org,
        texts: Texts,
        writer: Writer,
        block_ids: dict[str, int],
        seed: int,
        tz,
        now: datetime,
        cutoff: date,
    ) -> None:
        self.org, self.texts, self.w = org, texts, writer
        self.block_ids = block_ids
        self.seed, self.tz, self.now, self.cutoff = seed, tz, now, cutoff
        self.ids = {k: 0 for k in ("idea", "move", "comment", "action", "story", "m2m")}
        self.rows: dict[str, list[tuple]] = {}
        self.counts = {k: 0 for k in ("idea", "action", "story", "move", "comment")}

    def utc(self, day: date, minute_of_day: int) -> datetime:
        local = datetime(
            day.year, day.month, day.day, minute_of_day // 60, minute_of_day % 60, tzinfo=self.tz
        )
        at = local.astimezone(UTC).replace(tzinfo=None)
        return min(at, self.now)

    def add(self, key: str, row: tuple) -> None:
        self.rows.setdefault(key, []).append(row)

    def next_id(self, key: str) -> int:
        self.ids[key] += 1
        return self.ids[key]

    def pick_blocks(self, rng: random.Random, slugs: tuple[str, ...]) -> list[int]:
        """Building blocks for a record: drawn whether or not the record is kept, so that
        every record uses the same random numbers in full and partial histories."""
        if not slugs or rng.random() >= 0.35:
            return []
        picked = slugs[: 1 if rng.random() < 0.85 else 2]
        return [self.block_ids[slug] for slug in picked if slug in self.block_ids]

    def month(self, index: int, days: list[date], cum: list[float], base: float) -> None:
        """Every team's records for one month (days before the cutoff are dropped)."""
        total = cum[-1]
        for team in self.org.teams:
            if team.activity == 0 or not team.cum_weights[-1]:
                continue
            rng = random.Random(f"{self.seed}/{team.index}/{index}")
            ramp = 1.0 if index >= team.joined else 0.2
            lam = base * len(team.members) * team.activity * ramp * total
            for _ in range(poisson(rng, lam)):
                day = days[bisect.bisect_left(cum, rng.random() * total)]
                kind_roll = rng.random()
                minute = rng.randint(7 * 60, 21 * 60)
                keep = day >= self.cutoff
                if kind_roll < KIND_SHARES[0][1]:
                    self.idea(rng, team, day, minute, keep)
                elif kind_roll < KIND_SHARES[0][1] + KIND_SHARES[1][1]:
                    self.dated(rng, team, day, minute, keep, "action")
                else:
                    self.dated(rng, team, day, minute, keep, "story")

    def pick(self, rng: random.Random, team: Team) -> int:
        cum = team.cum_weights
        return team.members[bisect.bisect_left(cum, rng.random() * cum[-1])]

    def colleague(self, rng: random.Random, team: Team, not_this: int) -> int | None:
        others = [m for m in team.members if m != not_this]
        return rng.choice(others) if others else None

    def idea(self, rng: random.Random, team: Team, day: date, minute: int, keep: bool) -> None:
        w = self.w
        author = self.pick(rng, team)
        authors = [author]
        if rng.random() < 0.12:
            other = self.colleague(rng, team, author)
            if other:
                authors.append(other)
        created_by = team.lead if author != team.lead and rng.random() < 0.08 else author
        text = rng.choice(self.texts.ideas)
        private = rng.random() < 0.04
        created = self.utc(day, minute)
        # Who responds: the team leader, sometimes the section head (for the leader's own
        # ideas, always the section head): both are up the author's reporting line.
        responder = team.boss if author == team.lead or rng.random() < 0.15 else team.lead
        moves: list[tuple[str, str, int, datetime, str]] = []
        comments: list[tuple[int, str, datetime]] = []
        status = "proposed"
        at = created
        if rng.random() < team.responsive:
            at = created + timedelta(days=rng.lognormvariate(math.log(2.0), 1.1))
            if rng.random() < 0.35:
                comments.append((responder, rng.choice(self.texts.leader_comments["proposed"]), at))
                at += timedelta(days=rng.lognormvariate(0, 1))
                move_now = rng.random() < 0.7
            else:
                move_now = True
            if move_now:
                if rng.random() < 0.75:
                    moves.append(
                        ("proposed", "trying", responder, at, rng.choice(self.texts.to_trying))
                    )
                    roll = rng.random()
                    if roll < 0.25:
                        comments.append(
                            (
                                responder,
                                rng.choice(self.texts.leader_comments["trying"]),
                                at + timedelta(days=rng.uniform(1, 10)),
                            )
                        )
                    if roll < 0.6:
                        at += timedelta(days=rng.lognormvariate(math.log(20), 0.8))
                        moves.append(
                            (
                                "trying",
                                "implemented",
                                responder,
                                at,
                                rng.choice(self.texts.to_implemented),
                            )
                        )
                    elif roll < 0.8:
                        at += timedelta(days=rng.lognormvariate(math.log(25), 0.8))
                        moves.append(
                            ("trying", "parked", responder, at, rng.choice(self.texts.park))
                        )
                else:
                    moves.append(("proposed", "parked", responder, at, rng.choice(self.texts.park)))
        if rng.random() < 0.12:
            peer = self.colleague(rng, team, author)
            if peer:
                when = created + timedelta(days=rng.lognormvariate(-1, 1))
                comments.append((peer, rng.choice(self.texts.peer_comments), when))
        minutes = money = None
        if rng.random() < 0.55:
            minutes = text[5] or rng.choice([10, 15, 30, 45, 60, 90, 120, 240, 480])
        if rng.random() < 0.25:
            money = Decimal(text[6] or rng.choice([150, 400, 900, 2500, 6000, 15000])).quantize(
                Decimal("0.01")
            )
        blocks = self.pick_blocks(rng, text[7])
        if not keep:
            return
        # What happened up to now: later events have not happened yet.
        moves = [m for m in moves if m[3] <= self.now]
        comments = [c for c in comments if c[2] <= self.now]
        changed = created
        for _, to, _, move_at, _ in moves:
            status, changed = to, move_at
        implemented = status == "implemented"
        pk = self.next_id("idea")
        self.add(
            "idea",
            (
                pk,
                team.unit_id,
                private,
                created_by,
                w.ts(created),
                w.ts(changed),
                text[0],
                text[1],
                text[2],
                status,
                w.ts(changed),
                text[3] if implemented else "",
                minutes if implemented else None,
                w.money(money) if implemented else None,
                text[4] if implemented else "",
            ),
        )
        for person in authors:
            self.add("idea_people", (pk, person))
        for block in blocks:
            self.add("idea_blocks", (pk, block))
        for from_status, to, by, move_at, note in moves:
            self.add("move", (self.next_id("move"), pk, from_status, to, by, w.ts(move_at), note))
        for by, note, comment_at in comments:
            self.add("comment", (self.next_id("comment"), pk, by, note, w.ts(comment_at)))
        self.counts["idea"] += 1
        self.counts["move"] += len(moves)
        self.counts["comment"] += len(comments)

    def dated(
        self, rng: random.Random, team: Team, day: date, minute: int, keep: bool, kind: str
    ) -> None:
        w = self.w
        doer = self.pick(rng, team)
        people = [doer]
        if rng.random() < (0.15 if kind == "action" else 0.2):
            for _ in range(rng.randint(1, 2)):
                other = self.colleague(rng, team, doer)
                if other and other not in people:
                    people.append(other)
        created_by = team.lead if doer != team.lead and rng.random() < 0.1 else doer
        private = rng.random() < 0.04
        created = w.ts(self.utc(day, minute))
        if kind == "action":
            what, for_whom, slugs = rng.choice(self.texts.actions)
            row_tail: tuple = (what, for_whom, w.day(day), None)
        else:
            roll = rng.random()
            story_kind = (
                "customer_compliment"
                if roll < 0.45
                else "frontline_effort"
                if roll < 0.8
                else "service_recovery"
            )
            what, words, levels, slugs = rng.choice(self.texts.stories[story_kind])
            source_roll = rng.random()
            source = (
                "staff" if source_roll < 0.6 else "manager" if source_roll < 0.75 else "customer"
            )
            if source == "manager" and doer != team.lead:
                created_by = team.lead
            level = rng.choice(levels) if levels and rng.random() < 0.6 else ""
            row_tail = (story_kind, what, words, w.day(day), source, level)
        blocks = self.pick_blocks(rng, slugs)
        if not keep:
            return
        pk = self.next_id(kind)
        self.add(kind, (pk, team.unit_id, private, created_by, created, created, *row_tail))
        for person in people:
            self.add(f"{kind}_people", (pk, person))
        for block in blocks:
            self.add(f"{kind}_blocks", (pk, block))
        self.counts[kind] += 1

    def flush(self, tables: Tables) -> None:
        for key, rows in self.rows.items():
            table, columns = tables.names[key]
            self.w.insert(table, columns, rows)
        self.rows = {}


def generate(
    people: int,
    years: float,
    history_fraction: float = 1.0,
    seed: int = 1,
    *,
    drop_indexes: bool = True,
    report: Callable[[str, float], None] | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Build the organization and its history in the current (migrated, empty) database.

    Returns counts of what was written. `report(label, seconds)` is told each phase's time.
    `now` (aware; default the current time) is when the history ends: two runs given the
    same `now` and seed hold the same records.
    """
    from django.conf import settings
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from tandem.capture import search
    from tandem.capture.models import (
        BuildingBlock,
        Idea,
        IdeaComment,
        IdeaTransition,
        ServiceAction,
        Story,
    )
    from tandem.people.models import OrgUnit, Person, User

    if not 0 < history_fraction <= 1:
        raise SystemExit("--history-fraction must be more than 0 and at most 1.")
    report = report or (lambda label, seconds: None)
    tz = ZoneInfo(settings.TIME_ZONE)
    now = (now or timezone.now()).astimezone(UTC).replace(tzinfo=None, microsecond=0)
    today = timezone.localdate(now.replace(tzinfo=UTC))
    days = max(1, round(years * 365.25))
    first = today - timedelta(days=days - 1)
    cutoff = today - timedelta(days=max(1, round(days * history_fraction)) - 1)
    windows = month_windows(first, today)
    rng = random.Random(seed)
    writer = Writer(connection)
    tables = Tables.read()

    t0 = time.perf_counter()
    org = plan_org(people, rng, len(windows))
    texts = build_texts(random.Random(seed + 1))
    report(f"plan {len(org.units):,} units, {len(org.people):,} people", time.perf_counter() - t0)

    t0 = time.perf_counter()
    joined = writer.ts(datetime.combine(first - timedelta(days=30), datetime.min.time()))
    with transaction.atomic():
        children = {u.id: len(u.children) for u in org.units}
        writer.insert(
            *tables.names["unit"],
            [(u.id, u.path, u.depth, children[u.id], u.name, u.full_path) for u in org.units],
        )
        users, person_rows = [], []
        for p in org.people:
            user_id = None
            if p.email:
                user_id = len(users) + 1
                first_name = p.name.split(" ")[0]
                # "!" + anything is Django's unusable password: tests log in with force_login.
                users.append(
                    (user_id, "!bench", False, first_name, "", False, True, joined, p.email)
                )
            person_rows.append(
                (
                    p.id,
                    f"B{p.id:06d}",
                    p.name,
                    p.email,
                    p.title,
                    p.level,
                    p.unit_id,
                    p.manager_id,
                    p.active,
                    p.line,
                    user_id,
                    joined,
                    joined,
                )
            )
        writer.insert(*tables.names["user"], users)
        writer.insert(*tables.names["person"], person_rows)
        del users, person_rows
    changed = Person.rebuild_lines()
    if changed:
        raise SystemExit(f"{changed} reporting lines were wrong after loading people.")
    report("write units, users and people (lines checked)", time.perf_counter() - t0)

    indexes: list[tuple[str, str]] = []
    if drop_indexes:
        t0 = time.perf_counter()
        indexes = secondary_indexes(connection, tables.big())
        with connection.cursor() as cursor:
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        report(f"drop {len(indexes)} secondary indexes", time.perf_counter() - t0)
    searched = (Idea, ServiceAction, Story)
    for model in searched:  # SQLite's search triggers: refilled once at the end instead
        search.suspend(connection, model)

    # Calibrate the rate so that the full history holds RECORDS_PER_PERSON_YEAR.
    expected = 0.0
    for index, _, cum in windows:
        for team in org.teams:
            if team.activity and team.cum_weights[-1]:
                ramp = 1.0 if index >= team.joined else 0.2
                expected += len(team.members) * team.activity * ramp * cum[-1]
    target = RECORDS_PER_PERSON_YEAR * people * days / 365.25
    base = target / expected if expected else 0.0

    block_ids = dict(BuildingBlock.objects.values_list("slug", "pk"))
    activity = Activity(org, texts, writer, block_ids, seed, tz, now, cutoff)
    t0 = time.perf_counter()
    generating = 0.0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
    try:
        for index, month_days, cum in windows:
            if month_days[-1] < cutoff:
                continue
            g0 = time.perf_counter()
            activity.month(index, month_days, cum, base)
            generating += time.perf_counter() - g0
            with transaction.atomic():
                activity.flush(tables)
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
    seconds = time.perf_counter() - t0
    c = activity.counts
    report(
        f"activity: {c['idea'] + c['action'] + c['story']:,} records, "
        f"{writer.rows_written:,} rows in all (generating {generating:.0f} s)",
        seconds,
    )

    if indexes:
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            for _, sql in indexes:
                cursor.execute(sql)
        report(f"create {len(indexes)} secondary indexes again", time.perf_counter() - t0)
    t0 = time.perf_counter()
    for model in searched:
        search.resume(connection, model)
    report("full-text search kept current again (filled)", time.perf_counter() - t0)

    if connection.vendor == "postgresql":
        models = [User, Person, OrgUnit, Idea, IdeaTransition, IdeaComment, ServiceAction, Story]
        models += [
            f.remote_field.through
            for m in (Idea, ServiceAction, Story)
            for f in m._meta.many_to_many
        ]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    return {
        "units": len(org.units),
        "people": len(org.people),
        "teams": len(org.teams),
        "ideas": c["idea"],
        "actions": c["action"],
        "stories": c["story"],
        "transitions": c["move"],
        "comments": c["comment"],
        "rows": writer.rows_written,
    }


# --------------------------------------------------------------------------- command line


def database_url() -> str:
    """DATABASE_URL, else the SQLite file the app would use in TANDEM_VAR_DIR."""
    from django.conf import settings

    config = settings.DATABASES["default"]
    if "postgresql" in config["ENGINE"]:
        return os.environ["DATABASE_URL"]
    return f"sqlite:///{config['NAME']}"


def timed_print(label: str, seconds: float) -> None:
    print(f"{label:<68} {seconds:8.1f} s", flush=True)


def analyze(connection) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        connection.ensure_connection()
        raw = connection.connection
        previous = raw.autocommit
        raw.autocommit = True
        try:
            raw.execute("VACUUM ANALYZE")
        finally:
            raw.autocommit = previous


def rollup_phase() -> Iterator[str]:
    from tandem.indicators import rebuild

    result = rebuild.rebuild_indicators()
    yield f"rebuild.rebuild_indicators(): {result}"


def rollups_only() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        raise SystemExit(f"Refusing to touch {name!r}: the database's name must contain 'bench'.")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    timed_print("migrate", time.perf_counter() - t0)
    t0 = time.perf_counter()
    for line in rollup_phase():
        print(line)
    timed_print("rollups", time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory of this process: {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--history-fraction", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-rollups", action="store_true")
    parser.add_argument(
        "--rollups-only",
        action="store_true",
        help="keep the database: migrate it and rebuild the rollups (after a schema change)",
    )
    args = parser.parse_args()
    if args.rollups_only:
        rollups_only()
        return

    sys.path.insert(0, str(ROOT / "bench"))
    from import_people import fresh_database

    started = time.perf_counter()
    database = fresh_database(database_url())

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"Tandem organization generator: {database}")
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores")
    print(
        f"--people {args.people} --years {args.years} --history-fraction "
        f"{args.history_fraction} --seed {args.seed}"
    )
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    timed_print("migrate the scratch database", time.perf_counter() - t0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1000000")  # 1 GB page cache while loading
    counts = generate(args.people, args.years, args.history_fraction, args.seed, report=timed_print)
    t0 = time.perf_counter()
    analyze(connection)
    timed_print(
        "ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE", time.perf_counter() - t0
    )
    loaded = time.perf_counter() - started
    if args.skip_rollups:
        print("rollups skipped (--skip-rollups)")
    else:
        t0 = time.perf_counter()
        for line in rollup_phase():
            print(line)
        timed_print("rollups", time.perf_counter() - t0)
    print("Written: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    timed_print("load without rollups", loaded)
    timed_print("total", time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
