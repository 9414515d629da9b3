"""A round's results as tables (reports/tables.py): the same figures the results page
shows to that person, for CSV, XLSX and the one-page PDF. A hidden cell is empty, as on
the page; nothing below the minimum is in any of them."""

from __future__ import annotations

from tandem.reports.tables import Column, Table

from .results import Results


def tables(found: Results) -> list[Table]:
    unit_columns = [
        Column(f"u{index}", row.unit.name, "float", digits=1)
        for index, row in enumerate(found.rows)
    ]
    blocks = Table(
        slug="building-blocks",
        title=f"{found.round.title}: {found.unit.name}, mean rating by block",
        columns=[Column("block", "Building block"), *unit_columns],
        rows=[
            {"block": block.name} | {f"u{i}": row.cells[b].mean for i, row in enumerate(found.rows)}
            for b, block in enumerate(found.blocks)
        ],
        note=(
            f"1 works against service … 5 fully supports it. Empty: fewer than "
            f"{found.minimum} rated the block there, or showing it would let a smaller "
            "group be worked out."
        ),
    )
    answered = Table(
        slug="answered",
        title=f"{found.round.title}: {found.unit.name}, who answered",
        columns=[
            Column("unit", "Unit"),
            Column("asked", "Asked", "int"),
            Column("answered", "Answered", "int"),
            Column("rate", "Share answered", "percent"),
        ],
        rows=[
            {
                "unit": row.unit.name,
                "asked": row.asked,
                "answered": row.answered,
                "rate": None if row.rate is None else row.rate / 100,
            }
            for row in found.rows
        ],
        note=f"Empty: fewer than {found.minimum} asked, or a smaller group could be worked out.",
    )
    return [blocks, answered]
