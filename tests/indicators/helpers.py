"""A generated organization with random activity, and the brute-force count of every
figure over its raw rows: what the definitions and the rollups are checked against."""

from __future__ import annotations

import math
import random
import statistics
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from tandem.capture.models import (
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaTransition,
    ServiceAction,
    Story,
    StoryKind,
)
from tandem.capture.services import (
    comment_on_idea,
    transition_idea,
)
from tandem.indicators.models import UnitDay, UnitHeadcount, UnitPeriod
from tandem.people.models import Level, OrgUnit, Person
from tandem.recognition.models import Recognition, Source
from tandem.voice.models import Answer, AnswerKind, Initiative, Response, VoiceSettings
from tests.factories import make_action, make_idea, make_person, make_story, make_team, make_unit

LEADERS = {Level.EXECUTIVE, Level.SENIOR_LEADER, Level.MANAGER, Level.SUPERVISOR}


T0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)


def comment_at(idea: Idea, by: Person, at: datetime) -> IdeaComment:
    comment = comment_on_idea(by.user, idea, "Looked at this.", by=by)
    IdeaComment.objects.filter(pk=comment.pk).update(created_at=at)
    return comment


def move(idea: Idea, to: str, by: Person, at: datetime, **kw) -> None:
    if to == IdeaStatus.PARKED:
        kw.setdefault("note", "Not now: the budget is spent for this year.")
    transition_idea(by.user, idea, to, by=by, at=at, **kw)
    idea.refresh_from_db()


def idea_at(*authors: Person, at: datetime, **kw) -> Idea:
    idea = make_idea(*authors, **kw)
    Idea.objects.filter(pk=idea.pk).update(created_at=at)
    idea.refresh_from_db()
    return idea


def build_organization(seed: int = 3) -> dict[str, OrgUnit]:
    """Two wards with full reporting lines, a finance team, an empty unit, ~3 months of activity."""
    rng = random.Random(seed)
    ward_a = make_team("Harbor Health/Nursing/Ward 4B")
    ward_b = make_team("Harbor Health/Nursing/Ward 5A")
    payroll = make_person("Pat Payroll", unit="Harbor Health/Finance/Payroll", manager=None)
    inactive = make_person("Ian Inactive", unit="Harbor Health/Nursing/Ward 4B", active=False)
    extra = make_person(
        "Eve Extra", unit="Harbor Health/Nursing/Ward 5A", manager=ward_b["supervisor"]
    )
    empty = make_unit("Harbor Health/Quiet Corner")
    teams = [ward_a, ward_b]
    staff = [p for team in teams for p in team.values()] + [payroll, extra]
    for _ in range(40):
        team = rng.choice(teams)
        author = rng.choice([team["frontline"], team["colleague"], team["supervisor"]])
        co = [team["colleague"]] if rng.random() < 0.3 and author != team["colleague"] else []
        created = T0 + timedelta(days=rng.uniform(0, 85))
        idea = idea_at(author, *co, at=created)
        leaders = [team["supervisor"], team["manager"], team["senior"], team["executive"]]
        responder = rng.choice([p for p in leaders if p != author])
        when = created
        if rng.random() < 0.6:
            when += timedelta(days=rng.uniform(0.1, 6))
            comment_at(idea, rng.choice([responder, team["colleague"]]), when)
        if rng.random() < 0.2:
            when += timedelta(days=rng.uniform(0.1, 5))
            move(idea, IdeaStatus.PARKED, responder, when)
            if rng.random() < 0.5:
                when += timedelta(days=rng.uniform(0.1, 5))
                move(idea, IdeaStatus.PROPOSED, responder, when)
        if idea.status == IdeaStatus.PROPOSED and rng.random() < 0.6:
            when += timedelta(days=rng.uniform(0.1, 9))
            move(idea, IdeaStatus.TRYING, rng.choice([responder, author]), when)
            if rng.random() < 0.6:
                when += timedelta(days=rng.uniform(0.5, 20))
                move(
                    idea,
                    IdeaStatus.IMPLEMENTED,
                    responder,
                    when,
                    result="Fewer calls.",
                    minutes_saved_per_week=rng.choice([None, 15, 60]),
                    money_saved_per_year=rng.choice([None, Decimal("120.50"), Decimal("3000")]),
                )
    for _ in range(30):
        doer = rng.choice(staff)
        day = (T0 + timedelta(days=rng.uniform(0, 85))).date()
        others = [rng.choice(staff)] if rng.random() < 0.3 else []
        make_action(doer, *[p for p in others if p != doer], date=day)
    for _ in range(25):
        teller = rng.choice(staff)
        day = (T0 + timedelta(days=rng.uniform(0, 85))).date()
        make_story(teller, kind=rng.choice(StoryKind.values), date=day)
    add_recognitions(rng, staff + [inactive], 30)
    return {
        "root": OrgUnit.objects.get(full_path="Harbor Health"),
        "middle": OrgUnit.objects.get(full_path="Harbor Health/Nursing"),
        "leaf": OrgUnit.objects.get(full_path="Harbor Health/Nursing/Ward 5A"),
        "empty": empty,
    }


