"""Demo recognition (PRODUCT.md M9): every customer compliment story that names people is
the customer's recognition (as recognition.compliments keeps it), and colleagues and
leaders thank each other for implemented ideas, service actions and frontline efforts —
about one record in six, more in teams whose manager is engaged, a few private, a few
passed on from a customer by a leader. Written in bulk, as the services leave them;
the printed frontline login has two recent ones, unread."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from tandem.capture.models import (
    BuildingBlock,
    Idea,
    IdeaStatus,
    ServiceAction,
    Story,
    StoryKind,
)
from tandem.notifications.models import Notification
from tandem.people.models import Person
from tandem.recognition.contests import results as contests_results
from tandem.recognition.models import (
    WHAT_LIMIT,
    Answer,
    Contest,
    ContestStatus,
    Criterion,
    DayStatus,
    Entry,
    EntryStatus,
    Guest,
    Judged,
    Recognition,
    Score,
    ShowcaseDay,
    ShowcaseEntry,
    Slot,
    Source,
)
from tandem.recognition.models.contests import DEFAULT_RUBRIC

THANKS = [
    "You made this happen in a week when we were two short. Patients noticed.",
    "Thank you for not letting this drop — three families mentioned it at discharge.",
    "This took patience with a worried family; you kept them informed every hour.",
    "You stayed on after handover to finish it properly. It made the night easier for all of us.",
    "Small change, big difference: the ward is calmer at visiting time because of you.",
    "You spotted the problem before anyone asked, and you fixed it with the team.",
    "Thank you for showing the new starters how we do this — they copy you.",
    "The way you explained the delay turned an angry caller into a thankful one.",
]
ON_BEHALF = [
    "A patient's daughter called to say you made her father feel safe on his first night.",
    "A visitor wrote to thank you for walking her to the right clinic when she was lost.",
    "Mr Ahmed asked me to pass on his thanks for the care during his stay.",
]
CUSTOMERS = ["Mrs Okafor", "a patient's family", "Mr Ahmed", ""]
SHARE = 6  # about one record in six is recognized
WINDOW = timedelta(days=10)  # recognized within this many days of the record


def build_recognition(last_day: date, seed: int, hero: Person) -> int:
    """Write the demo's recognitions; returns how many."""
    rng = random.Random(f"recognition-{seed}")
    made = _compliments()
    made += _thanks(rng, last_day)
    made += _for_hero(rng, last_day, hero)
    return made


def _compliments() -> int:
    stories = list(
        Story.objects.filter(kind=StoryKind.CUSTOMER_COMPLIMENT)
        .prefetch_related("people", "blocks")
        .order_by("pk")
    )
    rows, people = [], []
    for story in stories:
        named = [p for p in story.people.all() if p.active]
        if not named:
            continue
        blocks = sorted(story.blocks.all(), key=lambda b: b.position)
        rows.append(
            Recognition(
                source=Source.CUSTOMER,
                given_by_id=story.created_by_id,
                what=(story.customer_words or story.what_happened).strip()[:WHAT_LIMIT],
                story=story,
                from_compliment=True,
                private=story.private,
                date=story.date,
                block=blocks[0] if blocks else None,
            )
        )
        people.append(named)
    return _save(rows, people)


def _thanks(rng: random.Random, last_day: date) -> int:
    """Colleagues and leaders recognize the people of some implemented ideas, actions and
    frontline efforts, within days of them."""
    records = [
        *Idea.objects.filter(status=IdeaStatus.IMPLEMENTED).prefetch_related("authors", "blocks"),
        *ServiceAction.objects.prefetch_related("people", "blocks"),
        *Story.objects.filter(kind=StoryKind.FRONTLINE_EFFORT).prefetch_related("people", "blocks"),
    ]
    records.sort(key=lambda r: (type(r).__name__, r.pk))
    everyone = {p.pk: p for p in Person.objects.filter(active=True).select_related("manager")}
    by_unit: dict[int, list[Person]] = {}
    for person in everyone.values():
        by_unit.setdefault(person.unit_id, []).append(person)
    rows, people = [], []
    for record in records:
        if rng.randrange(SHARE):
            continue
        named = [everyone[p.pk] for p in record.credited_people() if p.pk in everyone]
        if not named:
            continue
        on = _day_of(record) + timedelta(days=rng.randrange(WINDOW.days))
        if on > last_day:
            continue
        giver = _giver(rng, named, by_unit)
        if giver is None:
            continue
        customer = giver.is_leader and rng.random() < 0.08
        blocks = sorted(record.blocks.all(), key=lambda b: b.position)
        rows.append(
            Recognition(
                source=Source.CUSTOMER if customer else Source.COLLEAGUE,
                given_by=giver,
                customer=rng.choice(CUSTOMERS) if customer else "",
                what=rng.choice(ON_BEHALF if customer else THANKS),
                idea=record if isinstance(record, Idea) else None,
                action=record if isinstance(record, ServiceAction) else None,
                story=record if isinstance(record, Story) else None,
                private=rng.random() < 0.1,
                date=on,
                block=blocks[0] if blocks and rng.random() < 0.8 else None,
            )
        )
        people.append(named)
    return _save(rows, people)


