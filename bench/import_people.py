"""Benchmark the org-chart import: 100,000 people, imported fresh and then again unchanged.

Run it against a scratch database (its name must contain "bench"; it is wiped first):

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/import_people.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem_bench \
        .venv/bin/python bench/import_people.py

For PostgreSQL the database is dropped and created again through psycopg, connecting
to the server's `postgres` database with the same credentials. Options: --rows N
(default 100000), --keep to leave the CSV in the working directory.

It prints the time of each run: fresh import, identical re-import, an update run
(1% of people changed, 1% left out with --deactivate-missing, as in a monthly export)
and a reorganization where every row changes. Figures: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
DEFAULT_URL = "sqlite:////tmp/bench.sqlite3"


def words(text: str) -> list[str]:
    return text.split()


FIRST = words(
    "Amelia Oliver Isla Noah Ava Leo Mia Arthur Grace Theo Freya Oscar Ruby Jack Chloe Harry "
    "Priya Arjun Ananya Rohan Mei Wei Jun Hana Sofia Mateo Lucia Diego Fatima Omar Layla Yusuf "
    "Chiamaka Emeka Amara Kwame Ingrid Lars Astrid Nils Zofia Piotr Olena Taras Aisha Ibrahim "
    "Marta Tomás Niamh Cian Siobhan Declan Kai Leilani Mateus Ana Joana Bruno"
)
LAST = words(
    "Smith Jones Taylor Brown Williams Wilson Evans Thomas Johnson Roberts Walker Wright "
    "Patel Sharma Singh Chen Wang Li Nguyen Tran Kim Park Garcia Martinez Rodriguez Lopez "
    "Hassan Ali Khan Okafor Mensah Adeyemi Larsen Nilsen Berg Kowalski Nowak Shevchenko "
    "Kovalenko O'Brien Murphy Kelly Byrne Walsh Costa Silva Pereira Santos Rossi Bianchi"
)
# A few names as they are written in their own script.
NATIVE = [
    "Γιώργος Παπαδόπουλος",
    "Ελένη Κωνσταντίνου",
    "田中 愛子",
    "佐藤 健",
    "ليلى حداد",
    "يوسف منصور",
    "Ольга Иванова",
    "김민준",
]
DIVISIONS = {
    "Nursing": [
        "Acute Care",
        "Critical Care",
        "Women and Children",
        "Mental Health",
        "Outpatients",
    ],
    "Medicine": ["Cardiology", "Respiratory", "Neurology", "Oncology", "Renal"],
    "Surgery": ["General Surgery", "Orthopaedics", "Theatres", "Day Surgery", "Anaesthetics"],
    "Operations": ["Facilities", "Patient Transport", "Catering", "Supplies", "Security"],
    "Community Care": ["District Nursing", "Home Care", "Rehabilitation", "Clinics", "Hospice"],
}
SITES = ["North Campus", "South Campus", "Riverside", "Eastgate"]
FLOORS = ["Level 1", "Level 2", "Level 3", "Level 4"]
WARDS = ["Team A", "Team B", "Team C"]
FRONTLINE_TITLES = [
    "Staff Nurse",
    "Healthcare Assistant",
    "Porter",
    "Ward Clerk",
    "Receptionist",
    "Physiotherapist",
    "Pharmacy Technician",
    "Domestic Assistant",
]


def ascii_local(text: str) -> str:
    """Tomás O'Brien -> tomas.obrien (email local parts here are plain ASCII)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded.lower().replace("'", "")


