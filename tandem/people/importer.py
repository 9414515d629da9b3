"""Import the org chart from an HR system's CSV export (capability M1).

Three steps, so that a bad file never half-applies:

1. `parse_csv` reads the bytes without touching the database (decoding, header
   and CSV records are `tandem.lib.csv_upload`'s job) and checks every row on its own
   (required values, level, email, unit path, lengths, duplicates).
2. `check_against_tandem` checks what needs the people already in Tandem:
   managers that exist nowhere and manager cycles in the final reporting graph
   (the file's rows plus the people in Tandem the file does not mention).
   `make_plan` then works out what would change, still without writing.
3. `apply_plan` writes the plan in bulk inside the caller's transaction, then
   recomputes everyone's reporting line (`Person.rebuild_lines`) once.

`import_people` runs all three in one `transaction.atomic` and records one
audit entry per import. If any row is bad it returns the problems and writes
nothing at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone

from tandem.audit.models import log_action
from tandem.lib.csv_upload import MAX_PROBLEMS, ImportReport, RowProblem, read_table
from tandem.people.models import PATH_SEPARATOR, Level, OrgUnit, Person, User
from tandem.people.signals import people_placed

if TYPE_CHECKING:
    from collections.abc import Iterator

COLUMNS = ("employee_id", "name", "email", "title", "level", "unit", "manager_employee_id")
REQUIRED_VALUES = ("employee_id", "name", "level", "unit")
EXAMPLE_ROW = (
    "E1042,Aiko Tanaka,aiko.tanaka@harbor.example,Staff Nurse,frontline,"
    "Harbor Health/Nursing/Ward 4B,E0815"
)
ALLOWED_LEVELS = ", ".join(label.lower() for label in Level.labels)
BATCH_SIZE = 1000
# treebeard's materialized path is 255 characters of 4-character steps.
MAX_UNIT_DEPTH = OrgUnit._meta.get_field("path").max_length // OrgUnit.steplen
MAX_LENGTH = {
    name: Person._meta.get_field(name).max_length
    for name in ("employee_id", "name", "email", "title")
}
MAX_UNIT_NAME = OrgUnit._meta.get_field("name").max_length
MAX_UNIT_PATH = OrgUnit._meta.get_field("full_path").max_length
# Line breaks and other control characters (PostgreSQL refuses NUL); tab is allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
PERSON_FIELDS = ("name", "email", "title", "level", "unit", "manager", "active", "updated_at")
# What an import compares to tell "unchanged" from "updated" (plus active).
_compared = attrgetter("name", "email", "title", "level", "unit", "manager")


@dataclass(slots=True)
class Row:
    """One valid data row, with values stripped and the level and unit path normalized."""

    line: int
    employee_id: str
    name: str
    email: str
    title: str
    level: str
    unit: str
    manager: str


@dataclass(slots=True)
class Existing:
    """A person already in Tandem, as plain values (loading 100,000 models would be slow)."""

    pk: int
    employee_id: str
    name: str
    email: str
    title: str
    level: str
    unit: str
    manager: str
    active: bool
    user_id: int | None


@dataclass
class ParsedFile:
    rows: list[Row] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    # Every employee id and (line, manager id) in the file, bad rows included, so
    # that managers are checked on every row and one on a bad row is not reported
    # as existing nowhere.
    employee_ids: set[str] = field(default_factory=set)
    managers: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Plan:
    """What an import would change; `apply_plan` carries it out."""

    create: list[Row] = field(default_factory=list)
    update: list[tuple[Existing, Row]] = field(default_factory=list)
    unchanged: int = 0
    deactivate: list[Existing] = field(default_factory=list)
    unit_paths: list[str] = field(default_factory=list)

    @property
    def reactivate(self) -> list[Existing]:
        return [old for old, _row in self.update if not old.active]


@dataclass
class PeopleReport(ImportReport):
    """The org-chart import: how many people were created, updated, left alone,
    deactivated and re-activated, and how many units were created."""

    unchanged: int = 0
    deactivated: int = 0
    reactivated: int = 0
    units_created: int = 0
    deactivate_missing: bool = False
    # Rows imported as they are but worth a look: placed above or beside their manager's
    # unit (placed_apart), the first MAX_PROBLEMS of them, and how many in all.
    notes: list[RowProblem] = field(default_factory=list)
    note_count: int = 0

    def counts(self) -> dict[str, Any]:
        """The figures kept in the audit entry."""
        data = asdict(self)
        left_out = ("problems", "problem_count", "notes")
        return {k: v for k, v in data.items() if k not in left_out}

    def summary(self) -> str:
        if not self.ok:
            return super().summary()
        text = (
            f"{self.rows} rows: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.deactivated} deactivated"
        )
        if self.reactivated:
            text += f" ({self.reactivated} re-activated)"
        units = "unit" if self.units_created == 1 else "units"
        text = f"{text}; {self.units_created} {units} created."
        if self.note_count:
            text += f" {self.note_count} placed above or beside their manager's unit."
        return text


# --- step 1: read the file -------------------------------------------------------


def _unit_path(text: str) -> tuple[str, str]:
    """The normalized unit path, or an empty path and the reason it is bad."""
    parts = OrgUnit.split_path(text)
    for i, part in enumerate(parts, start=1):
        if not part:
            return "", f"unit '{text}' has an empty part (part {i} of {len(parts)})"
        if len(part) > MAX_UNIT_NAME:
            return "", f"unit part '{part[:40]}…' is longer than {MAX_UNIT_NAME} characters"
    if len(parts) > MAX_UNIT_DEPTH:
        return "", f"unit '{text[:80]}' is more than {MAX_UNIT_DEPTH} levels deep"
    path = PATH_SEPARATOR.join(parts)
    if len(path) > MAX_UNIT_PATH:
        return "", f"unit path is longer than {MAX_UNIT_PATH} characters"
    return path, ""


def _check_row(line: int, values: dict[str, str]) -> tuple[Row | None, list[str]]:
    reasons: list[str] = []
    missing = [name for name in REQUIRED_VALUES if not values[name]]
    if missing:
        reasons.append(f"missing {', '.join(missing)} (required on every row)")
    for name, value in values.items():
        control = _CONTROL.search(value)
        if control and control.group() in "\r\n":
            reasons.append(f"{name} contains a line break (is a closing quote missing?)")
        elif control:
            reasons.append(f"{name} contains the control character U+{ord(control.group()):04X}")
        elif name in MAX_LENGTH and len(value) > MAX_LENGTH[name]:
            reasons.append(f"{name} is longer than {MAX_LENGTH[name]} characters")
    level = Level.parse(values["level"]) if values["level"] else None
    if values["level"] and level is None:
        reasons.append(f"unknown level '{values['level']}'; allowed levels: {ALLOWED_LEVELS}")
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            reasons.append(f"email '{values['email']}' is not a valid email address")
    unit = ""
    if values["unit"]:
        unit, reason = _unit_path(values["unit"])
        if reason:
            reasons.append(reason)
    if reasons:
        return None, reasons
    assert level is not None
    row = Row(
        line=line,
        employee_id=values["employee_id"],
        name=values["name"],
        email=values["email"],
        title=values["title"],
        level=level.value,
        unit=unit,
        manager=values["manager_employee_id"],
    )
    return row, []


def parse_csv(data: bytes) -> ParsedFile:
    """Read and check the file on its own; touches no database."""
    table = read_table(data, COLUMNS)
    parsed = ParsedFile()
    first_line: dict[str, int] = {}
    for record in table.records:
        line, values = record.line, record.values
        employee_id = values["employee_id"]
        if values["manager_employee_id"]:
            parsed.managers.append((line, values["manager_employee_id"]))
        reasons: list[str] = []
        if employee_id:
            parsed.employee_ids.add(employee_id)
            if employee_id in first_line:
                reasons.append(
                    f"employee_id '{employee_id}' appears twice: "
                    f"on line {first_line[employee_id]} and on line {line}"
                )
            else:
                first_line[employee_id] = line
        row, row_reasons = _check_row(line, values)
        reasons += row_reasons
        if reasons:
            parsed.problems.extend(RowProblem(line, reason) for reason in reasons)
        elif row is not None:
            parsed.rows.append(row)
    # A CSV error stops reading, so it comes after the problems of the rows before it.
    parsed.problems.extend(table.problems)
    return parsed


# --- step 2: check against Tandem and plan ---------------------------------------


def load_existing() -> dict[str, Existing]:
    """Everyone already in Tandem by employee id, in one query."""
    fields = ("pk", "employee_id", "name", "email", "title", "level", "unit__full_path")
    rows = Person.objects.values_list(*fields, "manager__employee_id", "active", "user_id")
    found = {}
    for *values, manager, active, user_id in rows.iterator(chunk_size=5000):
        found[values[1]] = Existing(*values, manager or "", active, user_id)
    return found


def _find_cycles(manager_of: dict[str, str]) -> list[list[str]]:
    """Each cycle in a graph where every id has at most one manager."""
    done: set[str] = set()
    cycles: list[list[str]] = []
    for start in manager_of:
        path: list[str] = []
        on_path: set[str] = set()
        node = start
        while node and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = manager_of.get(node, "")
        if node in on_path:
            cycles.append(path[path.index(node) :])
        done.update(path)
    return cycles


def _cycle_problem(cycle: list[str], line_of: dict[str, int]) -> RowProblem | None:
    lines = [line_of[eid] for eid in cycle if eid in line_of]
    if not lines:
        return None  # already in Tandem before this file; the file did not cause it
    if len(cycle) == 1:
        return RowProblem(lines[0], f"employee_id '{cycle[0]}' is named as their own manager")

    def label(eid: str) -> str:
        return f"{eid} (line {line_of[eid]})" if eid in line_of else f"{eid} (in Tandem)"

    start = cycle.index(min((eid for eid in cycle if eid in line_of), key=line_of.__getitem__))
    ordered = cycle[start:] + cycle[:start]
    shown = " → ".join(label(eid) for eid in ordered[:20])
    more = f" → … {len(ordered) - 20} more" if len(ordered) > 20 else ""
    return RowProblem(min(lines), f"manager cycle: {shown}{more} → {ordered[0]}")


def check_against_tandem(
    parsed: ParsedFile,
    existing: dict[str, Existing],
    *,
    deactivate_missing: bool = False,
    keep_active: str = "",
) -> list[RowProblem]:
    """Managers that exist nowhere, manager cycles, and not deactivating the importer."""
    problems: list[RowProblem] = []
    for line, manager in parsed.managers:
        if manager not in parsed.employee_ids and manager not in existing:
            problems.append(
                RowProblem(
                    line, f"manager_employee_id '{manager}' is neither in the file nor in Tandem"
                )
            )
    line_of = {row.employee_id: row.line for row in parsed.rows}
    manager_of = {eid: old.manager for eid, old in existing.items() if eid not in line_of}
    manager_of.update({row.employee_id: row.manager for row in parsed.rows})
    for cycle in _find_cycles(manager_of):
        problem = _cycle_problem(cycle, line_of)
        if problem is not None:
            problems.append(problem)
    me = existing.get(keep_active)
    if deactivate_missing and me and me.active and keep_active not in parsed.employee_ids:
        problems.append(
            RowProblem(
                1,
                f"you ({keep_active}) are not in the file, so deactivating missing people "
                "would lock you out; add your row or leave “deactivate missing” off",
            )
        )
    return problems


def placed_apart(rows: list[Row], existing: dict[str, Existing]) -> list[RowProblem]:
    """Rows placed above or beside their manager's unit: not at or below it, and no deeper
    in the tree. They are imported as they are, but such a placement opens no unit to the
    manager (tandem.people.access.units_visible_to), so the report says so."""
    unit_of = {eid: old.unit for eid, old in existing.items()}
    unit_of.update((row.employee_id, row.unit) for row in rows)
    notes = []
    for row in rows:
        boss_unit = unit_of.get(row.manager) if row.manager else None
        if not boss_unit or row.unit == boss_unit:
            continue
        if row.unit.startswith(boss_unit + PATH_SEPARATOR):
            continue
        if row.unit.count(PATH_SEPARATOR) <= boss_unit.count(PATH_SEPARATOR):
            notes.append(
                RowProblem(
                    row.line,
                    f"{row.employee_id} is placed in '{row.unit}', above or beside the unit "
                    f"of their manager {row.manager} ('{boss_unit}'): imported, but the "
                    "manager and the leaders above them do not see that unit's figures",
                )
            )
    return notes


def _ancestors(path: str) -> Iterable[str]:
    parts = path.split(PATH_SEPARATOR)
    for i in range(1, len(parts) + 1):
        yield PATH_SEPARATOR.join(parts[:i])


def make_plan(
    rows: list[Row],
    existing: dict[str, Existing],
    unit_paths: set[str],
    *,
    deactivate_missing: bool = False,
) -> Plan:
    """Sort the rows into create, update and unchanged; find who would be deactivated."""
    plan = Plan()
    for row in rows:
        old = existing.get(row.employee_id)
        if old is None:
            plan.create.append(row)
        elif old.active and _compared(old) == _compared(row):
            plan.unchanged += 1
        else:
            plan.update.append((old, row))
    if deactivate_missing:
        in_file = {row.employee_id for row in rows}
        plan.deactivate = [
            old for eid, old in existing.items() if old.active and eid not in in_file
        ]
    wanted = {path for row in rows for path in _ancestors(row.unit)}
    plan.unit_paths = sorted(wanted - unit_paths)
    return plan


# --- step 3: write ---------------------------------------------------------------


def _chunks(items: list, size: int = BATCH_SIZE) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _layers(rows: list[Row]) -> list[list[Row]]:
    """New people grouped managers-first: layer k's managers are in layers below k.

    Creating layer by layer sets every new person's manager as they are inserted,
    so no second UPDATE of 100,000 rows is needed. The rows have no cycles.
    """
    row_of = {row.employee_id: row for row in rows}
    depth: dict[str, int] = {}
    for row in rows:
        chain: list[str] = []
        eid = row.employee_id
        while eid in row_of and eid not in depth:
            chain.append(eid)
            eid = row_of[eid].manager
        d = depth.get(eid, -1)
        for eid in reversed(chain):
            d += 1
            depth[eid] = d
    layers: list[list[Row]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for row in rows:
        layers[depth[row.employee_id]].append(row)
    return layers


def _update_people(people: list[Person]) -> None:
    """Write changed people with one prepared UPDATE run many times.

    `bulk_update` builds a CASE expression per field and batch, which took 220 s
    for 100,000 changed people on SQLite; executemany of a plain UPDATE by primary
    key takes a few seconds on SQLite and PostgreSQL alike.
    """
    if not people:
        return
    quote = connection.ops.quote_name
    fields = [Person._meta.get_field(name) for name in PERSON_FIELDS]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(Person._meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(Person._meta.pk.column),
    )
    params = [
        [f.get_db_prep_save(getattr(p, f.attname), connection) for f in fields] + [p.pk]
        for p in people
    ]
    with connection.cursor() as cursor:
        for chunk in _chunks(params):
            cursor.executemany(sql, chunk)


def apply_plan(plan: Plan, existing: dict[str, Existing]) -> int:
    """Carry out a plan inside the caller's transaction. Returns the number of units created."""
    units = {unit.full_path: unit for unit in OrgUnit.objects.all()}
    before = len(units)
    for path in plan.unit_paths:  # sorted, so parents come first
        OrgUnit.ensure_path(path, units)
    now = timezone.now()
    pk_of = {eid: old.pk for eid, old in existing.items()}

    def person(row: Row, **fields: Any) -> Person:
        return Person(
            employee_id=row.employee_id,
            name=row.name,
            email=row.email,
            title=row.title,
            level=row.level,
            unit_id=units[row.unit].pk,
            manager_id=pk_of[row.manager] if row.manager else None,
            active=True,
            updated_at=now,
            **fields,
        )

    for layer in _layers(plan.create):
        new = [person(row, created_at=now) for row in layer]
        # SQLite and PostgreSQL return the new ids from bulk_create.
        Person.objects.bulk_create(new, batch_size=BATCH_SIZE)
        pk_of.update((p.employee_id, p.pk) for p in new)

    _update_people([person(row, pk=old.pk) for old, row in plan.update])
    back = [old.user_id for old in plan.reactivate if old.user_id]
    for chunk in _chunks(back):
        User.objects.filter(pk__in=chunk).update(is_active=True)

    for chunk in _chunks(plan.deactivate):
        Person.objects.filter(pk__in=[old.pk for old in chunk]).update(active=False, updated_at=now)
        users = [old.user_id for old in chunk if old.user_id]
        User.objects.filter(pk__in=users).update(is_active=False)
    # The writes above bypass Person.save(): recompute reporting lines once, in bulk,
    # and move headcounts and past participation of everyone placed differently.
    Person.rebuild_lines()
    people_placed.send(Person, changes=_placement_changes(plan, units, pk_of))
    return len(units) - before