def add_recognitions(rng: random.Random, people: list[Person], count: int) -> list[Recognition]:
    """Recognitions of every source, some private, some without a giver, of one to three
    people (inactive ones too), dated over ~3 months from T0: written as the recognition
    services and the compliment sync write them (the row, then its people)."""
    made = []
    for n in range(count):
        recognition = Recognition.objects.create(
            source=rng.choice(Source.values),
            given_by=rng.choice([*people, None]),
            what=f"Thank you for the night of the storm ({n}).",
            private=rng.random() < 0.3,
            date=(T0 + timedelta(days=rng.uniform(0, 85))).date(),
        )
        recognition.people.set(rng.sample(people, rng.choice([1, 1, 2, 3])))
        made.append(recognition)
    return made


def recognition_by_hand(unit: OrgUnit, start: date, end: date) -> dict:
    """The recognition figures, recognition by recognition and person by person."""
    staff = {
        p.pk: p for p in Person.objects.select_related("unit") if p.active and under(p.unit, unit)
    }
    leaders = {pk for pk, p in staff.items() if p.level in LEADERS}
    dated = [r for r in Recognition.objects.prefetch_related("people") if start <= r.date <= end]
    pairs = [(r.pk, p.pk) for r in dated for p in r.people.all() if p.pk in staff]
    recognized = {person for _r, person in pairs}
    giving = {r.given_by_id for r in dated} & leaders
    n = len(staff)
    return {
        "recognitions": len(pairs),
        "recognitions_per_100_staff": len(pairs) * 100 / n if n else None,
        "staff_recognized_share": len(recognized) / n if n else None,
        "leaders_recognizing": len(giving),
        "leaders_recognizing_share": len(giving) / len(leaders) if leaders else None,
    }


