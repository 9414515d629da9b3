"""Announcing changes to ideas, actions and stories to the apps that keep figures on them.

Capture sits below the indicators and does not import them. Every change to a record
(create, edit, move, comment, delete) runs inside `record_change(record)`; an app that
keeps something derived from records registers a watcher in its `AppConfig.ready()`
(`watch_records(rollups.track)`). A watcher is a context manager factory: it sees the
record before the change, lets the change happen, then sees it after, all inside the one
transaction of the change, so the derived rows are exactly as consistent as the record.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:
    from tandem.capture.models import Record

Watcher = Callable[["Record"], AbstractContextManager[None]]
_watchers: list[Watcher] = []


def watch_records(watcher: Watcher) -> None:
    """Have `watcher(record)` wrap every change to a record (once, however often called)."""
    if watcher not in _watchers:
        _watchers.append(watcher)


def watchers() -> tuple[Watcher, ...]:
    return tuple(_watchers)


@contextlib.contextmanager
def record_change(record: Record) -> Iterator[None]:
    """Wrap a change to `record`: every watcher sees it, in the caller's transaction."""
    # Joining the caller's transaction: an error anywhere rolls everything back.
    with transaction.atomic(savepoint=False), contextlib.ExitStack() as stack:
        for watcher in _watchers:
            stack.enter_context(watcher(record))
        yield