def _giver(rng: random.Random, named: list[Person], by_unit) -> Person | None:
    """The first named person's manager (often), else a colleague of their unit."""
    first = named[0]
    boss = first.manager
    if boss is not None and boss.active and boss not in named and rng.random() < 0.55:
        return boss
    colleagues = [p for p in by_unit.get(first.unit_id, []) if p not in named]
    return rng.choice(colleagues) if colleagues else None


def _day_of(record) -> date:
    return record.created_at.date() if isinstance(record, Idea) else record.date


def _for_hero(rng: random.Random, last_day: date, hero: Person) -> int:
    """Two recent recognitions of the printed frontline login, from their supervisor and a
    colleague, with unread notifications."""
    colleagues = list(
        Person.objects.filter(unit=hero.unit, active=True, level=hero.level)
        .exclude(pk=hero.pk)
        .order_by("pk")
    )
    givers = [g for g in (hero.manager, colleagues[0] if colleagues else None) if g]
    texts = [
        "You calmed a frightened patient at 3 am and then stayed to explain the plan to his "
        "wife in the morning. That is exactly the care we talk about.",
        "Thank you for covering my break when the admissions came in all at once.",
    ]
    rows, people = [], []
    for days, giver, what in zip((1, 4), givers, texts, strict=False):
        rows.append(Recognition(given_by=giver, what=what, date=last_day - timedelta(days=days)))
        people.append([hero])
    made = _save(rows, people)
    Notification.objects.bulk_create(
        Notification(
            recipient=hero,
            text=f"Recognized by {r.given_by.name}: “{r.what[:119]}…”",
            url=r.get_absolute_url(),
        )
        for r in rows
    )
    return made


