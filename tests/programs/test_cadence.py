"""tandem.lib.cadence: the periods of a cadence between two dates, hand-computed."""

from datetime import date

import pytest

from tandem.lib.cadence import (
    Period,
    is_period_start,
    next_start,
    period_of,
    period_start,
    periods_between,
)


def test_a_week_runs_monday_to_sunday():
    # 2026-01-07 is a Wednesday.
    assert period_of(date(2026, 1, 7), "weekly") == Period(date(2026, 1, 5), date(2026, 1, 11))


def test_a_month_ends_on_its_last_day_including_february_in_a_leap_year():
    assert period_of(date(2028, 2, 10), "monthly") == Period(date(2028, 2, 1), date(2028, 2, 29))
    assert period_of(date(2026, 2, 10), "monthly") == Period(date(2026, 2, 1), date(2026, 2, 28))


def test_quarters_start_in_january_april_july_and_october():
    assert period_start(date(2026, 5, 31), "quarterly") == date(2026, 4, 1)
    assert period_of(date(2026, 11, 2), "quarterly") == Period(
        date(2026, 10, 1), date(2026, 12, 31)
    )
    assert next_start(date(2026, 10, 1), "quarterly") == date(2027, 1, 1)


def test_weekly_periods_cover_every_week_touched_by_the_range():
    periods = periods_between(date(2026, 1, 7), date(2026, 1, 20), "weekly")
    assert [p.start for p in periods] == [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)]
    assert periods[-1].end == date(2026, 1, 25)


def test_monthly_periods_cross_a_year_end():
    periods = periods_between(date(2025, 11, 15), date(2026, 2, 1), "monthly")
    assert [p.start for p in periods] == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert periods[1].end == date(2025, 12, 31)


def test_no_periods_when_the_range_is_backwards():
    assert periods_between(date(2026, 3, 1), date(2026, 2, 1), "monthly") == []


def test_a_single_day_gives_its_own_period():
    assert periods_between(date(2026, 8, 20), date(2026, 8, 20), "quarterly") == [
        Period(date(2026, 7, 1), date(2026, 9, 30))
    ]


def test_is_period_start_knows_mondays_and_firsts():
    assert is_period_start(date(2026, 1, 12), "weekly")
    assert not is_period_start(date(2026, 1, 13), "weekly")
    assert is_period_start(date(2026, 7, 1), "quarterly")
    assert not is_period_start(date(2026, 8, 1), "quarterly")


def test_an_unknown_cadence_is_refused():
    with pytest.raises(ValueError, match="daily"):
        period_start(date(2026, 1, 1), "daily")
