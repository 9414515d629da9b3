"""Who may do what. Every permission rule of Tandem lives in this module.

Roles are not stored: they follow from a person's level and reporting line,
plus membership of the "Program office" group.

* Anyone with a person record logs ideas, actions and stories for their own unit.
* A leader (supervisor and up) may also log for people who report to them,
  anywhere down their reporting line, in those people's units; those people
  become the authors and get the credit.
* An author edits their own idea while it is still proposed.
* A person's managers, anywhere up the chain, move their team's ideas through
  the workflow.
* The program office may do everything.
* An item marked private is seen only by its authors and people involved, its
  creator, people of its own unit, the authors' managers and the program office.

Views use the `get_*_for_user` helpers: an item the user may not see is a 404
(outsiders cannot even learn it exists); one they see but may not change is a 403.

Programs, commitments and meetings (M5, M6):

* The program office runs the program: it edits the roadmap and the cascade and
  records the say–do audit. Anyone with a person record may look at them.
* A leader (supervisor and up) makes commitments and edits only their own: the
  commitment is their word, so not even the program office rewrites it.
* Commitments and their record are public to the leader's own team by design
  (role modeling is visible): the leader, everyone down their reporting line, their
  managers up the chain, and the program office see them. Others get a 404.
* A leader records meetings of their own unit or a unit below it; the program
  office records any.

Meetings and leading up (M7):

* Seeing a meeting (visible_meetings): people of
  the unit that held it or below, the chair, the attendees, people of a unit its
  agenda affects or below, and the program office. Anyone else gets a 404.
* The chair distributes the notes to the affected teams; the program office may too.
* Those the meeting affects may respond: people placed in an affected unit or below
  it, the attendees (and chair), and the program office. A leader above an affected
  team sees the meeting but speaks through their team, so gets a 403.
* The chair answers responses; the program office may too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.people.models import OrgUnit, Person

if TYPE_CHECKING:
    from tandem.capture.models import Idea, ServiceAction, Story
    from tandem.people.models import User
    from tandem.programs.models import Commitment, Meeting, MeetingResponse, Program

PROGRAM_OFFICE_GROUP = "Program office"


def person_for(user: User | None) -> Person | None:
    """The active person behind a login, or None."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_tandem_person", False)
    if cached is not False:
        return cached
    person = Person.objects.select_related("unit").filter(user=user, active=True).first()
    user._tandem_person = person
    return person


