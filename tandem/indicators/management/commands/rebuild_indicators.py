"""Recompute the indicator rollups from the raw records.

Run it after writing records (or recognitions) in bulk past the services and their
signals (and after migrating, for the initiatives already there), and nightly: a change
of manager alters who counts as "up the line" for past ideas, and an anonymous response
changed by its author moves the day it became visible, neither of which the
change-by-change upkeep sees.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from tandem.indicators import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the leading-indicator rollups (UnitDay, UnitPeriod, UnitHeadcount, and "
        "InitiativeReach and CountedResponses behind the initiative figures)."
    )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        rows = rebuild.rebuild_indicators()
        seconds = time.perf_counter() - started
        written = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in rows.items())
        self.stdout.write(f"Rebuilt the indicator rollups in {seconds:.1f} s: {written}.")
