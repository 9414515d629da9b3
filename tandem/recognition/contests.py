"""Running a contest: the program office writes, opens, moves it to judging and announces
the winners; authors, their managers and the program office nominate implemented ideas;
judges score. Every change is checked here (ValidationError keyed by field, nothing
half-saved; PermissionDenied for who may not)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.audit.models import log_action
from tandem.capture.models import BuildingBlock, Idea, IdeaStatus
from tandem.notifications.models import notify
from tandem.people.access import is_program_office, manages_any, person_for
from tandem.people.models import OrgUnit, Person, User

from .models import (
    Contest,
    ContestStatus,
    Criterion,
    Entry,
    EntryStatus,
    Judged,
    Recognition,
    Score,
    Source,
)
from .models.contests import DEFAULT_RUBRIC, TOP_SCORE
from .services import tell

RUN_WHY = "Only the program office runs contests."


@dataclass
class Plan:
    title: str
    opens_on: object
    closes_on: object
    theme: str = ""
    prizes: str = ""
    blocks: list[BuildingBlock] = field(default_factory=list)
    units: list[OrgUnit] = field(default_factory=list)
    judges: list[Person] = field(default_factory=list)
    # (name, help, weight) in order; the default rubric when empty
    rubric: list[tuple[str, str, int]] = field(default_factory=list)


def _require_office(user: User) -> None:
    if not is_program_office(user):
        raise PermissionDenied(RUN_WHY)


def _plan_errors(plan: Plan) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not plan.title.strip():
        errors["title"] = "Give the contest a title."
    if not plan.opens_on:
        errors["opens_on"] = "Say when entries open."
    if not plan.closes_on:
        errors["closes_on"] = "Say the last day for entries."
    elif plan.opens_on and plan.closes_on < plan.opens_on:
        errors["closes_on"] = "The last day for entries comes after the first."
    rubric = plan.rubric or DEFAULT_RUBRIC
    if any(not name.strip() for name, _, _ in rubric):
        errors["rubric"] = "Every criterion needs a name."
    elif sum(weight for _, _, weight in rubric) != 100:
        total = sum(weight for _, _, weight in rubric)
        errors["rubric"] = f"The criteria's weights add up to {total}%, not 100%."
    return errors


@transaction.atomic
def save_contest(user: User, plan: Plan, contest: Contest | None = None) -> Contest:
    """Write a new contest (a draft) or change one not yet closed."""
    _require_office(user)
    if contest is not None and contest.status == ContestStatus.CLOSED:
        raise ValidationError({"status": "The winners are announced: the contest is closed."})
    errors = _plan_errors(plan)
    if errors:
        raise ValidationError(errors)
    creating = contest is None
    contest = contest or Contest(created_by=person_for(user))
    contest.title = plan.title.strip()
    contest.theme = plan.theme.strip()
    contest.prizes = plan.prizes.strip()
    contest.opens_on = plan.opens_on
    contest.closes_on = plan.closes_on
    contest.save()
    contest.blocks.set(plan.blocks)
    contest.units.set(plan.units)
    contest.judges.set(plan.judges)
    now = [(c.name, c.help, c.weight) for c in contest.criteria.all()]
    wanted = [(name.strip(), help_, weight) for name, help_, weight in plan.rubric] or (
        now or DEFAULT_RUBRIC
    )
    if wanted != now:  # a new contest, or the rubric changed
        if Score.objects.filter(entry__contest=contest).exists():
            raise ValidationError({"rubric": "Judges have scored: the rubric cannot change now."})
        contest.criteria.all().delete()
        Criterion.objects.bulk_create(
            Criterion(contest=contest, name=name, help=help_, weight=weight, position=n)
            for n, (name, help_, weight) in enumerate(wanted)
        )
    log_action(user, "created" if creating else "updated", contest)
    return contest


MOVES = {
    ContestStatus.OPEN: (ContestStatus.DRAFT,),
    ContestStatus.JUDGING: (ContestStatus.OPEN,),
}


@transaction.atomic
def move(user: User, contest: Contest, to: str) -> Contest:
    """Open a draft for entries, or close the entries and start judging."""
    _require_office(user)
    contest.status = (
        Contest.objects.select_for_update().values_list("status", flat=True).get(pk=contest.pk)
    )
    if to not in MOVES or contest.status not in MOVES[to]:
        raise ValidationError(
            {"status": f"A contest {contest.get_status_display().lower()} cannot go to {to}."}
        )
    if to == ContestStatus.JUDGING:
        if not contest.judges.exists():
            raise ValidationError({"judges": "Name at least one judge first."})
        if not contest.entries.exists():
            raise ValidationError({"entries": "No idea has entered yet."})
    contest.status = to
    contest.save(update_fields=["status"])
    log_action(user, "updated", contest, extra={"status": to})
    if to == ContestStatus.JUDGING:
        notify(
            contest.judges.all(),
            f"“{contest.title}” is ready to judge: {contest.entries.count()} entries.",
            contest.get_absolute_url(),
        )
    return contest


def may_nominate(user: User, idea: Idea) -> bool:
    """An author, anyone up an author's reporting line, or the program office."""
    if is_program_office(user):
        return True
    me = person_for(user)
    if me is None:
        return False
    authors = list(idea.authors.all())
    return any(a.pk == me.pk for a in authors) or manages_any(me, authors)