def brute_force(unit: OrgUnit, start: date, end: date) -> dict:
    def inside(record_unit: OrgUnit) -> bool:
        return record_unit.full_path == unit.full_path or record_unit.full_path.startswith(
            unit.full_path + "/"
        )

    def day(moment: datetime) -> date:
        return timezone.localtime(moment).date()

    def in_period(d: date) -> bool:
        return start <= d <= end

    people = {p.pk: p for p in Person.objects.select_related("unit")}

    def managers_of(person: Person) -> set[int]:
        found, current = set(), person.manager_id
        while current is not None and current not in found:
            found.add(current)
            current = people[current].manager_id
        return found

    ideas = list(Idea.objects.select_related("unit").prefetch_related("authors"))
    moves = list(IdeaTransition.objects.all())
    comments = list(IdeaComment.objects.all())
    actions = list(ServiceAction.objects.select_related("unit").prefetch_related("people"))
    stories = list(Story.objects.select_related("unit").prefetch_related("people"))
    ours = {i.pk: i for i in ideas if inside(i.unit)}
    staff = [p for p in people.values() if p.active and inside(p.unit)]

    def responders(idea: Idea) -> set[int]:
        return set().union(*(managers_of(a) for a in idea.authors.all()))

    created = [i for i in ours.values() if in_period(day(i.created_at))]

    def moved_to(status: str) -> set[int]:
        """Ideas whose first-ever move to `status` fell in the period."""
        first: dict[int, datetime] = {}
        for m in moves:
            if m.idea_id in ours and m.to_status == status:
                first[m.idea_id] = min(m.at, first.get(m.idea_id, m.at))
        return {idea_id for idea_id, at in first.items() if in_period(day(at))}

    tried, implemented, parked = (
        moved_to(IdeaStatus.TRYING),
        moved_to(IdeaStatus.IMPLEMENTED),
        moved_to(IdeaStatus.PARKED),
    )

    def days(a: datetime, b: datetime) -> float:
        """Counted in whole hours (rounded down), shown in days."""
        return math.floor((b - a).total_seconds() / 3600)

    to_response, to_trying, to_implemented = [], [], []
    for idea in ours.values():
        up = responders(idea)
        events = [m.at for m in moves if m.idea_id == idea.pk and m.by_id in up]
        events += [c.created_at for c in comments if c.idea_id == idea.pk and c.author_id in up]
        if events and in_period(day(min(events))):
            to_response.append(days(idea.created_at, min(events)))
        trying = sorted(
            m.at for m in moves if m.idea_id == idea.pk and m.to_status == IdeaStatus.TRYING
        )
        if trying and in_period(day(trying[0])):
            to_trying.append(days(idea.created_at, trying[0]))
        done = [
            m.at for m in moves if m.idea_id == idea.pk and m.to_status == IdeaStatus.IMPLEMENTED
        ]
        if done and in_period(day(done[0])):
            to_implemented.append(days(max(t for t in trying if t <= done[0]), done[0]))

    took_part = set()
    for idea in ideas:
        if in_period(day(idea.created_at)):
            took_part |= {idea.created_by_id, *(a.pk for a in idea.authors.all())}
    for record in actions + stories:
        if in_period(record.date):
            took_part |= {record.created_by_id, *(p.pk for p in record.people.all())}
    all_ideas = {i.pk: i for i in ideas}
    engaged = set()
    for who, idea_id, when in [(m.by_id, m.idea_id, m.at) for m in moves] + [
        (c.author_id, c.idea_id, c.created_at) for c in comments
    ]:
        if in_period(day(when)) and who in responders(all_ideas[idea_id]):
            engaged.add(who)
    leaders = [p for p in staff if p.level in LEADERS]
    n = len(staff)
    by_kind = {kind: 0 for kind in StoryKind.values}
    for story in stories:
        if inside(story.unit) and in_period(story.date):
            by_kind[story.kind] += 1
    impl_ideas = [ours[pk] for pk in implemented]
    result = {
        "unit": unit.pk,
        "start": start,
        "end": end,
        "staff": n,
        "ideas_created": len(created),
        "ideas_tried": len(tried),
        "ideas_implemented": len(implemented),
        "ideas_parked": len(parked),
        "implementation_rate": len(implemented) / len(created) if created else None,
        "median_days_to_first_response": statistics.median(to_response) / 24
        if to_response
        else None,
        "median_days_proposed_to_trying": statistics.median(to_trying) / 24 if to_trying else None,
        "median_days_trying_to_implemented": (
            statistics.median(to_implemented) / 24 if to_implemented else None
        ),
        "service_actions": sum(1 for a in actions if inside(a.unit) and in_period(a.date)),
        "stories": sum(by_kind.values()),
        "stories_by_kind": by_kind,
        "participation": sum(1 for p in staff if p.pk in took_part) / n if n else None,
        "leaders": len(leaders),
        "manager_engagement": (
            sum(1 for p in leaders if p.pk in engaged) / len(leaders) if leaders else None
        ),
        "minutes_saved_per_week": sum(i.minutes_saved_per_week or 0 for i in impl_ideas),
        "money_saved_per_year": sum(
            (i.money_saved_per_year or Decimal(0) for i in impl_ideas), Decimal("0.00")
        ),
        "ideas_per_employee_per_year": (
            len(created) / n * 365 / ((end - start).days + 1) if n else None
        ),
        "benchmarks": {"typical": 2.4, "toyota_1973": 6.0, "world_class": 50.0},
    }
    for key in ("ideas_created", "ideas_tried", "ideas_implemented", "ideas_parked"):
        result[f"{key}_per_100_staff"] = result[key] * 100 / n if n else None
    result.update(leading_up_by_hand(unit, start, end, inside))
    result.update(recognition_by_hand(unit, start, end))
    return result


