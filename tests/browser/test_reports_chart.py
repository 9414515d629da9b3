"""Charts draw in a real browser under the app's strict CSP (no 'unsafe-eval')."""

from pathlib import Path

import pytest

from tandem.reports import bundle

pytestmark = pytest.mark.urls("tests.reports.demo_urls")


@pytest.fixture(autouse=True, scope="module")
def chart_bundle():
    """Built once up front: the first build takes seconds on a busy machine."""
    return bundle.get()


def _watch_csp(page):
    """Collects Content-Security-Policy violations and page errors."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def on_console(message) -> None:
        if message.location.get("url", "").endswith("/favicon.ico"):
            return  # the app has no favicon; not what this test is about
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(message.text)

    page.on("console", on_console)
    return problems


def test_charts_render_as_svg_without_csp_violations(page):
    problems = _watch_csp(page)
    page.goto("/demo/?period=week")
    views = page.locator(".report-chart-view")
    assert views.count() == 2
    for index in range(2):
        view = views.nth(index)
        view.and_(page.locator('[data-chart-state="rendered"]')).wait_for()
        assert view.locator("svg").count() == 1
    # The chart titles are drawn inside the SVGs.
    assert "Ideas created by week" in views.nth(0).locator("svg").text_content()
    # Tooltips evaluate Vega expressions too: they must work without eval as well.
    bar = views.nth(1).locator("path[aria-roledescription='bar']").first
    bar.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    assert "Ward 4B" in tooltip.text_content()
    assert problems == []


def test_table_view_opens_and_export_link_downloads(page):
    page.goto("/demo/?period=week")
    chart = page.locator("figure.report-chart").nth(1)
    table = chart.locator("table")
    assert not table.is_visible()
    chart.get_by_text("Show as table").click()
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 3
    with page.expect_download() as download_info:
        chart.get_by_role("link", name="Download Sibling units as CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("units-")
    assert download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.splitlines()[0] == "Unit,Ideas per employee per year,Note"


def test_charts_fit_a_phone_screen(phone):
    phone.goto("/demo/")
    phone.locator('[data-chart-state="rendered"]').first.wait_for()
    phone.locator('[data-chart-state="rendered"]').nth(1).wait_for()
    widths = phone.evaluate(
        "() => [document.documentElement.scrollWidth,"
        " ...[...document.querySelectorAll('.report-chart-view svg')]"
        ".map(svg => svg.getBoundingClientRect().right)]"
    )
    assert widths[0] <= 390
    assert all(0 < right <= 390 for right in widths[1:])
