"""Contest pages: the list, the contest's page (entries, results, winners), writing and
running one (the program office), entering an idea, judging."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tandem.capture.models import Idea, IdeaStatus
from tandem.lib.errors import add_to_form, problems
from tandem.lib.ids import as_id
from tandem.people.access import is_program_office, person_for

from . import access, contests
from .forms_contests import ContestForm, EntryForm, ScoreForm
from .models import Contest, ContestStatus, Entry, Judged

IDEAS_OFFERED = 200  # the latest implemented ideas one may enter


@login_required
def contest_list(request: HttpRequest) -> HttpResponse:
    if not access.can_browse(request.user):
        raise PermissionDenied("Contests are for people of the organization.")
    found = access.visible_contests(request.user).annotate(n=Count("entries"))
    context = {"contests": found, "may_run": access.can_run_contests(request.user)}
    return render(request, "recognition/contests.html", context)


def _plan(form: ContestForm) -> contests.Plan:
    data = form.cleaned_data
    return contests.Plan(
        title=data["title"],
        theme=data["theme"],
        prizes=data["prizes"],
        opens_on=data["opens_on"],
        closes_on=data["closes_on"],
        blocks=list(data["blocks"]),
        units=list(data["units"]),
        judges=list(data["judges"]),
        rubric=form.rubric(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contest_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not access.can_run_contests(request.user):
        raise PermissionDenied(contests.RUN_WHY)
    contest = get_object_or_404(Contest, pk=pk) if pk else None
    criteria = [(c.name, c.help, c.weight) for c in contest.criteria.all()] if contest else None
    status = 200
    if request.method == "POST":
        form = ContestForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                contest = contests.save_contest(request.user, _plan(form), contest)
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, f"Saved “{contest.title}”.")
                return redirect(contest)
        status = 400
    else:
        initial = {}
        if contest is not None:
            initial = {
                "title": contest.title,
                "theme": contest.theme,
                "prizes": contest.prizes,
                "opens_on": contest.opens_on,
                "closes_on": contest.closes_on,
                "blocks": list(contest.blocks.all()),
                "units": list(contest.units.all()),
                "judges": list(contest.judges.all()),
            }
        form = ContestForm(initial=initial, criteria=criteria)
    context = {"form": form, "contest": contest}
    return render(request, "recognition/contest_form.html", context, status=status)


@login_required
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The contest's page for everyone of the organization: theme, rubric, prizes, the
    entries with their measured change, and, once judging is over, the results and the
    winners. A judge also finds the entries to score; the program office runs it."""
    contest = access.get_contest(request.user, pk)
    office = is_program_office(request.user)
    me = person_for(request.user)
    judge = access.is_judge(request.user, contest)
    results = contests.results(contest)
    mine = Judged.objects.filter(entry__contest=contest, judge=me)
    judged = set(mine.values_list("entry_id", flat=True)) if me else set()
    # Each judge alone: the average and spread once the contest is closed, to a judge for
    # an entry they scored, and to the program office while judging, unless they judge
    # it themselves and have not scored it yet.
    rows = []
    for result in results:
        entry = result.entry
        if entry.idea.private and not office:
            continue  # the idea was made private after it entered: the program office's
        why = contests.conflict(me, entry) if judge else ""
        rows.append(
            (
                result,
                contests.may_see_scores(contest, entry, office, judge, why, judged),
                entry.pk in judged,
                why,
            )
        )
    context = {
        "contest": contest,
        "rows": rows,
        "criteria": list(contest.criteria.all()),
        "office": office,
        "judge": judge,
        "may_enter": contest.status == ContestStatus.OPEN and (me is not None or office),
        "winners": [r for r in results if r.entry.place and (office or not r.entry.idea.private)],
        # The judges' notes, for the program office (who wrote each: it runs the judging).
        "notes": _notes(contest) if office else {},
    }
    return render(request, "recognition/contest.html", context)


def _notes(contest: Contest) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for entry_id, judge, note in (
        Judged.objects.filter(entry__contest=contest)
        .exclude(note="")
        .order_by("at")
        .values_list("entry_id", "judge__name", "note")
    ):
        found.setdefault(entry_id, []).append((judge, note))
    return found


