"""Read-only queries the roadmap and cascade screens need beyond services/cascade.py.

`cascade_tree` loads a program's whole tree; a large organization has thousands of
units, so the cascade screen shows a window of a few levels below one unit instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from tandem.people.models import OrgUnit, Person
from tandem.programs.models import Program, Stage, UnitStage
from tandem.programs.services.alignment import Alignment, alignments, unit_leaders


@dataclass(frozen=True)
class CascadeRow:
    """One unit of the cascade window: its stage, its leader and whether they are aligned."""

    unit: OrgUnit
    stage: str
    level: int  # 0 for the unit the window starts at
    leader: Person | None
    alignment: Alignment | None
    launch_warning: str

    @property
    def leader_aligned(self) -> bool:
        return self.alignment is not None and self.alignment.aligned


def cascade_window(program: Program, top: OrgUnit, levels: int = 3) -> list[CascadeRow]:
    """`top` and its descendants down to `levels` levels (top included), in tree order.

    A fixed number of queries whatever the window's size: units, stages, leaders and
    the leaders' alignment.
    """
    units = list(top.subtree().filter(depth__lt=top.depth + levels).order_by("path"))
    rows = {
        row.unit_id: row
        for row in UnitStage.objects.filter(program=program, unit__in=[u.pk for u in units])
    }
    leaders = unit_leaders(units)
    found = alignments(program, leaders.values()) if leaders else {}
    result = []
    for unit in units:
        staged = rows.get(unit.pk)
        leader = leaders.get(unit.pk)
        result.append(
            CascadeRow(
                unit=unit,
                stage=staged.stage if staged else Stage.NOT_STARTED,
                level=unit.depth - top.depth,
                leader=leader,
                alignment=found.get(leader.pk) if leader else None,
                launch_warning=staged.launch_warning if staged else "",
            )
        )
    return result


def ancestors_within(program: Program, unit: OrgUnit) -> list[OrgUnit]:
    """The units from the program's root down to `unit`'s parent, for a breadcrumb."""
    root = program.root_unit
    if unit.pk == root.pk:
        return []
    step = OrgUnit.steplen
    paths = [unit.path[: step * d] for d in range(root.depth, unit.depth)]
    return list(OrgUnit.objects.filter(path__in=paths).order_by("path"))