def _save(rows: list[Recognition], people: list[list[Person]]) -> int:
    Recognition.objects.bulk_create(rows, batch_size=1000)
    through = Recognition.people.through
    through.objects.bulk_create(
        (
            through(recognition_id=r.pk, person_id=p.pk)
            for r, named in zip(rows, people, strict=True)
            for p in named
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )
    return len(rows)


# --- contests -----------------------------------------------------------------------------


def measured(rng: random.Random, idea: Idea) -> tuple[str, int, int]:
    """A before/after that fits what the idea recorded: the staff time it saved, else the
    complaints and call-backs about what it changed."""
    if idea.minutes_saved_per_week:
        before = idea.minutes_saved_per_week + rng.randrange(60, 400, 10)
        return "Staff minutes a week on it", before, before - idea.minutes_saved_per_week
    before = rng.randrange(8, 25)
    return "Complaints and call-backs about it a month", before, rng.randrange(1, before // 2)


def build_contests(last_day: date, seed: int, office: Person) -> int:
    """A closed contest with three winners three months ago, and one open now; returns
    how many contests."""
    rng = random.Random(f"contests-{seed}")
    ideas = list(
        Idea.objects.filter(status=IdeaStatus.IMPLEMENTED, private=False)
        .prefetch_related("authors")
        .order_by("pk")
    )
    if len(ideas) < 8 or office is None:
        return 0
    rng.shuffle(ideas)
    judges = list(
        Person.objects.filter(active=True, level__in=["executive", "senior_leader"]).order_by("pk")
    )[:3]
    closed = Contest.objects.create(
        title="Service wins of the summer",
        theme="Ideas that made a measurable difference to patients and families this summer.",
        opens_on=last_day - timedelta(days=150),
        closes_on=last_day - timedelta(days=110),
        prizes="Lunch with the executive team, and the winners present at the showcase day.",
        status=ContestStatus.CLOSED,
        announced_on=last_day - timedelta(days=95),
        created_by=office,
    )
    closed.judges.set(judges)
    criteria = Criterion.objects.bulk_create(
        Criterion(contest=closed, name=name, help=help_, weight=weight, position=n)
        for n, (name, help_, weight) in enumerate(DEFAULT_RUBRIC)
    )
    entries = []
    for idea in ideas[:6]:
        measure, before, after = measured(rng, idea)
        authors = list(idea.authors.all())
        entries.append(
            Entry.objects.create(
                contest=closed,
                idea=idea,
                nominated_by=authors[0].manager if authors and authors[0].manager else office,
                measure=measure,
                before=before,
                after=after,
                evidence="Counted from the ward's own log over four weeks before and after.",
            )
        )
    for entry in entries:
        authors = {a.pk for a in entry.idea.authors.all()}
        for judge in judges:
            if judge.pk in authors:
                continue
            Judged.objects.create(entry=entry, judge=judge)
            Score.objects.bulk_create(
                Score(entry=entry, judge=judge, criterion=c, score=rng.randint(2, 5))
                for c in criteria
            )
    ranked = contests_results(closed)
    for place, result in enumerate(ranked[:3], start=1):
        entry = result.entry
        entry.status, entry.place = EntryStatus.WINNER, place
        entry.save(update_fields=["status", "place"])
        made = Recognition.objects.create(
            source=Source.CONTEST,
            contest=closed,
            what=f"{('First', 'Second', 'Third')[place - 1]} place in “{closed.title}”: "
            f"{entry.idea.title} — {entry.measure} from {entry.before_after}.",
            idea=entry.idea,
            date=closed.announced_on,
        )
        made.people.set(entry.idea.authors.filter(active=True))
    for result in ranked[3:5]:
        result.entry.status = EntryStatus.SHORTLISTED
        result.entry.save(update_fields=["status"])
    open_now = Contest.objects.create(
        title="Fewer call-backs this winter",
        theme="Families should not have to call twice. Enter the ideas that cut call-backs, "
        "with the count before and after.",
        opens_on=last_day - timedelta(days=10),
        closes_on=last_day + timedelta(days=20),
        prizes="The winning team's idea is presented at the showcase day.",
        status=ContestStatus.OPEN,
        created_by=office,
    )
    open_now.judges.set(judges)
    # About communication with families: the entries are ideas tagged so.
    blocks = list(BuildingBlock.objects.filter(slug__in=["communications", "voice-of-customer"]))
    tagged = [i for i in ideas[6:] if {b.pk for b in blocks} & {b.pk for b in i.blocks.all()}]
    if len(tagged) >= 2:
        open_now.blocks.set(blocks)
    else:
        tagged = ideas[6:8]
    Criterion.objects.bulk_create(
        Criterion(contest=open_now, name=name, help=help_, weight=weight, position=n)
        for n, (name, help_, weight) in enumerate(DEFAULT_RUBRIC)
    )
    for idea in tagged[:2]:
        measure, before, after = measured(rng, idea)
        Entry.objects.create(
            contest=open_now, idea=idea, nominated_by=office, measure=measure,
            before=before, after=after,
        )  # fmt: skip
    return 2


# --- the showcase day ---------------------------------------------------------------------

GUESTS = [
    ("Amara Osei", "amara.osei@portauthority.example", "Port Authority", "client", "yes", 2),
    ("Daniel Brooks", "d.brooks@harbourherald.example", "Harbour Herald", "media", "yes", 1),
    ("Helen Park", "helen.park@cityhealthfund.example", "City Health Fund", "partner", "yes", 1),
    ("Tomás Ruiz", "truiz@bayinsurance.example", "Bay Insurance", "client", "no", 1),
    ("Grace Liu", "grace@patientsvoice.example", "Patients' Voice", "partner", "yes", 3),
    ("Samuel Adeyemi", "s.adeyemi@radio5.example", "Radio 5", "media", "waiting", 1),
    ("Ingrid Nilsen", "ingrid@northcare.example", "North Care Homes", "client", "waiting", 1),
    ("Yusuf Kaya", "yusuf.kaya@council.example", "City Council", "partner", "yes", 2),
]


def build_showcase(last_day: date, office: Person) -> int:
    """A showcase day three weeks after the demo ends: the winners of the summer contest
    and one team per division present; an agenda in two rooms; guests invited, most of
    them answered. Returns how many entries."""
    winners = list(
        Entry.objects.filter(status=EntryStatus.WINNER)
        .select_related("idea__unit")
        .prefetch_related("idea__authors")
        .order_by("place")
    )
    if not winners or office is None:
        return 0
    day = ShowcaseDay.objects.create(
        title="Harbor Health service showcase",
        date=last_day + timedelta(days=21),
        starts_at=time(9, 30),
        venue="Harbor Hall, 1 Quay Street",
        places=60,
        about="Our teams show clients, partners and the press what they changed for patients "
        "and families this year, and what it achieved.",
        status=DayStatus.INVITING,
        created_by=office,
    )
    entries = []
    for entry in winners:
        idea = entry.idea
        made = ShowcaseEntry.objects.create(
            day=day,
            title=idea.title,
            unit=idea.unit,
            problem=idea.description[:600] or idea.title,
            change=(idea.result or idea.title)[:600],
            results=f"{entry.measure}: from {entry.before_after}.",
            created_by=office,
        )
        made.people.set(idea.authors.filter(active=True))
        made.ideas.set([idea])
        entries.append(made)
    Slot.objects.create(day=day, starts_at=time(9, 30), ends_at=time(9, 50), room="Main hall",
                        title="Welcome by the chief executive")  # fmt: skip
    start = 10 * 60
    for n, made in enumerate(entries):
        begins = start + n * 25
        Slot.objects.create(
            day=day,
            starts_at=time(begins // 60, begins % 60),
            ends_at=time((begins + 20) // 60, (begins + 20) % 60),
            room="Main hall" if n % 2 == 0 else "Garden room",
            entry=made,
        )
    for name, email, org, kind, answer, seats in GUESTS:
        Guest.objects.create(
            day=day, name=name, email=email, organization=org, kind=kind,
            answer={"yes": Answer.YES, "no": Answer.NO}.get(answer, Answer.WAITING),
            seats=seats,
        )  # fmt: skip
    return len(entries)
