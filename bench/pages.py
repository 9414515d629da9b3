"""Benchmark the everyday pages on a generated organization (bench/generate_org.py),
through gunicorn as `make serve` runs it.

    TANDEM_VAR_DIR=/tmp/bench-sqlite .venv/bin/python bench/pages.py \
        --tenth sqlite:////tmp/bench-sqlite-10/tandem.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem_bench \
        .venv/bin/python bench/pages.py \
        --tenth postgres://postgres@127.0.0.1:5432/tandem_bench_10
    ... [--requests 30] [--only board,ideas,capture] [--who frontline,office] [--json out.json]

The database is the app's (DATABASE_URL, else the SQLite file in TANDEM_VAR_DIR); --tenth
names the same organization generated with --history-fraction 0.1. Both names must
contain "bench": the script migrates them and writes to them (sessions, API tokens, a
program office login when there is none, the ideas the capture POSTs log).

Four people of the organization, each logged in by a session made here as
django.contrib.auth.login makes it (the session cookie is sent) and holding an API token
issued as `manage.py create_api_token` issues it:

* frontline: an active frontline person with a login in one of the busiest teams;
* manager: the area manager with the most people in their area;
* senior: the director of the largest division;
* office: a program office login (created, in the "Program office" group, if the
  organization has none; it has no person record, so its board shows every unit and it
  logs nothing).

Static files are collected, then gunicorn serves tandem.wsgi with 2 sync workers on a
free local port (DEBUG=false, the same database); the script waits for /healthz, and
stops gunicorn at the end, also on error. Every page is asked --requests times after
two warm-ups, one request after the other (a new connection each, as a sync worker
closes it), with urllib's http.client. The page keys (--only picks some):

    login            /accounts/login/, anonymous (the baseline)
    home             /
    board            /board/ (the person's own unit)     board_root  /board/?unit=<root>
    ideas            /ideas/                             ideas_p50   /ideas/?page=50
    ideas_p500       /ideas/?page=500 (offset)           ideas_p500_next  page 499's next link
    ideas_root       /ideas/?unit=<root>                 ideas_root_p50  ... &page=50
    ideas_q          /ideas/?q=<common word>             ideas_q_rare    ?q=<rare word>
    stories          /stories/                           stories_p50 /stories/?page=50
    actions          /actions/                           actions_p50 /actions/?page=50
    api_ideas        GET /api/v1/ideas?limit=100         api_stories_q   /api/v1/stories?q=<common>
    export_csv       the leaders' activity export (CSV)  export_xlsx     (XLSX), leaders only
    idea             /ideas/<id>/ of a recent idea of the person's unit
    capture          POST /capture/?kind=idea (title and description), by people with a
                     person record; a success is a redirect (or a 200 saying "logged")

The words searched come from the generator's idea texts: the common one is in the most
idea and story texts, the rare one in a single idea text (how many ideas each matches in
the whole organization is printed).

It prints the machine, the database, the people, then a table: page, person, p50 and
p95 in ms, the size of the answer in KB, the target and PASS/MISS; any answer that is
not 2xx/3xx (or a redirect to the login page) is a FAIL with its status and the first
line of its body. Targets (p95): board, feeds, API lists <= 100 ms; searches <= 150 ms;
start page <= 100 ms; idea page and capture POST <= 50 ms; exports <= 1,000 ms; HTML of
the list pages (board, feeds) <= 100 KB; each gunicorn worker's peak RSS (VmHWM, read
before stopping it) <= 300 MB. With --tenth, the board and feed first pages again on
the 10% history database (its own gunicorn) and the ratio full / tenth of the p95,
target <= 1.5x.
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")

from dashboard import (  # noqa: E402
    check_bench_name,
    describe_database,
    p,
    prepare,
    prepare_tenth,
    tenth_description,
    verdict,
    who,
)

WARM_UP = 2
WORKERS = 2
TIMEOUT_S = 120  # for one request; gunicorn's own --timeout is 60 as in `make serve`
TARGET_LIST_MS = 100
TARGET_SEARCH_MS = 150
TARGET_HOME_MS = 100
TARGET_DETAIL_MS = 50
TARGET_EXPORT_MS = 1000
TARGET_LIST_KB = 100
TARGET_RSS_MB = 300
TARGET_HISTORY_RATIO = 1.5
TOKEN_NAME = "bench/pages.py"
OFFICE_EMAIL = "program.office.bench@harborhealth.example"
PEOPLE = ("frontline", "manager", "senior", "office")
LEADERS = ("manager", "senior")
WITH_PERSON = ("frontline", "manager", "senior")
# As long as a generated idea's description: the ideas logged top the feeds afterwards.
CAPTURED_DESCRIPTION = (
    "Visitors to the outpatient clinics wait standing by the lifts on the ground floor, "
    "often for ten minutes at busy times, and older patients find it hard. A bench and a "
    "sign with the lift times would let them sit while they wait, and porters could see "
    "at a glance who needs a hand."
)
EXPORT_FALLBACK = "/leaders/activity/?export=activity&format={fmt}"


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str  # formatted with root, common, rare, idea
    people: tuple[str, ...]
    target_ms: int | None
    list_page: bool = False  # HTML weight counts
    api: bool = False
    tenth: bool = False  # measured on the 10% history database too


PAGES = [
    Page("login", "login page (anonymous)", "/accounts/login/", ("anonymous",), None),
    Page("home", "start page", "/", PEOPLE, TARGET_HOME_MS),
    Page("board", "idea board, own unit", "/board/", PEOPLE, TARGET_LIST_MS, True, tenth=True),
    Page(
        "board_root",
        "idea board, root",
        "/board/?unit={root}",
        PEOPLE,
        TARGET_LIST_MS,
        True,
        tenth=True,
    ),
    Page("ideas", "ideas p1", "/ideas/", PEOPLE, TARGET_LIST_MS, True, tenth=True),
    Page("ideas_p50", "ideas p50", "/ideas/?page=50", PEOPLE, TARGET_LIST_MS, True),
    Page(
        "ideas_root",
        "ideas root p1",
        "/ideas/?unit={root}",
        PEOPLE,
        TARGET_LIST_MS,
        True,
        tenth=True,
    ),
    Page(
        "ideas_root_p50",
        "ideas root p50",
        "/ideas/?unit={root}&page=50",
        PEOPLE,
        TARGET_LIST_MS,
        True,
    ),
    # Deep pages: page 500 as an old ?page= link reads it (offset), and as the list's own
    # "next" link from page 499 does (keyset: after= the last row of page 499).
    Page("ideas_p500", "ideas p500 by number", "/ideas/?page=500", PEOPLE, TARGET_LIST_MS, True),
    Page("ideas_p500_next", "ideas p500 by next", "/ideas/?page=499", PEOPLE, TARGET_LIST_MS, True),
    Page("ideas_q", "ideas ?q=common", "/ideas/?q={common}", PEOPLE, TARGET_SEARCH_MS, True),
    Page("ideas_q_rare", "ideas ?q=rare", "/ideas/?q={rare}", PEOPLE, TARGET_SEARCH_MS, True),
    Page("stories", "stories p1", "/stories/", PEOPLE, TARGET_LIST_MS, True, tenth=True),
    Page("stories_p50", "stories p50", "/stories/?page=50", PEOPLE, TARGET_LIST_MS, True),
    Page("actions", "actions p1", "/actions/", PEOPLE, TARGET_LIST_MS, True, tenth=True),
    Page("actions_p50", "actions p50", "/actions/?page=50", PEOPLE, TARGET_LIST_MS, True),
    Page(
        "api_ideas",
        "API ideas limit=100",
        "/api/v1/ideas?limit=100",
        PEOPLE,
        TARGET_LIST_MS,
        api=True,
    ),
    Page(
        "api_stories_q",
        "API stories ?q=common",
        "/api/v1/stories?q={common}",
        PEOPLE,
        TARGET_SEARCH_MS,
        api=True,
    ),
    Page("export_csv", "activity export CSV", "csv", LEADERS, TARGET_EXPORT_MS),
    Page("export_xlsx", "activity export XLSX", "xlsx", LEADERS, TARGET_EXPORT_MS),
    Page("idea", "idea page", "/ideas/{idea}/", PEOPLE, TARGET_DETAIL_MS),
    Page("capture", "quick capture POST", "/capture/?kind=idea", WITH_PERSON, TARGET_DETAIL_MS),
]
KEYS = [page.key for page in PAGES]


# --------------------------------------------------------------------------- the people


def _session_for(user) -> str:
    """A session as django.contrib.auth.login makes it; returns its key."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


