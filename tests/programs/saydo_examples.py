"""The say–do worked examples of docs/say-do.md as audit lines (service and browser tests)."""

from __future__ import annotations

from tandem.programs.services.saydo import EntryInput

S = True  # service-related


def declared(service: int, finance: int, clinical: int) -> list[EntryInput]:
    return [
        EntryInput("declared", "Patient experience", service, S),
        EntryInput("declared", "Financial sustainability", finance),
        EntryInput("declared", "Clinical quality", clinical),
    ]


def lines(kind: str, level: str, *rows) -> list[EntryInput]:
    return [EntryInput(kind, label, weight, service, level) for label, weight, service in rows]


MANAGERS = [
    *lines(
        "scorecard",
        "manager",
        ("Patient satisfaction score", 30, S),
        ("Budget variance", 40, False),
        ("Average length of stay", 30, False),
    ),
    *lines(
        "incentive",
        "manager",
        ("Patient satisfaction bonus", 20, S),
        ("Budget target", 80, False),
    ),
    *lines(
        "hiring",
        "manager",
        ("Service attitude interview", 20, S),
        ("Clinical leadership experience", 50, False),
        ("Budget management", 30, False),
    ),
]


EXAMPLE_1 = [
    *declared(40, 35, 25),
    *MANAGERS,
    *lines(
        "scorecard",
        "supervisor",
        ("Complaints resolved within 48 hours", 20, S),
        ("Overtime hours", 50, False),
        ("Shift coverage", 30, False),
    ),
    *lines("incentive", "supervisor", ("Overtime reduction", 100, False)),
    *lines(
        "hiring", "supervisor", ("Clinical skills", 70, False), ("Years of experience", 30, False)
    ),
    *lines(
        "scorecard",
        "frontline",
        ("Tasks completed on time", 60, False),
        ("Patient feedback", 40, S),
    ),
    *lines("hiring", "frontline", ("Clinical certification", 100, False)),
]


EXAMPLE_2 = [
    *declared(50, 30, 20),
    *MANAGERS,
    *lines(
        "scorecard",
        "supervisor",
        ("Complaints resolved within 48 hours", 30, S),
        ("Overtime hours", 40, False),
        ("Shift coverage", 30, False),
    ),
    *lines(
        "incentive",
        "supervisor",
        ("Patient experience bonus", 25, S),
        ("Overtime reduction", 75, False),
    ),
    *lines(
        "hiring",
        "supervisor",
        ("Service attitude interview", 30, S),
        ("Clinical skills", 50, False),
        ("Years of experience", 20, False),
    ),
    *lines(
        "scorecard",
        "frontline",
        ("Patient feedback", 50, S),
        ("Tasks completed on time", 50, False),
    ),
    *lines(
        "hiring",
        "frontline",
        ("Service attitude interview", 40, S),
        ("Clinical certification", 60, False),
    ),
]
