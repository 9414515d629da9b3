"""Participation in a quarter against outcomes in the next: the maths, by hand, and the
pooling over units and quarters."""

from __future__ import annotations

import math
from datetime import date

import pytest
from django.utils import timezone

from tandem.indicators import rebuild
from tandem.outcomes import services
from tandem.outcomes.models import UnitOutcome
from tandem.outcomes.stats import correlate, fisher_interval, pearson
from tests.factories import make_person, make_story, make_unit

TODAY = date(2026, 3, 15)  # outcome quarter Q1 2026, participation quarter Q4 2025


# --- the maths ---------------------------------------------------------------------


def test_pearson_and_fisher_interval_match_a_hand_computed_example():
    # x = 1..5, y = 2,4,5,4,5: means 3 and 4; deviations -2,-1,0,1,2 and -2,0,1,0,1.
    # Sxy = 4+0+0+0+2 = 6, Sxx = 10, Syy = 6, so r = 6 / sqrt(60) = 0.774597.
    # Fisher: z = atanh(0.774597) = 1.031719; se = 1/sqrt(5-3) = 0.707107;
    # z ± 1.959964·se = 1.031719 ± 1.385904 = (-0.354185, 2.417622);
    # tanh back: (-0.340082, 0.984236).
    result = correlate([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])
    assert result.n == 5
    assert result.r == pytest.approx(0.774597, abs=1e-6)
    assert result.low == pytest.approx(-0.340082, abs=1e-6)
    assert result.high == pytest.approx(0.984236, abs=1e-6)
    assert result.interval_includes_zero


def test_a_strong_negative_relation_has_an_interval_below_zero():
    xs = [i / 10 for i in range(30)]
    ys = [100 - 20 * x + (1 if i % 2 else -1) for i, x in enumerate(xs)]
    result = correlate(xs, ys)
    assert result.r < -0.9
    assert result.high < 0 and not result.interval_includes_zero
    # The interval is symmetric around r on Fisher's z scale.
    z = math.atanh(result.r)
    assert math.atanh(result.high) - z == pytest.approx(1.959964 / math.sqrt(27), abs=1e-6)


def test_no_variation_or_too_few_pairs_give_no_r():
    assert pearson([1, 1, 1], [3, 4, 5]) is None
    assert pearson([1], [2]) is None
    assert fisher_interval(0.5, 3) is None
    result = correlate([1, 2, 3], [1, 3, 2])
    assert result.r == pytest.approx(0.5)
    assert (result.low, result.high) == (None, None)
    with pytest.raises(ValueError):
        pearson([1, 2], [1])


# --- pooling over units --------------------------------------------------------------


def make_units_with_participation(shares: list[int], staff: int = 5):
    """One team per entry, `staff` people each, `k` of whom logged a story in Q4 2025."""
    units = []
    for i, k in enumerate(shares):
        unit = make_unit(f"Harbor Health/Teams/Team {i}")
        people = [make_person(unit=unit, login=False) for _ in range(staff)]
        for person in people[:k]:
            make_story(person, date=date(2025, 11, 10))
        units.append(unit)
    return units


def rounded(pairs):
    return sorted((round(x, 6), round(y, 6)) for x, y in pairs)


def add_outcomes(unit, month: date, **values):
    UnitOutcome.objects.create(unit=unit, month=month, imported_at=timezone.now(), **values)


@pytest.fixture
def five_teams(db):
    """Participation 0.2, 0.4, 0.6, 0.8, 1.0 in Q4 2025; CSAT in Q1 2026 (two months each)
    averaging 70, 90, 100, 90, 100: the hand example above, scaled (r does not change)."""
    units = make_units_with_participation([1, 2, 3, 4, 5])
    months = [(68, 72), (89, 91), (100, 100), (85, 95), (100, 100)]
    for unit, (jan, feb) in zip(units, months, strict=True):
        add_outcomes(unit, date(2026, 1, 1), csat=jan, complaints=10)
        add_outcomes(unit, date(2026, 2, 1), csat=feb)
    rebuild.rebuild_indicators()
    return units


@pytest.mark.django_db
def test_outcome_quarters_are_the_mean_of_their_measured_months(five_teams):
    means = services.quarterly_outcomes(services.quarters_until(TODAY, 8))
    first = means[(five_teams[0].pk, date(2026, 1, 1))]
    assert first == {"csat": 70.0, "complaints": 10.0}  # complaints: January only