def _office_user():
    """A program office login: the first there is, else one created and put in the group
    (as tandem.demo.build puts the program lead there)."""
    from django.contrib.auth.models import Group

    from tandem.people.access import PROGRAM_OFFICE_GROUP, is_program_office
    from tandem.people.models import User

    user = (
        User.objects.filter(groups__name=PROGRAM_OFFICE_GROUP, is_active=True)
        .order_by("pk")
        .first()
    )
    if user is None:
        user = User.objects.filter(email=OFFICE_EMAIL).first() or User.objects.create_user(
            OFFICE_EMAIL, password=None
        )
        group, _ = Group.objects.get_or_create(name=PROGRAM_OFFICE_GROUP)
        group.user_set.add(user)
        user = User.objects.get(pk=user.pk)
    if not is_program_office(user):
        raise SystemExit(f"{user.email} is not program office after joining the group.")
    return user


def pick_people() -> dict[str, int]:
    """Person ids of the frontline person, the manager and the senior leader."""
    from django.db.models import Count
    from generate_org import database_url

    from tandem.people.models import Level, OrgUnit, Person

    capturer = who(database_url())["capturer"]
    paths = dict(OrgUnit.objects.values_list("pk", "path"))
    per_unit = (
        Person.objects.filter(active=True).order_by().values_list("unit").annotate(n=Count("pk"))
    )
    below: dict[str, int] = {}
    for unit_id, n in per_unit:
        path = paths[unit_id]
        for depth in (2, 4):
            if len(path) >= 4 * depth:
                below[path[: 4 * depth]] = below.get(path[: 4 * depth], 0) + n

    def head(depth: int, level: str) -> Person:
        by_size = sorted((k for k in below if len(k) == 4 * depth), key=lambda k: -below[k])
        for path in by_size:
            person = (
                Person.objects.filter(unit__path=path, level=level, active=True, user__isnull=False)
                .order_by("pk")
                .first()
            )
            if person:
                return person
        raise SystemExit(f"No {level} with a login heads a unit at depth {depth}.")

    return {
        "frontline": capturer.pk,
        "manager": head(4, Level.MANAGER).pk,
        "senior": head(2, Level.SENIOR_LEADER).pk,
    }


