"""Who works at Harbor Health: the people, their units and their reporting lines, planned in
plain Python (no database), so `seed_demo --if-empty` can find the demo logins again.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from tandem.demo import org
from tandem.demo.names import ascii_slug, draw_name

DOMAIN = "harborhealth.example"

# Share of frontline staff with a login, by team family: office staff sit at computers,
# porters and housekeepers mostly don't.
LOGIN_SHARE = {
    "care": 0.6,
    "diagnostic": 0.8,
    "pharmacy": 0.85,
    "therapy": 0.85,
    "front": 0.85,
    "food": 0.3,
    "clean": 0.25,
    "estates": 0.4,
    "porter": 0.3,
    "office": 0.95,
}

LEVEL_ORDER = ["executive", "senior_leader", "manager", "supervisor", "frontline"]


@dataclass(eq=False)
class Staff:
    """One planned person; `pk` is filled once they are saved."""

    name: str
    first: str
    email: str
    title: str
    level: str
    unit: str
    manager: Staff | None
    login: bool
    employee_id: str = ""
    pk: int | None = None

    def chain(self) -> list[Staff]:
        """Managers, nearest first."""
        found, boss = [], self.manager
        while boss is not None:
            found.append(boss)
            boss = boss.manager
        return found


@dataclass(eq=False)
class Group:
    """A supervisor and their frontline staff, all in one unit (a team or one of its shifts)."""

    unit: str
    supervisor: Staff
    members: list[Staff]


@dataclass(eq=False)
class TeamPlan:
    spec: org.Team
    division: str
    department: str
    path: str
    manager: Staff
    groups: list[Group] = field(default_factory=list)

    @property
    def family(self) -> str:
        return org.ROLES[self.spec.kind].family


@dataclass
class Roster:
    staff: list[Staff]
    units: list[str]
    teams: list[TeamPlan]
    ceo: Staff
    program_lead: Staff
    frontline: Staff  # the printed frontline login
    manager: Staff  # their direct manager, also printed

    def logins(self) -> list[tuple[str, Staff]]:
        return [
            ("frontline", self.frontline),
            ("manager", self.manager),
            ("executive", self.ceo),
            ("program-office", self.program_lead),
        ]


class _Namer:
    """Unique names and emails, firstname.lastname@harborhealth.example."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.emails: set[str] = set()

    def __call__(self) -> tuple[str, str, str]:
        while True:
            first, family = draw_name(self.rng)
            name = f"{first} {family}"
            email = f"{ascii_slug(first)}.{ascii_slug(family)}@{DOMAIN}"
            if name not in self.names and email not in self.emails:
                self.names.add(name)
                self.emails.add(email)
                return name, first, email


def plan_roster(seed: int) -> Roster:
    """The whole organization for a seed: same seed, same people."""
    rng = random.Random(f"roster-{seed}")
    namer = _Namer(rng)
    staff: list[Staff] = []
    units: list[str] = [org.ROOT]

    def hire(title: str, level: str, unit: str, manager: Staff | None, login: bool) -> Staff:
        name, first, email = namer()
        person = Staff(name, first, email, title, level, unit, manager, login)
        staff.append(person)
        return person

    ceo = hire(org.CEO_TITLE, "executive", org.ROOT, None, True)
    units.append(org.PROGRAM_OFFICE)
    program = [hire(t, lv, org.PROGRAM_OFFICE, ceo, True) for lv, t in org.PROGRAM_OFFICE_STAFF]
    for member in program[1:]:
        member.manager = program[0]

    teams: list[TeamPlan] = []
    for division in org.DIVISIONS:
        div_path = f"{org.ROOT}/{division.name}"
        units.append(div_path)
        executive = hire(division.executive_title, "executive", div_path, ceo, True)
        for dept in division.departments:
            dept_path = f"{div_path}/{dept.name}"
            units.append(dept_path)
            head = hire(dept.head_title, "senior_leader", dept_path, executive, True)
            managers: dict[str, Staff] = {}
            for spec in dept.teams:
                teams.append(_plan_team(rng, hire, units, spec, division, dept, head, managers))

    frontline = next(
        p
        for team in teams
        for group in team.groups
        if group.unit == org.SHOWCASE_UNIT
        for p in group.members
        if p.title == org.SHOWCASE_TITLE
    )
    frontline.login = True
    for person, number in zip(staff, rng.sample(range(10000, 60000), len(staff)), strict=True):
        person.employee_id = f"HH{number}"
    return Roster(staff, units, teams, ceo, program[0], frontline, frontline.manager)


def _plan_team(
    rng: random.Random,
    hire: Callable[..., Staff],
    units: list[str],
    spec: org.Team,
    division: org.Division,
    dept: org.Department,
    head: Staff,
    managers: dict[str, Staff],
) -> TeamPlan:
    """A team's manager (or the one it shares), its supervisors and frontline staff."""
    roles = org.ROLES[spec.kind]
    path = f"{org.ROOT}/{division.name}/{dept.name}/{spec.name}"
    units.append(path)
    manager = managers.get(spec.shares_manager_with)
    if manager is None:
        manager = hire(roles.manager, "manager", path, head, True)
    managers[spec.name] = manager
    team = TeamPlan(spec, division.name, dept.name, path, manager)

    shifts = spec.shifts or ("",)
    sizes = _split(spec.frontline, len(shifts))
    titles = [t for t, _ in roles.frontline]
    weights = [w for _, w in roles.frontline]
    for shift, size in zip(shifts, sizes, strict=True):
        unit = f"{path}/{shift}" if shift else path
        if shift:
            units.append(unit)
        for part in _split(size, max(1, math.ceil(size / 10))):
            supervisor = hire(roles.supervisor, "supervisor", unit, manager, True)
            members = []
            for _ in range(part):
                title = rng.choices(titles, weights=weights)[0]
                login = rng.random() < LOGIN_SHARE[roles.family]
                members.append(hire(title, "frontline", unit, supervisor, login))
            team.groups.append(Group(unit, supervisor, members))
    return team


def _split(total: int, parts: int) -> list[int]:
    """`total` split into `parts` near-equal whole numbers."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]
