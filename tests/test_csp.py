"""The Content Security Policy allows no inline styles, except on the API docs.

CSS lives in static files only: no page template has a <style> element or a style=""
attribute (email templates are exempt: they are never served under the policy), the
pages served by the app carry a style-src without 'unsafe-inline', and their HTML has
no inline style either. The interactive API docs (Swagger UI) are the one exception.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.csp import CSP

from tandem.digests.models import Digest
from tandem.programs.services.saydo import record_say_do_audit
from tests.factories import make_action, make_idea, make_program_office, make_story, make_team
from tests.programs.saydo_examples import EXAMPLE_1

TANDEM = Path(__file__).resolve().parents[1] / "tandem"
HEADER = str(CSP.HEADER_ENFORCE)

# A <style ...> element, or a style attribute on any tag (not data-style=, not hx-style=).
INLINE_STYLE = re.compile(r"<style[\s>]|<[a-zA-Z][^<>]*\sstyle\s*=", re.IGNORECASE)


def page_templates() -> list[Path]:
    """Every HTML template the app may serve as a page (or part of one): not emails."""
    found = [
        path
        for path in TANDEM.glob("**/templates/**/*.html")
        if "email" not in path.relative_to(TANDEM).parts
    ]
    return sorted(found)


def style_src(response) -> list[str]:
    """The style-src sources of the response's enforced policy ([] if it has none)."""
    policy = response.headers.get(HEADER, "")
    for directive in policy.split(";"):
        name, *sources = directive.split()
        if name == "style-src":
            return sources
    return []


