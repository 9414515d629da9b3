"""The say–do audit: record a dated snapshot, score each level, and name the contradictions.

How it is counted (worked examples in docs/say-do.md):

* SAY = the weight of the declared priorities that are about service (0–100 %).
  Service is "the top priority" when SAY is at least every other declared weight.
* For each level and each kind recorded for it (scorecard, incentive pay, hiring),
  the service share = the weight of its service-related lines (0–100 %).
* DO = the mean of those shares over the kinds recorded for the level.
* Score = 100 × DO / SAY, capped at 100, rounded half up: how much of what is said
  is backed by what the level is measured on, paid for and hired for. No score
  when nothing about service is declared.
* A contradiction is a kind whose service share is below half of SAY.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from math import floor

from django.core.exceptions import ValidationError
from django.db import transaction

from tandem.audit.models import log_action
from tandem.people.access import is_program_office, person_for
from tandem.people.models import Level, OrgUnit, Person, User
from tandem.programs.models import SayDoAudit, SayDoEntry, SayDoKind
from tandem.programs.models.saydo import DOING_KINDS

POSSESSIVE = {
    Level.EXECUTIVE: "executives'",
    Level.SENIOR_LEADER: "senior leaders'",
    Level.MANAGER: "managers'",
    Level.SUPERVISOR: "supervisors'",
    Level.FRONTLINE: "frontline staff's",
}
ROLE = {
    Level.EXECUTIVE: "executive",
    Level.SENIOR_LEADER: "senior leader",
    Level.MANAGER: "manager",
    Level.SUPERVISOR: "supervisor",
    Level.FRONTLINE: "frontline",
}
SUM_WORDS = {
    SayDoKind.DECLARED: "the declared priorities add up",
    SayDoKind.SCORECARD: "{poss} scorecard adds up",
    SayDoKind.INCENTIVE: "{poss} incentive pay adds up",
    SayDoKind.HIRING: "the hiring criteria for {role} roles add up",
}


@dataclass(frozen=True)
class EntryInput:
    kind: str
    label: str
    weight: int
    service: bool = False
    level: str = ""


def _sum_words(kind: str, level: str) -> str:
    text = SUM_WORDS[kind].format(poss=POSSESSIVE.get(level, ""), role=ROLE.get(level, ""))
    return text[0].upper() + text[1:]


def _entry_errors(entries: Sequence[EntryInput]) -> list[str]:
    errors = []
    for n, e in enumerate(entries, start=1):
        label = (e.label or "").strip()
        name = f"Line {n}" + (f" (“{label}”)" if label else "")
        if not label:
            errors.append(f"{name} has no label.")
        if e.kind not in SayDoKind.values:
            errors.append(f"{name} has the kind '{e.kind}'; use one of {', '.join(SayDoKind)}.")
            continue
        if e.kind == SayDoKind.DECLARED and e.level:
            errors.append(f"{name} is a declared priority; those are for the whole organization.")
        if e.kind != SayDoKind.DECLARED and e.level not in Level.values:
            errors.append(f"{name} needs a level: one of {', '.join(Level.values)}.")
        if not isinstance(e.weight, int) or isinstance(e.weight, bool) or not 0 <= e.weight <= 100:
            errors.append(f"{name} has the weight {e.weight!r}; give a whole percent, 0 to 100.")
    if errors:
        return errors
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for e in entries:
        totals[(e.kind, e.level)] += e.weight
    if (SayDoKind.DECLARED, "") not in totals:
        errors.append("Add the declared priorities (what the vision and values say).")
    for (kind, level), total in totals.items():
        if total != 100:
            errors.append(f"{_sum_words(kind, level)} to {total}%, not 100%.")
    return errors


@transaction.atomic
def record_say_do_audit(
    actor: User,
    root_unit: OrgUnit,
    taken_on: date,
    entries: Sequence[EntryInput],
    *,
    note: str = "",
    created_by: Person | None = None,
) -> SayDoAudit:
    """Save a dated audit with all its lines, or nothing: ValidationError on `entries`."""
    errors = _entry_errors(entries)
    if errors:
        raise ValidationError({"entries": errors})
    audit = SayDoAudit.objects.create(
        root_unit=root_unit, taken_on=taken_on, note=note.strip(), created_by=created_by
    )
    SayDoEntry.objects.bulk_create(
        SayDoEntry(
            audit=audit,
            kind=e.kind,
            level=e.level,
            label=e.label.strip(),
            weight=e.weight,
            service=e.service,
        )
        for e in entries
    )
    log_action(actor, "created", audit, extra={"lines": len(entries), "taken_on": str(taken_on)})
    return audit


def _round(value: Fraction) -> int:
    return floor(value + Fraction(1, 2))


@dataclass(frozen=True)
class LevelScore:
    level: str
    shares: dict[str, int]  # kind → service share in percent, for the kinds recorded
    does: Fraction
    score: int | None


@dataclass(frozen=True)
class SayDoReport:
    audit: SayDoAudit
    says: int
    service_is_top: bool
    levels: list[LevelScore]
    contradictions: list[str]

    def score_for(self, level: str) -> int | None:
        return next((s.score for s in self.levels if s.level == level), None)


def _does_words(kind: str, level: str, share: int) -> str:
    poss, role = POSSESSIVE[level], ROLE[level]
    only = "only " if share else ""
    if kind == SayDoKind.HIRING:
        if not share:
            return f"hiring criteria for {role} roles mention no service attitude"
        return f"only {share}% of the hiring criteria for {role} roles are about service attitude"
    if kind == SayDoKind.INCENTIVE:
        return f"{only}{share}% of {poss} incentive pay depends on it"
    return f"{only}{share}% of {poss} scorecard measures it"


def say_do_report(audit: SayDoAudit) -> SayDoReport:
    """The score per level and the contradictions in plain words, for one audit."""
    entries = list(audit.entries.all())
    declared = [e for e in entries if e.kind == SayDoKind.DECLARED]
    says = sum(e.weight for e in declared if e.service)
    top = says > 0 and all(e.weight <= says for e in declared if not e.service)
    said = (
        "Service is declared the top priority"
        if top
        else f"Service is declared {says}% of our priorities"
    )
    shares: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for e in entries:
        if e.kind in DOING_KINDS:
            shares[e.level][e.kind] += e.weight if e.service else 0
    levels, contradictions = [], []
    if says == 0:
        contradictions.append("Service is not among the declared priorities at all.")
    for level in Level.values:
        if level not in shares:
            continue
        kinds = {k: shares[level][k] for k in DOING_KINDS if k in shares[level]}
        does = Fraction(sum(kinds.values()), len(kinds))
        score = min(100, _round(100 * does / says)) if says else None
        levels.append(LevelScore(level, kinds, does, score))
        if says:
            for kind, share in kinds.items():
                if 2 * share < says:
                    contradictions.append(f"{said}, but {_does_words(kind, level, share)}.")
    return SayDoReport(audit, says, top, levels, contradictions)


def score_series(root_unit: OrgUnit) -> list[tuple[date, dict[str, int | None]]]:
    """Each audit of the unit, oldest first, with the score per level: the line over time."""
    audits = SayDoAudit.objects.filter(root_unit=root_unit).prefetch_related("entries")
    series = []
    for audit in audits.order_by("taken_on", "pk"):
        report = say_do_report(audit)
        series.append((audit.taken_on, {s.level: s.score for s in report.levels}))
    return series


# --- reading audits ----------------------------------------------------------------


def say_do_roots(user: User) -> list[OrgUnit]:
    """The units with say–do audits the user's report may show, in tree order: for the
    program office every audited unit, for anyone else the audited units at or above theirs."""
    roots = OrgUnit.objects.filter(
        pk__in=SayDoAudit.objects.values("root_unit_id").distinct()
    ).order_by("path")
    if is_program_office(user):
        return list(roots)
    me = person_for(user)
    if me is None:
        return []
    return [unit for unit in roots if me.unit.path.startswith(unit.path)]


def latest_audit(root: OrgUnit) -> SayDoAudit | None:
    return (
        SayDoAudit.objects.filter(root_unit=root)
        .prefetch_related("entries")
        .order_by("-taken_on", "-pk")
        .first()
    )
