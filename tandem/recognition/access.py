"""Who may see and give recognitions.

* Anyone with a person in the org chart may recognize a colleague or a team; a leader
  (or the program office) may record one on behalf of a customer.
* A recognition is seen by the people recognized, their managers (anyone up their
  reporting line), the one who gave it and the program office; unless it is private,
  by everyone placed in the unit of one of the people recognized too (their unit's
  feed).
* The program office chooses what a recognition must name (settings).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from tandem.people.access import is_program_office, person_for
from tandem.people.models import Person, User

from .models import Recognition

GIVE_WHY = "Only people in the org chart can recognize a colleague."


def can_give(user: User | None) -> bool:
    return person_for(user) is not None


def can_give_for_customer(user: User | None) -> bool:
    me = person_for(user)
    return me is not None and me.is_leader


def can_set_rules(user: User | None) -> bool:
    return is_program_office(user)


def can_browse(user: User | None) -> bool:
    return is_program_office(user) or person_for(user) is not None


def visible(user: User | None, queryset: QuerySet[Recognition] | None = None):
    """The recognitions the user may see: those of them, those they gave, those of anyone
    below them in the reporting line; and, unless private, those of anyone placed in
    their own unit (the unit's feed). The program office sees all."""
    queryset = Recognition.objects.all() if queryset is None else queryset
    if is_program_office(user):
        return queryset
    me = person_for(user)
    if me is None:
        return queryset.none()
    through = Recognition.people.through.objects.filter(recognition_id=OuterRef("pk"))
    seen = Q(given_by=me) | Q(Exists(through.filter(person=me)))
    if me.is_leader:
        team = Person.objects.below(me).values("pk")
        seen |= Q(Exists(through.filter(person_id__in=team)))
    seen |= Q(private=False) & Q(Exists(through.filter(person__unit_id=me.unit_id)))
    return queryset.filter(seen)


def get_visible(user: User | None, pk: int) -> Recognition:
    """The recognition, or a 404 for one the user may not see (its existence included)."""
    if not can_browse(user):
        raise PermissionDenied("Recognitions are for people of the organization.")
    return get_object_or_404(visible(user), pk=pk)


# --- contests -----------------------------------------------------------------------------


def visible_contests(user: User | None):
    """Drafts for the program office; every other contest for anyone of the organization."""
    from .models import Contest, ContestStatus

    if is_program_office(user):
        return Contest.objects.all()
    if person_for(user) is None:
        return Contest.objects.none()
    return Contest.objects.exclude(status=ContestStatus.DRAFT)


def get_contest(user: User | None, pk: int):
    if not can_browse(user):
        raise PermissionDenied("Contests are for people of the organization.")
    return get_object_or_404(visible_contests(user), pk=pk)


def can_run_contests(user: User | None) -> bool:
    return is_program_office(user)


def is_judge(user: User | None, contest) -> bool:
    me = person_for(user)
    return me is not None and contest.judges.filter(pk=me.pk).exists()
