import csv
import gzip
import io

import openpyxl
import pytest

from tandem.reports import bundle

pytestmark = pytest.mark.urls("tests.reports.demo_urls")


def bundle_url() -> str:
    return f"/reports/vega-{bundle.version()}.js"


def test_the_chart_bundle_is_served_as_cacheable_javascript(client):
    response = client.get(bundle_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "immutable" in response["Cache-Control"]
    body = response.content.decode()
    assert "window.vegaEmbed=" in body
    # vega-embed ships the expression interpreter the strict CSP relies on.
    assert "expressionInterpreter" in body


def test_the_bundle_is_gzipped_for_browsers_that_accept_it(client):
    plain = client.get(bundle_url()).content
    response = client.get(bundle_url(), headers={"Accept-Encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert response["Vary"] == "Accept-Encoding"
    assert gzip.decompress(response.content) == plain
    assert len(response.content) < len(plain) / 2


def test_an_old_bundle_version_redirects_to_the_current_one(client):
    response = client.get("/reports/vega-0.0.1-1.0-1.0.0.js")
    assert response.status_code == 302
    assert response["Location"] == bundle_url()


def test_the_bundle_only_answers_get(client):
    assert client.post(bundle_url()).status_code == 405


def test_page_links_download_the_tables_it_shows(client):
    page = client.get("/demo/?period=week").content.decode()
    assert 'href="/demo/?period=week&amp;export=units&amp;format=csv"' in page
    response = client.get("/demo/", {"period": "week", "export": "units", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8"))))
    assert rows[0] == ["Unit", "Ideas per employee per year", "Note"]
    assert rows[2] == ["Ward 5A", "2.25", "'=1+1"]
    response = client.get("/demo/", {"export": "trend", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet["A1"].value == "Weekly trend"
    assert sheet["C5"].value == pytest.approx(0.05)


def test_a_bad_export_request_is_a_400_not_a_500(client):
    response = client.get("/demo/", {"export": "units", "format": "docx"})
    assert response.status_code == 400
    assert "'format'" in response.content.decode()


def test_build_vega_bundle_builds_it_ahead_of_the_first_request(settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.VAR_DIR = tmp_path
    bundle._bundle = None
    try:
        out = StringIO()
        call_command("build_vega_bundle", stdout=out)
        assert bundle.version() in out.getvalue()
        assert (tmp_path / "reports" / f"vega-{bundle.version()}.js").stat().st_size > 100_000
    finally:
        bundle._bundle = None