@dataclass
class Evidence:
    measure: str
    before: Decimal | None
    after: Decimal | None
    evidence: str = ""


@transaction.atomic
def nominate(user: User, contest: Contest, idea: Idea, evidence: Evidence) -> Entry:
    """Enter an implemented idea with its measured before and after."""
    if not may_nominate(user, idea):
        raise PermissionDenied(
            "An idea is entered by one of its authors, their managers or the program office."
        )
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if contest.status != ContestStatus.OPEN or not contest.opens_on <= today <= contest.closes_on:
        errors["contest"] = "The contest is not taking entries now."
    if idea.status != IdeaStatus.IMPLEMENTED:
        errors["idea"] = (
            f"Only an implemented idea can enter: this one is {idea.get_status_display().lower()}."
        )
    elif idea.private:
        errors["idea"] = "A private idea cannot enter: the contest page is for everyone."
    units = list(contest.units.all())
    if units and not any(idea.unit.path.startswith(u.path) for u in units):
        errors["idea"] = "The idea is not from a unit this contest is open to."
    blocks = set(contest.blocks.values_list("pk", flat=True))
    if blocks and not blocks & set(idea.blocks.values_list("pk", flat=True)):
        names = ", ".join(contest.blocks.order_by("position").values_list("name", flat=True))
        errors["idea"] = f"The idea is tagged with none of the contest's blocks ({names})."
    if not evidence.measure.strip():
        errors["measure"] = "Say what was measured, e.g. “call-backs per week”."
    if evidence.before is None:
        errors["before"] = "Give the figure before the change."
    if evidence.after is None:
        errors["after"] = "Give the figure after the change."
    if contest.entries.filter(idea=idea).exists():
        errors["idea"] = "This idea has entered already."
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            entry = Entry.objects.create(
                contest=contest,
                idea=idea,
                nominated_by=person_for(user),
                measure=evidence.measure.strip(),
                before=evidence.before,
                after=evidence.after,
                evidence=evidence.evidence.strip(),
            )
    except IntegrityError:  # the same idea entered twice at once
        raise ValidationError({"idea": "This idea has entered already."}) from None
    log_action(user, "created", entry)
    notify(
        idea.authors.all(),
        f"Your idea “{idea.title}” entered the contest “{contest.title}”.",
        contest.get_absolute_url(),
        exclude=person_for(user),
    )
    return entry


def conflict(judge: Person, entry: Entry) -> str:
    """Why the judge may not score the entry ('' when they may)."""
    authors = list(entry.idea.authors.all())
    if any(a.pk == judge.pk for a in authors):
        return "You are one of its authors."
    if manages_any(judge, authors):
        return "You are up its authors' reporting line."
    return ""


@transaction.atomic
def score(user: User, entry: Entry, scores: dict[int, int | None], note: str = "") -> Judged:
    """A judge's scores of an entry on every criterion (0–5), once."""
    me = person_for(user)
    contest = entry.contest
    if me is None or not contest.judges.filter(pk=me.pk).exists():
        raise PermissionDenied("Only the contest's judges score its entries.")
    why = conflict(me, entry)
    if why:
        raise PermissionDenied(f"You cannot score this entry: {why}")
    errors: dict[str, str] = {}
    if contest.status != ContestStatus.JUDGING:
        errors["contest"] = "Entries are scored while the contest is being judged."
    if Judged.objects.filter(entry=entry, judge=me).exists():
        errors["entry"] = "You scored this entry already; scores cannot be changed."
    criteria = list(contest.criteria.all())
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None:
            errors[f"c{criterion.pk}"] = f"Score “{criterion.name}” from 0 to {TOP_SCORE}."
        elif not 0 <= value <= TOP_SCORE:
            errors[f"c{criterion.pk}"] = f"“{criterion.name}”: a score from 0 to {TOP_SCORE}."
    if len(note) > 1000:
        errors["note"] = "Keep the note to 1000 characters."
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            judged = Judged.objects.create(entry=entry, judge=me, note=note.strip())
    except IntegrityError:  # two clicks at once: the first one counts
        raise ValidationError({"entry": "You scored this entry already."}) from None
    Score.objects.bulk_create(
        Score(entry=entry, judge=me, criterion=c, score=scores[c.pk]) for c in criteria
    )
    return judged


