"""Initiatives, responses and answers made through the voice services on chosen days, for
the leading-up figures: by hand, or at random over build_organization()."""

from __future__ import annotations

import contextlib
import random
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from unittest import mock

from django.core.exceptions import ValidationError
from django.utils import timezone

from tandem.indicators.models import CountedResponses, InitiativeReach
from tandem.people.models import Level, OrgUnit, Person
from tandem.voice import initiatives as voice
from tandem.voice.models import AnswerKind, Initiative, Response, ResponseKind, Status
from tests.factories import make_program_office
from tests.indicators.helpers import snapshot

_real_localdate = timezone.localdate


@contextlib.contextmanager
def on(day: date) -> Iterator[None]:
    """The services' today is `day`: timezone.localdate() without an argument answers it,
    and timezone.now() is ten in the morning of it (a meeting is distributed "now")."""

    def localdate(value=None, timezone=None):
        return day if value is None else _real_localdate(value, timezone)

    moment = datetime.combine(day, time(10), tzinfo=timezone.get_current_timezone())
    with (
        mock.patch("django.utils.timezone.localdate", localdate),
        mock.patch("django.utils.timezone.now", lambda: moment),
    ):
        yield


def publish(writer: Person, day: date, *units: OrgUnit, levels=(), title="") -> Initiative:
    """Written and published by `writer` (its owner) on `day`."""
    with on(day):
        initiative = voice.save_draft(
            writer.user,
            voice.Draft(
                title=title or f"Initiative of {day}",
                units=list(units),
                levels=list(levels),
                owner=writer,
                starts_on=day,
            ),
        )
        assert voice.publish(writer.user, initiative)
    initiative.refresh_from_db()
    return initiative


def respond(person: Person, initiative: Initiative, day: date, *, anonymous=False) -> Response:
    initiative.refresh_from_db()
    with on(day):
        response, _code = voice.respond(
            person,
            initiative,
            ResponseKind.SUGGESTION,
            "Start on the night shift.",
            anonymous=anonymous,
        )
    return response


def answer(writer: Person, responses: list[Response], day: date, kind: str) -> None:
    initiative = responses[0].initiative
    with on(day):
        voice.answer(writer.user, initiative, [r.pk for r in responses], kind, "We heard you.")


def new_round(writer: Person, initiative: Initiative, day: date) -> None:
    with on(day):
        voice.new_round(writer.user, initiative)
    initiative.refresh_from_db()


def add_initiatives(seed: int = 4, count: int = 12) -> Person:
    """Initiatives over January to March 2026 on build_organization()'s units, published by
    the program office (returned): some on one team, some on several or on a whole
    department, some for some levels only, one left a draft; named and anonymous
    responses over the following days, a second round for some, answers of every kind
    (several responses at once too), one anonymous response withdrawn."""
    rng = random.Random(seed)
    office = make_program_office()
    units = list(OrgUnit.objects.order_by("path"))
    level_choices = [(), (), (Level.FRONTLINE,), (Level.MANAGER, Level.SUPERVISOR)]
    withdrawn = False
    for n in range(count):
        day = date(2026, 1, 5) + timedelta(days=rng.randrange(70))
        chosen = rng.sample(units, rng.choice([1, 1, 2]))
        levels = rng.choice(level_choices)
        try:
            initiative = publish(office, day, *chosen, levels=levels, title=f"Initiative {n}")
        except ValidationError:  # nobody placed there: it stays a draft
            continue
        rounds = 2 if rng.random() < 0.3 else 1
        open_ = []
        for round_ in range(1, rounds + 1):
            if round_ > 1:
                day += timedelta(days=rng.randrange(1, 10))
                new_round(office, initiative, day)
            for person in voice.affected_people(initiative).order_by("pk"):
                if rng.random() < 0.4:
                    continue
                when = day + timedelta(days=rng.randrange(0, 6))
                initiative.refresh_from_db()
                anonymous = rng.random() < 0.4 and voice.anonymous_allowed(initiative)
                open_.append(respond(person, initiative, when, anonymous=anonymous))
        open_.sort(key=lambda r: r.visible_on)
        while open_:
            batch = [open_.pop(0) for _ in range(min(len(open_), rng.choice([1, 1, 2])))]
            if rng.random() < 0.3:
                continue  # never answered
            if not withdrawn and batch[0].anonymous and rng.random() < 0.5:
                voice.withdraw(batch[0])
                withdrawn = True
                continue
            when = max(r.visible_on for r in batch) + timedelta(days=rng.randrange(0, 9))
            kind = rng.choice([AnswerKind.CHANGED, AnswerKind.NOT_CHANGED, AnswerKind.QUESTION])
            answer(office, batch, when, kind)
    assert Initiative.objects.filter(status=Status.PUBLISHED).exists()
    return office


def kept_rows() -> dict:
    """Every rollup row (helpers.snapshot) and what each initiative is remembered to have
    added (InitiativeReach, CountedResponses), as plain values."""
    reach = {
        (r.initiative_id, r.unit_id): (r.published_on, r.rounds, r.affected, r.responses, r.changed)
        for r in InitiativeReach.objects.all()
    }
    counted: Counter = Counter()
    for r in CountedResponses.objects.all():
        counted[(r.initiative_id, r.unit_id, r.visible_on, r.answered_on)] += r.n
    return {**snapshot(), "reach": reach, "counted": counted}
