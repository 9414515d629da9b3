from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tandem.reports.tables import Column, Table


@pytest.mark.parametrize(
    ("kind", "value", "shown"),
    [
        ("text", "Ward 4B", "Ward 4B"),
        ("int", 1234, "1,234"),
        ("int", 7.6, "8"),
        ("float", 2.25, "2.3"),
        ("float", 1234567.891, "1,234,567.9"),
        ("percent", 0.425, "43%"),
        ("percent", 1 / 3, "33%"),
        ("percent", 0, "0%"),
        ("days", 3.45, "3.5 days"),
        ("days", 1, "1.0 day"),
        ("money", Decimal("1234.5"), "1,234.50"),
        ("date", date(2026, 3, 2), "2026-03-02"),
        ("date", datetime(2026, 3, 2, 14, 5), "2026-03-02"),
        ("link", "Ward 4B", "Ward 4B"),
        ("link", ("Ward 4B", "/units/4/"), "Ward 4B"),
    ],
)
def test_each_kind_is_formatted_for_people(kind, value, shown):
    assert Column("k", "K", kind).format(value) == shown


@pytest.mark.parametrize("kind", ["text", "int", "float", "percent", "days", "money", "date"])
def test_missing_values_show_an_em_dash(kind):
    table = Table("t", "T", [Column("k", "K", kind)], [{"k": None}, {}, {"k": float("nan")}])
    assert table.display_rows() == [["—"], ["—"], ["—"]]


def test_aware_datetimes_show_the_local_date(settings):
    settings.TIME_ZONE = "Pacific/Auckland"
    late_utc = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)  # already 3 March in Auckland
    assert Column("d", "D", "date").format(late_utc) == "2026-03-03"


def test_digits_override_the_decimals_shown():
    assert Column("k", "K", "percent", digits=1).format(1 / 3) == "33.3%"
    assert Column("k", "K", "float", digits=0).format(2.5) == "3"


def test_display_rows_follow_column_order():
    table = Table(
        "units",
        "Units",
        [Column("name", "Unit"), Column("rate", "Rate", "percent")],
        [{"rate": 0.5, "name": "A"}, {"name": "B", "rate": 0.25}],
    )
    assert table.display_rows() == [["A", "50%"], ["B", "25%"]]


def test_cells_carry_links_and_numeric_alignment():
    table = Table(
        "units",
        "Units",
        [Column("name", "Unit", "link", href_key="url"), Column("n", "Ideas", "int")],
        [{"name": "A", "url": "/units/1/", "n": 3}, {"name": "B", "n": 1}],
    )
    first, second = table.cells()
    assert (first[0].text, first[0].href, first[0].numeric) == ("A", "/units/1/", False)
    assert (first[1].text, first[1].numeric) == ("3", True)
    assert second[0].href is None


def test_head_keeps_the_first_rows_and_says_how_many_are_left():
    table = Table("t", "T", [Column("n", "N", "int")], [{"n": i} for i in range(10)])
    cut = table.head(3)
    assert [row["n"] for row in cut.rows] == [0, 1, 2]
    assert cut.note == "… and 7 more rows."
    assert table.head(10) is table
    assert Table("t", "T", [Column("n", "N")], [{"n": 1}] * 2, note="Top units").head(1).note == (
        "Top units … and 1 more row."
    )


def test_unknown_kind_is_refused_naming_the_column():
    with pytest.raises(ValueError, match="'rate'.*'percentage'"):
        Column("rate", "Rate", "percentage")


@pytest.mark.parametrize("slug", ["", "Has Space", "semi;colon", 'quote"', "x" * 65, "../etc"])
def test_slugs_that_are_unsafe_in_urls_or_file_names_are_refused(slug):
    with pytest.raises(ValueError, match="slug"):
        Table(slug, "T", [Column("a", "A")], [])


def test_the_same_column_key_twice_is_refused():
    with pytest.raises(ValueError, match="same column key"):
        Table("t", "T", [Column("a", "A"), Column("a", "Again")], [])
