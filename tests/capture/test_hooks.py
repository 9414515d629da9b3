"""capture.hooks: every change to a record is announced to the watchers, in one transaction."""

from __future__ import annotations

import contextlib

import pytest

from tandem.capture import hooks, services
from tandem.capture.models import Idea
from tandem.indicators import rollups
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_the_indicators_watch_every_record_change():
    assert rollups.track in hooks.watchers()


def test_watching_twice_registers_once():
    before = hooks.watchers()
    hooks.watch_records(rollups.track)
    assert hooks.watchers() == before


@pytest.fixture
def seen(monkeypatch):
    """A watcher of our own, beside the indicators': what it saw, before and after."""
    log: list[tuple[str, int | None, int]] = []

    @contextlib.contextmanager
    def watcher(record):
        log.append(("before", record.pk, Idea.objects.count()))
        yield
        log.append(("after", record.pk, Idea.objects.count()))

    monkeypatch.setattr(hooks, "_watchers", [*hooks.watchers(), watcher])
    return log


def test_a_watcher_sees_the_record_before_and_after_a_new_idea(seen):
    author = make_person("Fay Front")
    idea = Idea(title="Warm blankets", description="At the door", unit=author.unit)
    services.create_record(author.user, idea, [author], created_by=author)
    assert seen == [("before", None, 0), ("after", idea.pk, 1)]


def test_a_watcher_that_fails_rolls_the_change_back(monkeypatch):
    @contextlib.contextmanager
    def broken(record):
        yield
        raise RuntimeError("derived rows could not be written")

    monkeypatch.setattr(hooks, "_watchers", [*hooks.watchers(), broken])
    author = make_person("Fay Front")
    idea = Idea(title="Warm blankets", description="At the door", unit=author.unit)
    with pytest.raises(RuntimeError):
        services.create_record(author.user, idea, [author], created_by=author)
    assert not Idea.objects.exists()