def common_and_rare_words(seed: int = 1) -> tuple[str, str, list[str]]:
    """From the generator's text banks: the word (5+ letters) in the largest share of both
    idea and story texts, and words in exactly one idea text and no story (as the search
    matches them: a substring, whatever the case)."""
    import random

    from generate_org import build_texts

    texts = build_texts(random.Random(seed + 1))
    ideas = [" ".join(str(x) for x in idea[:4]).lower() for idea in texts.ideas]
    stories = [f"{s[0]} {s[1]}".lower() for kind in texts.stories.values() for s in kind]
    words = sorted({w for text in ideas for w in re.findall(r"[a-z]{5,}", text)})

    def share(word: str, bank: list[str]) -> float:
        return sum(word in text for text in bank) / len(bank)

    common = max(words, key=lambda w: (min(share(w, ideas), share(w, stories)), w))
    rare = [
        w
        for w in words
        if len(w) >= 7 and sum(w in t for t in ideas) == 1 and share(w, stories) == 0
    ]
    return common, rare[0] if rare else "", rare[1:]


def matches(word: str) -> int:
    """Ideas of the whole organization whose text (the fields the generator fills) holds
    `word`, in any case: counted here, not by the app's search, which may stop early."""
    from django.db.models import Q

    from tandem.capture.models import Idea

    where = Q()
    for name in ("title", "description", "helps", "result"):
        where |= Q(**{f"{name}__icontains": word})
    return Idea.objects.filter(where).count()


