"""The response rate of a unit beside a team below the minimum group (min_group.SiblingReach):
an attacker who reads the rates shown for a unit and for the units below it, and takes
them away from each other, never learns how fewer than the minimum group responded."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.indicators import figures, min_group
from tandem.indicators.dashboard import build_dashboard
from tandem.indicators.definitions import compute
from tandem.indicators.periods import ReportPeriod
from tandem.people.models import OrgUnit
from tandem.voice.models import VoiceSettings
from tests.factories import make_program_office
from tests.indicators.leading_up_data import publish, respond
from tests.indicators.siblings import (
    DAY,
    care,
    isolated_groups,
    minimum,
    smallest_group,
    staff,
)

pytestmark = pytest.mark.django_db

MONTH = ReportPeriod.containing("month", DAY)
RATE = "initiative_response_rate"
WHY = "initiative_response_rate_hidden"


def shown_rates() -> dict[OrgUnit, dict]:
    """Every unit's figures as the dashboards read them (the rollups: the heatmap's and the
    digests' for_units, each unit's own summary), checked to be the raw count's."""
    units = list(OrgUnit.objects.all())
    together = figures.for_units(units, MONTH)
    found = {}
    for unit in units:
        alone = figures.summary(unit, MONTH)
        assert alone == together[unit.pk] == compute(unit, MONTH.start, MONTH.end), unit
        found[unit] = alone
    return found


def rates(found: dict[OrgUnit, dict]) -> dict[OrgUnit, float | None]:
    return {unit: values[RATE] for unit, values in found.items()}


def by_name(found: dict[OrgUnit, dict], key: str) -> dict[str, object]:
    return {unit.name: values[key] for unit, values in found.items()}


def test_a_team_below_the_minimum_hides_its_smallest_sibling_and_the_teams_below_that():
    made = care(
        {"Nights": 6, "Ward B": 7, "Ward C": 2},
        responding={"Nights": 3, "Ward B": 4, "Ward C": 1},
    )
    found = shown_rates()

    assert by_name(found, WHY) == {
        "Harbor Health": None,
        "Finance": None,  # nothing published there
        "Care": None,
        "Ward A": "siblings",  # the smallest shown sibling of Ward C
        "Nights": "siblings",  # below Ward A, the same people
        "Ward B": None,
        "Ward C": "minimum_group",
    }
    assert by_name(found, RATE) == {
        "Harbor Health": 8 / 15,
        "Finance": None,
        "Care": 8 / 15,
        "Ward A": None,
        "Nights": None,
        "Ward B": 4 / 7,
        "Ward C": None,
    }
    groups = isolated_groups(rates(found), made["responded"])
    assert groups, "the attacker does work something out (Ward A and Ward C together)"
    assert smallest_group(groups) >= minimum()

    # Without the siblings' rule, Care less Ward A (or Nights) and Ward B gives Ward C
    # away: one of its two responded.
    with mock.patch.object(min_group.SiblingReach, "hides", return_value=False):
        leaky = isolated_groups(rates(shown_rates()), made["responded"])
    small = {(pairs, n) for pairs, n in leaky if smallest_group([(pairs, n)]) < minimum()}
    ((ward_c, responded),) = small
    assert len(ward_c) == 2 and responded == 1


def test_people_placed_in_the_unit_above_are_a_group_the_siblings_protect():
    made = care(
        {"Nights": 6, "Ward B": 7, "Care": 2},
        responding={"Nights": 2, "Ward B": 5, "Care": 2},
    )
    found = shown_rates()
    assert by_name(found, WHY) == {
        "Harbor Health": None,
        "Finance": None,
        "Care": None,
        "Ward A": "siblings",
        "Nights": "siblings",
        "Ward B": None,
        "Ward C": None,  # nobody there: nothing published counts there
    }
    assert smallest_group(isolated_groups(rates(found), made["responded"])) >= minimum()


def test_initiatives_on_different_teams_are_measured_one_by_one():
    """Two initiatives: handovers on Nights (Ward A's six) and Ward B (six), rotas on Ward B
    and Ward C (six and two). Care's largest initiative affects 12, less than its teams' largest
    reaches added up (6 + 6 + 2): measured so, nothing would be hidden beside Ward C, and
    Care less Ward A and Ward B would be the rotas of Ward C's two."""
    office = make_program_office()
    nights = staff("Harbor Health/Care/Ward A/Nights", 6)
    ward_b = staff("Harbor Health/Care/Ward B", 6)
    ward_c = staff("Harbor Health/Care/Ward C", 2)
    units = {unit.name: unit for unit in OrgUnit.objects.all()}
    handovers = publish(office, DAY, units["Nights"], units["Ward B"], title="Handovers")
    rotas = publish(office, DAY, units["Ward B"], units["Ward C"], title="Rotas")
    responded = set()
    for initiative, people in ((handovers, nights[:3] + ward_b[:3]), (rotas, ward_b + ward_c[:1])):
        for person in people:
            respond(person, initiative, DAY)
            responded.add((initiative.pk, person.pk))

    found = shown_rates()
    assert by_name(found, WHY) == {
        "Harbor Health": None,
        "Care": None,
        "Ward A": "siblings",  # as small as Ward B, and first
        "Nights": "siblings",
        "Ward B": None,
        "Ward C": "minimum_group",
    }
    assert smallest_group(isolated_groups(rates(found), responded)) >= minimum()
    with mock.patch.object(min_group.SiblingReach, "hides", return_value=False):
        leaky = isolated_groups(rates(shown_rates()), responded)
    assert smallest_group(leaky) == 2


