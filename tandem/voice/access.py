"""Who may do what with upward feedback.

* Anyone of the organization sends feedback to the leaders up their own reporting line
  (services.recipients says which, and whether anonymously).
* A piece of feedback is read, answered, labelled and reported by its recipient only —
  not by their managers and not by the program office (it was written to one person).
* A named author follows their own feedback; an anonymous one only with the reply code.
* The program office sets the minimum group and reads what recipients reported as
  abusive (the text only: there is nothing else to show).

Initiatives:

* Leaders and the program office write them, for teams in their own part of the
  organization; the owner (accountable), the writer and the program office run one:
  change the draft, publish, answer responses, close, open a new round. Drafts are seen
  by them only (404 for anyone else).
* A published initiative is seen by everyone it affects (active, placed in an affected
  unit or below, of an affected level; for a meeting's notes also its chair and
  attendees), who respond; and by the leaders above the affected units, who see its
  figures and responses but speak through their teams (a 403 on responding).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.people.access import is_program_office, person_for, units_visible_to
from tandem.people.models import OrgUnit, Person, User
from tandem.voice.models import Feedback, Initiative, Status


def can_send(user: User) -> bool:
    return person_for(user) is not None


def can_configure(user: User) -> bool:
    return is_program_office(user)


def can_read_reported(user: User) -> bool:
    return is_program_office(user)


def received(user: User, pk) -> Feedback:
    """A piece of feedback in the user's inbox (delivered, not withdrawn), else 404."""
    from tandem.voice.services import inbox  # services imports this module's neighbours

    me = person_for(user)
    feedback = inbox(me).filter(pk=pk).first() if me is not None else None
    if feedback is None:
        raise Http404("No such feedback in your inbox.")
    return feedback


def sent(user: User, pk) -> Feedback:
    """A named piece of feedback the user sent, else 404."""
    me = person_for(user)
    feedback = (
        Feedback.objects.filter(pk=pk, author=me, code_hash="").select_related("recipient").first()
        if me is not None
        else None
    )
    if feedback is None:
        raise Http404("You sent no such feedback.")
    return feedback


def require(allowed: bool, why: str) -> None:
    if not allowed:
        raise PermissionDenied(why)


# --- initiatives ----------------------------------------------------------------------

WRITE_WHY = "Only leaders and the program office write initiatives."
RUN_WHY = "Only the initiative's owner, its writer and the program office run it."
ANSWER_WHY = "Only the initiative's owner, its writer and the program office answer."
RESPOND_WHY = "Only the people this initiative affects respond to it."


def affected_units(initiative: Initiative) -> list[OrgUnit]:
    """The units it names as affected, in tree order (kept on the object)."""
    units = getattr(initiative, "_affected_units", None)
    if units is None:
        # .all() uses a list's prefetch_related("units"); sorted here, not in SQL.
        units = sorted(initiative.units.all(), key=lambda unit: unit.path)
        initiative._affected_units = units
    return units


def is_affected(person: Person | None, initiative: Initiative) -> bool:
    if person is None or not person.active:
        return False
    if initiative.affects_level(person.level) and any(
        person.unit.path.startswith(u.path) for u in affected_units(initiative)
    ):
        return True
    meeting = initiative.meeting if initiative.meeting_id else None
    return meeting is not None and (
        person.pk == meeting.chair_id or meeting.attendees.filter(pk=person.pk).exists()
    )


def can_write_initiatives(user: User) -> bool:
    if is_program_office(user):
        return True
    me = person_for(user)
    return me is not None and me.is_leader


def writable_units(user: User) -> QuerySet[OrgUnit]:
    """The units a user may name as affected: the whole organization for the program
    office, a leader's own part of it (their unit and below, and where their reports are
    placed elsewhere), nothing for anyone else."""
    if is_program_office(user):
        return OrgUnit.objects.order_by("path")
    me = person_for(user)
    if me is None or not me.is_leader:
        return OrgUnit.objects.none()
    within = Q(path__startswith=me.unit.path)
    for top in units_visible_to(user).others:
        within |= Q(path__startswith=top)
    return OrgUnit.objects.filter(within).order_by("path")


def runs(user: User, initiative: Initiative) -> bool:
    if is_program_office(user):
        return True
    me = person_for(user)
    return me is not None and me.pk in (initiative.owner_id, initiative.created_by_id)


def oversees(user: User, initiative: Initiative) -> bool:
    """A leader whose part of the organization holds an affected unit."""
    me = person_for(user)
    if me is None or not me.is_leader:
        return False
    scope = units_visible_to(user)
    return any(scope.contains(unit) for unit in affected_units(initiative))


def can_view_initiative(user: User, initiative: Initiative) -> bool:
    if runs(user, initiative):
        return True
    if initiative.status == Status.DRAFT:
        return False
    return is_affected(person_for(user), initiative) or oversees(user, initiative)


def can_see_figures(user: User, initiative: Initiative) -> bool:
    """The responses, their rates per team and the open ones: who runs it and the
    leaders above the affected teams."""
    return runs(user, initiative) or (
        initiative.status != Status.DRAFT and oversees(user, initiative)
    )


def can_respond_as(person: Person | None, initiative: Initiative) -> bool:
    return person is not None and is_affected(person, initiative)


def visible_initiatives(user: User) -> QuerySet[Initiative]:
    """The initiatives on a person's list: theirs (drafts included), the published ones
    that affect their unit (levels checked by `is_affected` on the page), those of a
    meeting they attended, and, for leaders, those affecting a unit of their part of the
    organization. The program office sees every one."""
    initiatives = Initiative.objects.all()
    if is_program_office(user):
        return initiatives
    me = person_for(user)
    if me is None:
        return initiatives.none()
    path = me.unit.path
    my_unit_and_above = me.unit.paths_up()
    reach = Q(units__path__in=my_unit_and_above) & (Q(levels="") | Q(levels__contains=me.level))
    if me.is_leader:
        reach |= Q(units__path__startswith=path)
        for top in units_visible_to(user).others:
            reach |= Q(units__path__startswith=top)
    reach |= Q(meeting__attendees=me) | Q(meeting__chair=me)
    published = ~Q(status=Status.DRAFT)
    mine = Q(owner=me) | Q(created_by=me)
    ids = Initiative.objects.filter(mine | (published & reach)).values("pk")
    return initiatives.filter(pk__in=ids)


def affecting(me: Person) -> QuerySet[Initiative]:
    """The published initiatives that affect `me` ("Affecting me"): naming their unit or
    one above it, for their level or for every level."""
    return (
        Initiative.objects.filter(units__path__in=me.unit.paths_up())
        .filter(Q(levels="") | Q(levels__contains=me.level))
        .exclude(status=Status.DRAFT)
    )


def get_initiative(user: User, pk: int) -> Initiative:
    """The initiative, or a 404 when the user may not see it (outsiders learn nothing)."""
    initiative = (
        Initiative.objects.select_related("owner", "created_by", "meeting", "roadmap_item")
        .filter(pk=pk)
        .first()
    )
    if initiative is None or not can_view_initiative(user, initiative):
        raise Http404("No such initiative.")
    return initiative