def may_see_scores(
    contest: Contest, entry: Entry, office: bool, judge: bool, conflict_: str, scored: set[int]
) -> bool:
    """Whether the entry's average and spread may be shown: to everyone once the contest
    is closed; to a judge once their own score of it is in; to the program office while
    judging, unless they are a judge who may score it and has not."""
    if contest.status == ContestStatus.CLOSED or entry.pk in scored:
        return True
    still_to_score = judge and not conflict_
    return office and not still_to_score


@dataclass
class Result:
    entry: Entry
    totals: list[float]  # each judge's weighted total, 0–100

    @property
    def mean(self) -> float | None:
        return round(statistics.fmean(self.totals), 1) if self.totals else None

    @property
    def spread(self) -> tuple[float, float] | None:
        return (min(self.totals), max(self.totals)) if self.totals else None


def results(contest: Contest) -> list[Result]:
    """Each entry's judges' weighted totals (score/5 × weight, summed: 0–100), best first."""
    weights = {c.pk: c.weight for c in contest.criteria.all()}
    by_entry: dict[int, dict[int, float]] = {}
    for entry_id, judge_id, criterion_id, value in Score.objects.filter(
        entry__contest=contest
    ).values_list("entry_id", "judge_id", "criterion_id", "score"):
        judges = by_entry.setdefault(entry_id, {})
        judges[judge_id] = judges.get(judge_id, 0) + value / TOP_SCORE * weights[criterion_id]
    entries = contest.entries.select_related("idea__unit").prefetch_related("idea__authors")
    found = [
        Result(e, sorted(round(t, 1) for t in by_entry.get(e.pk, {}).values())) for e in entries
    ]
    return sorted(found, key=lambda r: (r.mean is None, -(r.mean or 0), r.entry.pk))


@transaction.atomic
def shortlist(user: User, entry: Entry, on: bool) -> Entry:
    _require_office(user)
    if entry.contest.status != ContestStatus.JUDGING:
        raise ValidationError({"status": "The shortlist is made while judging."})
    entry.status = EntryStatus.SHORTLISTED if on else EntryStatus.ENTERED
    entry.save(update_fields=["status"])
    return entry


@transaction.atomic
def announce(user: User, contest: Contest, places: dict[int, int]) -> list[Entry]:
    """Close the contest with its winners ({entry id: place, 1 first}); each winning
    idea's authors are recognized, from the contest."""
    _require_office(user)
    contest.status = (
        Contest.objects.select_for_update().values_list("status", flat=True).get(pk=contest.pk)
    )
    if contest.status != ContestStatus.JUDGING:
        raise ValidationError({"status": "Winners are announced after judging."})
    entries = {e.pk: e for e in contest.entries.select_related("idea")}
    unknown = [pk for pk in places if pk not in entries]
    if not places:
        raise ValidationError({"places": "Pick at least one winner."})
    if unknown:
        raise ValidationError({"places": "Pick winners among this contest's entries."})
    if any(place < 1 for place in places.values()):
        raise ValidationError({"places": "Places start at 1."})
    winners = []
    me = person_for(user)
    for pk, place in sorted(places.items(), key=lambda item: item[1]):
        entry = entries[pk]
        entry.status, entry.place = EntryStatus.WINNER, place
        entry.save(update_fields=["status", "place"])
        authors = list(entry.idea.authors.filter(active=True))
        recognition = Recognition.objects.create(
            source=Source.CONTEST,
            contest=contest,  # from the contest: it counts as no one's giving
            what=f"{_place(place)} in “{contest.title}”: {entry.idea.title} — "
            f"{entry.measure} from {entry.before_after}.",
            idea=entry.idea,
            date=timezone.localdate(),
        )
        recognition.people.set(authors)
        tell(recognition, authors, exclude=me)
        winners.append(entry)
    contest.status = ContestStatus.CLOSED
    contest.announced_on = timezone.localdate()
    contest.save(update_fields=["status", "announced_on"])
    log_action(user, "updated", contest, extra={"status": "closed", "winners": len(winners)})
    return winners


def _place(place: int) -> str:
    return {1: "First place", 2: "Second place", 3: "Third place"}.get(place, f"Place {place}")