def recent_idea(unit) -> int | None:
    """The newest idea that is not private in the unit's subtree (else anywhere), leaving
    out those the benchmarks log ("Benchmark: ...")."""
    from tandem.capture.models import Idea

    ideas = (
        Idea.objects.filter(private=False)
        .exclude(title__startswith="Benchmark")
        .order_by("-created_at", "-pk")
    )
    if unit is not None:
        mine = ideas.filter(unit__path__startswith=unit.path).values_list("pk", flat=True)
        found = mine.first()
        if found:
            return found
    return ideas.values_list("pk", flat=True).first()


def cast(ids: dict[str, int], details: bool) -> dict:
    """Sessions and API tokens for the people (and the program office) in this database;
    with `details`, what the table prints about them and an idea each may see."""
    from django.conf import settings

    from tandem.people.models import OrgUnit, Person
    from tandem.people.services import issue_token

    root = OrgUnit.objects.get(depth=1)
    out: dict = {
        "root": {"id": root.pk, "name": root.name},
        "cookie": settings.SESSION_COOKIE_NAME,
        "people": {},
    }
    chosen = {
        role: Person.objects.select_related("user", "unit").get(pk=pk) for role, pk in ids.items()
    }
    users = {role: person.user for role, person in chosen.items()}
    users["office"] = _office_user()
    for role, user in users.items():
        person = chosen.get(role)
        _, raw = issue_token(user, TOKEN_NAME, actor=TOKEN_NAME, days=1)
        entry = {
            "person": person.pk if person else None,
            "email": user.email,
            "session": _session_for(user),
            "token": raw,
        }
        if details:
            unit = person.unit if person else None
            entry.update(
                {
                    "name": person.name if person else user.email,
                    "title": person.title if person else "program office, no person",
                    "unit": unit.full_path if unit else "(every unit)",
                    "people_below": (
                        Person.objects.active().in_line_of(person).count() - 1 if person else 0
                    ),
                    "idea": recent_idea(unit),
                }
            )
        out["people"][role] = entry
    return out