def _placement_changes(
    plan: Plan, units: dict[str, OrgUnit], pk_of: dict[str, int]
) -> list[tuple[int, tuple | None, tuple | None]]:
    """(person id, (unit id, active, level) before, after) for everyone the plan touched."""
    changes: list[tuple[int, tuple | None, tuple | None]] = [
        (pk_of[row.employee_id], None, (units[row.unit].pk, True, row.level)) for row in plan.create
    ]
    for old, row in plan.update:
        was = (units[old.unit].pk, old.active, old.level)
        changes.append((old.pk, was, (units[row.unit].pk, True, row.level)))
    for old in plan.deactivate:
        changes.append((old.pk, (units[old.unit].pk, old.active, old.level), None))
    return changes


def import_people(
    data: bytes, *, deactivate_missing: bool = False, actor: User | None = None
) -> PeopleReport:
    """Check the whole file, then apply it in one transaction, or change nothing.

    `actor` is the logged-in user (None from the command line); an importer who
    is not in the file cannot deactivate themself with `deactivate_missing`.
    """
    parsed = parse_csv(data)
    if parsed.problems and not parsed.rows and not parsed.managers:
        return PeopleReport.refused(parsed.problems)
    keep_active = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        person = Person.objects.filter(user=actor).only("employee_id").first()
        keep_active = person.employee_id if person else ""
    with transaction.atomic():
        existing = load_existing()
        problems = parsed.problems + check_against_tandem(
            parsed, existing, deactivate_missing=deactivate_missing, keep_active=keep_active
        )
        if problems:
            return PeopleReport.refused(problems)
        unit_paths = set(OrgUnit.objects.values_list("full_path", flat=True))
        plan = make_plan(parsed.rows, existing, unit_paths, deactivate_missing=deactivate_missing)
        units_created = apply_plan(plan, existing)
        notes = placed_apart(parsed.rows, existing)
        report = PeopleReport(
            rows=len(parsed.rows),
            created=len(plan.create),
            updated=len(plan.update),
            unchanged=plan.unchanged,
            deactivated=len(plan.deactivate),
            reactivated=len(plan.reactivate),
            units_created=units_created,
            deactivate_missing=deactivate_missing,
            notes=notes[:MAX_PROBLEMS],
            note_count=len(notes),
        )
        log_action(
            actor,
            "imported people",
            object_type="people.Person",
            object_label=report.summary(),
            extra=report.counts(),
        )
    return report
