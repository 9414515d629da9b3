"""The demo leaders' weekly digests of the last few weeks, as if sent on their Mondays.

Built by the digests' own code (`tandem.digests.services.build_all`, the `deliver` the
weekly task runs) once the indicator rollups are filled, oldest week first so that each
digest leaves out the stories and ideas the ones before it showed, as the weekly run
does. Then each is marked sent on the Monday after its week: nothing is emailed, and the
background worker finds the latest week already done.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tandem.digests import services
from tandem.digests.models import Digest, DigestStatus
from tandem.indicators.periods import ReportPeriod

WEEKS = 4
SEND_TIME = time(7, 0)  # when the Monday run would have sent them


def past_weeks(last_day: date, weeks: int = WEEKS) -> list[ReportPeriod]:
    """The `weeks` full weeks before `last_day`'s week, oldest first."""
    if weeks <= 0:
        return []
    chosen = [services.covered_week(last_day)]
    while len(chosen) < weeks:
        chosen.insert(0, chosen[0].previous())
    return chosen


def sent_at(week: ReportPeriod) -> datetime:
    """The moment the digest of `week` went out: the next Monday morning, never later than now."""
    monday = week.end + timedelta(days=1)
    return min(timezone.make_aware(datetime.combine(monday, SEND_TIME)), timezone.now())


def send_past_digests(last_day: date, weeks: int = WEEKS) -> int:
    """Build every leader's digests of the `weeks` weeks before `last_day`; returns how many."""
    built = 0
    for week in past_weeks(last_day, weeks):
        services.build_all(week)
        at = sent_at(week)
        built += Digest.objects.filter(
            week_start=week.start, status=DigestStatus.QUEUED, built_at__isnull=False
        ).update(status=DigestStatus.SENT, queued_at=at, built_at=at, sent_at=at)
    return built