@login_required
@require_POST
def contest_move(request: HttpRequest, pk: int) -> HttpResponse:
    contest = access.get_contest(request.user, pk)
    try:
        contests.move(request.user, contest, request.POST.get("to", ""))
    except ValidationError as error:
        for _, message in problems(error):
            messages.error(request, message)
    else:
        messages.success(request, "Done.")
    return redirect(contest)


def _ideas_for(request: HttpRequest, contest: Contest):
    """Implemented, non-private ideas the user may enter (theirs, their people's; all for
    the program office), the latest first."""
    ideas = Idea.objects.filter(status=IdeaStatus.IMPLEMENTED, private=False).exclude(
        contest_entries__contest=contest
    )
    if not is_program_office(request.user):
        me = person_for(request.user)
        if me is None:
            return ideas.none()
        ideas = ideas.filter(Q(authors=me) | Q(authors__line__startswith=me.line)).distinct()
    return ideas.order_by("-updated_at", "-pk")


@login_required
@require_http_methods(["GET", "POST"])
def contest_enter(request: HttpRequest, pk: int) -> HttpResponse:
    contest = access.get_contest(request.user, pk)
    offered = _ideas_for(request, contest)
    ideas = Idea.objects.filter(pk__in=list(offered.values_list("pk", flat=True)[:IDEAS_OFFERED]))
    status = 200
    if request.method == "POST":
        form = EntryForm(request.POST, ideas=Idea.objects.all())
        if form.is_valid():
            data = form.cleaned_data
            if data["idea"] is None:
                form.add_error("idea", "Choose the implemented idea to enter.")
            else:
                evidence = contests.Evidence(
                    data["measure"], data["before"], data["after"], data["evidence"]
                )
                try:
                    contests.nominate(request.user, contest, data["idea"], evidence)
                except ValidationError as error:
                    add_to_form(form, error)
                else:
                    messages.success(request, f"“{data['idea'].title}” entered the contest.")
                    return redirect(contest)
        form.fields["idea"].queryset = ideas
        status = 400
    else:
        form = EntryForm(ideas=ideas, initial={"idea": as_id(request.GET.get("idea", ""))})
    context = {"contest": contest, "form": form, "has_ideas": ideas.exists()}
    return render(request, "recognition/contest_enter.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def entry_score(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    contest = access.get_contest(request.user, pk)
    entry = get_object_or_404(
        Entry.objects.select_related("idea__unit"), pk=entry_pk, contest=contest
    )
    if not access.is_judge(request.user, contest):
        raise PermissionDenied("Only the contest's judges score its entries.")
    why = contests.conflict(person_for(request.user), entry)
    if why:
        raise PermissionDenied(f"You cannot score this entry: {why}")
    criteria = list(contest.criteria.all())
    status = 200
    form = ScoreForm(request.POST or None, criteria=criteria)
    if request.method == "POST":
        if form.is_valid():
            try:
                contests.score(request.user, entry, form.scores(), form.cleaned_data["note"])
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, f"Your scores of “{entry.idea.title}” are in.")
                return redirect(contest)
        status = 400
    done = Judged.objects.filter(entry=entry, judge=person_for(request.user)).exists()
    context = {"contest": contest, "entry": entry, "form": form, "done": done}
    return render(request, "recognition/contest_score.html", context, status=status)


@login_required
@require_POST
def entry_shortlist(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    contest = access.get_contest(request.user, pk)
    entry = get_object_or_404(Entry, pk=entry_pk, contest=contest)
    try:
        contests.shortlist(request.user, entry, request.POST.get("on") == "1")
    except ValidationError as error:
        for _, message in problems(error):
            messages.error(request, message)
    return redirect(contest)


@login_required
@require_POST
def contest_announce(request: HttpRequest, pk: int) -> HttpResponse:
    """Winners from the form's place_<entry id> fields (1, 2, 3 …; empty: not a winner)."""
    contest = access.get_contest(request.user, pk)
    places = {}
    for key, value in request.POST.items():
        if key.startswith("place_") and value.strip():
            entry_id, place = as_id(key.removeprefix("place_")), as_id(value)
            if entry_id is None or place is None:
                messages.error(request, "A place is a whole number: 1 for the first.")
                return redirect(contest)
            places[entry_id] = place
    try:
        winners = contests.announce(request.user, contest, places)
    except ValidationError as error:
        for _, message in problems(error):
            messages.error(request, message)
    else:
        messages.success(request, f"{len(winners)} winners announced; their authors are told.")
    return redirect(contest)
