"""The cascade: each unit moves through leader aligned → managers briefed → team launched.

Rules (only the program office changes the cascade; see programs/access.py):

* Forward one stage at a time. Skipping a stage is refused, naming the stage to do first.
* Back to any earlier stage is allowed, with a reason (a briefing that did not take,
  a new manager). The reason is kept on the row and in the audit trail.
* Launching a team whose leader is not aligned (see services/alignment.py) is
  allowed, since the frontline should not wait forever, but it returns a warning,
  keeps it on the row, and the unit shows on the "launched ahead of its leader" list
  until its leader is aligned: the set-up in which motivated staff may bump into a
  manager who does not back them.

"Bump risk" itself has one meaning (PRODUCT.md M5), defined here because both the
cascade page and the leaders' activity page (indicators/activity.py, which measures it)
state it: frontline effort met by managers who do not answer. A team launched ahead of
its leader is a warning sign of it, under its own name, so no word means two things.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from tandem.audit.models import log_action, snapshot
from tandem.people.models import OrgUnit, Person, User
from tandem.programs.models import STAGE_ORDER, Program, Stage, TransitionError, UnitStage
from tandem.programs.services.alignment import alignments, unit_leader, unit_leaders

# The one definition of bump risk, shown beside the figure on both pages and written in
# tandem/indicators/how-we-count.md (a test keeps the three in step).
BUMP_RISK_WINDOW_DAYS = 30
BUMP_RISK_DEFINITION = (
    "Bump risk: a team whose frontline staff logged (or were credited on) an idea, a "
    f"service action or a story in the last {BUMP_RISK_WINDOW_DAYS} days while none of "
    "their managers moved or commented on an idea of their team. The staff try, and bump "
    "into silence above them."
)
LAUNCHED_AHEAD_DEFINITION = (
    "Launched ahead of its leader: a team launched while the leader placed in its unit is "
    "not aligned yet (or it has none). It stays on this list until that leader is aligned. "
    "It is a warning sign of bump risk, not bump risk itself, which is measured from what "
    "staff and managers do."
)


def is_bump_risk(frontline_active: int, managers_responded: int) -> bool:
    """The rule of BUMP_RISK_DEFINITION for one team: some of its frontline took part in
    the window, and none of its managers responded."""
    return frontline_active > 0 and managers_responded == 0


@dataclass(frozen=True)
class StageChange:
    row: UnitStage
    warning: str = ""


@dataclass(frozen=True)
class LaunchedAhead:
    """A launched team whose leader is not aligned: what that leader still has to do."""

    unit: OrgUnit
    leader: Person | None
    missing: list[str]


def _label(stage: str) -> str:
    return Stage(stage).label.lower()


def in_program(program: Program, unit: OrgUnit) -> bool:
    return unit.path.startswith(program.root_unit.path)


def stage_of(program: Program, unit: OrgUnit) -> str:
    row = UnitStage.objects.filter(program=program, unit=unit).first()
    return row.stage if row else Stage.NOT_STARTED


def launch_warning(program: Program, unit: OrgUnit) -> str:
    """The warning for launching `unit` ahead of its leader, or "" when the leader is
    aligned."""
    leader = unit_leader(unit)
    if leader is None:
        return (
            f"{unit.name} has no supervisor or manager placed in it to align; "
            "its frontline staff may have nobody backing them."
        )
    alignment = alignments(program, [leader])[leader.pk]
    if alignment.aligned:
        return ""
    return (
        f"{unit.name} is launched while its leader {leader.name} is not aligned: they still "
        f"have to {' and '.join(alignment.missing)}. Staff there may bump into a manager who "
        "does not back them."
    )


def check_stage_change(current: str, to: str, note: str) -> None:
    """Raise TransitionError (field `to` or `note`) when the move breaks the cascade rules."""
    if to not in STAGE_ORDER:
        raise TransitionError(
            {"to": f"'{to}' is not a stage; use one of {', '.join(STAGE_ORDER)}."}
        )
    here, there = STAGE_ORDER.index(current), STAGE_ORDER.index(to)
    if there == here:
        raise TransitionError({"to": f"The unit is already at {_label(to)}."})
    if there > here + 1:
        first = STAGE_ORDER[here + 1]
        raise TransitionError(
            {
                "to": f"A unit at {_label(current)} cannot skip to {_label(to)}; "
                f"mark it {_label(first)} first."
            }
        )
    if there < here and not note.strip():
        raise TransitionError({"note": "Say why the unit moves back to an earlier stage."})


@transaction.atomic
def set_stage(
    actor: User, program: Program, unit: OrgUnit, to: str, *, by: Person | None, note: str = ""
) -> StageChange:
    """Move one unit to the next (or an earlier) stage; returns the row and any warning."""
    if not in_program(program, unit):
        raise ValidationError({"unit": f"{unit.full_path} is not part of {program.name}."})
    row, _ = UnitStage.objects.select_for_update().get_or_create(program=program, unit=unit)
    check_stage_change(row.stage, to, note)
    before = snapshot(row)
    warning = launch_warning(program, unit) if to == Stage.TEAM_LAUNCHED else ""
    row.stage, row.note, row.launch_warning = to, note.strip(), warning
    row.changed_at, row.changed_by = timezone.now(), by
    row.save()
    extra = {"warning": warning} if warning else None
    log_action(actor, "stage", row, before=before, after=snapshot(row), extra=extra)
    return StageChange(row=row, warning=warning)


def launched_ahead(program: Program) -> list[LaunchedAhead]:
    """Launched units whose leader is not aligned today (or who have none), in tree order."""
    rows = (
        UnitStage.objects.filter(program=program, stage=Stage.TEAM_LAUNCHED)
        .select_related("unit")
        .order_by("unit__path")
    )
    units = [row.unit for row in rows]
    leaders = unit_leaders(units)
    found = alignments(program, leaders.values())
    risks = []
    for unit in units:
        leader = leaders.get(unit.pk)
        if leader is None:
            risks.append(LaunchedAhead(unit, None, ["place a leader in the unit"]))
        elif not found[leader.pk].aligned:
            risks.append(LaunchedAhead(unit, leader, found[leader.pk].missing))
    return risks


def cascade_tree(program: Program) -> list[tuple[OrgUnit, str]]:
    """Every unit of the program in tree order with its stage (two queries)."""
    stages = dict(UnitStage.objects.filter(program=program).values_list("unit_id", "stage"))
    return [(u, stages.get(u.pk, Stage.NOT_STARTED)) for u in program.root_unit.subtree()]


def stage_counts_by_depth(program: Program) -> dict[int, dict[str, int]]:
    """For each depth of the org tree (treebeard's: 1 is a top-level unit): units per stage.

    Two aggregate queries however large the tree: units per depth, and staged units
    per depth and stage. Units with no row are not started.
    """
    root = program.root_unit
    # order_by(): treebeard orders by path, which would split the GROUP BY per unit.
    totals = dict(
        root.subtree().order_by().values("depth").annotate(n=Count("pk")).values_list("depth", "n")
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    staged = (
        UnitStage.objects.filter(program=program, unit__path__startswith=root.path)
        .exclude(stage=Stage.NOT_STARTED)
        .order_by()
        .values("unit__depth", "stage")
        .annotate(n=Count("pk"))
    )
    for row in staged:
        counts[row["unit__depth"]][row["stage"]] = row["n"]
    result = {}
    for depth in sorted(totals):
        per_stage = {stage: counts[depth].get(stage, 0) for stage in STAGE_ORDER}
        per_stage[Stage.NOT_STARTED] = totals[depth] - sum(per_stage.values())
        result[depth] = per_stage
    return result
