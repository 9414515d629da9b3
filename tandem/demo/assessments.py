"""Demo assessments (PRODUCT.md M8). The building blocks: a closed round over the whole
organization four months before the demo ends, and one open now over Nursing, with
answers whose spread a real organization would show — each division has blocks it does
well and blocks it does badly, teams differ around it, and a few people name a practice
that works against service.

Rows are written in bulk as services.py leaves them: invitations and the tree fixed at
the opening, answers with no person and no date, filed under the smallest unit of at least
the minimum group asked (voice/groups.py), and the keyed hashes that say who answered.
One random stream per seed, so the same seed gives the same answers whatever day the
demo ends. And a closed leadership 360 over Nursing's leaders (`build_360`).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from tandem.assessments.leaders import leaders_of, rated_key
from tandem.assessments.models import (
    Answered,
    Feedback360,
    Group,
    Invitation,
    Rated,
    Rater,
    Rating,
    Responsibility,
    Review,
    ReviewRound,
    Round,
    Score,
    Status,
    Submission,
    Who,
)
from tandem.assessments.services import answered_key, snapshot_tree
from tandem.capture.models import BuildingBlock
from tandem.people.models import OrgUnit, Person
from tandem.voice.groups import smallest_group
from tandem.voice.models import VoiceSettings

# Practices named as working against service, by block slug.
AGAINST = {
    "recognition": [
        "The monthly bonus counts procedures done, not how patients were looked after.",
        "Only sales of the private rooms get a mention in the newsletter.",
        "Thank-you cards from families never reach the night staff.",
    ],
    "recruitment": [
        "We hire for the technical test only; nobody asks how a candidate treats people.",
        "Agency staff start without any word about how we talk to families.",
    ],
    "orientation": [
        "New starters shadow for two days and are then on their own on a full ward.",
    ],
    "measures": [
        "We count calls answered within 20 seconds, not whether the caller got help.",
        "The dashboard shows beds freed, never what patients said about the discharge.",
    ],
    "recovery": [
        "Nobody at the front desk may offer anything after a long wait; we only apologize.",
        "Complaints go to a central office and we never hear how they ended.",
    ],
    "communications": [
        "Changes to visiting hours reach us after the families have heard them.",
    ],
    "role-modeling": [
        "Managers walk past the waiting room without saying hello.",
    ],
    "voice-of-customer": [
        "The survey results come a quarter late and only as one number for the hospital.",
    ],
}


def build_assessments(last_day: date, seed: int, frontline: Person) -> int:
    """The two rounds; returns how many answers were written. The printed frontline
    login has the open round still to answer."""
    rng = random.Random(f"assessments-{seed}")
    blocks = list(BuildingBlock.objects.order_by("position"))
    minimum = VoiceSettings.current().min_group
    root = OrgUnit.objects.get_root_nodes().first()
    nursing = OrgUnit.objects.filter(name="Nursing").order_by("depth").first() or root
    written = _round(
        "Building blocks, first look",
        [root],
        last_day - timedelta(days=140),
        last_day - timedelta(days=120),
        Status.CLOSED,
        0.62,
        rng,
        blocks,
        minimum,
        drift=0.0,
    )
    written += _round(
        "Building blocks, Nursing, after the first changes",
        [nursing],
        last_day - timedelta(days=6),
        last_day + timedelta(days=9),
        Status.OPEN,
        0.38,
        rng,
        blocks,
        minimum,
        drift=0.35,
        waiting=frontline,
    )
    return written


def _round(
    title, units, opens, closes, status, share, rng, blocks, minimum, drift, waiting=None
) -> int:
    round_ = Round.objects.create(
        title=title,
        who=Who.EVERYONE,
        opens_on=opens,
        closes_on=closes,
        opened_on=opens,
        status=status,
        min_group=minimum,
        text_min=VoiceSettings.current().text_min,
    )
    round_.units.set(units)
    people = list(
        Person.objects.filter(
            unit__path__startswith=units[0].path,
            active=True,
            user__isnull=False,
            user__is_active=True,
        )
        .select_related("unit")
        .order_by("pk")
    )
    Invitation.objects.bulk_create(
        Invitation(round=round_, person=p, unit=p.unit, path=p.unit.path) for p in people
    )
    snapshot_tree(round_, {p.unit.path for p in people})
    step = OrgUnit.steplen
    asked = Counter(
        p.unit.path[:end] for p in people for end in range(step, len(p.unit.path) + 1, step)
    )
    # Each division has its own strengths and weaknesses (by block), each team a tilt.
    division_bias: dict[str, list[float]] = {}
    team_tilt: dict[str, float] = {}
    submissions, ratings, answered = [], [], []
    for person in people:
        if rng.random() >= share or person == waiting:
            continue
        path = person.unit.path
        division = path[: 2 * step]
        bias = division_bias.setdefault(division, [rng.uniform(-0.9, 0.9) for _ in blocks])
        tilt = team_tilt.setdefault(path, rng.uniform(-0.5, 0.5))
        found = smallest_group(path, lambda p: asked[p], minimum, step)
        submission = Submission(round=round_, path=found[0] if found else path[:step])
        submissions.append(submission)
        answered.append(Answered(key=answered_key(person, round_), round=round_))
        for index, block in enumerate(blocks):
            if rng.random() < 0.07:
                score = None  # don't know
            else:
                centre = 3.1 + bias[index] + tilt + drift
                score = min(5, max(1, round(rng.gauss(centre, 0.9))))
            against = ""
            texts = AGAINST.get(block.slug)
            if texts and score is not None and score <= 2 and rng.random() < 0.12:
                against = rng.choice(texts)
            ratings.append(Rating(submission=submission, block=block, score=score, against=against))
    rng.shuffle(submissions)  # rows in no order of answering (their ids are random too)
    Submission.objects.bulk_create(submissions, batch_size=2000)
    Rating.objects.bulk_create(ratings, batch_size=5000)
    Answered.objects.bulk_create(answered, batch_size=2000)
    return len(submissions)


def build_360(last_day: date, seed: int, manager: Person) -> int:
    """A closed leadership 360 over Nursing's leaders, two months before the demo ends:
    each rated by themself, their manager, four peers of their level and their team,
    each leader with a blind spot or two; the printed manager login reads their report.
    Returns how many leaders took part."""
    rng = random.Random(f"leaders-360-{seed}")
    nursing = OrgUnit.objects.filter(name="Nursing").order_by("depth").first()
    if nursing is None:
        return 0
    round_ = ReviewRound.objects.create(
        title="Leadership 360, autumn",
        opens_on=last_day - timedelta(days=75),
        closes_on=last_day - timedelta(days=55),
        opened_on=last_day - timedelta(days=75),
        status=Status.CLOSED,
    )
    round_.units.set([nursing])
    people = leaders_of(round_).select_related("manager__user").order_by("pk")
    chosen = [p for p in people if p == manager or rng.random() < 0.6]
    by_level: dict[str, list[Person]] = {}
    for person in people:
        by_level.setdefault(person.level, []).append(person)
    reports: dict[int, list[Person]] = {}
    for person in Person.objects.filter(
        manager__in=chosen, active=True, user__isnull=False, user__is_active=True
    ):
        reports.setdefault(person.manager_id, []).append(person)
    raters, answers, scores, rated = [], [], [], []
    values = list(Responsibility.values)
    for leader in chosen:
        boss = leader.manager if leader.manager_id and leader.manager.user_id else None
        review = Review.objects.create(round=round_, leader=leader, manager=boss)
        own_view = {v: rng.choice([3, 4, 4, 5]) for v in values}
        others_view = dict(own_view)
        for blind in rng.sample(values, 2):  # seen lower by the others
            others_view[blind] = max(1, own_view[blind] - 2)
        others_view[rng.choice(values)] = 5  # and one they underrate
        peers = [p for p in by_level.get(leader.level, []) if p != leader][:4]
        asked = [(leader, Group.SELF)]
        asked += [(boss, Group.MANAGER)] if boss else []
        asked += [(p, Group.PEER) for p in peers]
        asked += [(p, Group.REPORT) for p in reports.get(leader.pk, [])]
        for person, group in asked:
            raters.append(Rater(review=review, person=person, group=group))
            if group != Group.SELF and rng.random() > 0.9:
                continue  # did not answer
            view = own_view if group == Group.SELF else others_view
            feedback = Feedback360(
                review=review,
                group=group,
                keep=rng.choice(KEEP) if group != Group.SELF and rng.random() < 0.4 else "",
                start=rng.choice(START) if group != Group.SELF and rng.random() < 0.4 else "",
            )
            answers.append(feedback)
            rated.append(Rated(key=rated_key(person, review), review=review))
            for value in values:
                score = min(5, max(1, view[value] + rng.choice([-1, 0, 0, 0, 1])))
                scores.append(Score(feedback=feedback, responsibility=value, score=score))
    rng.shuffle(answers)
    Rater.objects.bulk_create(raters, batch_size=2000, ignore_conflicts=True)
    Feedback360.objects.bulk_create(answers, batch_size=2000)
    Score.objects.bulk_create(scores, batch_size=5000)
    Rated.objects.bulk_create(rated, batch_size=2000, ignore_conflicts=True)
    return len(chosen)


KEEP = [
    "The way you stand up for us when the rota is cut.",
    "Walking the ward at the start of every shift.",
    "Saying thank you by name.",
]
START = [
    "Tell us why decisions are made, not only what they are.",
    "Let us decide the small things without asking.",
    "Talk about where the ward should be next year.",
]