def generate(rows: int, seed: int = 42) -> list[list[str]]:
    """A believable hospital group: 6 unit levels and one reporting tree."""
    rnd = random.Random(seed)
    out: list[list[str]] = []

    def person(level: str, title: str, unit: str, manager: str, email_chance: float) -> str:
        n = len(out) + 1
        eid = f"HH{n:06d}"
        if rnd.random() < 0.03:
            name = rnd.choice(NATIVE)
            local = f"staff{n}"
        else:
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            name = f"{first} {last}"
            local = ascii_local(f"{first}.{last}{n}")
        email = f"{local}@harborhealth.example" if rnd.random() < email_chance else ""
        out.append([eid, name, email, title, level, unit, manager])
        return eid

    root = "Harbor Health"
    ceo = person("executive", "Chief Executive", root, "", 1)
    teams: list[tuple[str, str]] = []  # (unit, supervisor)
    for division, departments in DIVISIONS.items():
        d_unit = f"{root}/{division}"
        d_head = person("senior_leader", f"Director of {division}", d_unit, ceo, 1)
        for department in departments:
            p_unit = f"{d_unit}/{department}"
            p_head = person("manager", f"Head of {department}", p_unit, d_head, 1)
            for site in SITES:
                s_unit = f"{p_unit}/{site}"
                s_head = person("manager", "Site Manager", s_unit, p_head, 1)
                for floor in FLOORS:
                    f_unit = f"{s_unit}/{floor}"
                    f_head = person("supervisor", "Floor Coordinator", f_unit, s_head, 1)
                    for ward in WARDS:
                        w_unit = f"{f_unit}/{ward}"
                        w_head = person("Supervisor", "Team Leader", w_unit, f_head, 0.95)
                        for _ in range(4):
                            shift = person("supervisor", "Shift Lead", w_unit, w_head, 0.9)
                            teams.append((w_unit, shift))
    i = 0
    while len(out) < rows:
        unit, lead = teams[i % len(teams)]
        person("Frontline", rnd.choice(FRONTLINE_TITLES), unit, lead, 0.55)
        i += 1
    out = out[:rows]
    rnd.shuffle(out)  # reports often come before their managers, as in real exports
    return out


def write_csv(path: Path, rows: list[list[str]]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["employee_id", "name", "email", "title", "level", "unit", "manager_employee_id"]
        )
        writer.writerows(rows)


def fresh_database(url: str) -> str:
    """Wipe the scratch database named by `url`; returns a short description."""
    import dj_database_url

    config = dj_database_url.parse(url)
    name = str(config["NAME"])
    if "bench" not in name:
        raise SystemExit(
            f"Refusing to wipe {name!r}: the scratch database's name must contain 'bench'."
        )
    if config["ENGINE"].endswith("sqlite3"):
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        return f"SQLite {name}"
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    ) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        version = conn.execute("SHOW server_version").fetchone()[0]
    return f"PostgreSQL {version} database {name}"


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:7.2f} s")
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="copy the CSV to ./bench-people.csv")
    args = parser.parse_args()
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    database = fresh_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    from tandem.people.importer import import_people
    from tandem.people.models import OrgUnit, Person

    print(f"Tandem import benchmark: {database}")
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores")
    timed("migrate the scratch database", lambda: call_command("migrate", verbosity=0))
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "people.csv"
        rows, _ = timed(f"generate {args.rows:,} rows", lambda: generate(args.rows))
        write_csv(csv_path, rows)
        data = csv_path.read_bytes()
        print(f"CSV: {len(data) / 1e6:.1f} MB, {len(rows):,} rows")
        if args.keep:
            shutil.copy(csv_path, ROOT / "bench-people.csv")

        def run(payload: bytes, deactivate: bool = False):
            report = import_people(payload, deactivate_missing=deactivate, actor=None)
            if not report.ok:
                raise SystemExit("\n".join(str(p) for p in report.problems[:20]))
            return report

        report, _ = timed("1. fresh import", lambda: run(data))
        print(f"   {report.summary()}")
        if report.created != len(rows):
            raise SystemExit("The fresh import did not create everyone.")
        report, _ = timed("2. identical re-import", lambda: run(data))
        print(f"   {report.summary()}")
        if (report.created, report.updated, report.unchanged) != (0, 0, len(rows)):
            raise SystemExit("The identical re-import changed something: it must not.")
        # 1% change title, 1% disappear: a typical monthly HR export.
        rnd = random.Random(7)
        changed = [list(r) for r in rows]
        for r in rnd.sample(changed, len(changed) // 100):
            r[3] = "Senior " + r[3]
        managers = {r[6] for r in changed}
        leavers = [r for r in changed if r[0] not in managers][: len(changed) // 100]
        gone = {r[0] for r in leavers}
        write_csv(csv_path, [r for r in changed if r[0] not in gone])
        report, _ = timed(
            "3. 1% changed, 1% gone, --deactivate-missing",
            lambda: run(csv_path.read_bytes(), deactivate=True),
        )
        print(f"   {report.summary()}")
        # A reorganization: every row changes (here the title), so every person is updated.
        for r in changed:
            r[3] = "Acting " + r[3]
        write_csv(csv_path, changed)
        report, _ = timed("4. every row changed", lambda: run(csv_path.read_bytes()))
        print(f"   {report.summary()}")
    print(f"In the database: {Person.objects.count():,} people, {OrgUnit.objects.count():,} units")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
