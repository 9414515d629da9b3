"""Who may log, see, change and move ideas, service actions and stories.

Built on the core rules of tandem.people.access (who a person is, the program office,
reporting lines).

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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.db.models.lookups import Exact
from django.http import Http404

from tandem.capture.models import Idea, IdeaStatus, RecordExport, ServiceAction, Story
from tandem.people.access import (
    is_leader,
    is_program_office,
    manages,
    manages_any,
    person_for,
)
from tandem.people.models import OrgUnit, Person

if TYPE_CHECKING:
    from tandem.people.models import User


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


def can_log(user: User) -> bool:
    """May the user log anything at all: anyone with a person record logs for themself,
    the program office for others."""
    return is_program_office(user) or person_for(user) is not None


def can_log_for_others(user: User) -> bool:
    """May the user credit other people (their reports; anyone, for the program office)?"""
    return is_program_office(user) or is_leader(user)


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


def _private_filter(me: Person, model) -> Q:
    """Which private items a person may see: their own unit's, their own, their team's.

    Row by row, not a list of ids: the database checks it only for the private rows it
    meets, so a page of a feed costs the same in a team and in the whole organization.
    """
    field = model._meta.get_field(model.people_field)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    if me.is_leader and me.line and connections[model.objects.db].vendor == "sqlite":
        # SQLite lists a subquery's team again for every query: each private item's
        # people are checked by their place in the reporting line instead (one join a
        # row). PostgreSQL hashes the team once, which is faster than the join there.
        people = {f"{target}__line__startswith": me.line}
    elif me.is_leader:  # a subquery, not a list: an executive's team is the organization
        people = {f"{target}__in": Person.objects.in_line_of(me).values("pk")}
    else:
        people = {target: me.pk}
    credited = field.remote_field.through.objects.filter(**{source: OuterRef("pk")}, **people)
    # The outer row's `private` named inside keeps PostgreSQL from turning the check into
    # one hash of every credited item of the team (a scan of all credits, 60 ms a query):
    # it is asked only for the private rows.
    credited = credited.filter(Exact(OuterRef("private"), True))
    return Q(unit_id=me.unit_id) | Q(created_by_id=me.pk) | Q(Exists(credited))


def visible(user: User, queryset: QuerySet) -> QuerySet:
    """Filter ideas, actions or stories to those the user may see."""
    if is_program_office(user):
        return queryset
    me = person_for(user)
    if me is None:
        return queryset.none()
    return queryset.filter(Q(private=False) | _private_filter(me, queryset.model))


def visible_ideas(user: User, queryset: QuerySet[Idea] | None = None) -> QuerySet[Idea]:
    return visible(user, Idea.objects.all() if queryset is None else queryset)


def visible_actions(user: User, queryset=None) -> QuerySet[ServiceAction]:
    qs = ServiceAction.objects.all() if queryset is None else queryset
    return visible(user, qs)


def visible_stories(user: User, queryset=None) -> QuerySet[Story]:
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


# --- fetch-and-authorize helpers for views and the API ---------------------------


def _get_for_user(user: User, model, pk: int, write: bool, may_write):
    item = model.objects.filter(pk=pk).first()
    if item is None or not can_view(user, item):
        raise Http404(f"No such {model._meta.verbose_name}.")
    if write and not may_write(user, item):
        raise PermissionDenied(f"You may not change this {model._meta.verbose_name}.")
    return item


def get_idea_for_user(user: User, pk: int, write: bool = False) -> Idea:
    return _get_for_user(user, Idea, pk, write, can_edit_idea)


def get_idea_to_move(user: User, pk: int) -> Idea:
    return _get_for_user(user, Idea, pk, True, can_move_idea)


def get_action_for_user(user: User, pk: int, write: bool = False) -> ServiceAction:
    return _get_for_user(user, ServiceAction, pk, write, can_edit_record)


def get_story_for_user(user: User, pk: int, write: bool = False) -> Story:
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


# Above this many people below a leader, the ideas waiting for them are found by walking
# the proposed ideas longest-waiting first and checking each one's authors; up to it, by
# reading the team's ideas (at most a few per person) and sorting those.
LARGE_TEAM = 2000


def ideas_waiting_for(user: User) -> QuerySet[Idea]:
    """Proposed ideas by people below a leader in their reporting line, that they may see,
    longest waiting first.

    What waits for the leader's decision on the start page. The team stays a subquery
    on the reporting line, so an executive's does not load the organization into Python.
    """
    me = person_for(user)
    if me is None or not me.is_leader:
        return Idea.objects.none()
    team = Person.objects.below(me)
    proposed = Idea.objects.filter(status=IdeaStatus.PROPOSED)
    by_team = Idea.authors.through.objects.filter(person__in=team.values("pk"))
    if team[: LARGE_TEAM + 1].count() > LARGE_TEAM:
        # Each idea's authors by the idea (one index probe), then their place in the line.
        authors = (
            Idea.authors.through.objects.filter(
                idea_id=OuterRef("pk"), person__line__startswith=me.line
            )
            .exclude(person_id=me.pk)
            .filter(Exact(OuterRef("status"), IdeaStatus.PROPOSED))  # per row: see above
        )
        ideas = proposed.filter(Exists(authors))
    else:  # the status checked row by row (no index serves `status || ''`): the team's
        # ideas drive the query, not the half million proposed ones
        ideas = (
            Idea.objects.filter(pk__in=by_team.values("idea_id"))
            .alias(status_check=Concat("status", Value("")))
            .filter(status_check=IdeaStatus.PROPOSED)
        )
    return visible_ideas(user, ideas).order_by("status_changed_at", "pk")


# --- downloads of whole lists ---------------------------------------------------------


def own_exports(user: User) -> QuerySet[RecordExport]:
    """The downloads `user` asked for: only the person who asked sees or fetches one (it
    holds what they may see, which may be more than anyone else may)."""
    if not user.is_authenticated:
        return RecordExport.objects.none()
    return RecordExport.objects.filter(requested_by=user)


def get_export_for_user(user: User, pk: int) -> RecordExport:
    """One of `user`'s own downloads; anyone else's is a 404."""
    export = own_exports(user).filter(pk=pk).first()
    if export is None:
        raise Http404("No such download.")
    return export