def leading_up_by_hand(unit: OrgUnit, start: date, end: date, inside) -> dict:
    """The leading-up figures, initiative by initiative and response by response."""

    def in_period(d: date) -> bool:
        return start <= d <= end

    changed = {a.initiative_id for a in Answer.objects.all() if a.kind == AnswerKind.CHANGED}
    published = [
        initiative
        for initiative in Initiative.objects.prefetch_related("units")
        if initiative.published_on and in_period(initiative.published_on)
    ]
    counted = [i for i in published if any(inside(u) for u in i.units.all())]
    everyone = [p for p in Person.objects.select_related("unit") if p.active]

    def affected_in(initiative: Initiative, where: OrgUnit) -> set[int]:
        """The people `initiative` affects in `where` and below, if it counts there."""
        if not any(under(u, where) for u in initiative.units.all()):
            return set()
        levels = initiative.level_list or list(Level.values)
        return {
            p.pk
            for p in everyone
            if p.level in levels
            and under(p.unit, where)
            and any(under(p.unit, top) for top in initiative.units.all())
        }

    asked = sum(len(affected_in(i, unit)) * i.round for i in counted)
    ids = {i.pk for i in counted}
    responses = [
        r for r in Response.objects.select_related("unit", "answer") if r.unit and inside(r.unit)
    ]
    answered_to = sum(1 for r in responses if r.initiative_id in ids)
    minimum = VoiceSettings.current().min_group
    largest = max((len(affected_in(i, unit)) for i in counted), default=0)
    alone = largest >= minimum
    shown = alone and not hidden_by_siblings_by_hand(unit, published, affected_in, minimum)
    visible = [r for r in responses if in_period(r.visible_on)]
    waits = [
        max(0, (r.answer.answered_on - r.visible_on).days)
        for r in responses
        if r.answer and in_period(r.answer.answered_on)
    ]
    return {
        "initiatives_published": len(counted),
        "initiative_response_rate": answered_to / asked if shown else None,
        "initiative_response_rate_hidden": (
            None if shown or not counted else "siblings" if alone else "minimum_group"
        ),
        "median_days_to_answer": statistics.median(waits) if waits else None,
        "responses_answered_share": (
            sum(1 for r in visible if r.answer_id) / len(visible) if visible else None
        ),
        "initiatives_changed_share": (
            sum(1 for i in counted if i.pk in changed) / len(counted) if counted else None
        ),
    }


def under(unit: OrgUnit, top: OrgUnit) -> bool:
    return unit.full_path == top.full_path or unit.full_path.startswith(top.full_path + "/")


def hidden_by_siblings_by_hand(unit: OrgUnit, published, affected_in, minimum: int) -> bool:
    """The siblings' rule in words, on sets of people: under each unit above `unit`, the
    children whose largest initiative affects fewer than the minimum are hidden; if then,
    for some initiative, the people it affects in the unit above but in no shown child
    are between 1 and the minimum less one, and for none of them at least the minimum,
    the shown child whose largest initiative is smallest (the first in the tree on a tie)
    is hidden too. The rate is hidden when the unit or one above it is hidden so."""
    units = list(OrgUnit.objects.all())
    child = unit
    while child.parent_path:
        parent = next(u for u in units if u.full_path == child.parent_path)
        children = [u for u in units if u.parent_path == parent.full_path]
        people = {c.pk: {i.pk: affected_in(i, c) for i in published} for c in children}
        size = {c.pk: max((len(s) for s in people[c.pk].values()), default=0) for c in children}
        shown = [c for c in children if size[c.pk] >= minimum]
        hidden = {c.pk for c in children if size[c.pk] < minimum}
        seen = {i.pk: set().union(*(people[c.pk][i.pk] for c in shown)) for i in published}
        left = max((len(affected_in(i, parent) - seen[i.pk]) for i in published), default=0)
        if 0 < left < minimum and shown:
            hidden.add(min(shown, key=lambda c: (size[c.pk], c.path)).pk)
        if child.pk in hidden:
            return True
        child = parent
    return False


PERIODS = {
    "week": (date(2026, 2, 2), date(2026, 2, 8)),
    "month": (date(2026, 2, 1), date(2026, 2, 28)),
    "custom": (date(2026, 1, 15), date(2026, 3, 10)),
    "everything": (date(2025, 12, 1), date(2026, 6, 30)),
    "nothing": (date(2025, 6, 1), date(2025, 6, 30)),
}


def snapshot() -> dict:
    """Every rollup row as plain values (rows that add up to nothing are left out)."""
    days = {
        (row.unit_id, row.day): (row.counts, row.hours)
        for row in UnitDay.objects.all()
        if row.counts or row.hours
    }
    periods = {
        (row.unit_id, row.kind, row.start): (
            row.participants,
            row.engaged,
            row.recognized,
            row.recognizing,
        )
        for row in UnitPeriod.objects.all()
        if row.participants or row.engaged or row.recognized or row.recognizing
    }
    heads = {
        row.unit_id: (row.staff, row.leaders)
        for row in UnitHeadcount.objects.all()
        if row.staff or row.leaders
    }
    return {"days": days, "periods": periods, "heads": heads}