@pytest.mark.django_db
def test_pooled_correlation_matches_the_hand_example(five_teams):
    report = services.correlations(TODAY, min_pairs=4)
    assert report.units == 5
    csat = next(row for row in report.rows if row.measure.key == "csat")
    # Participation of each team in Q4 2025 against its mean CSAT in Q1 2026.
    assert rounded(report.pairs["csat"]) == (
        [(0.2, 70.0), (0.4, 90.0), (0.6, 100.0), (0.8, 90.0), (1.0, 100.0)]
    )
    assert csat.result.r == pytest.approx(0.774597, abs=1e-6)  # the hand example
    assert csat.result.low == pytest.approx(-0.340082, abs=1e-6)
    assert csat.result.high == pytest.approx(0.984236, abs=1e-6)
    assert csat.result.n == 5 and csat.units == 5
    assert csat.enough
    assert csat.reading.startswith("A strong relation: units with higher participation tended")
    assert "may be chance" in csat.reading
    complaints = next(row for row in report.rows if row.measure.key == "complaints")
    # Counts go per 100 staff: 10 complaints in a team of 5 is 200.
    assert rounded(report.pairs["complaints"])[0] == (0.2, 200.0)
    assert complaints.label == "Complaints per 100 staff"
    assert complaints.result.r is None  # every team had 10: nothing varies
    assert "do not vary" in complaints.reading
    nps = next(row for row in report.rows if row.measure.key == "nps")
    assert nps.result.n == 0 and nps.reading.startswith("Too little data: 0 unit-quarter pairs")


@pytest.mark.django_db
def test_below_the_minimum_it_says_too_little_data(five_teams):
    report = services.correlations(TODAY)  # the stated minimum: 20 pairs
    csat = next(row for row in report.rows if row.measure.key == "csat")
    assert csat.result.n == 5 and not csat.enough
    assert csat.reading == "Too little data: 5 unit-quarter pairs, at least 20 are needed."


@pytest.mark.django_db
def test_a_quarter_without_outcomes_next_gives_no_pair_and_units_without_staff_are_skipped(db):
    units = make_units_with_participation([2, 3])
    empty = make_unit("Harbor Health/Teams/Empty")
    add_outcomes(units[0], date(2026, 1, 1), csat=80)  # Q1 2026: paired with Q4 2025
    add_outcomes(units[1], date(2025, 12, 1), csat=70)  # Q4 2025: paired with Q3 2025
    add_outcomes(empty, date(2026, 2, 1), csat=75)  # no staff: no participation
    rebuild.rebuild_indicators()
    report = services.correlations(TODAY, min_pairs=1)
    assert report.units == 3
    assert rounded(report.pairs["csat"]) == ([(0.0, 70.0), (0.4, 80.0)])


@pytest.mark.django_db
def test_the_view_pools_only_the_last_eight_quarters(db):
    (unit,) = make_units_with_participation([1])
    add_outcomes(unit, date(2024, 3, 1), csat=80)  # Q1 2024, nine quarters back: left out
    add_outcomes(unit, date(2024, 4, 1), csat=81)  # Q2 2024, the eighth
    rebuild.rebuild_indicators()
    report = services.correlations(TODAY, min_pairs=1)
    assert [q.start for q in report.quarters][:1] == [date(2024, 4, 1)]
    assert len(report.quarters) == 8
    assert report.pairs["csat"] == [(0.0, 81.0)]


@pytest.mark.django_db
def test_no_outcomes_means_no_data(db):
    report = services.correlations(TODAY)
    assert not report.has_data
    assert all(row.result.n == 0 for row in report.rows)


def test_readings_never_claim_a_cause():
    from tandem.outcomes.models import MEASURE_BY_KEY
    from tandem.outcomes.stats import Correlation

    words = ("cause", "drive", "lead to", "leads to", "impact", "effect", "because", "result")
    for r in (-0.8, -0.4, -0.2, 0.0, 0.05, 0.2, 0.4, 0.8):
        row = services.OutcomeCorrelation(
            MEASURE_BY_KEY["complaints"], Correlation(40, r, r - 0.2, r + 0.2), 10, 20
        )
        text = row.reading.lower()
        assert not any(word in text for word in words), text
    low = services.OutcomeCorrelation(
        MEASURE_BY_KEY["csat"], Correlation(40, -0.45, -0.66, -0.17), 10, 20
    )
    assert low.reading == (
        "A moderate relation: units with higher participation tended to have lower CSAT "
        "the next quarter."
    )