def test_every_rate_shows_when_every_group_reaches_the_minimum():
    made = care(
        {"Nights": 6, "Ward B": 7, "Ward C": 5},
        responding={"Nights": 1, "Ward B": 7, "Ward C": 2},
    )
    found = shown_rates()
    assert by_name(found, RATE) == {
        "Harbor Health": 10 / 18,
        "Finance": None,
        "Care": 10 / 18,
        "Ward A": 1 / 6,
        "Nights": 1 / 6,
        "Ward B": 7 / 7,
        "Ward C": 2 / 5,
    }
    assert not any(values[WHY] for values in found.values())
    assert smallest_group(isolated_groups(rates(found), made["responded"])) >= minimum()


def test_the_siblings_follow_the_minimum_group_set():
    care({"Nights": 6, "Ward B": 7, "Ward C": 2}, responding={"Ward C": 1})
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 3})
    assert by_name(shown_rates(), WHY)["Ward A"] == "siblings"  # Ward C's two: still hidden
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 10})
    found = shown_rates()
    assert by_name(found, RATE) == {
        "Harbor Health": 1 / 15,
        "Finance": None,
        "Care": 1 / 15,
        "Ward A": None,
        "Nights": None,
        "Ward B": None,
        "Ward C": None,
    }
    assert by_name(found, WHY)["Ward B"] == "minimum_group"


def test_the_weekly_trend_hides_the_rate_of_the_same_weeks():
    care({"Nights": 6, "Ward B": 7, "Ward C": 2}, responding={"Nights": 3})
    units = {unit.name: unit for unit in OrgUnit.objects.all()}
    for name, why in (("Ward A", "siblings"), ("Ward B", None), ("Ward C", "minimum_group")):
        weeks = figures.trend(units[name], DAY + timedelta(days=14), weeks=4)
        for week in weeks:
            raw = compute(units[name], week["period"].start, week["period"].end)
            assert {k: v for k, v in week.items() if k != "period"} == raw
        (published,) = [w for w in weeks if w["initiatives_published"]]
        assert published[WHY] == why, name


def test_the_siblings_cost_one_query_whatever_the_number_of_units():
    care({"Nights": 6, "Ward B": 7, "Ward C": 2}, responding={"Nights": 3})
    units = list(OrgUnit.objects.all())
    ward_b = next(unit for unit in units if unit.name == "Ward B")
    figures.for_units(units, MONTH)  # the settings row is made by the first read
    counted = []
    for some in ([ward_b], units):
        with CaptureQueriesContext(connection) as read:
            figures.for_units(some, MONTH)
        counted.append(len(read.captured_queries))
        assert [q for q in read.captured_queries if "initiativereach" in q["sql"]]
    assert counted[0] == counted[1]


# --- the dashboard ------------------------------------------------------------------------


def card_and_note(client, office, unit: OrgUnit) -> tuple[str, str | None]:
    client.force_login(office.user)
    board = build_dashboard(office.user, unit, MONTH)
    html = client.get(
        reverse("indicators:dashboard", args=[unit.pk]), {"period": "month", "day": DAY}
    ).text
    card = next(c for c in board.leading_up if c["key"] == RATE)
    table = {row["figure"]: row["now"] for row in board.figures_table.rows}
    assert table["Response rate to initiatives"] == card["value"]
    if 'id="response-rate-hidden"' not in html:
        return card["value"], None
    start = html.index('id="response-rate-hidden"')
    return card["value"], html[start : html.index("</p>", start)]


def test_the_dashboard_says_a_rate_is_hidden_for_a_sibling(client):
    made = care({"Nights": 6, "Ward B": 7, "Ward C": 2}, responding={"Nights": 3, "Ward B": 4})
    units, office = made["units"], made["office"]

    value, note = card_and_note(client, office, units["Ward A"])
    assert value == "—"
    assert 'data-reason="siblings"' in note
    assert "a team beside Ward A, or beside a unit above it, is below the minimum group" in note

    value, note = card_and_note(client, office, units["Ward C"])
    assert value == "—" and 'data-reason="minimum_group"' in note

    assert card_and_note(client, office, units["Ward B"]) == ("57%", None)  # 4 of 7
    assert card_and_note(client, office, units["Care"]) == ("47%", None)  # 7 of 15
