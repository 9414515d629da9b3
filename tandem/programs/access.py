"""Who may do what with programs, commitments and meetings.

These belong in tandem/people/access.py with every other rule; they live here only
until that module is free to edit, and are written the same way so they can move as is.

* The program office runs the program: it edits the roadmap and the cascade and
  records the say–do audit. Anyone with a person record may look at them.
* A leader (supervisor and up) makes commitments and edits only their own: the
  commitment is their word, so not even the program office rewrites it.
* Commitments and their record are public to the leader's own team by design
  (role modeling is visible): the leader, everyone down their reporting line, their
  managers up the chain, and the program office see them. Others get a 404.
* A leader records meetings of their own unit or a unit below it; the program
  office records any.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.people.access import is_program_office, manages, person_for
from tandem.people.models import Person
from tandem.programs.models import Commitment

if TYPE_CHECKING:
    from tandem.people.models import OrgUnit, User
    from tandem.programs.models import Program


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
