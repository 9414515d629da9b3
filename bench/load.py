"""Load-and-fault benchmark: API clients creating and moving ideas against gunicorn.

    TANDEM_VAR_DIR=/tmp/tandem-load-bench .venv/bin/python bench/load.py --kill-web
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem_load_bench \
        .venv/bin/python bench/load.py --kill-web --workers 4

The database is the app's (DATABASE_URL, else the SQLite file in TANDEM_VAR_DIR, which
defaults here to /tmp/tandem-load-bench so nothing lands in the project's var/). Its name
must contain "bench": it is wiped (the SQLite file deleted, or the PostgreSQL database
dropped and created again, as bench/import_people.py does), migrated and filled with the
demo organization (`manage.py seed_demo`, about 600 people).

Then, with `--clients` frontline people (default 20, each under a different manager) and
API tokens for them and their managers:

1. gunicorn starts as `make serve` starts it (`--workers N --timeout 60`, DEBUG=false,
   ALLOWED_HOSTS=127.0.0.1, TASKS_BACKEND from the environment, else "database"), its
   standard error in a file; the load waits for GET /healthz to answer 200;
2. load, for --seconds: each frontline client (a thread with a keep-alive
   requests.Session) POSTs /api/v1/ideas one after the other; every second idea is
   handed to the author's manager, whose client moves it to trying, and every fourth on
   to implemented. Every answer is kept: status, latency, the id of a created idea;
3. checks, in this process: every idea whose creation answered 2xx is in the database and
   every move answered 2xx is in its history; no idea of the load lacks its author row;
   figures.summary() equals definitions.compute() (the raw count) for the root unit, the
   clients' teams and the units above them, for the current week and month;
4. with --kill-web, a second load: after --kill-after seconds gunicorn's master and workers
   are SIGKILLed, gunicorn starts again, the load goes on for --after-restart seconds, and
   the same checks run (no partial write).

It prints requests, throughput, p50/p95/max latency, 5xx answers and the lines of
gunicorn's output mentioning "database is locked" or "deadlock", then a table of the
targets with PASS/MISS (exit status 1 on any MISS). Figures: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
os.environ.setdefault("TANDEM_VAR_DIR", "/tmp/tandem-load-bench")

TITLE = "Load bench"
TARGET_THROUGHPUT = 30  # requests per second
ERROR_LINE = re.compile(r"database is locked|deadlock", re.IGNORECASE)
EXCEPTION_LINE = re.compile(r"^[\w.]+(Error|Exception|Detected)\b.*")


@dataclass(frozen=True)
class Answer:
    kind: str  # "create" or "move"
    status: int  # 0: no answer (connection refused or dropped)
    ms: float
    at: float  # time.monotonic() when it came back
    idea: int | None = None
    to: str = ""
    text: str = ""  # the body of a 5xx answer

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True)
class Client:
    person: int
    token: str
    manager_token: str


def p(values: list[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 50 values is the 48th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


# --------------------------------------------------------------------------- preparation


def prepare(clients: int) -> tuple[list[Client], float]:
    """Wipe, migrate and seed the scratch database; tokens for the frontline people and
    their managers. Returns the clients and the seconds it took."""
    from django.core.management import call_command
    from generate_org import database_url
    from import_people import fresh_database

    from tandem.people.models import ApiToken, Level, Person

    start = time.perf_counter()
    fresh_database(database_url())
    quiet = StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("seed_demo", stdout=quiet)
    call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)
    frontline = (
        Person.objects.filter(
            level=Level.FRONTLINE, active=True, user__isnull=False, manager__user__isnull=False
        )
        .select_related("user", "manager__user")
        .order_by("unit__path", "pk")
    )
    one_per_manager = list({person.manager_id: person for person in frontline}.values())
    if len(one_per_manager) < clients:
        raise SystemExit(f"Only {len(one_per_manager)} frontline people have distinct managers.")
    chosen = one_per_manager[:: len(one_per_manager) // clients][:clients]
    cast = [
        Client(
            person.pk,
            ApiToken.issue(person.user, TITLE)[1],
            ApiToken.issue(person.manager.user, TITLE)[1],
        )
        for person in chosen
    ]
    return cast, time.perf_counter() - start


def describe_database() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]} {connection.settings_dict['NAME']}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]} database {connection.settings_dict['NAME']}"


# --------------------------------------------------------------------------- gunicorn


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn as `make serve` starts it, in its own process group so that the master
    and its workers can be SIGKILLed together; standard error appended to `log`."""

    def __init__(self, workers: int, log: Path) -> None:
        from generate_org import database_url

        self.workers = workers
        self.log = log
        self.url = f"http://127.0.0.1:{free_port()}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "TASKS_BACKEND": os.environ.get("TASKS_BACKEND", "database"),
        }
        self.process: subprocess.Popen | None = None
        for path in (log, self.access_log):
            path.unlink(missing_ok=True)

    @property
    def access_log(self) -> Path:
        return self.log.with_suffix(".access")

    def start(self) -> None:
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "tandem.wsgi",
            "--bind",
            self.url.removeprefix("http://"),
            "--workers",
            str(self.workers),
            "--timeout",
            "60",
            "--access-logfile",
            str(self.access_log),
        ]
        with self.log.open("ab") as stderr:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )
        self.wait_healthy()

    def wait_healthy(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass  # not listening yet, or the workers still booting
            time.sleep(0.2)
        raise SystemExit(f"GET /healthz did not answer 200 within {seconds:.0f} s")

    def kill(self) -> None:
        """SIGKILL the master and every worker (the whole process group), and wait."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        while True:
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


# --------------------------------------------------------------------------- load


def post(session: requests.Session, url: str, body: dict, kind: str) -> Answer:
    start = time.perf_counter()
    try:
        response = session.post(url, json=body, timeout=(5, 90))
    except requests.RequestException:
        time.sleep(0.2)  # the server is down (--kill-web): try again shortly
        return Answer(kind, 0, (time.perf_counter() - start) * 1000, time.monotonic())
    ms = (time.perf_counter() - start) * 1000
    status = response.status_code
    idea = response.json().get("id") if 200 <= status < 300 else None
    text = response.text[:300] if status >= 500 else ""
    return Answer(kind, status, ms, time.monotonic(), idea, body.get("to", ""), text)


def session_for(token: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


def create_ideas(
    base: str, client: Client, phase: str, stop: threading.Event, moves: queue.Queue, out: list
) -> None:
    """One frontline person logging ideas back to back; every second one goes to the
    manager's queue (every fourth to be implemented)."""
    session = session_for(client.token)
    n = 0
    while not stop.is_set():
        n += 1
        body = {
            "title": f"{TITLE} {phase} {client.person}-{n}",
            "description": "A second label printer at the ward desk.",
        }
        answer = post(session, f"{base}/api/v1/ideas", body, "create")
        out.append(answer)
        if answer.ok and n % 2 == 0:
            moves.put((answer.idea, n % 4 == 0))


def move_ideas(
    base: str, client: Client, phase: str, stop: threading.Event, moves: queue.Queue, out: list
) -> None:
    """The manager moving the ideas handed over: to trying, some on to implemented."""
    session = session_for(client.manager_token)
    while not stop.is_set():
        try:
            idea, implement = moves.get(timeout=0.2)
        except queue.Empty:
            continue
        url = f"{base}/api/v1/ideas/{idea}/transition"
        answer = post(session, url, {"to": "trying", "note": "Try it this week."}, "move")
        out.append(answer)
        if answer.ok and implement:
            body = {"to": "implemented", "result": "Printed at the desk.", "note": "Done."}
            out.append(post(session, url, body, "move"))


def run_load(
    server: Gunicorn, cast: list[Client], phase: str, hold: Callable[[], None]
) -> tuple[list[Answer], float]:
    """Every client running until `hold` returns; the answers and the seconds taken. The
    ideas' titles start with TITLE and the phase's name."""
    stop = threading.Event()
    out: list[Answer] = []  # list.append is atomic: the threads share it
    threads = []
    for client in cast:
        moves: queue.Queue = queue.Queue()
        for work in (create_ideas, move_ideas):
            threads.append(
                threading.Thread(target=work, args=(server.url, client, phase, stop, moves, out))
            )
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    try:
        hold()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return out, time.perf_counter() - start


def log_lines(log: Path, offset: int) -> list[str]:
    with log.open("rb") as handle:
        handle.seek(offset)
        return handle.read().decode(errors="replace").splitlines()


# --------------------------------------------------------------------------- checks


def check_records(answers: list[Answer], phase: str) -> dict:
    """Every 2xx creation and move in the database; no idea of the phase without authors;
    how many of its ideas were written although their creation got no 2xx."""
    from tandem.capture.models import Idea, IdeaTransition

    written = Idea.objects.filter(title__startswith=f"{TITLE} {phase} ")
    created = {a.idea for a in answers if a.kind == "create" and a.ok}
    present = set(Idea.objects.filter(pk__in=created).values_list("pk", flat=True))
    moved = {(a.idea, a.to) for a in answers if a.kind == "move" and a.ok}
    kept = set(
        IdeaTransition.objects.filter(idea__in={idea for idea, _ in moved}).values_list(
            "idea_id", "to_status"
        )
    )
    return {
        "created": len(created),
        "missing": len(created - present),
        "moves": len(moved),
        "moves_missing": len(moved - kept),
        "without_author": written.filter(authors__isnull=True).count(),
        "unanswered": written.exclude(pk__in=created).count(),
    }


def rollup_mismatches(cast: list[Client]) -> tuple[int, list[str]]:
    """figures.summary() against the raw count for the root, the clients' teams and the
    units above them, this week and this month. Returns (pairs checked, mismatches)."""
    from tandem.indicators import figures
    from tandem.indicators.definitions import compute
    from tandem.indicators.periods import ReportPeriod
    from tandem.people.models import OrgUnit, Person

    people = Person.objects.filter(pk__in=[c.person for c in cast]).select_related("unit")
    units = {}
    for team in {person.unit for person in people}:
        units.update({unit.pk: unit for unit in [*OrgUnit.objects.get_ancestors(team), team]})
    periods = [ReportPeriod.containing("week"), ReportPeriod.containing("month")]
    wrong = [
        f"{unit.full_path} {period.kind}"
        for unit in units.values()
        for period in periods
        if figures.summary(unit, period) != compute(unit, period.start, period.end)
    ]
    return len(units) * len(periods), wrong


# --------------------------------------------------------------------------- report


def report(name: str, answers: list[Answer], seconds: float, lines: list[str]) -> dict:
    answered = [a for a in answers if a.status]
    ms = [a.ms for a in answered]
    figures = {
        "requests": len(answered),
        "creates": sum(a.kind == "create" for a in answered),
        "moves": sum(a.kind == "move" for a in answered),
        "throughput": len(answered) / seconds,
        "5xx": sum(a.status >= 500 for a in answered),
        "4xx": sum(400 <= a.status < 500 for a in answered),
        "no answer": len(answers) - len(answered),
        "locked": sum("database is locked" in line.lower() for line in lines)
        + sum("database is locked" in a.text.lower() for a in answered),
        "deadlock": sum("deadlock" in line.lower() for line in lines)
        + sum("deadlock" in a.text.lower() for a in answered),
    }
    print(f"{name}: {seconds:.1f} s")
    print(
        f"    {figures['requests']} requests ({figures['creates']} creations, "
        f"{figures['moves']} moves), {figures['throughput']:.1f} req/s; "
        f"p50 {p(ms, 50):.0f} ms, p95 {p(ms, 95):.0f} ms, max {max(ms):.0f} ms"
    )
    print(
        f"    5xx {figures['5xx']}, 4xx {figures['4xx']}, no answer {figures['no answer']}; "
        f"log lines: 'database is locked' {figures['locked']}, 'deadlock' {figures['deadlock']}"
    )
    errors = {line.strip() for line in lines if ERROR_LINE.search(line)}
    errors |= {line.strip() for line in lines if EXCEPTION_LINE.match(line.strip())}
    for line in sorted(errors)[:8]:
        print(f"    stderr: {line[:200]}")
    return figures


def report_checks(records: dict, checked: int, wrong: list[str]) -> None:
    print(
        f"    checks: {records['created']} ideas created with 2xx, {records['missing']} missing; "
        f"{records['moves']} moves with 2xx, {records['moves_missing']} missing; "
        f"{records['without_author']} ideas without an author, {records['unanswered']} "
        "written without a 2xx; "
        f"rollups = raw count in {checked - len(wrong)} of {checked} unit-periods"
    )
    for line in wrong[:5]:
        print(f"    rollups differ: {line}")


def targets(label: str, figures: dict, records: dict, wrong: list[str]) -> list:
    return [
        (f"{label}: 5xx answers = 0", str(figures["5xx"]), figures["5xx"] == 0),
        (
            f"{label}: 'database is locked' / 'deadlock' = 0",
            f"{figures['locked']} / {figures['deadlock']}",
            figures["locked"] + figures["deadlock"] == 0,
        ),
        (
            f"{label}: every 2xx creation and move present",
            f"{records['missing']} + {records['moves_missing']} missing",
            records["missing"] + records["moves_missing"] == 0,
        ),
        (
            f"{label}: no idea without its author",
            str(records["without_author"]),
            records["without_author"] == 0,
        ),
        (f"{label}: rollups = raw counts", f"{len(wrong)} differ", not wrong),
    ]


def load_phase(server: Gunicorn, cast: list[Client], seconds: float) -> list:
    server.start()
    answers, took = run_load(server, cast, "load", lambda: time.sleep(seconds))
    figures = report("load", answers, took, log_lines(server.log, 0))
    records = check_records(answers, "load")
    checked, wrong = rollup_mismatches(cast)
    report_checks(records, checked, wrong)
    return [
        *targets("load", figures, records, wrong),
        (
            f"load: throughput >= {TARGET_THROUGHPUT} req/s",
            f"{figures['throughput']:.1f} req/s",
            figures["throughput"] >= TARGET_THROUGHPUT,
        ),
    ]


def fault_phase(server: Gunicorn, cast: list[Client], kill_after: float, after: float) -> list:
    """The load again; gunicorn SIGKILLed after `kill_after` s, started again, `after` s more."""
    offset = server.log.stat().st_size
    moments: dict[str, float] = {}

    def fault() -> None:
        time.sleep(kill_after)
        moments["killed"] = time.monotonic()
        server.kill()
        server.start()
        moments["restarted"] = time.monotonic()
        time.sleep(after)

    answers, took = run_load(server, cast, "kill", fault)
    figures = report("kill", answers, took, log_lines(server.log, offset))
    cut = sum(not a.status and a.at - a.ms / 1000 < moments["killed"] for a in answers)
    served = sum(a.ok and a.at > moments["restarted"] for a in answers)
    print(
        f"    {cut} requests in flight at the SIGKILL; gunicorn back after "
        f"{moments['restarted'] - moments['killed']:.1f} s, then {served} answers 2xx"
    )
    records = check_records(answers, "kill")
    checked, wrong = rollup_mismatches(cast)
    report_checks(records, checked, wrong)
    return [
        *targets("kill", figures, records, wrong),
        ("kill: served again after the restart", f"{served} 2xx", served > 0),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the load")
    parser.add_argument("--clients", type=int, default=20, help="frontline clients")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)),
        help="gunicorn workers (default as `make serve`: WEB_CONCURRENCY, else 2 per core + 1)",
    )
    parser.add_argument("--kill-web", action="store_true", help="then the fault phase")
    parser.add_argument("--kill-after", type=float, default=10, help="seconds into the fault")
    parser.add_argument("--after-restart", type=float, default=15, help="load after restart")
    args = parser.parse_args()

    import django

    django.setup()
    from dashboard import check_bench_name

    check_bench_name()
    cast, prepared = prepare(args.clients)
    server = Gunicorn(args.workers, Path(os.environ["TANDEM_VAR_DIR"]) / "gunicorn.err")
    print("Tandem load-and-fault benchmark")
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"database: {describe_database()}; prepared in {prepared:.1f} s")
    print(
        f"gunicorn: {args.workers} workers, TASKS_BACKEND={server.env['TASKS_BACKEND']}, "
        f"{server.url}; {args.clients} frontline clients and their {args.clients} managers"
    )
    print()
    try:
        lines = load_phase(server, cast, args.seconds)
        if args.kill_web:
            print()
            lines += fault_phase(server, cast, args.kill_after, args.after_restart)
    finally:
        server.stop()
    print(f"load average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print()
    print(f"{'target':<52} {'measured':>20}  verdict")
    for target, measured, ok in lines:
        print(f"{target:<52} {measured:>20}  {verdict(ok)}")
    if not all(ok for _, _, ok in lines):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
