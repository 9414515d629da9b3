"""Like with like: a period in progress is counted so far and compared with the same days
of the period before (1–4 Nov against 1–4 Oct), on the dashboard, its heatmap and its PDF.
Every figure is checked against a record-by-record count over those days."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from tandem.indicators.periods import CUSTOM, MONTH, QUARTER, WEEK, ReportPeriod
from tandem.lib.cadence import span_label
from tests.indicators.helpers import brute_force
from tests.indicators.in_progress import TODAY, build_mid_november, freeze_today, same_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def mid_november(db, monkeypatch):
    freeze_today(monkeypatch)
    return build_mid_november()


def dashboard(client, unit, **query):
    response = client.get(reverse("indicators:dashboard", args=[unit.pk]), query)
    assert response.status_code == 200
    return response


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- the periods ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "counted", "compared"),
    [
        (MONTH, (date(2026, 11, 1), TODAY), (date(2026, 10, 1), date(2026, 10, 4))),
        (WEEK, (date(2026, 11, 2), TODAY), (date(2026, 10, 26), date(2026, 10, 28))),
        (QUARTER, (date(2026, 10, 1), TODAY), (date(2026, 7, 1), date(2026, 8, 4))),
    ],
)
def test_a_period_in_progress_is_cut_at_today_and_compared_with_the_same_days(
    kind, counted, compared
):
    so_far = ReportPeriod.containing(kind, TODAY).so_far(TODAY)
    assert so_far.is_cut and (so_far.start, so_far.end) == counted
    before = so_far.comparison()
    assert (before.start, before.end) == compared
    assert before.days == so_far.days
    # Links and names still speak of the whole period.
    assert so_far.query() == ReportPeriod.containing(kind, TODAY).query()
    assert so_far.label == ReportPeriod.containing(kind, TODAY).label


def test_a_month_longer_than_the_one_before_is_compared_with_all_of_it():
    so_far = ReportPeriod.containing(MONTH, date(2026, 3, 30)).so_far(date(2026, 3, 30))
    before = so_far.comparison()
    assert (before.kind, before.start, before.end) == (MONTH, date(2026, 2, 1), date(2026, 2, 28))


def test_an_ended_period_is_whole_and_compared_with_the_whole_period_before():
    october = ReportPeriod.containing(MONTH, date(2026, 10, 10))
    assert october.so_far(TODAY) == october
    assert october.comparison() == ReportPeriod.containing(MONTH, date(2026, 9, 1))
    # On its last day a period has run its course: compared in full.
    assert october.so_far(date(2026, 10, 31)) == october


def test_a_custom_range_in_progress_is_compared_with_the_first_days_of_the_range_before():
    so_far = ReportPeriod.custom(date(2026, 10, 20), date(2026, 11, 18)).so_far(TODAY)
    assert (so_far.start, so_far.end, so_far.days) == (date(2026, 10, 20), TODAY, 16)
    before = so_far.comparison()
    assert (before.kind, before.start, before.end) == (CUSTOM, date(2026, 9, 20), date(2026, 10, 5))


def test_day_ranges_are_named_in_few_words():
    assert span_label(date(2026, 12, 1), date(2026, 12, 4)) == "1–4 Dec"
    assert span_label(date(2026, 12, 4), date(2026, 12, 4)) == "4 Dec"
    assert span_label(date(2026, 11, 30), date(2026, 12, 2)) == "30 Nov – 2 Dec"
    assert span_label(date(2026, 12, 30), date(2027, 1, 2)) == "30 Dec 2026 – 2 Jan 2027"
    assert span_label(date(2026, 12, 1), date(2026, 12, 4), year=True) == "1–4 Dec 2026"


# --- the dashboard -------------------------------------------------------------------


def test_the_month_so_far_equals_a_count_of_its_days_and_of_the_same_days_before(
    login, mid_november
):
    ward = mid_november["ward_4b"]
    response = dashboard(login(mid_november["executive"]), ward)
    board = response.context["board"]
    assert (board.counted.start, board.counted.end) == (date(2026, 11, 1), TODAY)
    same_figures(board.now, brute_force(ward, date(2026, 11, 1), TODAY))
    same_figures(board.before, brute_force(ward, date(2026, 10, 1), date(2026, 10, 4)))
    # Two ideas in 1–4 Nov against one in 1–4 Oct, not against the four of all October.
    assert (board.now["ideas_created"], board.before["ideas_created"]) == (2, 1)
    page = text(response.text)
    assert "1–4 Nov against 1–4 Oct" in page
    assert "November 2026 so far: day 4 of 30" in page
    assert "Ideas logged 2 +1 (+100%) compared with vs 1–4 Oct" in page


def test_the_pace_is_over_the_days_so_far(login, mid_november):
    ward = mid_november["ward_4b"]
    response = dashboard(login(mid_november["executive"]), ward)
    pace = response.context["board"].now["ideas_per_employee_per_year"]
    staff = brute_force(ward, date(2026, 11, 1), TODAY)["staff"]
    assert pace == pytest.approx(2 / staff * 365 / 4)
    assert f"At the pace of 1–4 Nov (4 days so far), Ward 4B logs {pace:.1f}" in text(response.text)


@pytest.mark.parametrize(
    ("kind", "now", "before", "words"),
    [
        (
            WEEK,
            (date(2026, 11, 2), TODAY),
            (date(2026, 10, 26), date(2026, 10, 28)),
            "2–4 Nov against 26–28 Oct",
        ),
        (
            QUARTER,
            (date(2026, 10, 1), TODAY),
            (date(2026, 7, 1), date(2026, 8, 4)),
            "1 Oct – 4 Nov against 1 Jul – 4 Aug",
        ),
    ],
)
def test_weeks_and_quarters_in_progress_alike(login, mid_november, kind, now, before, words):
    nursing = mid_november["nursing"]
    response = dashboard(login(mid_november["executive"]), nursing, period=kind)
    board = response.context["board"]
    same_figures(board.now, brute_force(nursing, *now))
    same_figures(board.before, brute_force(nursing, *before))
    assert words in text(response.text)


def test_an_ended_period_still_compares_whole_periods(login, mid_november):
    ward = mid_november["ward_4b"]
    response = dashboard(login(mid_november["executive"]), ward, period=MONTH, day="2026-10-01")
    board = response.context["board"]
    assert not board.counted.is_cut
    same_figures(board.now, brute_force(ward, date(2026, 10, 1), date(2026, 10, 31)))
    same_figures(board.before, brute_force(ward, date(2026, 9, 1), date(2026, 9, 30)))
    assert "October 2026 against September 2026" in text(response.text)
    assert 'id="heatmap-note"' not in response.text


def test_the_heatmap_of_a_period_in_progress_shows_the_change_on_the_same_days(login, mid_november):
    nursing = mid_november["nursing"]
    html = dashboard(login(mid_november["executive"]), nursing).text
    assert "each cell is the figure so far and its change against the same days" in text(html)
    table = html[html.index('id="heatmap"') : html.index("</table>", html.index('id="heatmap"'))]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    changes = {}
    for row in rows[1:]:
        name = re.search(r">([^<]+)</a>", row).group(1)
        changes[name] = re.findall(r'data-change="([^"]+)"', row)
    for name, unit in (("Ward 4B", mid_november["ward_4b"]), ("Ward 5C", mid_november["ward_5c"])):
        now = brute_force(unit, date(2026, 11, 1), TODAY)
        before = brute_force(unit, date(2026, 10, 1), date(2026, 10, 4))
        expected = []
        for key in ("participation", "implementation_rate", "manager_engagement"):
            if now[key] is None or before[key] is None:
                expected.append("nothing to compare")
                continue
            delta = round(now[key] * 100) - round(before[key] * 100)
            expected.append("up" if delta > 0 else "down" if delta < 0 else "no change")
        assert changes[name] == expected, name
    # Ward 5C took part on 2 Oct and not in 1–4 Nov: down, in words as well as colour.
    assert changes["Ward 5C"][0] == "down"
    assert "(down against 1–4 Oct)" in html


def test_the_pdf_compares_the_same_days(login, mid_november, monkeypatch):
    drawn = {}

    def fake_pdf(title, subtitle, headline, charts, tables):
        drawn.update(subtitle=subtitle, headline=headline)
        return b"%PDF-1.4"

    monkeypatch.setattr("tandem.reports.pdf.dashboard_pdf", fake_pdf)
    ward = mid_november["ward_4b"]
    url = reverse("indicators:dashboard_pdf", args=[ward.pk])
    response = login(mid_november["executive"]).get(url)
    assert response.status_code == 200
    assert drawn["subtitle"].startswith("November 2026 so far · 1–4 Nov against 1–4 Oct")
    assert ("Ideas logged", "2", "+1 (+100%)") in drawn["headline"]
