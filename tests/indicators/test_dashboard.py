"""The leader dashboard: figures, change, heatmap and drill-down, comparison, highlights."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.indicators.conftest import OCTOBER

pytestmark = pytest.mark.django_db


def url(unit) -> str:
    return reverse("indicators:dashboard", args=[unit.pk])


def card(html: str, key: str) -> str:
    """The text of one headline card, tags stripped."""
    match = re.search(rf'data-figure="{key}">(.*?)</li>', html, re.S)
    assert match, f"no card {key}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_headline_figures_and_change_against_the_previous_period(login, org):
    response = login(org["executive"]).get(url(org["ward_4b"]), OCTOBER)
    assert response.status_code == 200
    html = response.text
    assert "October 2026" in html
    # Three ideas in October against one in September.
    assert (
        card(html, "ideas_created") == "Ideas logged 3 +2 (+200%) compared with vs September 2026"
    )
    assert card(html, "ideas_implemented").startswith("Ideas implemented 1 +1")
    # One implemented of three created.
    assert card(html, "implementation_rate").startswith("Implementation rate 33%")
    # Four people placed in Ward 4B, the frontline one took part: 25%, none in September
    # would be 25 points up (September had one idea by the same person: also 25%).
    assert card(html, "participation").startswith("Participation 25% no change")


def test_no_figure_is_shown_as_a_dash_not_a_zero(login, org):
    response = login(org["executive"]).get(
        url(org["ward_4b"]), {"period": "week", "day": "2026-08-03"}
    )
    assert card(response.text, "implementation_rate").startswith(
        "Implementation rate — no comparison"
    )


def test_heatmap_rows_link_to_each_child_for_the_same_period(login, org):
    response = login(org["executive"]).get(url(org["nursing"]), OCTOBER)
    html = response.text
    heatmap = html[html.index('id="heatmap"') : html.index("</table>", html.index('id="heatmap"'))]
    for ward in (org["ward_4b"], org["ward_5c"]):
        assert f'href="{url(ward)}?period=month&amp;day=2026-10-01"' in heatmap
    # Ward 4B: participation 25% is in the low band, the value printed beside the colour.
    row = heatmap[heatmap.index("Ward 4B") :].split("</tr>")[0]
    assert 'class="band band-mid">25%' in row or 'class="band band-mid">25%<' in row
    assert "(mid)" in row


def test_drill_down_shows_breadcrumbs_up_to_the_top(login, org):
    html = login(org["executive"]).get(url(org["ward_4b"]), OCTOBER).text
    crumbs = html[html.index('class="crumbs"') : html.index("</nav>", html.index('class="crumbs"'))]
    assert f'href="{url(org["root"])}?period=month&amp;day=2026-10-01">Harbor Health' in crumbs
    assert f'href="{url(org["nursing"])}?period=month&amp;day=2026-10-01">Nursing' in crumbs


def test_breadcrumbs_stop_at_what_a_manager_may_see(login, org):
    html = login(org["manager"]).get(url(org["ward_4b"]), OCTOBER).text
    crumbs = html[html.index('class="crumbs"') : html.index("</nav>", html.index('class="crumbs"'))]
    assert "Nursing" not in crumbs and "Harbor Health" not in crumbs
    assert "Ward 4B" in crumbs


def test_a_team_without_units_below_has_an_empty_heatmap_state(login, org):
    html = login(org["executive"]).get(url(org["ward_4b"]), OCTOBER).text
    assert "No units below Ward 4B: it is a team." in html


def test_siblings_side_by_side_for_an_executive(login, org):
    response = login(org["executive"]).get(
        url(org["ward_4b"]), {**OCTOBER, "export": "siblings", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][:3] == ["Unit", "Staff", "Ideas logged"]
    assert [(r[0], r[2]) for r in rows[1:]] == [("Ward 4B", "3"), ("Ward 5C", "1")]


def test_a_manager_sees_no_sibling_they_may_not_see(login, org):
    client = login(org["manager"])
    html = client.get(url(org["ward_4b"]), OCTOBER).text
    assert "No other unit beside Ward 4B that you may see." in html
    assert "Ward 5C" not in html
    response = client.get(url(org["ward_4b"]), {**OCTOBER, "export": "siblings", "format": "csv"})
    assert response.status_code == 400


def test_the_root_has_nothing_beside_it(login, org):
    html = login(org["executive"]).get(url(org["root"]), OCTOBER).text
    assert "is the whole organization: there is nothing beside it to compare." in html


def test_heatmap_exports_as_csv_with_the_right_rows(login, org):
    response = login(org["executive"]).get(
        url(org["nursing"]), {**OCTOBER, "export": "units", "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [r["Unit"] for r in rows] == ["Ward 4B", "Ward 5C"]
    assert rows[0]["Staff"] == "4" and rows[0]["Ideas logged"] == "3"
    assert rows[0]["Participation"] == "25%"
    assert rows[1]["Staff"] == "2" and rows[1]["Ideas logged"] == "1"


def test_trend_and_figures_export_as_xlsx(login, org):
    client = login(org["executive"])
    response = client.get(url(org["ward_4b"]), {**OCTOBER, "export": "figures", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    values = {row[0]: row[1:] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert values["Ideas logged"][:3] == ("3", "1", "+2 (+200%)")
    response = client.get(url(org["ward_4b"]), {**OCTOBER, "export": "trend", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    weeks = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(weeks) == 12
    # Weeks of the trend end with the week containing 31 October 2026 (Monday 26 Oct).
    assert weeks[-1][0].date().isoformat() == "2026-10-26"
    assert sum(w[1] for w in weeks) == 4  # every idea of Ward 4B, Sep and Oct


def test_unknown_export_is_a_400_naming_the_parameter(login, org):
    response = login(org["executive"]).get(url(org["ward_4b"]), {"export": "nope", "format": "csv"})
    assert response.status_code == 400
    assert "export" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"period": "fortnight"}, "period"),
        ({"period": "month", "day": "2026-13-01"}, "day"),
        ({"period": "custom", "start": "2026-10-10", "end": "2026-10-01"}, "end"),
        ({"period": "custom", "start": "", "end": "2026-10-01"}, "start"),
    ],
)
def test_a_bad_period_is_a_400_naming_the_field(login, org, query, field):
    for name in ("indicators:dashboard", "indicators:dashboard_pdf"):
        response = login(org["executive"]).get(reverse(name, args=[org["ward_4b"].pk]), query)
        assert response.status_code == 400
        assert f"{field}:" in response.text


def test_a_custom_period_is_compared_with_the_same_length_before(login, org):
    query = {"period": "custom", "start": "2026-10-01", "end": "2026-10-10"}
    html = login(org["executive"]).get(url(org["ward_4b"]), query).text
    assert "1 Oct 2026 – 10 Oct 2026" in html
    assert card(html, "ideas_created").startswith("Ideas logged 2 +2")


def test_pdf_is_a_one_page_pdf(login, org):
    response = login(org["executive"]).get(
        reverse("indicators:dashboard_pdf", args=[org["nursing"].pk]), OCTOBER
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", response.content)) == 1
    assert 'filename="tandem-nursing-2026-10-01.pdf"' in response["Content-Disposition"]


def test_benchmarks_and_service_first_are_shown(login, org):
    html = login(org["executive"]).get(url(org["ward_4b"]), OCTOBER).text
    # 3 ideas / 4 staff × 365 / 31 days = 8.8 a year.
    assert "<strong>8.8</strong> ideas per employee per year" in html
    assert "Toyota, 1973" in html and "World class" in html
    assert "No leadership meeting was recorded in Ward 4B or below in October 2026." in html


def test_best_stories_of_the_week_with_their_reasons(login, org, story_today):
    html = login(org["executive"]).get(url(org["ward_4b"])).text
    assert "Found a lost hearing aid before discharge." in html
    assert "A service recovery: a customer&#x27;s problem turned around" in html
    assert "In the customer&#x27;s own words" in html
    assert story_today.get_absolute_url() in html


def test_no_wins_this_week_has_an_empty_state(login, org):
    html = login(org["executive"]).get(url(org["ward_4b"]), OCTOBER).text
    assert "No story was logged in Ward 4B or below in these seven days." in html
    assert "No idea was implemented in Ward 4B or below in these seven days." in html


def test_period_picker_links_previous_and_no_next_into_the_future(login, org):
    client = login(org["executive"])
    html = client.get(url(org["ward_4b"]), OCTOBER).text
    assert 'href="?period=month&amp;day=2026-09-01" rel="prev"' in html
    assert 'href="?period=month&amp;day=2026-11-01" rel="next"' in html
    current = client.get(url(org["ward_4b"])).text  # the month containing today
    assert 'rel="next"' not in current
    today = timezone.localdate()
    if (today + timedelta(days=1)).month == today.month:
        assert f"so far: day {today.day} of" in current


def test_charts_come_with_a_table_view(login, org):
    html = login(org["executive"]).get(url(org["nursing"]), OCTOBER).text
    assert html.count("Show as table") >= 3  # two trends and the sibling comparison
    assert "export=trend&amp;format=csv" in html


def test_the_recognition_cards_count_the_staff_and_leaders_of_the_unit(login, org):
    """Ward 4B (four staff, two of them leaders) in October: three recognitions naming
    four of its people, one private, one on a customer's behalf, one whose giver is gone;
    another ward's does not count. September: one."""
    from tandem.recognition.models import Recognition, Source

    def recognize(giver, *people, day, **kw):
        recognition = Recognition.objects.create(given_by=giver, what="Thanks!", date=day, **kw)
        recognition.people.set(people)

    fay, cal = org["frontline"], org["colleague"]
    recognize(org["supervisor"], fay, cal, day=date(2026, 10, 5), private=True)
    recognize(org["manager"], fay, day=date(2026, 10, 12), source=Source.CUSTOMER)
    recognize(None, cal, day=date(2026, 10, 20), source=Source.CONTEST)
    recognize(org["other_manager"], org["other_front"], day=date(2026, 10, 6))
    recognize(org["supervisor"], fay, day=date(2026, 9, 15))

    client = login(org["executive"])
    html = client.get(url(org["ward_4b"]), OCTOBER).text
    section = html[
        html.index('id="recognition"') : html.index("</section>", html.index('id="recognition"'))
    ]
    assert (
        card(section, "recognitions") == "Recognitions 4 +3 (+300%) compared with vs September 2026"
    )
    assert card(section, "recognitions_per_100_staff").startswith(
        "Recognitions per 100 staff 100.0 +75.0"
    )
    assert card(section, "staff_recognized_share").startswith("Staff recognized 50% +25 pts")
    assert card(section, "leaders_recognizing_share").startswith(
        "Managers who recognized someone 100% +50 pts"
    )
    assert "Show as table" in section  # the weekly trend, with its table

    response = client.get(
        url(org["ward_4b"]), {**OCTOBER, "export": "trend-recognition", "format": "csv"}
    )
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert len(rows) == 12
    assert sum(int(row["Recognitions"]) for row in rows) == 5
    assert {row["Staff recognized"] for row in rows} >= {"25%", "50%"}
    # The whole of Nursing: Ward 5C's recognition too, and its manager.
    nursing = client.get(url(org["nursing"]), OCTOBER).text
    assert card(nursing, "recognitions").startswith("Recognitions 5 +4")
    assert card(nursing, "leaders_recognizing_share").startswith(
        "Managers who recognized someone 100% +67 pts"
    )
    figures_csv = client.get(url(org["ward_4b"]), {**OCTOBER, "export": "figures", "format": "csv"})
    figures = {r[0]: r[1:] for r in csv.reader(io.StringIO(figures_csv.getvalue().decode()))}
    assert figures["Managers who recognized someone"][:2] == ["2", "1"]