def is_program_office(user: User | None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_tandem_po", None)
    if cached is None:
        cached = user.is_superuser or user.groups.filter(name=PROGRAM_OFFICE_GROUP).exists()
        user._tandem_po = cached
    return cached


def manages(manager: Person, person: Person) -> bool:
    """True when `manager` is anywhere up `person`'s reporting line (a prefix test, no query)."""
    return person.is_below(manager)


def manages_any(manager: Person, people) -> bool:
    return any(person.is_below(manager) for person in people)


# --- logging items -------------------------------------------------------------


def can_log_for(user: User, unit: OrgUnit, authors: list[Person]) -> bool:
    """May `user` log an item in `unit` credited to `authors`?"""
    if is_program_office(user):
        return True
    me = person_for(user)
    if me is None:
        return False
    others = [p for p in authors if p.pk != me.pk]
    if not others:
        return unit.pk == me.unit_id
    if not me.is_leader or not all(manages(me, p) for p in others):
        return False
    return unit.pk == me.unit_id or any(unit.pk == p.unit_id for p in others)


def loggable_people(user: User) -> QuerySet[Person]:
    """The people a user may credit as authors: themself and their reports."""
    if is_program_office(user):
        return Person.objects.active()
    me = person_for(user)
    if me is None:
        return Person.objects.none()
    if me.is_leader:
        return Person.objects.active().in_line_of(me)
    return Person.objects.active().filter(pk=me.pk)


# --- seeing items --------------------------------------------------------------


def _private_filter(me: Person | None, people_field: str) -> Q:
    """Which private items a person may see: their own unit's, their own, their team's."""
    if me is None:
        return Q(pk__in=[])
    if me.is_leader:  # a subquery, not a list: an executive's team is the whole organization
        team = Q(**{f"{people_field}__in": Person.objects.in_line_of(me).values("pk")})
    else:
        team = Q(**{people_field: me.pk})
    return Q(unit_id=me.unit_id) | Q(created_by_id=me.pk) | team


def visible(user: User, queryset: QuerySet) -> QuerySet:
    """Filter ideas, actions or stories to those the user may see."""
    people_field = queryset.model.people_field
    if is_program_office(user):
        return queryset
    me = person_for(user)
    if me is None:
        return queryset.none()
    ids = queryset.filter(_private_filter(me, people_field), private=True).values("pk")
    return queryset.filter(Q(private=False) | Q(pk__in=ids))


def visible_ideas(user: User, queryset: QuerySet[Idea] | None = None) -> QuerySet[Idea]:
    from tandem.capture.models import Idea

    return visible(user, Idea.objects.all() if queryset is None else queryset)


def visible_actions(user: User, queryset=None) -> QuerySet[ServiceAction]:
    from tandem.capture.models import ServiceAction

    qs = ServiceAction.objects.all() if queryset is None else queryset
    return visible(user, qs)


def visible_stories(user: User, queryset=None) -> QuerySet[Story]:
    from tandem.capture.models import Story

    return visible(user, Story.objects.all() if queryset is None else queryset)


def can_view(user: User, item) -> bool:
    """The one-item form of `visible`: a login without an active person sees nothing."""
    if is_program_office(user):
        return True
    me = person_for(user)
    if me is None:
        return False
    if not item.private:
        return True
    if item.unit_id == me.unit_id or item.created_by_id == me.pk:
        return True
    people = list(item.credited_people())
    return any(p.pk == me.pk for p in people) or (me.is_leader and manages_any(me, people))


# --- changing items ------------------------------------------------------------


def can_edit_idea(user: User, idea: Idea) -> bool:
    if is_program_office(user):
        return True
    me = person_for(user)
    if me is None or idea.status != "proposed":
        return False
    return idea.authors.filter(pk=me.pk).exists() or idea.created_by_id == me.pk


def can_move_idea(user: User, idea: Idea) -> bool:
    """May the user move the idea through the workflow (a manager up any author's chain)?"""
    if is_program_office(user):
        return True
    me = person_for(user)
    if me is None or not me.is_leader:
        return False
    return manages_any(me, idea.authors.all())


def can_edit_record(user: User, item) -> bool:
    """Actions and stories: their creator, anyone credited on them, or the program office."""
    if is_program_office(user):
        return True
    me = person_for(user)
    if me is None:
        return False
    return item.created_by_id == me.pk or item.credited_people().filter(pk=me.pk).exists()


def can_comment(user: User, item) -> bool:
    return person_for(user) is not None and can_view(user, item)


def can_manage_people(user: User) -> bool:
    """Import the org chart, invite people, read the audit trail."""
    return is_program_office(user)


can_read_audit = can_manage_people


def can_view_directory(user: User) -> bool:
    """List org units and people: anyone with an active person record, and the program office."""
    return is_program_office(user) or person_for(user) is not None


# --- fetch-and-authorize helpers for views and the API ---------------------------


def _get_for_user(user: User, model, pk: int, write: bool, may_write):
    item = model.objects.filter(pk=pk).first()
    if item is None or not can_view(user, item):
        raise Http404(f"No such {model._meta.verbose_name}.")
    if write and not may_write(user, item):
        raise PermissionDenied(f"You may not change this {model._meta.verbose_name}.")
    return item


def get_idea_for_user(user: User, pk: int, write: bool = False) -> Idea:
    from tandem.capture.models import Idea

    return _get_for_user(user, Idea, pk, write, can_edit_idea)


def get_idea_to_move(user: User, pk: int) -> Idea:
    from tandem.capture.models import Idea

    return _get_for_user(user, Idea, pk, True, can_move_idea)


def get_action_for_user(user: User, pk: int, write: bool = False) -> ServiceAction:
    from tandem.capture.models import ServiceAction

    return _get_for_user(user, ServiceAction, pk, write, can_edit_record)


def get_story_for_user(user: User, pk: int, write: bool = False) -> Story:
    from tandem.capture.models import Story

    return _get_for_user(user, Story, pk, write, can_edit_record)


def movable_idea_ids(user: User, ideas) -> set[int]:
    """Of these ideas (authors prefetched), the ids the user may move: can_move_idea in bulk.

    No query: each author's reporting line says whether the user is above them.
    """
    ideas = list(ideas)
    if is_program_office(user):
        return {idea.pk for idea in ideas}
    me = person_for(user)
    if me is None or not me.is_leader:
        return set()
    return {idea.pk for idea in ideas if manages_any(me, idea.authors.all())}


def ideas_waiting_for(user: User) -> QuerySet[Idea]:
    """Proposed ideas by people below a leader in their reporting line, that they may see.

    What waits for the leader's decision on the start page. The team stays a subquery
    on the reporting line, so an executive's does not load the organization into Python.
    """
    from tandem.capture.models import Idea, IdeaStatus

    me = person_for(user)
    if me is None or not me.is_leader:
        return Idea.objects.none()
    by_team = Idea.authors.through.objects.filter(person__in=Person.objects.below(me).values("pk"))
    ideas = Idea.objects.filter(status=IdeaStatus.PROPOSED, pk__in=by_team.values("idea_id"))
    return visible_ideas(user, ideas)


# --- programs: roadmap, cascade, commitments, meetings, say–do ----------------------


def _commitment_model():
    from tandem.programs.models import Commitment

    return Commitment


def can_view_program(user: User, program: Program | None = None) -> bool:
    return is_program_office(user) or person_for(user) is not None


def can_edit_roadmap(user: User, program: Program | None = None) -> bool:
    return is_program_office(user)


def can_edit_cascade(user: User, program: Program | None = None) -> bool:
    return is_program_office(user)


def can_record_say_do(user: User) -> bool:
    return is_program_office(user)


def can_make_commitments(user: User) -> bool:
    me = person_for(user)
    return me is not None and me.is_leader


def can_view_commitment(user: User, commitment: Commitment) -> bool:
    if is_program_office(user):
        return True
    me = person_for(user)
    if me is None:
        return False
    leader = commitment.leader
    return me.pk == leader.pk or manages(leader, me) or manages(me, leader)


def visible_commitments(user: User, queryset: QuerySet[Commitment] | None = None):
    """The commitments a user may see: their own, their managers' and their reports'."""
    queryset = _commitment_model().objects.all() if queryset is None else queryset
    if is_program_office(user):
        return queryset
    me = person_for(user)
    if me is None:
        return queryset.none()
    return queryset.filter(
        Q(leader__in=Person.objects.in_line_of(me).values("pk"))
        | Q(leader_id__in=me.manager_chain_ids())
    )


def can_edit_commitment(user: User, commitment: Commitment) -> bool:
    """Reword, stop or check in: the leader themself, nobody else."""
    me = person_for(user)
    return me is not None and me.pk == commitment.leader_id


def can_record_meeting(user: User, unit: OrgUnit) -> bool:
    if is_program_office(user):
        return True
    me = person_for(user)
    return me is not None and me.is_leader and unit.path.startswith(me.unit.path)


def get_commitment_for_user(user: User, pk: int, write: bool = False) -> Commitment:
    """404 when the user may not see the commitment, 403 when they see but may not change it."""
    commitment = _commitment_model().objects.select_related("leader").filter(pk=pk).first()
    if commitment is None or not can_view_commitment(user, commitment):
        raise Http404("No such commitment.")
    if write and not can_edit_commitment(user, commitment):
        raise PermissionDenied("Only the leader who made a commitment may change it.")
    return commitment


# --- meetings and leading up ------------------------------------------------------


def _meeting_model():
    from tandem.programs.models import Meeting

    return Meeting


def _response_model():
    from tandem.programs.models import MeetingResponse

    return MeetingResponse


def visible_meetings(user: User) -> QuerySet[Meeting]:
    """The meetings shown on a person's meeting list: those held in their unit or below,
    those they chaired or attended, and those with an item affecting their unit or below.
    The program office sees every meeting."""
    Meeting = _meeting_model()
    meetings = Meeting.objects.all()
    if is_program_office(user):
        return meetings
    me = person_for(user)
    if me is None:
        return meetings.none()
    path = me.unit.path
    attended = Meeting.attendees.through.objects.filter(person=me).values("meeting_id")
    affecting = Meeting.objects.filter(items__affects__path__startswith=path).values("pk")
    return meetings.filter(
        Q(unit__path__startswith=path) | Q(chair=me) | Q(pk__in=attended) | Q(pk__in=affecting)
    )


def can_view_meeting(user: User, meeting: Meeting) -> bool:
    return visible_meetings(user).filter(pk=meeting.pk).exists()


def _chairs(user: User, meeting: Meeting) -> bool:
    me = person_for(user)
    return me is not None and me.pk == meeting.chair_id


def can_distribute_meeting(user: User, meeting: Meeting) -> bool:
    return is_program_office(user) or _chairs(user, meeting)


def is_affected(user: User, meeting: Meeting) -> bool:
    """Placed in a unit the agenda affects, or anywhere below one (one query)."""
    me = person_for(user)
    if me is None:
        return False
    paths = meeting.items.values_list("affects__path", flat=True).distinct()
    return any(path and me.unit.path.startswith(path) for path in paths)


def can_respond(user: User, meeting: Meeting) -> bool:
    if is_program_office(user):
        return True
    me = person_for(user)
    if me is None:
        return False
    if me.pk == meeting.chair_id or meeting.attendees.filter(pk=me.pk).exists():
        return True
    return is_affected(user, meeting)


def can_answer_meeting(user: User, meeting: Meeting) -> bool:
    return is_program_office(user) or _chairs(user, meeting)


def can_answer(user: User, response: MeetingResponse) -> bool:
    return can_answer_meeting(user, response.meeting)


def get_meeting_for_user(user: User, pk: int) -> Meeting:
    """The meeting, or a 404 when the user may not see it (outsiders learn nothing)."""
    meeting = _meeting_model().objects.select_related("unit", "chair").filter(pk=pk).first()
    if meeting is None or not can_view_meeting(user, meeting):
        raise Http404("No such meeting.")
    return meeting


def get_response_to_answer(user: User, pk: int) -> MeetingResponse:
    """404 when the user cannot see the meeting, 403 when they see it but do not chair it."""
    response = _response_model().objects.select_related("meeting", "author").filter(pk=pk).first()
    if response is None or not can_view_meeting(user, response.meeting):
        raise Http404("No such response.")
    if not can_answer(user, response):
        raise PermissionDenied("Only the chair of the meeting answers its responses.")
    return response


# --- leading indicators (M3) ---------------------------------------------------------


def can_view_indicators(user: User, unit: OrgUnit) -> bool:
    """May the user see the leading indicators of `unit` (and everything below it)?

    * The program office sees any unit.
    * Anyone with a person record sees their own unit and every unit below it.
    * A leader also sees the unit of anyone below them in their reporting line, and
      every unit below that one: a manager placed in "Nursing" whose team sits in
      "Radiology/Ward 2" may look at Ward 2. Units above those stay closed, so a
      manager never sees a sibling's part of the organization.

    Indicators are aggregates, so there is no 404 for a unit one may not see: the
    unit list is public to people in the organization; the caller gets a 403.
    """
    if is_program_office(user):
        return True
    me = person_for(user)
    if me is None:
        return False
    if unit.path.startswith(me.unit.path):
        return True
    if not me.is_leader:
        return False
    # The unit itself and each unit above it, as paths: one indexed query for a report
    # placed in any of them.
    step = OrgUnit.steplen
    above_or_self = [unit.path[:end] for end in range(step, len(unit.path) + 1, step)]
    return Person.objects.below(me).filter(unit__path__in=above_or_self).exists()