def cast_in_child(url: str, ids: dict[str, int]) -> dict:
    """cast(ids) in a process on the database `url` (the 10% history one)."""
    done = subprocess.run(
        [sys.executable, __file__, "--worker", "cast", "--ids", json.dumps(ids)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"cast on {url} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- gunicorn


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn serving tandem.wsgi on database `url` as `make serve` starts it (here with
    WORKERS sync workers), its output in a temporary file; stopped by stop(), which
    `with` calls on the way out, error or not."""

    def __init__(self, url: str) -> None:
        self.port = free_port()
        self.log = Path(tempfile.mkstemp(prefix="bench-pages-gunicorn-", suffix=".log")[1])
        self.env = {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "TASKS_BACKEND": os.environ.get("TASKS_BACKEND", "database"),
        }
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "tandem.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(WORKERS),
            "--timeout",
            "60",
        ]
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=output,
                start_new_session=True,
            )
        try:
            self.wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def wait_healthy(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log}")
            try:
                if request(self.port, "GET", "/healthz", {}).status == 200:
                    return
            except OSError:
                pass  # not listening yet
            time.sleep(0.2)
        raise SystemExit(f"GET /healthz did not answer 200 within {seconds:.0f} s")

    def worker_peak_rss_mb(self) -> dict[int, float]:
        """VmHWM of each worker (a child of the master), in MB."""
        peaks = {}
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
            if int(fields.get("PPid", "0").strip()) == self.process.pid and "VmHWM" in fields:
                peaks[int(status.parent.name)] = int(fields["VmHWM"].split()[0]) / 1024
        return peaks

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn stops its workers gracefully on SIGTERM
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


# --------------------------------------------------------------------------- requests


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    ms: float

    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        for line in self.headers.get_all("Set-Cookie") or []:
            jar.load(line)
        return {name: morsel.value for name, morsel in jar.items()}

    def first_line(self) -> str:
        text = self.body.decode("utf-8", "replace").strip()
        title = re.search(r"<title>(.*?)</title>", text, re.S | re.I)
        line = title.group(1) if title else (text.splitlines() or [""])[0]
        return " ".join(html.unescape(line).split())[:160]


def request(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None
) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
    try:
        start = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        ms = (time.perf_counter() - start) * 1000
        return Answer(response.status, response.headers, data, ms)
    finally:
        connection.close()


@dataclass
class Row:
    key: str
    label: str
    role: str
    target_ms: int | None
    list_page: bool
    ms: list[float] = field(default_factory=list)
    kb: float = 0.0
    failure: str = ""
    note: str = ""

    @property
    def p50(self) -> float | None:
        return p(self.ms, 50) if self.ms and not self.failure else None

    @property
    def p95(self) -> float | None:
        return p(self.ms, 95) if self.ms and not self.failure else None

    def ok(self) -> bool | None:
        if self.failure:
            return False
        if self.target_ms is None:
            return None
        fast = self.p95 <= self.target_ms
        return fast and (not self.list_page or self.kb <= TARGET_LIST_KB)

    def target(self) -> str:
        if self.target_ms is None:
            return "baseline"
        weight = f", <= {TARGET_LIST_KB} KB" if self.list_page else ""
        return f"<= {self.target_ms:,} ms{weight}"

    def figures(self) -> dict:
        return {
            "page": self.key,
            "person": self.role,
            "p50_ms": self.p50,
            "p95_ms": self.p95,
            "kb": round(self.kb, 1),
            "target": self.target(),
            "verdict": "FAIL" if self.failure else verdict(self.ok()).strip(),
            "failure": self.failure,
            "note": self.note,
        }


class Visitor:
    """One person's requests: their session cookie on pages, their token on the API."""

    def __init__(self, port: int, role: str, entry: dict | None, cookie_name: str) -> None:
        self.port = port
        self.role = role
        self.entry = entry or {}
        self.cookies = {cookie_name: entry["session"]} if entry else {}

    def headers(self, api: bool = False) -> dict[str, str]:
        if api:
            return {"Authorization": f"Bearer {self.entry['token']}", "Accept": "application/json"}
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def get(self, path: str, api: bool = False) -> Answer:
        return request(self.port, "GET", path, self.headers(api))

    def csrf_token(self) -> str:
        """The CSRF cookie (set by the quick capture page) and the form's token."""
        answer = self.get("/capture/?kind=idea")
        check(answer, "/capture/?kind=idea")
        self.cookies.update({k: v for k, v in answer.cookies().items() if k == "csrftoken"})
        for tag in re.findall(rb"<input[^>]*>", answer.body):
            if b'name="csrfmiddlewaretoken"' in tag:
                found = re.search(rb'value="([^"]+)"', tag)
                if found:
                    return found.group(1).decode()
        if "csrftoken" in self.cookies:
            return self.cookies["csrftoken"]  # the secret itself is a valid token too
        raise Failure("the quick capture page set no CSRF cookie and has no CSRF token")

    def capture(self, token: str, n: int) -> Answer:
        body = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "title": f"Benchmark: a bench by the lifts ({self.role} {n})",
                "description": CAPTURED_DESCRIPTION,
            }
        ).encode()
        headers = {**self.headers(), "Content-Type": "application/x-www-form-urlencoded"}
        answer = request(self.port, "POST", "/capture/?kind=idea", headers, body)
        check(answer, "POST /capture/?kind=idea")
        if answer.status < 300 and b"logged" not in answer.body:
            raise Failure(f"{answer.status} without a success message: {answer.first_line()}")
        return answer


