"""Who may do what with building-block assessments.

* The program office writes, opens and closes rounds, and sees every round's results.
* Everyone asked in an open round answers it, once (their answers carry no name).
* A leader sees the results of a round for the units in their part of the
  organization (people/access.py's scope), never for a group below the minimum.
* Anyone else: a round they were asked in shows them that they answered; no results.
* A draft round is seen by the program office only (404 for anyone else).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tandem.people.access import is_program_office, person_for, units_visible_to
from tandem.people.models import OrgUnit, User

from .models import Invitation, Round, RoundUnit, Status

RUN_WHY = "Only the program office runs assessment rounds."
RESULTS_WHY = "Results are for the program office and the leaders of these units."
ANSWER_WHY = "You were not asked in this round."


def can_run(user: User | None) -> bool:
    return is_program_office(user)


def require(allowed: bool, why: str) -> None:
    if not allowed:
        raise PermissionDenied(why)


def get_round(user: User | None, pk: int) -> Round:
    round_ = Round.objects.filter(pk=pk).first()
    if round_ is None or (round_.status == Status.DRAFT and not can_run(user)):
        raise Http404("No such assessment round.")
    return round_


def is_asked(user: User | None, round_: Round) -> bool:
    me = person_for(user)
    return me is not None and Invitation.objects.filter(round=round_, person=me).exists()


def can_answer(user: User | None, round_: Round) -> bool:
    return round_.status == Status.OPEN and is_asked(user, round_)


def can_see_results(user: User | None, round_: Round, unit: RoundUnit | None = None) -> bool:
    """The program office: every unit; a leader: units of their scope (as the unit stands
    now; a unit since removed: the program office only)."""
    if round_.status == Status.DRAFT:
        return False
    if can_run(user):
        return True
    me = person_for(user)
    if me is None or not me.is_leader:
        return False
    if unit is None:
        return bool(result_units(user, round_))
    live = OrgUnit.objects.filter(pk=unit.unit_id).first() if unit.unit_id else None
    return live is not None and units_visible_to(user).contains(live)


def result_units(user: User | None, round_: Round) -> list[RoundUnit]:
    """The highest units of the round the user may see results for: the top of the
    round's tree for the program office, the leader's own units otherwise."""
    tree = list(round_.tree.all())
    if can_run(user):
        return [u for u in tree if not any(u.path.startswith(o.path) and u != o for o in tree)][:1]
    me = person_for(user)
    if me is None or not me.is_leader:
        return []
    scope = units_visible_to(user)
    live = {u.pk: u for u in OrgUnit.objects.filter(pk__in=[t.unit_id for t in tree])}
    mine = [t for t in tree if t.unit_id in live and scope.contains(live[t.unit_id])]
    return [u for u in mine if not any(u.path.startswith(o.path) and u != o for o in mine)]


# --- the leader-responsibility 360 -------------------------------------------------------
#
# * The program office writes, opens and closes rounds, and sees how far each review got
#   and results pooled over leaders — never one leader's report or answers.
# * A leader chooses their peers; their manager approves them.
# * Everyone asked to rate a leader (themself, their manager, approved peers, direct
#   reports) rates them once, while the round is open.
# * A leader's report is theirs alone, once the round has closed (a report that filled in
#   while raters answered would tell, by its timing, who said what).

REPORT_WHY = "A 360 report is for the leader it is about, once the round has closed."


def get_review_round(user: User | None, pk: int):
    from .models import ReviewRound

    found = ReviewRound.objects.filter(pk=pk).first()
    if found is None or not can_run(user):
        raise Http404("No such round.")
    return found


def get_review(user: User | None, pk: int):
    """A review the user takes part in (as the leader, their manager or a rater), else
    404; the program office only through the round's progress page."""
    from .models import Review

    me = person_for(user)
    review = Review.objects.select_related("round", "leader", "manager").filter(pk=pk).first()
    if review is None or me is None or review.round.status == Status.DRAFT:
        raise Http404("No such review.")
    if me.pk in (review.leader_id, review.manager_id):
        return review
    if review.raters.filter(person=me).exists():
        return review
    raise Http404("No such review.")


def can_read_report(user: User | None, review) -> bool:
    me = person_for(user)
    return me is not None and me.pk == review.leader_id and review.round.status == Status.CLOSED
