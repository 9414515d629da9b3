"""The leader-responsibility 360: the list (what to rate, one's own review, peers to
approve, the program office's rounds), writing and opening a round, choosing and
approving peers, rating, the leader's report and sharing what they heard. The rules are
in leaders.py (what may happen) and access.py (who may)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tandem.assessments import access, leaders
from tandem.assessments.anchors import ANCHORS
from tandem.assessments.forms import LeaderRoundForm, PeersForm, RateForm, ShareForm
from tandem.assessments.models import Group, Rater, Review, ReviewRound, Status
from tandem.assessments.views.common import add_errors, step
from tandem.lib.errors import problems
from tandem.people.access import person_for
from tandem.people.models import OrgUnit, Person


@login_required
def leader_home(request: HttpRequest) -> HttpResponse:
    me = person_for(request.user)
    mine = []
    approve = []
    if me is not None:
        mine = list(
            Review.objects.filter(leader=me)
            .exclude(round__status=Status.DRAFT)
            .select_related("round")
            .order_by("-round__opens_on")
        )
        approve = list(
            Review.objects.filter(
                manager=me, round__status=Status.OPEN, peers_approved_on__isnull=True
            )
            .filter(raters__group=Group.PEER)
            .select_related("leader", "round")
            .distinct()
        )
    office = access.can_run(request.user)
    context = {
        "to_rate": leaders.to_rate(me),
        "mine": mine,
        "approve": approve,
        "office": office,
        "rounds": ReviewRound.objects.all() if office else [],
    }
    return render(request, "assessments/leaders/home.html", context)


def _edit(request: HttpRequest, round_: ReviewRound | None) -> HttpResponse:
    access.require(access.can_run(request.user), access.RUN_WHY)
    initial = {"min_peers": 3, "min_reports": 3}
    if round_ is not None:
        initial = {
            "title": round_.title,
            "units": list(round_.units.all()),
            "opens_on": round_.opens_on,
            "closes_on": round_.closes_on,
            "min_peers": round_.min_peers,
            "min_reports": round_.min_reports,
        }
    form = LeaderRoundForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        units=OrgUnit.objects.all(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = leaders.Plan(
            title=data["title"] or "",
            units=list(data["units"] or []),
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            min_peers=data["min_peers"] or 3,
            min_reports=data["min_reports"] or 3,
        )
        try:
            saved = leaders.save_round(request.user, plan, round_)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The round is saved as a draft; open it when it is ready.")
            return redirect("assessments:leader_round", saved.pk)
    context = {"form": form, "round": round_}
    return render(
        request, "assessments/leaders/edit.html", context, status=400 if form.errors else 200
    )


@login_required
def leader_round_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
def leader_round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_review_round(request.user, pk)
    if round_.status != Status.DRAFT:
        messages.error(request, "An open or closed round cannot be changed.")
        return redirect("assessments:leader_round", pk)
    return _edit(request, round_)


@login_required
def leader_round(request: HttpRequest, pk: int) -> HttpResponse:
    """The program office's page of a round: how far each review got, and results pooled
    over leaders."""
    round_ = access.get_review_round(request.user, pk)
    context = {"round": round_}
    if round_.status == Status.DRAFT:
        context["leaders"] = leaders.leaders_of(round_).count()
    else:
        context["progress"] = leaders.progress(round_)
        context["pooled"] = leaders.pooled(round_) if round_.status == Status.CLOSED else None
    return render(request, "assessments/leaders/round.html", context)


@login_required
@require_POST
def leader_round_open(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_review_round(request.user, pk)
    step(
        request,
        lambda: leaders.open_round(request.user, round_),
        lambda n: f"The round is open: {n:,} leaders were told to choose peers.",
    )
    return redirect("assessments:leader_round", pk)


@login_required
@require_POST
def leader_round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access.get_review_round(request.user, pk)
    step(
        request,
        lambda: leaders.close_round(request.user, round_),
        lambda _: "The round is closed: each leader can now read their report.",
    )
    return redirect("assessments:leader_round", pk)


@login_required
def review_peers(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader chooses their peers; their manager approves (keeps) them."""
    review = access.get_review(request.user, pk)
    me = person_for(request.user)
    is_leader, is_manager = me.pk == review.leader_id, me.pk == review.manager_id
    if not (is_leader or is_manager):
        raise PermissionDenied("Only the leader and their manager choose the peers.")
    peers = review.raters.filter(group=Group.PEER).select_related("person__unit")
    people = Person.objects.active().exclude(pk=review.leader_id)
    form = PeersForm(
        request.POST if request.method == "POST" and is_leader else None,
        initial={"peers": [r.person for r in peers]},
        people=people,
    )
    error = ""
    if request.method == "POST":
        try:
            if is_leader:
                if form.is_valid():
                    leaders.choose_peers(me, review, list(form.cleaned_data["peers"]))
                    messages.success(request, "Your choice went to your manager to approve.")
                    return redirect("assessments:leaders")
            else:
                keep = [int(p) for p in request.POST.getlist("keep") if p.isdigit()]
                n = leaders.approve_peers(me, review, keep)
                messages.success(request, f"Approved: {n} peers rate {review.leader.name}.")
                return redirect("assessments:leaders")
        except ValidationError as problem:
            if is_leader:
                add_errors(form, problem)
            else:
                error = " ".join(message for _, message in problems(problem))
    context = {
        "review": review,
        "form": form,
        "peers": peers,
        "is_leader": is_leader,
        "error": error,
        "approved": review.peers_approved_on is not None,
    }
    status = 400 if (form.errors or error) else 200
    return render(request, "assessments/leaders/peers.html", context, status=status)


@login_required
@never_cache
def review_rate(request: HttpRequest, pk: int) -> HttpResponse:
    review = access.get_review(request.user, pk)
    me = person_for(request.user)
    asked = leaders.rater(me, review)
    if asked is None:
        raise PermissionDenied("You are not asked to rate this leader.")
    form = RateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            leaders.rate(me, review, form.scores(), data["keep"] or "", data["start"] or "")
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Thank you: your ratings of {review.leader.name} are in.")
            return redirect("assessments:leaders")
    context = {
        "review": review,
        "form": form,
        "group": asked.group,
        "is_self": asked.group == Group.SELF,
        "rated": leaders.has_rated(me, review),
        "open": review.round.status == Status.OPEN,
        "anchors": ANCHORS,
    }
    return render(
        request, "assessments/leaders/rate.html", context, status=400 if form.errors else 200
    )


@login_required
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    review = access.get_review(request.user, pk)
    access.require(access.can_read_report(request.user, review), access.REPORT_WHY)
    me = person_for(request.user)
    form = ShareForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            leaders.share(
                me, review, data["heard"] or "", data["will_change"] or "", data["commitment"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Shared with your team: they read it on their feedback page.")
            return redirect("assessments:review_report", pk)
    review.refresh_from_db()
    context = {
        "review": review,
        "r": leaders.report(review),
        "form": form,
        "shared": review.heard,
        "raters": Rater.objects.filter(review=review, approved=True).count(),
    }
    return render(
        request, "assessments/leaders/report.html", context, status=400 if form.errors else 200
    )
