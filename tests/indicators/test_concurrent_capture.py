"""Twenty people capturing at once: no deadlock on PostgreSQL (the rows each capture
updates are created and locked in one fixed order), no "database is locked" on SQLite
(writers wait their turn), and the rollups still equal the raw counts."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tandem.capture import services
from tandem.capture.models import Idea, IdeaStatus
from tandem.indicators import rebuild
from tests.factories import make_person, make_unit
from tests.indicators.helpers import snapshot

WRITERS = 20
IDEAS_EACH = 3

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_writers_at_once_all_succeed_and_the_rollups_stay_exact():
    teams = [make_unit(f"Harbor Health/Division {d}/Team {t}") for d in "AB" for t in "123"]
    leads = {
        team.pk: make_person(f"Lead {team.name}", unit=team, level="supervisor") for team in teams
    }
    people = [
        make_person(
            f"Writer {n}", unit=teams[n % len(teams)], manager=leads[teams[n % len(teams)].pk]
        )
        for n in range(WRITERS)
    ]
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(person) -> None:
        try:
            start.wait(timeout=30)
            for n in range(IDEAS_EACH):
                idea = Idea(title=f"{person.name} idea {n}", description="-", unit=person.unit)
                services.create_record(person.user, idea, [person], created_by=person)
                lead = leads[person.unit_id]
                services.comment_on_idea(lead.user, idea, "Let's try it.", by=lead)
                services.transition_idea(lead.user, idea, IdeaStatus.TRYING, by=lead)
        except BaseException as error:  # collected and reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors[:3]
    assert Idea.objects.filter(status=IdeaStatus.TRYING).count() == WRITERS * IDEAS_EACH
    kept = snapshot()
    rebuild.rebuild_indicators()
    assert snapshot() == kept
