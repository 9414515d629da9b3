"""Charts draw in a real browser under the app's strict CSP (no 'unsafe-eval')."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tandem.reports import bundle
from tests.browser.conftest import watch_csp

pytestmark = pytest.mark.urls("tests.reports.demo_urls")


@pytest.fixture(autouse=True, scope="module")
def chart_bundle():
    """Built once up front: the first build takes seconds on a busy machine."""
    return bundle.get()


def test_charts_render_as_svg_without_csp_violations(page):
    problems = watch_csp(page)
    page.goto("/demo/?period=week")
    views = page.locator(".report-chart-view")
    expect(views).to_have_count(2)
    for index in range(2):
        view = views.nth(index)
        expect(view.and_(page.locator('[data-chart-state="rendered"]'))).to_be_visible()
        expect(view.locator("svg")).to_have_count(1)
    # The chart titles are drawn inside the SVGs.
    expect(views.nth(0).locator("svg")).to_contain_text("Ideas created by week")
    # Tooltips evaluate Vega expressions too: they must work without eval as well.
    bar = views.nth(1).locator("path[aria-roledescription='bar']").first
    bar.hover()
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("Ward 4B")
    assert problems == []


def test_table_view_opens_and_export_link_downloads(page):
    page.goto("/demo/?period=week")
    chart = page.locator("figure.report-chart").nth(1)
    table = chart.locator("table")
    expect(table).to_be_hidden()
    chart.get_by_text("Show as table").click()
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(3)
    with page.expect_download() as download_info:
        chart.get_by_role("link", name="Download Sibling units as CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("units-")
    assert download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.splitlines()[0] == "Unit,Ideas per employee per year,Note"


def test_charts_fit_a_phone_screen(phone):
    phone.goto("/demo/")
    expect(phone.locator('[data-chart-state="rendered"]').first).to_be_visible()
    expect(phone.locator('[data-chart-state="rendered"]').nth(1)).to_be_visible()
    widths = phone.evaluate(
        "() => [document.documentElement.scrollWidth,"
        " ...[...document.querySelectorAll('.report-chart-view svg')]"
        ".map(svg => svg.getBoundingClientRect().right)]"
    )
    assert widths[0] <= 390
    assert all(0 < right <= 390 for right in widths[1:])
