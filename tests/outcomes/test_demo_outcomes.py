"""The demo's monthly outcomes: believable, on whole months, and only loosely tied to
participation."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Count, Max, Min

from tandem.demo import build
from tandem.indicators import rebuild
from tandem.outcomes import services
from tandem.outcomes.models import UnitOutcome

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 15)


@pytest.fixture
def demo():
    logins, summary = build.seed(today=TODAY)
    rebuild.rebuild_indicators()
    return summary


def test_demo_teams_get_eighteen_whole_months_of_outcomes(demo):
    span = UnitOutcome.objects.aggregate(first=Min("month"), last=Max("month"))
    assert span == {"first": date(2024, 9, 1), "last": date(2026, 2, 1)}
    per_unit = dict(
        UnitOutcome.objects.values("unit__full_path")
        .annotate(n=Count("pk"))
        .values_list("unit__full_path", "n")
    )
    assert 40 <= len(per_unit) <= 46  # a few teams never report
    assert all(14 <= n <= 18 for n in per_unit.values())
    assert not UnitOutcome.objects.filter(csat__isnull=True, nps__isnull=True).exists()
    assert UnitOutcome.objects.filter(nps__isnull=False).exists()
    for row in UnitOutcome.objects.all():
        assert row.csat is None or 50 <= row.csat <= 100
        assert row.nps is None or -100 <= row.nps <= 100
        assert 0 <= row.staff_turnover <= 100 and row.cost_to_serve > 0


def test_demo_outcomes_move_with_participation_but_noisily(demo):
    report = services.correlations(TODAY)
    csat = next(row for row in report.rows if row.measure.key == "csat")
    assert csat.enough and csat.result.n >= 100
    assert 0 < csat.result.r < 0.7  # a relation, not a law
