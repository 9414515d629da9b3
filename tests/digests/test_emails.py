"""The digest email's chart: the image without its legend, the legend in the HTML below it."""

from __future__ import annotations

import email
import re
from email.message import Message

import pytest
from django.core import mail

from tandem.digests import emails, services
from tandem.digests.models import Digest
from tandem.indicators import rebuild
from tandem.reports.charts import PALETTE, to_png
from tests.digests.helpers import WEEK_START
from tests.factories import make_team, story_on

pytestmark = pytest.mark.django_db


def sent_digest(quiet: bool = False) -> tuple[Message, str, str]:
    """The manager of Ward 4B's digest for the week of 2 Nov: message, text and HTML
    (`quiet`: nothing logged in the twelve weeks)."""
    team = make_team("Harbor Health/Nursing/Ward 4B")
    if not quiet:
        story_on(WEEK_START, team["frontline"])
    rebuild.rebuild_indicators()
    services.deliver(services.ensure_row(team["manager"], services.week_of(WEEK_START)).pk)
    (sent,) = mail.outbox
    parsed = email.message_from_bytes(sent.message().as_bytes())
    text, html_part = parsed.get_payload()
    if html_part.is_multipart():  # multipart/related: the HTML, then the chart
        html_part = html_part.get_payload()[0]
    html = html_part.get_payload(decode=True).decode()
    return parsed, text.get_payload(decode=True).decode(), html


def test_the_html_shows_the_chart_legend_below_the_image_with_the_charts_colours():
    _, _, html = sent_digest()
    image = html.index('src="cid:')
    legend = html[image : html.index("</table>", image)]
    # A swatch in the series' colour, then its name, in the chart's order.
    entries = re.findall(r"color:(#\w+);[^>]*>&#9679;</td><td[^>]*>([^<]+)</td>", legend)
    assert entries == [(PALETTE[i], label) for i, (_, label) in enumerate(emails.TREND_KEYS)]
    assert "<table" in legend and 'class="' not in legend  # inline styles only
    assert legend.count("<tr>") == legend.count("</tr>") == 2  # two a row, as the page's


def test_the_text_part_is_as_before_and_the_image_is_the_legendless_chart():
    parsed, text, _ = sent_digest()
    assert "- Service actions: 0 (no change)" in text
    assert "●" not in text and "&#9679;" not in text
    image = next(part for part in parsed.walk() if part.get_content_type() == "image/png")
    digest = Digest.objects.get()
    spec, _ = emails.trend_chart(digest.content)
    # The page's own spec, drawn without its title and legend and sized to its content.
    png = to_png(spec, scale=1.5, legend=False, fit=False, title=False)
    assert image.get_payload(decode=True) == png


def test_the_charts_title_is_written_above_the_image():
    _, _, html = sent_digest()
    title = html.index("Ward 4B: last 12 weeks</p>")
    assert title < html.index('src="cid:') and "Nothing was logged" not in html


def test_twelve_quiet_weeks_get_a_sentence_instead_of_a_chart_of_zeros():
    parsed, text, html = sent_digest(quiet=True)
    assert not [part for part in parsed.walk() if part.get_content_type() == "image/png"]
    assert "cid:" not in html and "&#9679;" not in html  # no image, no legend
    assert "Ward 4B: last 12 weeks" in html
    assert "Nothing was logged here in these weeks" in html
    assert "Nothing was logged in the last 12 weeks." in text
    assert "HTML version" not in text


def test_a_digest_without_weeks_has_no_chart_block():
    team = make_team("Harbor Health/Nursing/Ward 4B")
    rebuild.rebuild_indicators()
    digest = services.ensure_row(team["manager"], services.week_of(WEEK_START))
    services.deliver(digest.pk, send=False)
    digest.refresh_from_db()
    digest.content["trend"] = []
    email = emails.render_email(digest)
    html = email.alternatives[0][0]
    assert email.inline_png is None and "last 0 weeks" not in html and "cid:" not in html
    assert "Nothing was logged" not in html and "Nothing was logged" not in email.body


def test_the_subject_is_plain_text_not_html_escaped():
    team = make_team("Harbor Health/Women & Children/Ward <1>")
    story_on(WEEK_START, team["frontline"])
    rebuild.rebuild_indicators()
    services.deliver(services.ensure_row(team["manager"], services.week_of(WEEK_START)).pk)
    (sent,) = mail.outbox
    assert sent.subject == "Early wins in Ward <1> · week of 2 Nov"