class Failure(Exception):
    pass


def check(answer: Answer, what: str) -> None:
    if not 200 <= answer.status < 400:
        raise Failure(f"{what} answered {answer.status}: {answer.first_line()}")
    location = answer.headers.get("Location", "")
    if 300 <= answer.status < 400 and "/accounts/login/" in location:
        raise Failure(f"{what} redirected to the login page ({answer.status} {location})")


def export_path(visitor: Visitor, fmt: str) -> str:
    """The export link of the leaders' activity page, as the page shows it."""
    answer = visitor.get("/leaders/activity/")
    check(answer, "/leaders/activity/")
    links = [
        html.unescape(m.decode())
        for m in re.findall(rb'href="([^"]*[?&](?:amp;)?export=[^"]*)"', answer.body)
    ]
    wanted = [link for link in links if f"format={fmt}" in link]
    preferred = [link for link in wanted if "export=activity" in link]
    if preferred or wanted:
        link = (preferred or wanted)[0]
        return link if link.startswith("/") else f"/leaders/activity/{link}"
    return EXPORT_FALLBACK.format(fmt=fmt)


def next_link(visitor: Visitor, path: str) -> str:
    """The "next" link of the list page at `path`, as a person would follow it."""
    answer = visitor.get(path)
    check(answer, path)
    found = re.search(rb'<a href="([^"]+)" rel="next"', answer.body)
    if not found:
        raise Failure(f"{path} has no next page")
    return path.split("?")[0] + html.unescape(found.group(1).decode())


def measure(page: Page, visitor: Visitor, values: dict, requests: int) -> Row:
    row = Row(page.key, page.label, visitor.role, page.target_ms, page.list_page)
    try:
        if page.key == "capture":
            token = visitor.csrf_token()
            for i in range(WARM_UP + requests):
                answer = visitor.capture(token, i)
                if i >= WARM_UP:
                    row.ms.append(answer.ms)
            row.kb = len(answer.body) / 1024
            row.note = f"{answer.status}"
            return row
        if page.key.startswith("export_"):
            path = export_path(visitor, page.path)
        elif page.key.endswith("_next"):
            path = next_link(visitor, page.path)
        else:
            if page.key == "idea" and not values.get("idea"):
                raise Failure("no idea to show")
            path = page.path.format(**values)
        for i in range(WARM_UP + requests):
            answer = visitor.get(path, api=page.api)
            check(answer, path)
            if i >= WARM_UP:
                row.ms.append(answer.ms)
        row.kb = len(answer.body) / 1024
        if answer.status != 200:
            row.note = f"{answer.status}"
    except Failure as error:
        row.failure = str(error)
    except OSError as error:  # refused, reset, timed out: a worker died or hung
        row.failure = f"no answer: {error!r}"
    return row


def run_pages(
    port: int,
    the_cast: dict,
    pages: list[Page],
    roles: list[str],
    common: str,
    rare: str,
    requests: int,
) -> list[Row]:
    rows = []
    for page in pages:
        for role in page.people:
            if role != "anonymous" and role not in roles:
                continue
            entry = the_cast["people"].get(role)
            visitor = Visitor(port, role, entry, the_cast["cookie"])
            values = {
                "root": the_cast["root"]["id"],
                "common": common,
                "rare": rare,
                "idea": (entry or {}).get("idea"),
            }
            row = measure(page, visitor, values, requests)
            print_row(row)
            rows.append(row)
    return rows


# --------------------------------------------------------------------------- printing