class _InlineStyles(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')


def inline_styles(html: str) -> list[str]:
    parser = _InlineStyles()
    parser.feed(html)
    parser.close()
    return parser.found


# --- (a) the templates -------------------------------------------------------------------


def test_the_pattern_finds_inline_styles():
    assert INLINE_STYLE.search("<style>p { color: red }</style>")
    assert INLINE_STYLE.search('<span class="bar" style="width: {{ b.width }}%"></span>')
    assert INLINE_STYLE.search("<div\n  STYLE='x'>")
    assert not INLINE_STYLE.search('<div data-style="x" hx-style="y">{# style= in prose #}</div>')
    assert not INLINE_STYLE.search('<link rel="stylesheet" href="{% static "a.css" %}">')


def test_the_scan_sees_the_templates_and_skips_only_emails():
    templates = page_templates()
    names = {str(path.relative_to(TANDEM)) for path in templates}
    assert len(templates) > 50
    assert "templates/base.html" in names
    assert "indicators/templates/indicators/dashboard.html" in names
    assert "programs/templates/programs/say_do.html" in names
    assert not [name for name in names if "/email/" in name]
    # The emails keep their inline styles (email clients need them); they are still there.
    assert INLINE_STYLE.search((TANDEM / "digests/templates/digests/email/body.html").read_text())


def test_no_page_template_has_a_style_element_or_attribute():
    offenders = [
        f"{path.relative_to(TANDEM)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in page_templates()
        for text in [path.read_text(encoding="utf-8")]
        for match in INLINE_STYLE.finditer(text)
    ]
    assert offenders == []


def test_the_chart_script_turns_off_vega_embeds_injected_styles():
    # vega-embed and vega-tooltip each add a <style> element unless told not to;
    # reports.css carries their rules instead.
    script = (TANDEM / "reports/static/reports/charts.js").read_text()
    assert re.search(r"defaultStyle:\s*false", script)
    assert re.search(r"tooltip:\s*\{\s*disableDefaultStyle:\s*true\s*\}", script)
    css = (TANDEM / "reports/static/reports/reports.css").read_text()
    assert ".vega-embed {" in css and "#vg-tooltip-element.visible" in css


# --- (b) real pages ----------------------------------------------------------------------


@pytest.fixture
def world(db):
    team = make_team()
    office = make_program_office()
    ward = team["frontline"].unit
    idea = make_idea(team["frontline"], team["colleague"])
    story = make_story(team["frontline"], what_happened="A family thanked the night team.")
    action = make_action(team["frontline"])
    record_say_do_audit(office.user, team["executive"].unit, date(2026, 1, 12), EXAMPLE_1)
    call_command("rebuild_indicators", stdout=StringIO())
    call_command("send_digests", "--all", "--build-only", stdout=StringIO())
    digest = Digest.objects.filter(person=team["manager"]).first()
    assert digest is not None
    return {
        **team,
        "office": office,
        "ward": ward,
        "idea": idea,
        "story": story,
        "action": action,
        "digest": digest,
    }


def pages(world) -> list[tuple[str, str]]:
    """(who, url) for the pages under test; who is a key of `world` or "anonymous"."""
    ward, root = world["ward"], world["executive"].unit
    return [
        ("anonymous", "/accounts/login/"),
        ("anonymous", "/accounts/password/reset/"),
        ("frontline", "/"),
        ("frontline", "/board/"),
        ("frontline", "/capture/"),
        ("frontline", "/ideas/"),
        ("frontline", f"/ideas/{world['idea'].pk}/"),
        ("frontline", f"/stories/{world['story'].pk}/"),
        ("frontline", f"/actions/{world['action'].pk}/"),
        ("frontline", "/profile/"),
        ("frontline", "/notifications/"),
        ("manager", "/"),
        ("manager", f"/leaders/units/{ward.pk}/"),
        ("executive", f"/leaders/units/{root.pk}/"),
        ("executive", "/leaders/activity/"),
        ("executive", "/leaders/how-we-count/"),
        ("manager", "/digests/"),
        ("manager", world["digest"].get_absolute_url()),
        ("executive", "/outcomes/"),
        ("executive", f"/outcomes/units/{root.pk}/"),
        ("manager", "/program/"),
        ("manager", "/program/say-do/"),
        ("manager", "/program/commitments/"),
        ("manager", "/program/meetings/"),
        ("office", "/program/"),
        ("office", "/program/cascade/"),
        ("office", "/program/alignment/"),
        ("office", "/people/import/"),
        ("office", "/audit/"),
        ("executive", "/profile/"),
    ]


def test_pages_forbid_inline_styles_and_have_none(world, client):
    checked = []
    for who, url in pages(world):
        client.logout()
        if who != "anonymous":
            client.force_login(world[who].user)
        response = client.get(url)
        assert response.status_code == 200, (who, url, response.status_code)
        sources = style_src(response)
        assert sources, (url, "no style-src in the policy")
        assert "'unsafe-inline'" not in sources, (url, sources)
        assert "'unsafe-hashes'" not in sources, (url, sources)
        html = response.content.decode()
        assert inline_styles(html) == [], url
        # htmx would otherwise insert its indicator styles as a <style> element.
        if "htmx" in html:
            assert '"includeIndicatorStyles": false' in html, url
        checked.append(url)
    assert len(checked) == len(pages(world))


def test_the_pages_under_test_draw_what_used_to_need_inline_styles(world, client):
    client.force_login(world["manager"].user)
    dashboard = client.get(f"/leaders/units/{world['ward'].pk}/").content.decode()
    # The benchmark bars: SVG rects with percentage widths, no style attribute.
    assert re.search(r'<svg class="bar"[^>]*><rect width="\d+%"', dashboard)
    assert "indicators/indicators.css" in dashboard
    say_do = client.get("/program/say-do/").content.decode()
    assert re.search(r'<svg class="swatch"[^>]*><rect [^>]*fill="#[0-9a-f]{6}"', say_do)
    # The digest page is its own template, not the inline-styled email.
    digest = client.get(world["digest"].get_absolute_url()).content.decode()
    assert "digests/digests.css" in digest


def test_the_parser_finds_inline_styles_in_a_page():
    assert inline_styles('<p>x</p><div style="color: red"></div><style>p{}</style>') == [
        '<div style="color: red">',
        "<style>",
    ]
    assert inline_styles('<script type="application/json">{"style": "x"}</script>') == []


def test_the_site_policy_itself_has_no_unsafe_inline(settings):
    assert settings.SECURE_CSP["style-src"] == [CSP.SELF]
    assert CSP.UNSAFE_INLINE not in settings.SECURE_CSP["script-src"]


def test_a_page_fails_the_check_when_the_policy_allows_inline_styles(world, client, settings):
    # The header check can fail: the pre-change policy is caught.
    settings.SECURE_CSP = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
    client.force_login(world["frontline"].user)
    assert "'unsafe-inline'" in style_src(client.get("/board/"))


# --- (c) the API docs --------------------------------------------------------------------


def test_the_api_docs_are_the_exception_and_still_load(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert style_src(response) == ["'self'", "'unsafe-inline'"]
    policy = response.headers[HEADER]
    # Only styles are relaxed: scripts stay same-origin files.
    assert "script-src 'self';" in policy + ";"
    assert "unsafe-eval" not in policy
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui-init.js" in html
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
    # The schema the docs load answers too.
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_the_api_itself_and_other_pages_get_the_strict_policy(world, client):
    client.force_login(world["frontline"].user)
    assert "'unsafe-inline'" not in style_src(client.get("/"))
    response = client.get("/api/v1/ideas")  # no token: refused, but under the site policy
    assert response.status_code == 401
    assert "'unsafe-inline'" not in style_src(response)
