import re
from datetime import date, datetime, timedelta

from tandem.reports.charts import bar_chart, line_chart
from tandem.reports.pdf import dashboard_pdf
from tandem.reports.tables import Column, Table

A4_LANDSCAPE = re.compile(rb"/MediaBox\s*\[\s*0(?:\.0+)?\s+0(?:\.0+)?\s+841\.89\s+595\.28\s*\]")


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


def document_title(data: bytes) -> str:
    match = re.search(rb"/Title\s*<feff([0-9a-fA-F]+)>", data)
    if match:
        return bytes.fromhex(match.group(1).decode()).decode("utf-16-be")
    return re.search(rb"/Title\s*\((.*?)\)", data).group(1).decode("latin-1")


def big_tables() -> list[Table]:
    units = Table(
        "units",
        "Units",
        [
            Column("unit", "Unit", "link", href_key="url"),
            Column("participation", "Participation", "percent"),
            Column("ideas", "Ideas", "int"),
        ],
        [
            {
                "unit": f"Ward {i} — a rather long unit name",
                "url": f"/u/{i}",
                "participation": i / 300,
                "ideas": i,
            }
            for i in range(300)
        ],
    )
    monday = date(2026, 1, 5)
    trend = Table(
        "trend",
        "Trend",
        [Column("week", "Week", "date"), Column("ideas", "Ideas created", "int")],
        [{"week": monday + timedelta(weeks=i), "ideas": i * 2} for i in range(12)],
    )
    return [units, trend]


def test_dashboard_pdf_is_one_a4_landscape_page_with_the_title():
    units, trend = big_tables()
    data = dashboard_pdf(
        "Harbor Health — week 10",
        "2–8 March 2026, compared with the week before",
        [("Ideas created", "1,234", "+12% vs previous"), ("Participation", "42%", "+3 pts")],
        [
            line_chart(trend, "week", ["ideas"], "Ideas by week"),
            bar_chart(units.head(8), "unit", "participation", "Participation by unit"),
        ],
        [units, trend],
        generated=datetime(2026, 3, 9, 8, 0),
    )
    assert data.startswith(b"%PDF-")
    assert page_count(data) == 1
    assert A4_LANDSCAPE.search(data)
    assert document_title(data) == "Harbor Health — week 10"
    assert data.count(b"/Subtype /Image") == 2


def test_too_much_content_is_cut_to_one_page():
    units, trend = big_tables()
    headline = [(f"Figure {i}", f"{i * 100:,}", "+1") for i in range(20)]
    charts = [line_chart(trend, "week", ["ideas"], f"Chart {i}") for i in range(5)]
    data = dashboard_pdf("Everything", "", headline, charts, [units, trend, units, trend, units])
    assert page_count(data) == 1
    assert data.count(b"/Subtype /Image") == 3  # at most three charts side by side


def test_a_dashboard_with_no_data_is_still_one_page():
    empty = Table("silent", "Silent units", [Column("unit", "Unit")], [])
    data = dashboard_pdf("New organization", "", [], [], [empty])
    assert page_count(data) == 1
    assert document_title(data) == "New organization"
