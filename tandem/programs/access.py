"""Who may see and change programs, commitments, meetings and the say–do audit (M5–M7).

Built on the core rules of tandem.people.access.

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
* Responding to the notes, and answering, happen on the meeting's initiative
  (tandem/voice/access.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.people.access import is_program_office, manages, person_for
from tandem.people.models import OrgUnit, Person
from tandem.programs.models import Commitment, Meeting, Program

if TYPE_CHECKING:
    from tandem.people.models import User


def can_view_program(user: User, program: Program | None = None) -> bool:
    """The roadmap, the cascade, the say–do report: anyone of the organization."""
    return is_program_office(user) or person_for(user) is not None


def can_view_commitments(user: User) -> bool:
    """The commitments page (each commitment then by `visible_commitments`)."""
    return is_program_office(user) or person_for(user) is not None


def can_view_meetings(user: User) -> bool:
    """The meetings page (each meeting then by `visible_meetings`)."""
    return is_program_office(user) or person_for(user) is not None


def can_edit_roadmap(user: User, program: Program | None = None) -> bool:
    return is_program_office(user)


def can_edit_cascade(user: User, program: Program | None = None) -> bool:
    return is_program_office(user)


def can_record_say_do(user: User) -> bool:
    return is_program_office(user)


# The program pages' tab bar: (url name, label, who may open it), in order.
PROGRAM_TABS = [
    ("roadmap", "Roadmap", can_view_program),
    ("alignment", "Alignment", can_view_program),
    ("cascade", "Cascade", can_view_program),
    ("commitments", "Commitments", can_view_commitments),
    ("meetings", "Meetings", can_view_meetings),
    ("say_do", "Say–do", can_view_program),
]


def program_tabs(user: User) -> list[tuple[str, str]]:
    """The program pages this user may open, as (url name, label), in tab order."""
    return [(name, label) for name, label, may in PROGRAM_TABS if may(user)]


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
    queryset = Commitment.objects.all() if queryset is None else queryset
    if is_program_office(user):
        return queryset
    me = person_for(user)
    if me is None:
        return queryset.none()
    return queryset.filter(
        Q(leader__in=Person.objects.in_line_of(me).values("pk"))
        | Q(leader_id__in=me.manager_chain_ids())
    )


def commitment_leaders(user: User) -> QuerySet[Person]:
    """The other leaders whose commitments the user may see (the commitments page's leader
    filter: the user's own commitments are listed apart, above it)."""
    leaders = Person.objects.filter(pk__in=visible_commitments(user).values("leader_id"))
    me = person_for(user)
    return leaders.exclude(pk=me.pk) if me is not None else leaders


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
    commitment = Commitment.objects.select_related("leader").filter(pk=pk).first()
    if commitment is None or not can_view_commitment(user, commitment):
        raise Http404("No such commitment.")
    if write and not can_edit_commitment(user, commitment):
        raise PermissionDenied("Only the leader who made a commitment may change it.")
    return commitment


# --- meetings and leading up ------------------------------------------------------


def visible_meetings(user: User) -> QuerySet[Meeting]:
    """The meetings shown on a person's meeting list: those held in their unit or below,
    those they chaired or attended, those with an item affecting a unit at or below
    theirs, and those with an item affecting a unit they are placed in or below (the
    people the notes are distributed to, who may respond: `is_affected`). The program
    office sees every meeting."""
    meetings = Meeting.objects.all()
    if is_program_office(user):
        return meetings
    me = person_for(user)
    if me is None:
        return meetings.none()
    path = me.unit.path
    my_unit_and_above = me.unit.paths_up()
    attended = Meeting.attendees.through.objects.filter(person=me).values("meeting_id")
    affecting = Meeting.objects.filter(
        Q(items__affects__path__startswith=path) | Q(items__affects__path__in=my_unit_and_above)
    ).values("pk")
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


def get_meeting_for_user(user: User, pk: int) -> Meeting:
    """The meeting, or a 404 when the user may not see it (outsiders learn nothing)."""
    meeting = Meeting.objects.select_related("unit", "chair").filter(pk=pk).first()
    if meeting is None or not can_view_meeting(user, meeting):
        raise Http404("No such meeting.")
    return meeting


def recordable_units(user: User) -> QuerySet[OrgUnit]:
    """Units the user may record a meeting for (the bulk form of can_record_meeting)."""
    if is_program_office(user):
        return OrgUnit.objects.order_by("path")
    me = person_for(user)
    if me is None or not me.is_leader:
        return OrgUnit.objects.none()
    return me.unit.subtree().order_by("path")


def meeting_people(user: User) -> QuerySet[Person]:
    """Active people who may be picked as attendees or chair: the recordable units' people."""
    if is_program_office(user):
        return Person.objects.active().select_related("unit")
    me = person_for(user)
    if me is None or not me.is_leader:
        return Person.objects.none()
    return Person.objects.active().in_subtree(me.unit).select_related("unit")
