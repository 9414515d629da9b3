"""Every view of the site against every role: the status code each role gets.

The table `ROWS` is the specification, written from the rules in each app's `access.py`
(people, capture, programs, indicators, outcomes, digests, voice) and read against the views.
`test_every_view_has_a_row` walks the URL patterns, so a view added without a row (or a
row left behind by a removed view) fails with its name.

The world is one reporting line in Ward 4B (tests.factories.make_team):
executive → senior → manager → supervisor → frontline (the author of the test items) and
colleague (same unit); the outsider sits in Finance/Payroll; the program office has a
person (a senior leader) in Harbor Health/Program Office; `no_person` is a login with no
person record. Objects are built lazily, once per test, only those a row's URL needs.

Expected values: 200 (a page), LOGIN (anonymous: a redirect to the login page), 302 (a
redirect after a successful POST, or a redirect the page makes), 400 (allowed, but the
empty form is refused), 403 (may see, may not do), 404 (may not learn it exists), 405.
Within a test the roles that are refused go first, the ones whose POST succeeds last, so
a write cannot change what another role sees.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cached_property

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from tandem.assessments import leaders as leader_360
from tandem.assessments import services as assessments
from tandem.assessments.models import Review, ReviewRound
from tandem.assessments.models import Round as AssessmentRound
from tandem.capture.exports import request_export
from tandem.capture.models import BuildingBlock, RecordExport
from tandem.digests import services as digest_services
from tandem.digests.models import Digest
from tandem.notifications.models import Notification
from tandem.outcomes.models import UnitOutcome
from tandem.people.models import ApiToken, Level, OrgUnit, Person, User
from tandem.programs.models import Commitment, Meeting, Phase, Program, RoadmapItem
from tandem.programs.services.commitments import create_commitment
from tandem.programs.services.meetings import AgendaInput, record_meeting
from tandem.programs.services.responses import distribute_meeting
from tandem.programs.services.roadmap import attach_evidence_file
from tandem.recognition import contests, showcase
from tandem.recognition import services as recognition
from tandem.recognition.models import (
    Contest,
    Entry,
    Photo,
    Recognition,
    ShowcaseDay,
    ShowcaseEntry,
    Slot,
)
from tandem.reports import bundle, pdf
from tandem.voice import initiatives
from tandem.voice import services as voice_services
from tandem.voice.models import Feedback, Initiative, Response
from tests.factories import (
    PASSWORD,
    make_action,
    make_idea,
    make_person,
    make_program_office,
    make_story,
    make_team,
    make_unit,
)
from tests.programs.helpers import make_program

pytestmark = pytest.mark.django_db

# The namespaces of Tandem's own pages; everything else is admin, allauth or the API
# (which has its own permission tests in tests/api/test_permissions.py).
TANDEM_NAMESPACES = {
    "home",
    "capture",
    "people",
    "profile",
    "notifications",
    "programs",
    "audit",
    "indicators",
    "digests",
    "outcomes",
    "reports",
    "voice",
    "assessments",
    "recognition",
    "showcase",
}

ROLES = [
    "anonymous",
    "no_person",
    "frontline",
    "colleague",
    "supervisor",
    "manager",
    "executive",
    "outsider",
    "program_office",
]
LEADERS = ("supervisor", "manager", "executive", "program_office")
LOGIN = "login"  # anonymous: a redirect to the login page


# --- the world ------------------------------------------------------------------------


class World:
    """The people, always; every object a view needs, built the first time it is asked for."""

    def __init__(self) -> None:
        team = make_team()
        self.people: dict[str, Person] = {
            "frontline": team["frontline"],
            "colleague": team["colleague"],
            "supervisor": team["supervisor"],
            "manager": team["manager"],
            "executive": team["executive"],
            "outsider": make_person("Olly Outsider", unit="Harbor Health/Finance/Payroll"),
            "program_office": make_program_office(unit="Harbor Health/Program Office"),
        }
        self.senior = team["senior"]
        self.no_person = User.objects.create_user("nobody@harbor.example", PASSWORD)

    def user(self, role: str) -> User | None:
        if role == "anonymous":
            return None
        if role == "no_person":
            return self.no_person
        return self.people[role].user

    @property
    def author(self) -> Person:
        return self.people["frontline"]

    @property
    def manager(self) -> Person:
        return self.people["manager"]

    @property
    def ward(self) -> OrgUnit:
        return self.author.unit

    # capture: the author's private items
    @cached_property
    def idea(self):
        return make_idea(self.author, private=True)

    @cached_property
    def trying_idea(self):
        return make_idea(self.author, private=True, status="trying")

    @cached_property
    def story(self):
        return make_story(self.author, private=True)

    @cached_property
    def action(self):
        return make_action(self.author, private=True)

    # programs: a program from the template, rooted at Harbor Health
    @cached_property
    def program(self) -> Program:
        return make_program(self.people["program_office"], make_unit("Harbor Health"))

    @cached_property
    def phase(self) -> Phase:
        """The first phase, which has checklist items (so deleting it is refused)."""
        phase = self.program.phases.order_by("position").first()
        assert phase.items.exists()
        return phase

    @cached_property
    def item(self) -> RoadmapItem:
        return self.phase.items.order_by("position").first()

    @cached_property
    def evidence_item(self) -> RoadmapItem:
        upload = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", "application/pdf")
        return attach_evidence_file(self.people["program_office"].user, self.item, upload)

    @cached_property
    def commitment(self) -> Commitment:
        """The manager's: seen up and down their line, changed by the manager alone."""
        return create_commitment(
            self.manager.user,
            self.manager,
            "Recognize one frontline improvement every week",
            "sustain",
            "weekly",
            started_on=timezone.localdate() - timedelta(weeks=3),
        )

    @cached_property
    def meeting(self) -> Meeting:
        """Nursing's meeting chaired by the manager; one agenda item affects Ward 4B."""
        return record_meeting(
            self.people["program_office"].user,
            date=date(2026, 2, 2),
            unit=make_unit("Harbor Health/Nursing"),
            chair=self.manager,
            attendees=[self.manager],
            items=[
                AgendaInput("Patient stories", "service", []),
                AgendaInput("Discharge medicines", "operations", [self.ward]),
            ],
        )

    @cached_property
    def wide_meeting(self) -> Meeting:
        """Pharmacy's meeting, chaired by its manager; an item affects all of Nursing, so the
        team in Ward 4B (below Nursing) is affected without being named."""
        chair = make_person("Phil Pharma", unit="Harbor Health/Pharmacy", level=Level.MANAGER)
        nursing = make_unit("Harbor Health/Nursing")
        return record_meeting(
            chair.user,
            date=date(2026, 2, 3),
            unit=chair.unit,
            chair=chair,
            attendees=[chair],
            items=[AgendaInput("Weekend cover", "operations", [nursing])],
        )

    # assessments: rounds asking everyone in Ward 4B (every role of the team but the
    # executive, placed above it)
    def _assessment(self, title: str) -> AssessmentRound:
        plan = assessments.Plan(
            title=title,
            units=[self.ward],
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate() + timedelta(days=14),
        )
        return assessments.save_round(self.people["program_office"].user, plan)

    @cached_property
    def assessment(self) -> AssessmentRound:
        made = self._assessment("Building blocks, spring")
        assert assessments.open_round(self.people["program_office"].user, made)
        return made

    @cached_property
    def assessment_draft(self) -> AssessmentRound:
        return self._assessment("Building blocks, autumn")

    # recognition: Cal thanks Fay, once for all to see and once privately
    def _recognition(self, private: bool) -> Recognition:
        given = recognition.Given(what="Covered my shift.", people=[self.author], private=private)
        return recognition.give(self.people["colleague"].user, given)

    @cached_property
    def recognition(self) -> Recognition:
        return self._recognition(private=False)

    @cached_property
    def private_recognition(self) -> Recognition:
        return self._recognition(private=True)

    # an open contest judged by Maria (Fay's manager) and the outsider; Fay's idea entered
    @cached_property
    def contest(self) -> Contest:
        office = self.people["program_office"].user
        plan = contests.Plan(
            title="Fewer call-backs",
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate() + timedelta(days=7),
            judges=[self.people["manager"], self.people["outsider"]],
        )
        made = contests.save_contest(office, plan)
        contests.move(office, made, "open")
        return made

    # a showcase day in three weeks, with Ward 4B's entry (by Maria) and one guest
    @cached_property
    def showcase_day(self) -> ShowcaseDay:
        plan = showcase.DayPlan(
            title="Showcase",
            date=timezone.localdate() + timedelta(days=21),
            starts_at=time(9, 30),
            venue="Harbor Hall",
            places=50,
        )
        return showcase.save_day(self.people["program_office"].user, plan)

    @cached_property
    def showcase_entry(self) -> ShowcaseEntry:
        plan = showcase.EntryPlan(
            title="Calm nights", unit=self.ward, problem="p", change="c", results="r"
        )
        return showcase.add_entry(self.manager.user, self.showcase_day, plan)

    @cached_property
    def photo(self) -> Photo:
        image = ContentFile(b"\x89PNG\r\n\x1a\n stand-in", name="team.png")
        return Photo.objects.create(entry=self.showcase_entry, image=image)

    @cached_property
    def slot(self) -> Slot:
        office = self.people["program_office"].user
        return showcase.add_slot(
            office, self.showcase_day, time(9, 30), time(10), "Hall", None, "Hi"
        )

    def guest_token(self) -> str:
        guest = (
            showcase.invite(
                self.people["program_office"].user, self.showcase_day, "Ann", "ann@client.example"
            )
            if not self.showcase_day.guests.exists()
            else self.showcase_day.guests.get()
        )
        return showcase.rsvp_link(guest).rsplit("/", 2)[-2]

    def entry_token(self) -> str:
        return showcase.entry_link(self.showcase_entry).rsplit("/", 2)[-2]

    @cached_property
    def entry(self) -> Entry:
        idea = make_idea(self.author, title="Call families at 11", status="implemented")
        evidence = contests.Evidence("Call-backs a week", 40, 12)
        return contests.nominate(self.author.user, self.contest, idea, evidence)

    def _review_round(self, title: str) -> ReviewRound:
        plan = leader_360.Plan(
            title=title,
            units=[self.ward],
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate() + timedelta(days=14),
        )
        return leader_360.save_round(self.people["program_office"].user, plan)

    @cached_property
    def review_round(self) -> ReviewRound:
        """Open: the 360s of the ward's manager and supervisor."""
        made = self._review_round("Leadership 360, winter")
        leader_360.open_round(self.people["program_office"].user, made)
        return made

    @cached_property
    def review_draft(self) -> ReviewRound:
        return self._review_round("Leadership 360, summer")

    @cached_property
    def review(self) -> Review:
        """The supervisor's 360: rated by himself, the manager and the two frontline."""
        return Review.objects.get(round=self.review_round, leader=self.people["supervisor"])

    # voice: initiatives, all affecting Ward 4B, where every role of the team but the
    # executive is placed (the owner too): they respond; the executive, above, sees them
    def _initiative(self, title: str, *, publish: bool = True) -> Initiative:
        """The manager's (written and accountable)."""
        draft = initiatives.Draft(
            title=title,
            units=[self.ward],
            owner=self.manager,
            starts_on=timezone.localdate(),
        )
        initiative = initiatives.save_draft(self.manager.user, draft)
        if publish:
            assert initiatives.publish(self.manager.user, initiative)
        return initiative

    @cached_property
    def initiative(self) -> Initiative:
        return self._initiative("Huddles move to 7:10")

    @cached_property
    def draft(self) -> Initiative:
        """Seen by its writer and owner (the manager) and the program office only."""
        return self._initiative("Night handover checklist", publish=False)

    @cached_property
    def closed_initiative(self) -> Initiative:
        initiative = self._initiative("Rota swaps by app")
        initiatives.close(self.manager.user, initiative)
        return initiative

    @cached_property
    def initiative_response(self) -> Response:
        """The author's named response to the initiative."""
        return initiatives.respond(self.author, self.initiative, "concern", "And nights?")[0]

    @cached_property
    def notes(self) -> Initiative:
        """Pharmacy's meeting notes (affecting all of Nursing), distributed by its chair:
        a published initiative that Ward 4B answers and the chair runs."""
        distribute_meeting(self.wide_meeting.chair.user, self.wide_meeting)
        return Initiative.objects.get(meeting=self.wide_meeting)

    @cached_property
    def digest(self) -> Digest:
        """The manager's digest of last week, built (not emailed)."""
        row = digest_services.ensure_row(self.manager, digest_services.covered_week())
        digest_services.deliver(row.pk, send=False)
        row.refresh_from_db()
        assert row.built_at is not None
        return row

    @cached_property
    def feedback(self) -> Feedback:
        """The author's named feedback to their manager."""
        return voice_services.send(
            self.author, self.manager, "advice", "Try 7:15.", anonymous=False
        )[0]

    @cached_property
    def notification(self) -> Notification:
        """Everyone has one; the author's is the one asked for."""
        mine = None
        for person in self.people.values():
            note = Notification.objects.create(recipient=person, text="Hello", url="/ideas/")
            mine = note if person == self.author else mine
        return mine

    @cached_property
    def export(self) -> RecordExport:
        """The author's download of all ideas (it holds their private idea)."""
        self.idea  # noqa: B018 - built first, so the file holds it
        with TestCase.captureOnCommitCallbacks(execute=True):
            made = request_export(self.author.user, "ideas", "csv", "")
        made.refresh_from_db()
        assert made.status == "ready"
        return made

    @cached_property
    def token(self) -> ApiToken:
        return ApiToken.issue(self.author.user, "Team spreadsheet")[0]

    @cached_property
    def outcome_unit(self) -> OrgUnit:
        for month in (date(2026, 1, 1), date(2026, 2, 1)):
            UnitOutcome.objects.create(
                unit=self.ward, month=month, csat=88, complaints=2, imported_at=timezone.now()
            )
        return self.ward


