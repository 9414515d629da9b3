"""The service-culture program in the demo: roadmap, cascade, commitments, meetings, say–do.

Planned from what the demo already holds, so the top-down story matches the bottom-up
one: a team that has ideas, actions or stories was launched a couple of days before its
first one, a team with none is silent (not started, or stuck at an earlier stage).
Leaders of reached units are aligned the way `services/alignment.py` reads it (attended
a leadership alignment session, an active commitment, their latest chaired meeting opened
with service), except two leaders of launched teams who are not: the
launched-ahead-of-its-leader list.
Rows are written in bulk with exactly the fields the services set; no audit entries,
like the rest of the demo. Everything is drawn from one random stream per seed and
counted in days from the program start, so the same seed gives the same program.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import date, datetime, timedelta

from tandem.demo import org
from tandem.demo.activity import DAY, Clock, Records
from tandem.demo.roster import Roster, Staff
from tandem.lib import cadence as cal
from tandem.people.models import OrgUnit
from tandem.programs.models import (
    AgendaItem,
    AgendaTag,
    CheckIn,
    Commitment,
    ItemStatus,
    Meeting,
    MeetingKind,
    Phase,
    Program,
    RoadmapItem,
    SayDoAudit,
    SayDoEntry,
    SayDoKind,
    Stage,
    UnitStage,
)
from tandem.programs.models.commitments import SUGGESTED_COMMITMENTS
from tandem.programs.services.cascade import launch_warning
from tandem.programs.services.roadmap import TEMPLATE

SENIORITY = ["executive", "senior_leader", "manager", "supervisor"]
WAVES = [0, 21, 45, 75, 110, 150, 200, 260, 330, 400]  # alignment sessions, day of program
ANNOUNCE_DAY = 243  # the all-staff event: roadmap item 4.1, due day 240, done 3 days late
MEETING_WINDOW = 182  # leadership meetings are recorded for the last six months
S, SA, F, OP, P, X = (
    AgendaTag.SERVICE,
    AgendaTag.SALES,
    AgendaTag.FINANCE,
    AgendaTag.OPERATIONS,
    AgendaTag.PEOPLE,
    AgendaTag.OTHER,
)

# Roadmap items by "phase.item": owner role | status | days late (or early) | evidence note.
ROADMAP_TABLE = """
1.1|ceo|done|-4|Held on day one with all six executives; slides and the seven rules handout \
are on the intranet page.
1.2|lead|done|9|Every executive and head of department has two to four commitments in Tandem; \
managers set theirs at their own session.
1.3|ceo|done|0|Executive, division and department agendas now open with a service item; the \
share is on the leader dashboard.
1.4|hr|done|20|Baseline audit recorded: supervisors' incentive pay and frontline hiring \
criteria say almost nothing about service.
1.5|facilitator|done|35|Ten briefing sessions, nights included; attendance lists kept with \
the session records.
2.1|facilitator|done|-5|Chose the six levels of service course; four facilitators trained \
(two nurses, a porter supervisor, a receptionist).
2.2|facilitator|done|30|All but three supervisors trained; the three joined after the \
sessions and are booked for the next round.
2.3|nursing|done|18|Sessions at 07:30, 14:00 and 21:00 so night staff did not have to come \
in on a day off.
3.1|lead|done|6|Each division scored the 12 building blocks; weakest: roadblock removal, \
recognition and measures that matter.
3.2|lead|done|25|Three teams of eight, each with a frontline co-lead.
3.3|facilitator|doing|0|Recognition team has two improvements live; the other two teams are \
still trying theirs out.
4.1|ceo|done|3|All-staff event in the restaurant, repeated at night; recording on the intranet.
4.2|lead|done|0|Capture open to everyone; supervisors log for staff without a login.
4.3|lead|doing|0|
"""
ROADMAP = {
    (int(key[0]), int(key[2])): (role, status, int(late), note)
    for key, role, status, late, note in (
        line.split("|") for line in ROADMAP_TABLE.strip().splitlines()
    )
}
OWNER_TITLES = {"hr": "Head of People & Culture", "nursing": "Director of Nursing"}

# Agenda items by tag; {team} is a unit below the meeting's unit, which the item affects.
AGENDA = {
    S: [
        "Feedback from patients and colleagues about {team}",
        "Ideas from {team} still waiting for an answer",
        "Service story of the fortnight",
        "Recognizing this month's frontline improvements",
        "Complaint themes and who called the family back",
        "Building-block project team update",
        "Roadblocks {team} raised and who removes them",
        "Back-to-the-floor day: what we saw",
    ],
    SA: ["Private patient referrals", "Car park and retail income"],
    F: ["Budget position and forecast", "Agency and overtime spend", "Cost improvement plan"],
    OP: [
        "Bed capacity and discharges before noon",
        "Rota gaps in {team} next month",
        "Waiting times against target",
        "Estates works affecting {team}",
        "Audit and inspection actions",
    ],
    P: [
        "Vacancies and recruitment in {team}",
        "Sickness absence and return-to-work",
        "Mandatory training compliance",
        "Staff survey follow-up",
    ],
    X: ["Any other business", "Policy updates for sign-off"],
}
NOTES = [
    "Actions and owners are in the notes sent to the affected teams.",
    "Short meeting: winter plan took most of the time; service item moved to the top next time.",
    "Two ideas from the floor approved on the spot; the teams were told the same day.",
    "Asked the teams affected by the rota change to reply before it is final.",
]
REFLECTIONS_MISSED = [
    "Two wards short of staff that week; I was on the floor all week but not the way I meant.",
    "Budget meetings ate the time. Booking it in the diary first thing next month.",
    "Off sick for part of it. Picking it up again now.",
    "I let the finance item go first because the director was waiting. Not again.",
    "Forgot, honestly. I've put a reminder on Monday mornings.",
    "Winter pressures: everything went to beds. Asking my deputy to hold me to it.",
]
REFLECTIONS_KEPT = [
    "Team said it was the first time anyone asked them directly. Worth it.",
    "Took longer than I thought but the porters noticed.",
    "Easier now it is a habit; the team brings the story before I ask.",
    "Shadowed the night shift: the drug round interruptions are our next roadblock.",
    "Recognized the ward clerk's new discharge checklist in the all-staff update.",
]

# Say–do audits: (program day, or days before the last day when negative; note; the service
# share per kind and level, the rest of each 100% split over two other lines).
DECLARED = [
    ("Outstanding service to patients and visitors", 40, True),
    ("Safe, high-quality care", 35, False),
    ("Living within our means", 25, False),
]
LEVELS = ["executive", "senior_leader", "manager", "supervisor", "frontline"]


def _doing(service_share: dict[tuple[str, str], int]) -> list[tuple[str, str, str, int, bool]]:
    """Per kind and level, a service line of the given share and the rest split in two."""
    labels = {
        SayDoKind.SCORECARD: (
            "Patient experience and ideas implemented",
            "Budget and activity targets",
            "Clinical and safety measures",
        ),
        SayDoKind.INCENTIVE: (
            "Patient and staff feedback goals",
            "Financial results",
            "Delivery of annual objectives",
        ),
        SayDoKind.HIRING: (
            "Service attitude, shown in a scenario interview",
            "Qualifications and experience",
            "Technical skills test",
        ),
    }
    rows = []
    for (kind, level), share in service_share.items():
        service, first, second = labels[kind]
        rest = 100 - share
        if share:
            rows.append((kind, level, service, share, True))
        rows.append((kind, level, first, rest - rest // 2, False))
        if rest // 2:
            rows.append((kind, level, second, rest // 2, False))
    return rows


def _shares(scorecard: list[int], incentive: list[int], hiring: list[int]):
    """Service share per level (executive … frontline); frontline has no incentive pay."""
    out = {}
    for kind, values in (
        (SayDoKind.SCORECARD, scorecard),
        (SayDoKind.INCENTIVE, incentive),
        (SayDoKind.HIRING, hiring),
    ):
        for level, share in zip(LEVELS, values, strict=False):
            out[(kind, level)] = share
    return out


AUDITS = [
    (
        65,  # roadmap item 1.4, due day 45, done 20 days late
        "Baseline, taken at the leadership alignment stage.",
        _shares([15, 10, 10, 5, 0], [10, 5, 0, 0], [20, 10, 10, 0, 0]),
    ),
    (
        -30,
        "Repeat after the scorecard and recruitment changes agreed in the spring.",
        _shares([30, 30, 35, 30, 25], [25, 20, 20, 10], [30, 30, 40, 40, 50]),
    ),
]


class _Plan:
    """Days counted from the program start (day 0, the demo's first day)."""

    def __init__(
        self, roster: Roster, records: Records, clock: Clock, unit_ids: dict[str, int], seed: int
    ) -> None:
        self.roster, self.clock, self.unit_ids = roster, clock, unit_ids
        self.seed = seed
        self.rng = self.stream("plan")
        self.last = clock.limit // DAY
        self.by_unit: dict[str, list[Staff]] = defaultdict(list)
        for s in roster.staff:
            self.by_unit[s.unit].append(s)
        self.first_day: dict[str, int] = {}
        for kind in ("idea", "action", "story"):
            for obj, people in records.people[kind]:
                day = (obj.created_at - clock.start).days
                unit = people[0].unit
                self.first_day[unit] = min(day, self.first_day.get(unit, day))

    def stream(self, name: str) -> random.Random:
        """A random stream per part, so one part's draws never shift another's."""
        return random.Random(f"program-{self.seed}-{name}")

    def day(self, n: int) -> date:
        return (self.clock.start + timedelta(days=n)).date()

    def at(self, n: int, hour: int = 9) -> datetime:
        return self.clock.at(min(self.clock.limit, n * DAY + hour * 60))

    def leader(self, unit: str) -> Staff | None:
        leaders = [s for s in self.by_unit[unit] if s.level in SENIORITY]
        return min(leaders, key=lambda s: (SENIORITY.index(s.level), s.name, s.pk), default=None)


def build_program(
    roster: Roster, records: Records, clock: Clock, unit_ids: dict[str, int], seed: int
) -> Program:
    """Save the program, its cascade, commitments, meetings and say–do audits."""
    plan = _Plan(roster, records, clock, unit_ids, seed)
    program = _roadmap(plan)
    stages = _stages(plan)
    ahead = _ahead_leaders(plan, stages)
    aligned = _aligned_leaders(plan, stages, ahead)
    _save_stages(plan, program, stages, unit_ids)
    session_day = _sessions(plan, program, aligned, ahead)
    _commitments(plan, aligned, session_day, ahead)
    _meetings(plan, program, aligned, ahead, stages, unit_ids)
    _audits(plan, unit_ids)
    for unit in OrgUnit.objects.filter(pk__in=[unit_ids[u] for u, _ in ahead]):
        UnitStage.objects.filter(program=program, unit=unit).update(
            launch_warning=launch_warning(program, unit)
        )
    return program


def _roadmap(plan: _Plan) -> Program:
    roster = plan.roster
    owners = {"ceo": roster.ceo, "lead": roster.program_lead}
    owners["facilitator"] = next(
        s for s in plan.by_unit[org.PROGRAM_OFFICE] if s is not roster.program_lead
    )
    for key, title in OWNER_TITLES.items():
        owners[key] = next(s for s in roster.staff if s.title == title)
    program = Program.objects.create(
        name="Service First at Harbor Health",
        root_unit_id=plan.unit_ids[org.ROOT],
        owner_id=roster.program_lead.pk,
        started_on=plan.day(0),
        created_at=plan.at(0, 8),
    )
    items = []
    teams = len(roster.teams)
    launched = sum(1 for t in roster.teams if _team_first_day(plan, t.path) is not None)
    for p, (phase_name, template_items) in enumerate(TEMPLATE, start=1):
        phase = Phase.objects.create(program=program, name=phase_name, position=p)
        for i, (title, due) in enumerate(template_items, start=1):
            role, status, late, note = ROADMAP.get((p, i), ("lead", ItemStatus.TODO, 0, ""))
            if p == 5:  # the program slipped: Sustain and Renew was re-planned
                due = plan.last + 45 + 30 * i
                role = ("facilitator", "lead", "ceo")[i - 1]
            if (p, i) == (4, 3):
                note = f"{launched} of {teams} teams launched; the rest are in the cascade view."
            changed = None
            if status == ItemStatus.DONE:
                changed = plan.at(min(plan.last - 1, due + late), 16)
            elif status == ItemStatus.DOING:
                changed = plan.at(min(plan.last - 1, due - 40), 11)
            items.append(
                RoadmapItem(
                    phase=phase,
                    position=i,
                    title=title,
                    owner_id=owners[role].pk,
                    due_on=plan.day(due),
                    status=status,
                    status_changed_at=changed,
                    evidence_note=note,
                )
            )
    RoadmapItem.objects.bulk_create(items)
    return program


def _team_first_day(plan: _Plan, path: str) -> int | None:
    days = [d for unit, d in plan.first_day.items() if unit == path or unit.startswith(path + "/")]
    return min(days) if days else None


def _stages(plan: _Plan) -> dict[str, tuple[str, int]]:
    """Unit path → (stage, day reached); units not started are left out."""
    rng, stages = plan.rng, {}
    silent = 0
    for team in plan.roster.teams:
        leaves = sorted({g.unit for g in team.groups})
        for leaf in leaves:
            first = plan.first_day.get(leaf)
            if first is not None:
                stages[leaf] = (Stage.TEAM_LAUNCHED, max(0, first - 2))
                continue
            silent += 1  # the first silent unit is not started, then briefed, aligned
            pick = {1: None, 2: Stage.MANAGERS_BRIEFED, 3: Stage.LEADER_ALIGNED}.get(silent, "draw")
            if pick == "draw":
                pick = rng.choice([None, None, Stage.LEADER_ALIGNED, Stage.MANAGERS_BRIEFED])
            if pick:
                stages[leaf] = (pick, plan.last - rng.randint(20, 120))
        if team.path not in leaves:  # a team split in shifts follows its furthest shift
            reached = [stages[u] for u in leaves if u in stages]
            if reached:
                best = max(Stage.values.index(s) for s, _ in reached)
                stages[team.path] = (Stage.values[best], min(d for _, d in reached))
    # A department is launched once all its teams are, a division once half its departments.
    for level_units, share in ((_departments(plan), 1), (_divisions(plan), 0.5)):
        for unit, children in level_units.items():
            launched = sorted(
                stages[c][1]
                for c in children
                if c in stages and stages[c][0] == Stage.TEAM_LAUNCHED
            )
            needed = math.ceil(len(children) * share)
            if launched and len(launched) >= needed:
                stages[unit] = (Stage.TEAM_LAUNCHED, launched[needed - 1])
            elif launched:
                stages[unit] = (Stage.MANAGERS_BRIEFED, launched[0] - 5)
            else:
                stages[unit] = (Stage.LEADER_ALIGNED, 30)
    stages[org.ROOT] = (Stage.TEAM_LAUNCHED, ANNOUNCE_DAY)
    stages[org.PROGRAM_OFFICE] = (Stage.TEAM_LAUNCHED, 0)
    return stages


def _parents(paths) -> dict[str, list[str]]:
    """Each parent path with its children among `paths`, in order."""
    out: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        out[path.rsplit("/", 1)[0]].append(path)
    return out


def _departments(plan: _Plan) -> dict[str, list[str]]:
    return _parents(t.path for t in plan.roster.teams)


def _divisions(plan: _Plan) -> dict[str, list[str]]:
    return _parents(_departments(plan))


def _ahead_leaders(plan: _Plan, stages) -> list[tuple[str, Staff]]:
    """Two launched teams whose leader is not aligned: (unit, leader), oldest launch first."""
    keep = {id(s) for s in plan.roster.frontline.chain()}  # the printed chain stays aligned
    candidates = []
    for unit, (stage, day) in sorted(stages.items()):
        leader = plan.leader(unit)
        if (
            stage == Stage.TEAM_LAUNCHED
            and leader
            and leader.level in ("manager", "supervisor")
            and id(leader) not in keep
            and unit.count("/") >= 3
            and day > 60
        ):
            candidates.append((unit, leader))
    chosen = plan.rng.sample(candidates, 2)
    return sorted(chosen, key=lambda c: stages[c[0]][1])


def _aligned_leaders(plan: _Plan, stages, ahead) -> dict[int, tuple[Staff, int]]:
    """id(staff) → (staff, day they must be aligned by) for every aligned leader."""
    out: dict[int, tuple[Staff, int]] = {}
    unaligned = {id(s) for _, s in ahead}

    def need(s: Staff, by: int) -> None:
        if id(s) in unaligned:
            return
        old = out.get(id(s))
        out[id(s)] = (s, min(by, old[1]) if old else by)

    for unit, (_, day) in stages.items():
        leader = plan.leader(unit)
        if leader:
            need(leader, day)
    for s in plan.roster.staff:
        if s.level == "executive":
            need(s, 0)
        elif s.level == "senior_leader":
            need(s, WAVES[1])
        elif s.level == "supervisor" and id(s) not in out:
            lead = plan.leader(s.unit)
            if lead and id(lead) in out and plan.rng.random() < 0.6:
                need(s, out[id(lead)][1] + 30)  # a deputy who came along to a later session
    for s in plan.roster.frontline.chain():
        need(s, 0)
    return out


def _save_stages(plan: _Plan, program: Program, stages, unit_ids) -> None:
    UnitStage.objects.bulk_create(
        UnitStage(
            program=program,
            unit_id=unit_ids[unit],
            stage=stage,
            changed_at=plan.at(max(0, day), 15),
            changed_by_id=plan.roster.program_lead.pk,
        )
        for unit, (stage, day) in sorted(stages.items())
    )


def _sessions(plan: _Plan, program, aligned, ahead) -> dict[int, int]:
    """Alignment sessions, one per wave; returns id(staff) → the day they attended."""
    waves: dict[int, list[Staff]] = defaultdict(list)
    attended: dict[int, int] = {}
    for key, (s, by) in aligned.items():
        wave = max([w for w in WAVES if w <= max(0, by)], default=0)
        waves[wave].append(s)
        attended[key] = wave
    late = ahead[0][1]  # attended and committed, but back to finance-first meetings
    waves[WAVES[-1]].append(late)
    attended[id(late)] = WAVES[-1]
    office = plan.by_unit[org.PROGRAM_OFFICE]
    titles = [
        ("Why service, and why leaders go first", S, []),
        ("The seven rules of service leadership", S, []),
        ("Choosing our commitments", S, []),
        ("How the cascade reaches our teams", OP, []),
    ]
    meetings = []
    for wave in sorted(waves):
        chair = plan.roster.ceo if wave == 0 else plan.roster.program_lead
        people = sorted(
            {id(p): p for p in [chair, *office, *waves[wave]]}.values(), key=lambda p: p.pk
        )
        meetings.append(
            (
                plan.day(wave),
                org.ROOT,
                chair,
                people,
                titles,
                MeetingKind.ALIGNMENT_SESSION,
                "Leadership alignment session; commitments set on the day.",
            )
        )
    _save_meetings(plan, program, meetings)
    return attended


def _commitments(plan: _Plan, aligned, attended, ahead) -> None:
    # Check-ins follow the calendar (weeks start on Mondays), so they draw from their own
    # stream: the commitments stay the same whatever day the demo ends.
    rng, draw, today = plan.stream("commitments"), plan.stream("check-ins"), plan.day(plan.last)
    printed = {id(plan.roster.ceo), id(plan.roster.manager)}
    rows, checks = [], []
    leaders = [s for s, _ in aligned.values()] + [ahead[0][1]]
    for s in sorted(leaders, key=lambda s: s.pk):
        if s.level in ("executive", "senior_leader") or id(s) in printed:
            n = rng.randint(2, 4) if id(s) not in printed else 3
        elif s.level == "manager":
            n = rng.randint(2, 3)
        else:
            n = rng.randint(1, 2)
        start = attended[id(s)] + rng.randint(0, 6)
        reliability = rng.uniform(0.55, 0.97)
        for k, (rule, text, cadence) in enumerate(rng.sample(SUGGESTED_COMMITMENTS, n)):
            c = Commitment(
                leader_id=s.pk,
                text=text,
                rule=rule,
                cadence=cadence,
                started_on=plan.day(start),
                created_at=plan.at(start, 12),
            )
            stopped = k and start < plan.last - 100 and rng.random() < 0.08
            if stopped:  # the leader stopped it after a while; its record stays
                c.active, c.ended_on = False, plan.day(rng.randint(start + 60, plan.last - 20))
            rows.append(c)
            end = min(today, c.ended_on) if c.ended_on else today
            for period in cal.periods_between(c.started_on, end, cadence):
                if period.end >= today or draw.random() > reliability:
                    continue  # the current period is pending; otherwise missed
                kept = draw.random() < 0.86
                words = ""
                if not kept and draw.random() < 0.4:
                    words = draw.choice(REFLECTIONS_MISSED)
                elif kept and draw.random() < 0.05:
                    words = draw.choice(REFLECTIONS_KEPT)
                lag = (period.end - plan.day(0)).days + draw.randint(0, 3)
                checks.append(
                    CheckIn(commitment=c, period_start=period.start, kept=kept, reflection=words,
                            at=plan.at(lag, 17))
                )  # fmt: skip
    Commitment.objects.bulk_create(rows)
    CheckIn.objects.bulk_create(checks)  # each picks up its commitment's new id


def _meetings(plan: _Plan, program, aligned, ahead, stages, unit_ids) -> None:
    """Fortnightly executive, division and department meetings; monthly team leadership."""
    rng, last = plan.stream("meetings"), plan.last
    first = last - MEETING_WINDOW
    late = ahead[0][1]
    rows = []
    chairs: list[tuple[str, Staff, list[Staff], list[str], int]] = []
    execs = [s for s in plan.roster.staff if s.level == "executive" and s.manager]
    chairs.append(
        (
            org.ROOT,
            plan.roster.ceo,
            execs + [plan.roster.program_lead],
            sorted(_divisions(plan)),
            14,
        )
    )
    for division, depts in sorted(_divisions(plan).items()):
        heads = [plan.leader(d) for d in depts]
        chairs.append((division, plan.leader(division), heads, depts, 14))
    for dept, teams in sorted(_departments(plan).items()):
        managers = list({id(m): m for t in teams if (m := plan.leader(t))}.values())
        chairs.append((dept, plan.leader(dept), managers, teams, 14))
    for unit in sorted(stages):
        leader = plan.leader(unit)
        if unit.count("/") < 3 or leader is None:
            continue
        if id(leader) in aligned or leader is late:
            below = [
                s
                for u, staff in plan.by_unit.items()
                if u == unit or u.startswith(unit + "/")
                for s in staff
                if s is not leader
            ]
            team = [s for s in below if s.level == "supervisor"] or below[:6]
            chairs.append((unit, leader, team, [unit], 28))
    manager = plan.roster.manager  # the printed manager runs their shift's huddle either way
    if all(chair is not manager for _, chair, *_ in chairs):
        crew = [s for s in plan.by_unit[manager.unit] if s is not manager][:6]
        chairs.append((manager.unit, manager, crew, [manager.unit], 28))
    for unit, chair, members, below, every in chairs:
        day = first + rng.randint(0, every - 1)
        dates = []
        while day <= last:
            dates.append(day)
            day += every + rng.choice([-1, 0, 0, 1])
        for n, day in enumerate(dates):
            growth = (day - first) / MEETING_WINDOW
            service_first = rng.random() < 0.3 + 0.55 * growth
            if n == len(dates) - 1:
                service_first = chair is not late and id(chair) in aligned
            people = [chair] + [m for m in members if m and rng.random() < 0.88]
            items = _agenda(rng, service_first, below)
            notes = rng.choice(NOTES) if rng.random() < 0.4 else ""
            rows.append((plan.day(day), unit, chair, people, items, MeetingKind.MEETING, notes))
    _save_meetings(plan, program, rows)


def _agenda(rng: random.Random, service_first: bool, below: list[str]) -> list:
    tags = [S if service_first else rng.choice([F, OP, OP, P, SA])]
    tags += rng.sample([S, F, OP, P, OP, S, X], rng.randint(2, 4))
    items, used = [], set()
    for tag in tags:
        title = rng.choice(AGENDA[tag])
        affects = []
        if "{team}" in title:
            target = rng.choice(below)
            title = title.format(team=target.rsplit("/", 1)[-1])
            affects = [target]
        if title not in used:
            used.add(title)
            items.append((title, tag, affects))
    return items


def _save_meetings(plan: _Plan, program, rows) -> None:
    """(date, unit, chair, attendees, [(title, tag, [affected unit])], kind, notes) in bulk."""
    ids = plan.unit_ids
    meetings = [
        Meeting(
            kind=kind,
            program=program,
            date=day,
            unit_id=ids[unit],
            chair_id=chair.pk,
            notes=notes,
            created_by_id=chair.pk,
            created_at=plan.clock.at(
                min(plan.clock.limit, (day - plan.day(0)).days * DAY + 18 * 60)
            ),
        )
        for day, unit, chair, _, _, kind, notes in rows
    ]
    Meeting.objects.bulk_create(meetings)
    through = Meeting.attendees.through
    through.objects.bulk_create(
        through(meeting_id=m.pk, person_id=pk)
        for m, row in zip(meetings, rows, strict=True)
        for pk in dict.fromkeys([row[2].pk] + [p.pk for p in row[3]])
    )
    items, affects = [], []
    for m, row in zip(meetings, rows, strict=True):
        for n, (title, tag, units) in enumerate(row[4], start=1):
            item = AgendaItem(meeting_id=m.pk, position=n, title=title, tag=tag)
            items.append(item)
            affects.append((item, units))
    AgendaItem.objects.bulk_create(items)
    link = AgendaItem.affects.through
    link.objects.bulk_create(
        link(agendaitem_id=item.pk, orgunit_id=ids[u]) for item, units in affects for u in units
    )


def _audits(plan: _Plan, unit_ids) -> None:
    for when, note, shares in AUDITS:
        day = when if when >= 0 else plan.last + when
        audit = SayDoAudit.objects.create(
            root_unit_id=unit_ids[org.ROOT],
            taken_on=plan.day(day),
            note=note,
            created_by_id=plan.roster.program_lead.pk,
            created_at=plan.at(day, 14),
        )
        lines = [(SayDoKind.DECLARED, "", label, w, svc) for label, w, svc in DECLARED]
        lines += _doing(shares)
        SayDoEntry.objects.bulk_create(
            SayDoEntry(audit=audit, kind=k, level=lv, label=label, weight=w, service=svc)
            for k, lv, label, w, svc in lines
        )
