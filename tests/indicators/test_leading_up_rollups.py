"""The leading-up figures on random initiatives (tests/indicators/leading_up_data.py),
checked three ways: definitions.compute against a brute-force count over the raw rows,
and the rollups the dashboard reads against compute, whether kept change by change by
the voice services' writes or rebuilt in bulk, also after people move and leave,
responses are withdrawn and an initiative is deleted."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone

from tandem.indicators import figures, rebuild
from tandem.indicators.definitions import compute
from tandem.indicators.periods import ReportPeriod
from tandem.people.models import Level, OrgUnit, Person
from tandem.voice import initiatives as voice
from tandem.voice.models import Initiative, Response, VoiceSettings
from tests.factories import make_person
from tests.indicators.helpers import PERIODS, brute_force, build_organization
from tests.indicators.leading_up_data import add_initiatives, kept_rows, publish
from tests.indicators.siblings import staff

pytestmark = pytest.mark.django_db

LEADING_UP = (
    "initiatives_published",
    "initiative_response_rate",
    "median_days_to_answer",
    "responses_answered_share",
    "initiatives_changed_share",
)
STANDARD = [
    ReportPeriod.containing("week", date(2026, 2, 4)),
    ReportPeriod.containing("month", date(2026, 2, 4)),
    ReportPeriod.containing("quarter", date(2026, 2, 4)),
    ReportPeriod.containing("month", date(2025, 6, 1)),  # before any initiative
]


def test_every_leading_up_figure_agrees_with_a_brute_force_count():
    units = build_organization()
    add_initiatives()
    for unit in units.values():
        for start, end in PERIODS.values():
            expected = brute_force(unit, start, end)
            got = compute(unit, start, end)
            for key in LEADING_UP:
                assert got[key] == expected[key], (unit.full_path, start, end, key)
    # Days of initiatives are dates: the time zone changes nothing.
    with timezone.override("Pacific/Auckland"):
        start, end = PERIODS["custom"]
        assert compute(units["root"], start, end) == brute_force(units["root"], start, end)

    # The data has something for every figure, and a response rate hidden somewhere.
    root = compute(units["root"], *PERIODS["custom"])
    assert root["initiatives_published"] > 5
    for key in LEADING_UP[1:]:
        assert 0 < root[key] < 20, key
    team = compute(units["leaf"], *PERIODS["everything"])
    assert team["initiatives_published"] and team["initiative_response_rate"] is None
    assert Response.objects.filter(code_hash__gt="").exists()  # anonymous ones too
    assert Initiative.objects.filter(round=2).exists()


def test_rates_hidden_beside_small_teams_agree_with_a_brute_force_count():
    """A team of two beside the wards, five in Payroll, a minimum group of 4: some rates
    are hidden for a sibling (min_group.SiblingReach), alike in compute, the rollups
    and the brute force, which works it out on sets of people."""
    build_organization()
    staff("Harbor Health/Nursing/Ward 6D", 2)
    staff("Harbor Health/Finance/Payroll", 5)
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 4})
    rebuild.rebuild_indicators()
    office = add_initiatives(seed=2, count=16)
    units = {unit.name: unit for unit in OrgUnit.objects.all()}
    # Whatever the random ones: Ward 6D's two beside Ward 5A's five, early in February.
    publish(office, date(2026, 2, 4), units["Ward 5A"], units["Ward 6D"])
    units = list(units.values())
    why: Counter = Counter()
    for start, end in PERIODS.values():
        kept = figures.for_units(units, ReportPeriod.custom(start, end))
        for unit in units:
            got = compute(unit, start, end)
            assert kept[unit.pk] == got, (unit.full_path, start, end)
            expected = brute_force(unit, start, end)
            for key in (*LEADING_UP, "initiative_response_rate_hidden"):
                assert got[key] == expected[key], (unit.full_path, start, end, key)
            why[got["initiative_response_rate_hidden"]] += 1
    assert why["siblings"] and why["minimum_group"] and why[None]


def assert_kept_figures_are_the_raw_count() -> None:
    for unit in OrgUnit.objects.all():
        for period in STANDARD + [ReportPeriod.custom(*PERIODS["custom"])]:
            got = figures.summary(unit, period)
            assert got == compute(unit, period.start, period.end), (unit.full_path, period)


def test_kept_rollups_equal_the_raw_count_and_a_rebuild_through_every_change():
    build_organization()
    rebuild.rebuild_indicators()  # its ideas are backdated past the services
    office = add_initiatives(seed=9)
    assert_kept_figures_are_the_raw_count()
    kept = kept_rows()
    rebuild.rebuild_indicators()
    assert kept_rows() == kept

    # People move, leave, change level and join; an answer is given late; an anonymous
    # response is withdrawn; an initiative goes altogether.
    people = list(Person.objects.filter(active=True, unit__full_path__contains="Ward"))
    mover, leaver, promoted = people[0], people[3], people[5]
    mover.unit = OrgUnit.objects.get(full_path="Harbor Health/Nursing/Ward 5A")
    mover.save()
    leaver.active = False
    leaver.save()
    promoted.level = Level.MANAGER if promoted.level != Level.MANAGER else Level.FRONTLINE
    promoted.save()
    make_person("Nia New", unit="Harbor Health/Nursing/Ward 4B")
    affected_now = {key: row[2] for key, row in kept_rows()["reach"].items()}
    assert affected_now != {key: row[2] for key, row in kept["reach"].items()}
    open_ = Response.objects.filter(answer__isnull=True).order_by("visible_on").first()
    voice.answer(office.user, open_.initiative, [open_.pk], "changed", "Done.")
    anonymous = Response.objects.filter(code_hash__gt="").first()
    voice.withdraw(anonymous)
    Initiative.objects.filter(responses__isnull=False).order_by("pk").first().delete()

    cache.clear()  # who took part in a past custom range is kept for the day (figures.py)
    assert_kept_figures_are_the_raw_count()
    kept = kept_rows()
    rebuild.rebuild_indicators()
    assert kept_rows() == kept
