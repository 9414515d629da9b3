"""The "how we count" page renders tandem/indicators/how-we-count.md: one source of truth."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_how_we_count_renders_the_document(login, team):
    response = login(team["frontline"]).get(reverse("indicators:how_we_count"))
    assert response.status_code == 200
    html = response.text
    assert '<h1 id="how-we-count">How we count</h1>' in html
    assert "<table>" in html and "<td>Participation</td>" in html
    source = (settings.BASE_DIR / "tandem" / "indicators" / "how-we-count.md").read_text()
    assert "Ideas per employee per year" in source and "Ideas per employee per year" in html


def test_the_dashboard_links_to_how_we_count(login, team):
    unit = team["frontline"].unit
    html = login(team["frontline"]).get(reverse("indicators:dashboard", args=[unit.pk])).text
    assert reverse("indicators:how_we_count") in html


def test_how_we_count_defines_the_recognition_figures(login, team):
    html = login(team["frontline"]).get(reverse("indicators:how_we_count")).text
    assert '<h2 id="recognition">Recognition</h2>' in html
    for figure in (
        "Recognitions",
        "Recognitions per 100 staff",
        "Staff recognized",
        "Managers who recognized someone",
    ):
        assert f"<td>{figure}</td>" in html, figure