@pytest.fixture
def world(settings, tmp_path, monkeypatch) -> World:
    settings.MEDIA_ROOT = tmp_path  # roadmap evidence files
    # Who gets the board PDF is the question here, not drawing it (a second each; the
    # drawing has its own tests): the view still checks, builds the figures and answers.
    monkeypatch.setattr(pdf, "dashboard_pdf", lambda *args: b"%PDF-1.4 stub")
    return World()


# --- the table --------------------------------------------------------------------------


def statuses(default, *, anonymous=LOGIN, **by_role) -> dict[str, int | str]:
    """`default` for every logged-in role, then the exceptions by role."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    row = dict.fromkeys(ROLES, default)
    row["anonymous"] = anonymous
    row.update(by_role)
    return row


def only(role_status: dict[str, int], *, others: int, anonymous=LOGIN) -> dict[str, int | str]:
    return statuses(others, anonymous=anonymous, **role_status)


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    expect: dict[str, int | str]
    args: Callable[[World], list] | None = None
    query: Callable[[World], str] | None = None
    data: Callable[[World], dict] | None = None
    case: str = ""  # a second row for the same view and method says what differs

    def url(self, world: World) -> str:
        url = reverse(self.name, args=self.args(world) if self.args else [])
        return f"{url}?{self.query(world)}" if self.query else url

    @property
    def id(self) -> str:
        return f"{self.name} {self.method}" + (f" ({self.case})" if self.case else "")


def GET(name, expect, args=None, query=None, case="") -> Row:  # noqa: N802
    return Row(name, "GET", expect, args, query, None, case)


def POST(name, expect, args=None, data=None, case="") -> Row:  # noqa: N802
    return Row(name, "POST", expect, args, None, data, case)


# Shorthands for the usual shapes.
EVERY_LOGIN = statuses(200)  # any login, a person record or not
PEOPLE_200 = statuses(200, no_person=403)  # people of the organization and the program office
PO_ONLY_200 = statuses(403, program_office=200)
PO_ONLY_400 = statuses(403, program_office=400)
# The author's private item: seen by the author, the unit, the line up and the program office.
PRIVATE_SEEN = statuses(200, no_person=404, outsider=404)
# Figures of Ward 4B: the unit and up the line; an outsider learns nothing but a 403.
WARD_FIGURES = statuses(200, no_person=403, outsider=403)
# The manager's commitment: the manager changes it; the line sees it; others learn nothing.
COMMITMENT_WRITE = statuses(403, no_person=404, outsider=404, manager=400)
# The meeting: seen by Ward 4B (affected), the chair, the executive (the meeting's unit is
# below theirs) and the program office; not by the outsider.
MEETING_SEEN = statuses(200, no_person=404, outsider=404)
LEADERS_ONLY_400 = statuses(403, **dict.fromkeys(LEADERS, 400))


# A published initiative of Ward 4B: seen by the ward, the executive above it and the
# program office; respond: the ward (an empty form: 400); the executive and the program
# office see it but are not affected.
INITIATIVE_SEEN = statuses(200, no_person=404, outsider=404)
RESPONDS_400 = statuses(400, no_person=404, outsider=404, executive=403, program_office=403)
# Run by its owner and writer (the manager) and the program office; others who see it: 403.
RUN_400 = statuses(403, no_person=404, outsider=404, manager=400, program_office=400)
# An open assessment round of Ward 4B: answered by its four (an empty form: 400); results
# for the leaders of the ward and above and the program office; the ward's frontline is
# sent to the answer page.
ASKED_200 = statuses(403, frontline=200, colleague=200, supervisor=200, manager=200)
ASKED_400 = statuses(403, frontline=400, colleague=400, supervisor=400, manager=400)
ASSESSMENT_RESULTS = statuses(
    403,
    frontline=302,
    colleague=302,
    supervisor=200,
    manager=200,
    executive=200,
    program_office=200,
)
PO_ONLY_302 = statuses(403, program_office=302)
PO_ONLY_200_ELSE_404 = only({"program_office": 200}, others=404)
PO_ONLY_400_ELSE_404 = only({"program_office": 400}, others=404)
PO_ONLY_302_ELSE_404 = only({"program_office": 302}, others=404)
# The supervisor's 360: he and his manager choose and approve peers (an empty choice:
# 400); the frontline rate him but have no say on peers; anyone else learns nothing.
_IN_REVIEW = ("supervisor", "manager", "frontline", "colleague")
REVIEW_PEERS_200 = only(
    {"supervisor": 200, "manager": 200, "frontline": 403, "colleague": 403}, others=404
)
REVIEW_PEERS_400 = only(
    {"supervisor": 400, "manager": 400, "frontline": 403, "colleague": 403}, others=404
)
RATERS_200 = only(dict.fromkeys(_IN_REVIEW, 200), others=404)
RATERS_400 = only(dict.fromkeys(_IN_REVIEW, 400), others=404)
RATERS_403 = only(dict.fromkeys(_IN_REVIEW, 403), others=404)
ASSESSMENT_ACT = statuses(403, supervisor=302, manager=302, executive=302, program_office=302)


def runners_only(status: int) -> dict[str, int | str]:
    """A draft: its runners get `status`; nobody else may learn it exists."""
    return only({"manager": status, "program_office": status}, others=404)


def author_edits(ok: int) -> dict[str, int | str]:
    """Changed only by its author and the program office; others who see it get a 403."""
    return statuses(403, no_person=404, outsider=404, frontline=ok, program_office=ok)


ROWS: list[Row] = [
    # home
    GET("home:home", EVERY_LOGIN),
    GET("home:healthz", statuses(200, anonymous=200)),  # for a load balancer: no login
    # capture: logging, lists, the author's private items
    GET("capture:quick_capture", EVERY_LOGIN),  # without a person: a page that says so
    POST("capture:quick_capture", statuses(400, no_person=403)),
    GET("capture:board", EVERY_LOGIN),
    GET("capture:board_column", EVERY_LOGIN, query=lambda w: "status=proposed&start=0"),
    GET("capture:idea_list", EVERY_LOGIN),
    GET("capture:story_list", EVERY_LOGIN),
    GET("capture:action_list", EVERY_LOGIN),
    # Downloads of whole lists: each their own; only the one who asked fetches the file.
    GET("capture:export_list", EVERY_LOGIN),
    POST("capture:export_new", statuses(400)),  # an empty form names no list
    GET("capture:export_download", only({"frontline": 200}, others=404), lambda w: [w.export.pk]),
    GET("capture:idea_detail", PRIVATE_SEEN, lambda w: [w.idea.pk]),
    GET("capture:idea_edit", author_edits(200), lambda w: [w.idea.pk]),
    GET(
        "capture:idea_edit",
        statuses(403, no_person=404, outsider=404, program_office=200),
        lambda w: [w.trying_idea.pk],
        case="no longer proposed",
    ),
    POST("capture:idea_edit", author_edits(400), lambda w: [w.idea.pk]),
    # Moved by a manager anywhere up an author's line, and the program office.
    POST(
        "capture:idea_move",
        statuses(400, no_person=404, outsider=404, frontline=403, colleague=403),
        lambda w: [w.idea.pk],
    ),
    POST("capture:idea_comment", statuses(400, no_person=404, outsider=404), lambda w: [w.idea.pk]),
    GET("capture:story_detail", PRIVATE_SEEN, lambda w: [w.story.pk]),
    GET("capture:story_edit", author_edits(200), lambda w: [w.story.pk]),
    POST("capture:story_edit", author_edits(400), lambda w: [w.story.pk]),
    GET("capture:action_detail", PRIVATE_SEEN, lambda w: [w.action.pk]),
    GET("capture:action_edit", author_edits(200), lambda w: [w.action.pk]),
    POST("capture:action_edit", author_edits(400), lambda w: [w.action.pk]),
    # people: the program office's pages
    GET("people:import", PO_ONLY_200),
    POST("people:import", PO_ONLY_400),
    GET("people:invite", PO_ONLY_200),
    POST("people:invite", PO_ONLY_400),
    GET("audit:list", PO_ONLY_200),
    # the pickers' options: any login; what each role finds is tests/people/test_pickers.py
    GET("people:pick", EVERY_LOGIN, lambda w: ["units"], query=lambda w: "field=u&u_find=w"),
    GET("people:pick", EVERY_LOGIN, lambda w: ["credit"], case="people one may credit"),
    GET("people:pick", statuses(404), lambda w: ["nothing"], case="no such picker"),
    # profile: one's own login and tokens
    GET("profile:detail", EVERY_LOGIN),
    POST("profile:create_token", statuses(400)),
    POST("profile:revoke_token", only({"frontline": 302}, others=404), lambda w: [w.token.pk]),
    # notifications: one's own
    GET("notifications:list", EVERY_LOGIN),
    POST("notifications:mark_all_read", statuses(302)),
    POST("notifications:email_choice", statuses(400, no_person=403)),  # neither on nor off
    POST(
        "notifications:mark_read",
        only({"frontline": 302}, others=404),
        lambda w: [w.notification.pk],
    ),
    GET("notifications:open", only({"frontline": 302}, others=404), lambda w: [w.notification.pk]),
    # programs: the roadmap and the cascade (read by everyone, run by the program office)
    GET("programs:roadmap", PEOPLE_200, query=lambda w: f"program={w.program.pk}"),
    POST("programs:start_program", PO_ONLY_400),
    POST("programs:item_move", PO_ONLY_400, lambda w: [w.item.pk]),
    POST("programs:item_evidence", PO_ONLY_400, lambda w: [w.item.pk]),
    GET("programs:item_evidence_file", PEOPLE_200, lambda w: [w.evidence_item.pk]),
    POST("programs:item_edit", PO_ONLY_400, lambda w: [w.item.pk]),
    POST("programs:item_delete", statuses(403, program_office=302), lambda w: [w.item.pk]),
    POST("programs:item_shift", PO_ONLY_400, lambda w: [w.item.pk]),
    POST("programs:item_to_phase", PO_ONLY_400, lambda w: [w.item.pk]),
    POST("programs:phase_add", PO_ONLY_400, data=lambda w: {"program": w.program.pk}),
    POST("programs:phase_rename", PO_ONLY_400, lambda w: [w.phase.pk]),
    POST("programs:phase_delete", PO_ONLY_400, lambda w: [w.phase.pk]),  # it has items
    POST("programs:phase_shift", PO_ONLY_400, lambda w: [w.phase.pk]),
    POST("programs:item_add", PO_ONLY_400, lambda w: [w.phase.pk]),
    GET("programs:alignment", PEOPLE_200, query=lambda w: f"program={w.program.pk}"),
    GET("programs:cascade", PEOPLE_200, query=lambda w: f"program={w.program.pk}"),
    POST("programs:unit_stage", PO_ONLY_400, lambda w: [w.program.pk, w.ward.pk]),
    # programs: commitments (a leader's own; public to their line)
    GET("programs:commitments", PEOPLE_200),
    POST("programs:commitments", LEADERS_ONLY_400),  # the program lead is a senior leader
    GET(
        "programs:commitment_detail",
        statuses(200, no_person=404, outsider=404),
        lambda w: [w.commitment.pk],
    ),
    POST("programs:commitment_check_in", COMMITMENT_WRITE, lambda w: [w.commitment.pk]),
    POST("programs:commitment_edit", COMMITMENT_WRITE, lambda w: [w.commitment.pk]),
    POST(
        "programs:commitment_stop",
        {**COMMITMENT_WRITE, "manager": 302},
        lambda w: [w.commitment.pk],
    ),
    # programs: meetings and leading up
    GET("programs:meetings", PEOPLE_200),
    GET("programs:meeting_new", statuses(403, **dict.fromkeys(LEADERS, 200))),
    POST("programs:meeting_new", LEADERS_ONLY_400),
    GET("programs:meeting_detail", MEETING_SEEN, lambda w: [w.meeting.pk]),
    POST(
        "programs:meeting_distribute",
        statuses(403, no_person=404, outsider=404, manager=302, program_office=302),
        lambda w: [w.meeting.pk],
    ),
    # Pharmacy's meeting affecting Nursing: Ward 4B, below Nursing, is affected: its
    # people see the meeting (its distributed notes are an initiative, rows below).
    GET(
        "programs:meeting_detail",
        statuses(200, no_person=404, outsider=404),
        lambda w: [w.wide_meeting.pk],
        case="affects the unit above",
    ),
    # programs: the say–do audit
    GET("programs:say_do", PEOPLE_200),
    GET("programs:say_do_new", PO_ONLY_200),
    POST("programs:say_do_new", PO_ONLY_400),
    # indicators: figures of the units one may see (aggregates: 403, not 404)
    GET("indicators:home", statuses(302, no_person=403)),
    GET("indicators:dashboard", WARD_FIGURES, lambda w: [w.ward.pk]),
    GET("indicators:dashboard_pdf", WARD_FIGURES, lambda w: [w.ward.pk]),
    GET("indicators:activity", WARD_FIGURES, query=lambda w: f"unit={w.ward.pk}"),
    GET("indicators:how_we_count", EVERY_LOGIN),  # the documentation, no figures
    # digests: a leader's own
    GET("digests:home", EVERY_LOGIN),  # anyone else: a page that says digests are for leaders
    POST("digests:preferences", LEADERS_ONLY_400),
    GET("digests:detail", only({"manager": 200}, others=404), lambda w: [w.digest.pk]),
    # outcomes
    GET("outcomes:index", PEOPLE_200),
    GET("outcomes:import", PO_ONLY_200),
    POST("outcomes:import", PO_ONLY_400),
    GET("outcomes:unit", WARD_FIGURES, lambda w: [w.outcome_unit.pk]),
    GET("outcomes:correlations", statuses(403, executive=200, program_office=200)),
    # voice: feedback to one's leaders, read by its recipient (and a named one's author)
    GET("voice:home", statuses(200, no_person=403)),
    POST("voice:home", statuses(400, no_person=403)),
    GET("voice:anonymity", statuses(200, anonymous=200)),  # read before logging in, too
    GET("voice:code", EVERY_LOGIN),
    POST("voice:code", statuses(400)),  # no code given
    GET("voice:inbox", statuses(200, no_person=403)),
    POST("voice:inbox", LEADERS_ONLY_400),  # publishing what one heard: leaders only
    GET("voice:inbox_detail", only({"manager": 200}, others=404), lambda w: [w.feedback.pk]),
    POST("voice:inbox_detail", only({"manager": 400}, others=404), lambda w: [w.feedback.pk]),
    GET("voice:sent_detail", only({"frontline": 200}, others=404), lambda w: [w.feedback.pk]),
    POST("voice:sent_detail", only({"frontline": 400}, others=404), lambda w: [w.feedback.pk]),
    GET("voice:settings", PO_ONLY_200),
    POST("voice:settings", PO_ONLY_400),
    GET("voice:reported", PO_ONLY_200),
    # voice: initiatives (the manager's, for Ward 4B). Leaders and the program office
    # write; the owner, the writer and the program office run one; Ward 4B sees and
    # responds; the executive above sees it but speaks through the team; a draft is
    # its runners' alone.
    GET("voice:initiatives", EVERY_LOGIN),  # each sees what they may; no person: none
    GET("voice:initiative_new", statuses(403, **dict.fromkeys(LEADERS, 200))),
    POST("voice:initiative_new", LEADERS_ONLY_400),
    GET("voice:initiative_code", EVERY_LOGIN),
    POST("voice:initiative_code", statuses(400)),  # no code given
    GET("voice:initiative", INITIATIVE_SEEN, lambda w: [w.initiative.pk]),
    GET("voice:initiative", runners_only(200), lambda w: [w.draft.pk], case="a draft"),
    GET("voice:initiative_edit", runners_only(200), lambda w: [w.draft.pk]),
    GET(
        "voice:initiative_edit",
        statuses(403, no_person=404, outsider=404, manager=302, program_office=302),
        lambda w: [w.initiative.pk],
        case="published: back to its page",
    ),
    POST("voice:initiative_edit", runners_only(400), lambda w: [w.draft.pk]),
    # Publishing twice tells nobody twice: both runners are sent back to the page.
    POST("voice:initiative_publish", runners_only(302), lambda w: [w.draft.pk]),
    POST(
        "voice:initiative_publish",
        statuses(403, no_person=404, outsider=404, manager=302, program_office=302),
        lambda w: [w.initiative.pk],
        case="published already",
    ),
    # Closed already: refused with a message (closing a published one: the page tests).
    POST("voice:initiative_close", RUN_400, lambda w: [w.closed_initiative.pk]),
    POST(
        "voice:initiative_round",
        statuses(403, no_person=404, outsider=404, manager=302, program_office=302),
        lambda w: [w.closed_initiative.pk],
    ),
    POST("voice:initiative_round", runners_only(400), lambda w: [w.draft.pk], case="a draft"),
    POST("voice:initiative_respond", RESPONDS_400, lambda w: [w.initiative.pk]),
    POST(
        "voice:initiative_respond",
        only({"manager": 400, "program_office": 403}, others=404),
        lambda w: [w.draft.pk],
        case="a draft: not published yet",
    ),
    # Only a named response's author changes it (an anonymous one: with its code).
    POST(
        "voice:initiative_change",
        statuses(403, no_person=404, outsider=404, frontline=400),
        lambda w: [w.initiative_response.initiative_id],
    ),
    POST("voice:initiative_answer", RUN_400, lambda w: [w.initiative.pk]),
    # A meeting's notes affecting Nursing, above Ward 4B: the ward responds, the chair
    # (Pharmacy's manager, no role here) and the program office answer.
    GET("voice:initiative", INITIATIVE_SEEN, lambda w: [w.notes.pk], case="meeting notes"),
    POST("voice:initiative_respond", RESPONDS_400, lambda w: [w.notes.pk], case="meeting notes"),
    POST(
        "voice:initiative_answer",
        statuses(403, no_person=404, outsider=404, program_office=400),
        lambda w: [w.notes.pk],
        case="meeting notes",
    ),
    # assessments: the program office runs rounds; those asked (Ward 4B) answer; leaders
    # of the ward and above see results; anyone else asked is sent to the answer page.
    GET("assessments:rounds", EVERY_LOGIN),
    GET("assessments:new", PO_ONLY_200),
    POST("assessments:new", PO_ONLY_400),
    GET(
        "assessments:edit",
        only({"program_office": 200}, others=404),
        lambda w: [w.assessment_draft.pk],
    ),
    POST(
        "assessments:edit",
        only({"program_office": 400}, others=404),
        lambda w: [w.assessment_draft.pk],
    ),
    GET(
        "assessments:results",
        only({"program_office": 200}, others=404),
        lambda w: [w.assessment_draft.pk],
        case="a draft",
    ),
    POST(
        "assessments:open",
        only({"program_office": 302}, others=404),
        lambda w: [w.assessment_draft.pk],
    ),
    GET("assessments:results", ASSESSMENT_RESULTS, lambda w: [w.assessment.pk]),
    GET("assessments:answer", ASKED_200, lambda w: [w.assessment.pk]),
    POST("assessments:answer", ASKED_400, lambda w: [w.assessment.pk]),
    POST(
        "assessments:edit",
        only({"program_office": 302}, others=403),
        lambda w: [w.assessment.pk],
        case="open: refused with a message",
    ),
    # Acting on a finding, with no block chosen: told so (a redirect) or refused.
    POST("assessments:act", ASSESSMENT_ACT, lambda w: [w.assessment.pk]),
    POST(
        "assessments:act",
        statuses(403, program_office=302),
        lambda w: [w.assessment.pk],
        data=lambda w: {
            "unit": w.ward.path,
            "block": BuildingBlock.objects.first().pk,
            "to": "say_do",
        },
        case="to a say–do audit",
    ),
    POST("assessments:close", PO_ONLY_302, lambda w: [w.assessment.pk]),
    # The leadership 360 (the supervisor's review): the program office runs rounds and
    # sees their progress; the leader and their manager handle peers; raters rate; the
    # report is the leader's once the round closed (open here: refused to all).
    # recognition: anyone in the org chart gives and reads; a private one is seen by the
    # person recognized, the giver and the line above them; the program office sets rules.
    GET("recognition:feed", PEOPLE_200),
    GET("recognition:new", PEOPLE_200),
    POST("recognition:new", statuses(400, no_person=403)),
    POST(
        "recognition:new",
        statuses(302, no_person=403, frontline=400),  # Fay cannot recognize herself
        data=lambda w: {"people": [w.author.pk], "what": "Thank you."},
        case="valid",
    ),
    GET(
        "recognition:detail",
        statuses(200, no_person=403, outsider=404),  # Ward 4B's feed and up the line
        lambda w: [w.recognition.pk],
    ),
    GET(
        "recognition:detail",
        statuses(200, no_person=403, outsider=404),
        lambda w: [w.private_recognition.pk],
        case="private",
    ),
    GET("recognition:settings", PO_ONLY_200),
    # contests: the program office runs them; anyone enters an idea they may nominate; the
    # judges score, never their own people's entry (Maria manages Fay: 403)
    GET("recognition:contests", PEOPLE_200),
    GET("recognition:contest_new", PO_ONLY_200),
    POST("recognition:contest_new", PO_ONLY_400),
    GET("recognition:contest", PEOPLE_200, lambda w: [w.contest.pk]),
    GET("recognition:contest_edit", PO_ONLY_200, lambda w: [w.contest.pk]),
    POST("recognition:contest_edit", PO_ONLY_400, lambda w: [w.contest.pk]),
    POST("recognition:contest_move", PO_ONLY_302, lambda w: [w.contest.pk]),
    GET("recognition:contest_enter", PEOPLE_200, lambda w: [w.contest.pk]),
    POST("recognition:contest_enter", statuses(400, no_person=403), lambda w: [w.contest.pk]),
    POST("recognition:contest_announce", PO_ONLY_302, lambda w: [w.contest.pk]),
    GET(
        "recognition:entry_score",
        statuses(403, outsider=200),
        lambda w: [w.contest.pk, w.entry.pk],
    ),
    POST(
        "recognition:entry_score",
        statuses(403, outsider=400),
        lambda w: [w.contest.pk, w.entry.pk],
    ),
    POST("recognition:entry_shortlist", PO_ONLY_302, lambda w: [w.contest.pk, w.entry.pk]),
    POST("recognition:settings", PO_ONLY_302, data=lambda w: {"values": "Kindness"}),
    # the showcase day: for everyone of the organization to read; the program office
    # prepares it and invites; leaders add their team's entry (Maria's own ward here:
    # others 403, an empty form 400); guests use their signed links with no login
    GET("recognition:showcase_list", PEOPLE_200),
    GET("recognition:showcase_new", PO_ONLY_200),
    POST("recognition:showcase_new", PO_ONLY_400),
    GET("recognition:showcase", PEOPLE_200, lambda w: [w.showcase_day.pk]),
    GET("recognition:showcase_edit", PO_ONLY_200, lambda w: [w.showcase_day.pk]),
    POST("recognition:showcase_edit", PO_ONLY_400, lambda w: [w.showcase_day.pk]),
    GET(
        "recognition:showcase_entry_new",
        statuses(200, no_person=403, frontline=403, colleague=403, outsider=403),
        lambda w: [w.showcase_day.pk],
    ),
    POST(
        "recognition:showcase_entry_new",
        statuses(400, no_person=403, frontline=403, colleague=403, outsider=403),
        lambda w: [w.showcase_day.pk],
    ),
    POST("recognition:showcase_slot_add", PO_ONLY_302, lambda w: [w.showcase_day.pk]),
    POST(
        "recognition:showcase_slot_delete",
        PO_ONLY_302,
        lambda w: [w.showcase_day.pk, w.slot.pk],
    ),
    POST("recognition:showcase_slot_swap", PO_ONLY_302, lambda w: [w.showcase_day.pk]),
    POST("recognition:showcase_invite", PO_ONLY_302, lambda w: [w.showcase_day.pk]),
    POST("recognition:showcase_return", PO_ONLY_302, lambda w: [w.showcase_day.pk]),
    GET("recognition:showcase_programme", PEOPLE_200, lambda w: [w.showcase_day.pk]),
    GET(
        "recognition:showcase_photo",
        PEOPLE_200,
        lambda w: [w.showcase_day.pk, w.photo.pk],
    ),
    GET(
        "showcase:photo",
        statuses(200, anonymous=200),
        lambda w: [w.entry_token(), w.photo.pk],
    ),
    GET("showcase:rsvp", statuses(200, anonymous=200), lambda w: [w.guest_token()]),
    POST("showcase:rsvp", statuses(400, anonymous=400), lambda w: [w.guest_token()]),
    GET("showcase:feedback", statuses(200, anonymous=200), lambda w: [w.entry_token()]),
    POST("showcase:feedback", statuses(400, anonymous=400), lambda w: [w.entry_token()]),
    GET("assessments:leaders", EVERY_LOGIN),
    GET("assessments:leader_new", PO_ONLY_200),
    POST("assessments:leader_new", PO_ONLY_400),
    GET("assessments:leader_round", PO_ONLY_200_ELSE_404, lambda w: [w.review_round.pk]),
    GET("assessments:leader_edit", PO_ONLY_200_ELSE_404, lambda w: [w.review_draft.pk]),
    POST("assessments:leader_edit", PO_ONLY_400_ELSE_404, lambda w: [w.review_draft.pk]),
    POST("assessments:leader_open", PO_ONLY_302_ELSE_404, lambda w: [w.review_draft.pk]),
    POST("assessments:leader_close", PO_ONLY_302_ELSE_404, lambda w: [w.review_round.pk]),
    GET("assessments:review_peers", REVIEW_PEERS_200, lambda w: [w.review.pk]),
    POST("assessments:review_peers", REVIEW_PEERS_400, lambda w: [w.review.pk]),
    GET("assessments:review_rate", RATERS_200, lambda w: [w.review.pk]),
    POST("assessments:review_rate", RATERS_400, lambda w: [w.review.pk]),
    GET("assessments:review_report", RATERS_403, lambda w: [w.review.pk]),
    # reports: the charting script, public
    GET("reports:vega_js", statuses(200, anonymous=200), lambda w: [bundle.version()]),
]


# --- running it ---------------------------------------------------------------------------


def _order(expected: int | str) -> int:
    """Refusals first, pages next, successful writes (redirects) last."""
    if expected == LOGIN:
        return 0
    if expected >= 400:
        return 1
    if expected < 300:
        return 2
    return 3


def _check(response, expected: int | str) -> str | None:
    """What is wrong with the response, or None."""
    got = response.status_code
    if expected == LOGIN:
        location = response.get("Location", "")
        if got == 302 and location.startswith(settings.LOGIN_URL):
            return None
        return f"got {got} {location}".rstrip() + ", expected a redirect to the login page"
    if got != expected:
        return f"got {got}, expected {expected}"
    return None


# One client for the module: a new one loads the middleware again (WhiteNoise scans every
# static file, ~50 ms), which would be most of the run.
_client = Client()


def _request(world: World, role: str, method: str, url: str, data: dict):
    client = _client
    client.logout()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(url) if method == "GET" else client.post(url, data)
    if response.streaming:  # read it through: the test client then closes the file
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_each_role_gets_the_expected_status(world, row):
    assert set(row.expect) == set(ROLES), row.id
    url = row.url(world)
    data = row.data(world) if row.data else {}
    problems = []
    for role in sorted(ROLES, key=lambda r: _order(row.expect[r])):
        response = _request(world, role, row.method, url, data)
        if problem := _check(response, row.expect[role]):
            problems.append(f"{row.id} {url}: {role} {problem}")
    assert not problems, "\n" + "\n".join(problems)


def test_post_only_views_refuse_get(world):
    """A logged-in GET of a view that only takes POST is a 405."""
    get_rows = {row.name for row in ROWS if row.method == "GET"}
    problems = []
    for row in ROWS:
        if row.name in get_rows:
            continue
        response = _request(world, "frontline", "GET", row.url(world), {})
        if response.status_code != 405:
            problems.append(f"{row.name}: GET got {response.status_code}, expected 405")
    assert not problems, "\n" + "\n".join(problems)


# --- every view has a row ---------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    top: str | None  # the outermost namespace
    name: str | None  # the full name, "capture:idea_detail"
    source: str  # the module the site's urls.py includes it from, "allauth.urls"
    route: str


def _patterns() -> list[Pattern]:
    """Every URL pattern of the site."""
    found = []

    def walk(patterns, namespaces: tuple[str, ...], source: str, route: str) -> None:
        for pattern in patterns:
            here = route + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
                module = pattern.urlconf_name
                origin = source or getattr(module, "__name__", str(module))
                walk(pattern.url_patterns, ns, origin, here)
            else:
                name = ":".join((*namespaces, pattern.name)) if pattern.name else None
                top = namespaces[0] if namespaces else None
                found.append(Pattern(top, name, source, here))

    walk(get_resolver().url_patterns, (), "", "/")
    return found


def test_every_view_has_a_row():
    views = {p.name for p in _patterns() if p.top in TANDEM_NAMESPACES}
    table = {row.name for row in ROWS}
    missing = sorted(views - table)
    stale = sorted(table - views)
    assert not missing, f"views without a row in ROWS (add one per role): {missing}"
    assert not stale, f"rows in ROWS for views that no longer exist: {stale}"


def test_every_other_url_is_admin_allauth_or_the_api():
    """A Tandem view outside the app namespaces, or without a name, would escape the matrix."""
    strays = []
    for p in _patterns():
        if p.top in TANDEM_NAMESPACES:
            if p.name is None:
                strays.append(f"{p.route} in {p.top} has no name")
        elif p.top not in ("admin", "api") and not p.source.startswith("allauth."):
            strays.append(f"{p.route} ({p.name}) is in no Tandem namespace")
    assert not strays, strays
