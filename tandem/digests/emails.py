"""The digest email: subject, text and HTML from templates, the trend chart inline.

The chart is the same Vega-Lite spec as on the page (tandem.reports.charts.line_chart),
rendered to PNG by vl-convert and embedded as a multipart/related part referenced by
Content-ID, so mail clients show it without fetching anything; its title and legend are
written in the HTML around it (cheaper than drawing them into the image). A trend with
nothing in it gets a sentence instead of a chart of flat lines at zero.
"""

from __future__ import annotations

import base64
import secrets
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from tandem.reports.charts import legend_items, line_chart, to_png
from tandem.reports.tables import Column, Table

if TYPE_CHECKING:
    from tandem.digests.models import Digest

# The weekly series of the trend chart: key in figures.trend rows, label.
TREND_KEYS = [
    ("ideas_created", "Ideas created"),
    ("ideas_implemented", "Implemented"),
    ("service_actions", "Service actions"),
    ("stories", "Stories"),
]

# --- the chart --------------------------------------------------------------------


def trend_table(content: dict[str, Any]) -> Table:
    columns = [Column("week", "Week", "date")] + [
        Column(key, label, "int") for key, label in TREND_KEYS
    ]
    rows = [{**row, "week": date.fromisoformat(row["week"])} for row in content["trend"]]
    return Table("digest-trend", f"Last {len(rows)} weeks", columns, rows)


def trend_title(content: dict[str, Any]) -> str:
    return f"{content['unit']['name']}: last {len(content['trend'])} weeks"


def trend_chart(content: dict[str, Any]) -> tuple[dict, Table]:
    """The trend chart's spec and its table (one definition for the page and the email)."""
    table = trend_table(content)
    keys = [key for key, _ in TREND_KEYS]
    return line_chart(table, "week", keys, trend_title(content), weekly=True), table


def trend_is_flat(content: dict[str, Any]) -> bool:
    """Nothing at all in the trend's weeks: no chart, a sentence says so (a silent team's
    leader gets one in eight digests; drawing zeros tells them nothing)."""
    return not any(row[key] for row in content["trend"] for key, _ in TREND_KEYS)


class TrendImage(NamedTuple):
    png: bytes
    legend: list[tuple[str, str]]  # (series, colour): the HTML draws it below the image


_image_cache: dict[tuple, TrendImage] = {}


def trend_image(content: dict[str, Any]) -> TrendImage:
    """The chart as a PNG, its title and legend apart: the email's HTML shows them, so the
    image is drawn without them and sized to its content ("pad"), about half the cost of
    the page's chart. Leaders with the same weeks share it, so a worker renders it once."""
    key = tuple(tuple(sorted(r.items())) for r in content["trend"])  # all the image shows
    if key not in _image_cache:
        if len(_image_cache) > 256:
            _image_cache.clear()
        spec, _ = trend_chart(content)
        png = to_png(spec, scale=1.5, legend=False, fit=False, title=False)
        _image_cache[key] = TrendImage(png, legend_items(spec))
    return _image_cache[key]


# --- the email --------------------------------------------------------------------


class DigestEmail(EmailMultiAlternatives):
    """Text + HTML alternatives, the chart inline in the HTML part (multipart/related,
    referenced as cid:...), so mail clients show it without loading anything remote."""

    def __init__(self, *args, inline_png: bytes | None = None, cid: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.inline_png = inline_png
        self.cid = cid

    def message(self, *args, **kwargs):
        msg = super().message(*args, **kwargs)
        html = msg.get_body(preferencelist=("html",)) if self.inline_png else None
        if html is not None:  # the HTML part becomes multipart/related: HTML + image
            html.make_related()
            html.attach(_png_part(type(html), html.policy, self.inline_png, self.cid))
        for part in msg.walk():
            if part.is_multipart() and not part.get_boundary():
                # Left unset, the standard library searches the whole message (the chart
                # twice) for a boundary that does not occur in it; "=_" cannot occur in
                # base64 or quoted-printable lines, and the rest is random.
                part.set_boundary(f"=_{secrets.token_hex(16)}")
        return msg


def _png_part(part_class: type, policy: Any, png: bytes, cid: str) -> Any:
    """The image part `add_related(png, "image", "png", cid=..., filename="trend.png",
    disposition="inline")` makes, with the base64 done in one call: the standard library
    encodes 57 bytes at a time in Python, 2,500 calls for a chart."""
    part = part_class(policy=policy)
    part["Content-Type"] = "image/png"
    part["Content-Transfer-Encoding"] = "base64"
    part["Content-Disposition"] = 'inline; filename="trend.png"'
    part["Content-ID"] = f"<{cid}>"
    part.set_payload(base64.encodebytes(png).decode("ascii"))
    return part


def _mail_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "tandem.localhost"


def message_id(digest: Digest) -> str:
    """Deterministic: the same leader and week always give the same Message-ID."""
    return f"<digest.{digest.person_id}.{digest.week_start:%Y%m%d}@{_mail_domain()}>"


def render_email(digest: Digest) -> DigestEmail:
    content = digest.content
    chart = trend_image(content) if content["trend"] and not trend_is_flat(content) else None
    cid = f"trend.{digest.person_id}.{digest.week_start:%Y%m%d}@{_mail_domain()}"
    context = {
        "digest": digest,
        "c": content,
        "site_url": settings.SITE_URL.rstrip("/"),
        "chart_cid": cid if chart else "",
        "chart_title": trend_title(content),
        "chart_legend": chart.legend if chart else [],
        "digest_url": digest.get_absolute_url(),
        "preferences_url": reverse("digests:home") + "#preferences",
        "capture_url": reverse("capture:quick_capture"),
        "recognize_url": reverse("recognition:new"),
    }
    subject = " ".join(render_to_string("digests/email/subject.txt", context).split())
    email = DigestEmail(
        subject,
        render_to_string("digests/email/body.txt", context),
        None,
        [digest.person.email],
        headers={"Message-ID": message_id(digest)},
        inline_png=chart.png if chart else None,
        cid=cid,
    )
    email.attach_alternative(render_to_string("digests/email/body.html", context), "text/html")
    return email
