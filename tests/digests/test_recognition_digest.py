"""The weekly digest counts the recognitions of the leader's part of the organization and
shows the latest ones that are not private, linked to their page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from tandem.digests import services
from tandem.digests.models import Digest
from tandem.indicators import figures, rebuild
from tandem.people.models import Level
from tandem.recognition.models import Recognition, Source
from tests.digests.helpers import WEEK_END, WEEK_START
from tests.factories import make_person, make_team

pytestmark = pytest.mark.django_db

WEEK = services.week_of(WEEK_START)


def recognize(giver, *people, day, **kw) -> Recognition:
    recognition = Recognition.objects.create(
        given_by=giver, what=kw.pop("what", "Thank you!"), date=day, **kw
    )
    recognition.people.set(people)
    return recognition


@pytest.fixture
def org(db):
    """Ward 4B (a full reporting line) and Ward 5A (one person, one who left), under
    Nursing, whose head is a senior leader; recognitions in the week of 2 Nov 2026 and
    around it."""
    team = make_team("Harbor Health/Nursing/Ward 4B")
    quiet = make_person("Quinn Quiet", unit="Harbor Health/Nursing/Ward 5A")
    gone = make_person("Gil Gone", unit="Harbor Health/Nursing/Ward 4B", active=False)
    head = make_person("Nora Nursing", unit="Harbor Health/Nursing", level=Level.SENIOR_LEADER)
    fay, cal, manager = team["frontline"], team["colleague"], team["manager"]
    day = WEEK_START
    made = {
        "private": recognize(team["supervisor"], fay, day=day + timedelta(days=1), private=True),
        "cal": recognize(manager, cal, day=day + timedelta(days=2), what="Covered two shifts."),
        "customer": recognize(
            manager,
            fay,
            cal,
            day=day + timedelta(days=4),
            source=Source.CUSTOMER,
            customer="Mr Okafor",
            what="The nurses made my father laugh again.",
        ),
        "quinn": recognize(fay, quiet, day=day + timedelta(days=5), what="Found the keys."),
        "gone": recognize(manager, gone, day=WEEK_END),
        "before": recognize(manager, fay, day=day - timedelta(days=3)),
        "after": recognize(manager, fay, day=WEEK_END + timedelta(days=1)),
    }
    rebuild.rebuild_indicators()
    return {**team, "quiet": quiet, "head": head, **made}


def test_a_leader_sees_the_weeks_recognitions_of_their_part_and_the_latest_two(org):
    content = services.build_content(org["manager"], WEEK)
    headline = {row["key"]: row for row in content["headline"]}
    # Ward 4B: Fay (privately), Cal, and both by the customer: four; Gil left, Quinn is
    # in another ward, the others are outside the week. The week before: Fay once.
    assert content["recognitions_count"] == 4
    assert (headline["recognitions"]["value"], headline["recognitions"]["previous"]) == (4, 1)
    assert headline["recognitions"]["change"] == 3
    assert [r["id"] for r in content["recognitions"]] == [org["customer"].pk, org["cal"].pk]
    latest = content["recognitions"][0]
    assert latest == {
        "id": org["customer"].pk,
        "what": "The nurses made my father laugh again.",
        "from": "a customer (Mr Okafor)",
        "source": "customer",
        "date": (WEEK_START + timedelta(days=4)).isoformat(),
        "people": ["Cal Colleague", "Fay Front"],
        "people_more": 0,
        "url": f"/recognition/{org['customer'].pk}/",
    }
    assert (
        content["recognitions_count"] == figures.summary(org["manager"].unit, WEEK)["recognitions"]
    )


def test_the_head_of_nursing_counts_every_ward_below(org):
    content = services.build_content(org["head"], WEEK)
    assert content["recognitions_count"] == 5  # and Quinn in Ward 5A
    assert [r["id"] for r in content["recognitions"]] == [org["quinn"].pk, org["customer"].pk]
    assert content["recognitions"][0]["from"] == "Fay Front"


def test_a_part_with_no_recognition_says_so_and_lists_none(org):
    quiet_week = services.week_of(WEEK_START - timedelta(weeks=3))
    content = services.build_content(org["manager"], quiet_week)
    assert content["recognitions_count"] == 0 and content["recognitions"] == []


def test_the_email_and_the_page_link_the_latest_and_never_a_private_one(org, client):
    digest = services.ensure_row(org["manager"], WEEK)
    assert services.deliver(digest.pk) == "sent"
    (sent,) = mail.outbox
    text = sent.body
    html = sent.alternatives[0][0]
    section = text[text.index("RECOGNITION") :]
    assert section.startswith(
        "RECOGNITION\n4 recognitions of people in your part of the organization this week"
    )
    for body in (text, html):
        assert f"/recognition/{org['customer'].pk}/" in body
        assert f"/recognition/{org['cal'].pk}/" in body
        assert f"/recognition/{org['private'].pk}/" not in body
        assert "From a customer (Mr Okafor)" in body
    assert "- Recognitions: 4 (+3)" in text
    client.force_login(org["manager"].user)
    page = client.get(Digest.objects.get(pk=digest.pk).get_absolute_url()).content.decode()
    assert "Covered two shifts." in page
    assert f'href="/recognition/{org["customer"].pk}/"' in page
    assert f"/recognition/{org['private'].pk}/" not in page


def test_a_digest_stored_before_recognitions_were_counted_still_shows(org, client):
    digest = services.ensure_row(org["manager"], WEEK)
    services.deliver(digest.pk, send=False)
    stored = Digest.objects.get(pk=digest.pk)
    for key in ("recognitions_count", "recognitions"):
        del stored.content[key]
    stored.save()
    client.force_login(org["manager"].user)
    response = client.get(stored.get_absolute_url())
    assert response.status_code == 200
    assert "Covered two shifts." not in response.content.decode()