HEADER = (
    f"{'page':<24} {'person':<10} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7}  {'target':<24} verdict"
)


def print_row(row: Row) -> None:
    if row.failure:
        print(f"{row.label:<24} {row.role:<10} {'':>8} {'':>8} {'':>7}  {row.target():<24} FAIL")
        print(f"    {row.failure}", flush=True)
        return
    note = f"  ({row.note})" if row.note else ""
    print(
        f"{row.label:<24} {row.role:<10} {row.p50:8.1f} {row.p95:8.1f} {row.kb:7.1f}  "
        f"{row.target():<24} {verdict(row.ok())}{note}",
        flush=True,
    )


def print_rss(label: str, peaks: dict[int, float]) -> tuple[str, str, bool | None]:
    top = max(peaks.values()) if peaks else None
    each = ", ".join(f"{mb:.0f}" for mb in sorted(peaks.values()))
    target = f"{label}: worker peak RSS <= {TARGET_RSS_MB} MB"
    measured = f"{top:.0f} MB ({each})" if peaks else "no workers found"
    return target, measured, (top <= TARGET_RSS_MB) if peaks else None


# --------------------------------------------------------------------------- main


def code_version() -> str:
    """The commit, and how many files differ from it (others may be editing the tree)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = len(git("status", "--porcelain").splitlines())
    return f"commit {commit}" + (f", {changed} files changed or new" if changed else "")


def run_worker(args: argparse.Namespace) -> None:
    import django

    django.setup()
    check_bench_name()
    print(json.dumps(cast(json.loads(args.ids), details=False)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="measured requests per page")
    parser.add_argument("--tenth", help="database URL of the same org with 10%% of the history")
    parser.add_argument("--only", help=f"comma list of page keys: {', '.join(KEYS)}")
    parser.add_argument("--who", help=f"comma list of people: {', '.join(PEOPLE)}")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--worker", choices=["cast"], help=argparse.SUPPRESS)
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_worker(args)
        return
    keys = args.only.split(",") if args.only else KEYS
    roles = args.who.split(",") if args.who else list(PEOPLE)
    unknown = [k for k in keys if k not in KEYS] + [r for r in roles if r not in PEOPLE]
    if unknown:
        raise SystemExit(f"Unknown page keys or people: {', '.join(unknown)}")
    pages = [page for page in PAGES if page.key in keys]

    from generate_org import database_url

    url = database_url()
    import django

    django.setup()
    check_bench_name()
    if args.tenth and "bench" not in args.tenth:
        raise SystemExit("--tenth: the database's name must contain 'bench'.")
    from django.core.management import call_command

    prepared = prepare()
    if args.tenth:
        prepared += prepare_tenth(args.tenth)
    start = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    collected = time.perf_counter() - start

    print("Tandem pages benchmark (gunicorn, sequential requests)")
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores")
    print(f"migrate + ANALYZE first: {prepared:.1f} s; collectstatic {collected:.1f} s")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    database = describe_database()
    print(f"code: {code_version()}")
    print(f"database: {database}")
    if args.tenth:
        print(f"10% history: {tenth_description(args.tenth)}")

    ids = pick_people()
    the_cast = cast(ids, details=True)
    common, rare, more_rare = common_and_rare_words()
    counted = {}
    if any(page.key in ("ideas_q", "ideas_q_rare", "api_stories_q") for page in pages):
        counted[common] = matches(common)
        # The rare word's idea text may never have been drawn in a small organization.
        for word in [rare, *more_rare[:5]]:
            rare, counted[word] = word, matches(word)
            if counted[word]:
                break
    print(f"root unit: {the_cast['root']['name']} (id {the_cast['root']['id']})")
    for role, entry in the_cast["people"].items():
        print(
            f"{role:<10} {entry['name']}, {entry['title']}, {entry['unit']}; "
            f"{entry['people_below']:,} people below; idea {entry['idea']}"
        )
    if counted:
        print(
            "search words: "
            + ", ".join(f"{w!r} in {n:,} ideas" for w, n in counted.items())
            + " (their text, the whole organization)"
        )
    print(
        f"{args.requests} requests per page after {WARM_UP} warm-ups, one at a time; "
        f"gunicorn {WORKERS} sync workers"
    )
    print()

    results: dict = {
        "machine": f"{platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores",
        "database": database,
        "code": code_version(),
        "requests": args.requests,
        "people": {
            role: {k: v for k, v in entry.items() if k not in ("session", "token")}
            for role, entry in the_cast["people"].items()
        },
        "words": counted or {"common": common, "rare": rare},
    }
    lines = []
    print(HEADER)
    with Gunicorn(url) as server:
        try:
            rows = run_pages(server.port, the_cast, pages, roles, common, rare, args.requests)
        finally:
            peaks = server.worker_peak_rss_mb()
    logs = [server.log]
    lines.append(print_rss("full history", peaks))
    results["pages"] = [row.figures() for row in rows]
    results["rss_mb"] = list(peaks.values())

    ratios = []
    tenth_pages = [page for page in pages if page.tenth]
    if args.tenth and tenth_pages:
        print()
        print(f"10% history: {args.tenth}")
        tenth_cast = cast_in_child(args.tenth, ids)
        print(HEADER)
        with Gunicorn(args.tenth) as server:
            try:
                tenth_rows = run_pages(
                    server.port, tenth_cast, tenth_pages, roles, common, rare, args.requests
                )
            finally:
                tenth_peaks = server.worker_peak_rss_mb()
        logs.append(server.log)
        lines.append(print_rss("10% history", tenth_peaks))
        full = {(row.key, row.role): row for row in rows}
        print()
        print(
            f"{'page':<24} {'person':<10} {'full p95':>9} {'10% p95':>9} {'ratio':>7}  "
            f"{'target':<24} verdict"
        )
        for row in tenth_rows:
            other = full.get((row.key, row.role))
            if other is None or other.failure or row.failure:
                ratio, ok = None, False
                print(
                    f"{row.label:<24} {row.role:<10} {'':>9} {'':>9} {'':>7}  "
                    f"{f'<= {TARGET_HISTORY_RATIO}x':<24} FAIL"
                )
            else:
                ratio = other.p95 / row.p95
                ok = ratio <= TARGET_HISTORY_RATIO
                print(
                    f"{row.label:<24} {row.role:<10} {other.p95:9.1f} {row.p95:9.1f} "
                    f"{ratio:6.2f}x  {f'<= {TARGET_HISTORY_RATIO}x':<24} {verdict(ok)}"
                )
            ratios.append({**row.figures(), "ratio": ratio, "ratio_verdict": verdict(ok).strip()})
        results["tenth"] = ratios
        results["tenth_rss_mb"] = list(tenth_peaks.values())

    print()
    for target, measured, ok in lines:
        print(f"{target:<52} {measured:>20}  {verdict(ok)}")
    failed = [row for row in rows if row.failure]
    missed = [row for row in rows if row.ok() is False and not row.failure]
    print(
        f"{len(rows)} rows: {sum(r.ok() is True for r in rows)} PASS, {len(missed)} MISS, "
        f"{len(failed)} FAIL"
        + (
            f"; 10% ratios: {sum(r['ratio_verdict'] == 'PASS' for r in ratios)}"
            f" of {len(ratios)} PASS"
            if ratios
            else ""
        )
    )
    for row in failed:
        print(f"FAIL {row.key} ({row.role}): {row.failure}")
    if failed or any(r["verdict"] == "FAIL" for r in ratios):
        print(f"gunicorn's output (tracebacks): {', '.join(str(log) for log in logs)}")
    results["verdicts"] = [
        {"target": t, "measured": m, "verdict": verdict(ok).strip()} for t, m, ok in lines
    ]
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
