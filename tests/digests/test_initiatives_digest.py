"""The digest's "Initiatives" section: the initiatives published in the week that affect
the leader's part of the organization, with their responses and how many wait for an
answer, each linking to its page; in the stored content, the email and the page."""

from __future__ import annotations

import email
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tandem.digests import services
from tandem.indicators import rebuild
from tandem.people.models import Level
from tandem.voice import initiatives as service
from tandem.voice.models import AnswerKind, Initiative, Response, ResponseKind
from tests.digests.helpers import WEEK_END, WEEK_START
from tests.factories import make_person, make_team, make_unit

pytestmark = pytest.mark.django_db

WARD = "Harbor Health/Nursing/Ward 4B"
IN_THE_WEEK = WEEK_START + timedelta(days=2)


def publish(by, units, *, title="Huddles move to 7:10", on=IN_THE_WEEK, levels=()) -> Initiative:
    """Written and published through the service, then dated `on` (None: left a draft)."""
    draft = service.Draft(
        title=title,
        what="The morning huddle starts at 7:10 instead of 7:00.",
        units=[make_unit(u) if isinstance(u, str) else u for u in units],
        levels=list(levels),
        owner=by,
        starts_on=timezone.localdate(),
    )
    initiative = service.save_draft(by.user, draft)
    if on is not None:
        assert service.publish(by.user, initiative)
        Initiative.objects.filter(pk=initiative.pk).update(published_on=on)
        initiative.refresh_from_db()
    return initiative


def listed(person, day=None) -> list[dict]:
    week = services.week_of(WEEK_START)
    return services.build_content(person, week, send_day=day or timezone.localdate())["initiatives"]


def titles(person) -> list[str]:
    return [i["title"] for i in listed(person)]


def test_an_initiative_for_the_leaders_team_is_listed_with_its_counts_and_link():
    team = make_team(WARD)
    manager = team["manager"]
    initiative = publish(manager, [WARD])
    first, _ = service.respond(team["frontline"], initiative, ResponseKind.CONCERN, "Too early.")
    service.respond(team["colleague"], initiative, ResponseKind.SUPPORT, "Works for nights.")
    service.answer(manager.user, initiative, [first.pk], AnswerKind.CHANGED, "7:15 then.")

    (item,) = listed(manager)
    assert item == {
        "id": initiative.pk,
        "title": "Huddles move to 7:10",
        "units": ["Ward 4B"],
        "published_on": IN_THE_WEEK.isoformat(),
        "round": 1,
        "closed": False,
        "responses": 2,
        "waiting": 1,
        "url": reverse("voice:initiative", args=[initiative.pk]),
    }
    # The page's figures and its list of those waiting say the same.
    assert item["responses"] == service.summary(initiative).responses
    assert item["waiting"] == service.open_responses(initiative).count()
    # The leaders above the ward see it too; the supervisor placed in it as well.
    assert titles(team["senior"]) == titles(team["executive"]) == ["Huddles move to 7:10"]
    assert titles(team["supervisor"]) == ["Huddles move to 7:10"]


def test_drafts_other_weeks_and_other_parts_of_the_organization_are_left_out():
    team = make_team(WARD)
    manager = team["manager"]
    porters = make_person(
        "Pat Porter Lead", unit="Harbor Health/Operations/Day Porters", level=Level.MANAGER
    )
    make_person("Pia Porter", unit=porters.unit, manager=porters)
    publish(manager, [WARD], title="A draft", on=None)
    publish(manager, [WARD], title="The week before", on=WEEK_START - timedelta(days=1))
    publish(manager, [WARD], title="The week after", on=WEEK_END + timedelta(days=1))
    publish(manager, [WARD], title="First day", on=WEEK_START)
    publish(manager, [WARD], title="Last day", on=WEEK_END)
    publish(porters, [porters.unit], title="Porters' radios")
    # A change for the whole division: the ward's leaders do not oversee it (it is not
    # in their part of the organization), the executive above it does.
    publish(team["executive"], ["Harbor Health/Nursing"], title="Nursing-wide")

    assert titles(manager) == ["First day", "Last day"]
    assert titles(porters) == ["Porters' radios"]
    everything = ["First day", "Porters' radios", "Nursing-wide", "Last day"]  # by day published
    assert titles(team["executive"]) == everything


def test_a_leader_sees_those_affecting_where_their_reports_are_placed_elsewhere():
    lead = make_person("Lee Lead", unit="Harbor Health/Nursing", level=Level.MANAGER)
    make_person("Rae Report", unit="Harbor Health/Radiology/Ward 2", manager=lead)
    make_person("Ola Other", unit="Harbor Health/Radiology/Ward 3")
    office = make_person("Erin Exec", unit="Harbor Health", level=Level.EXECUTIVE)
    publish(office, ["Harbor Health/Radiology/Ward 2"], title="Ward 2 rota")
    publish(office, ["Harbor Health/Radiology/Ward 3"], title="Ward 3 rota")
    assert titles(lead) == ["Ward 2 rota"]


def test_counts_are_those_the_owner_could_read_on_the_day_of_the_current_round():
    team = make_team(WARD)
    manager = team["manager"]
    # Ten in the ward: anonymous responses keep the day (fewer keep the week).
    extra = [make_person(unit=WARD, manager=team["supervisor"]) for _ in range(6)]
    initiative = publish(manager, [WARD])
    today = timezone.localdate()
    named, _ = service.respond(team["frontline"], initiative, ResponseKind.CONCERN, "Too early.")
    two_days_ago = today - timedelta(days=2)
    Response.objects.filter(pk=named.pk).update(created_on=two_days_ago, visible_on=two_days_ago)
    service.respond(extra[0], initiative, ResponseKind.SUGGESTION, "Try 7:15.", anonymous=True)
    # The anonymous one reaches the owner tomorrow morning: not counted before.
    assert [(i["responses"], i["waiting"]) for i in listed(manager)] == [(1, 1)]
    tomorrow = today + timedelta(days=1)
    assert [(i["responses"], i["waiting"]) for i in listed(manager, tomorrow)] == [(2, 2)]
    # Answered today: still waiting in a digest built as of yesterday.
    service.answer(manager.user, initiative, [named.pk], AnswerKind.NOT_CHANGED, "The rota.")
    assert [(i["responses"], i["waiting"]) for i in listed(manager)] == [(1, 0)]
    yesterday = today - timedelta(days=1)
    assert [(i["responses"], i["waiting"]) for i in listed(manager, yesterday)] == [(1, 1)]
    # Asked back, and changed by its author since: it waits again (as on the page's list).
    asked, _ = service.respond(extra[2], initiative, ResponseKind.CONCERN, "Nights?")
    Response.objects.filter(pk=asked.pk).update(created_on=yesterday, visible_on=yesterday)
    service.answer(manager.user, initiative, [asked.pk], AnswerKind.QUESTION, "Which shift?")
    assert [(i["responses"], i["waiting"]) for i in listed(manager)] == [(2, 0)]
    service.change(Response.objects.get(pk=asked.pk), ResponseKind.CONCERN, "The night shift.")
    assert [(i["responses"], i["waiting"]) for i in listed(manager)] == [(2, 1)]
    assert service.open_responses(initiative).count() == 1
    # A new round starts the counts again, as the page's figures do.
    assert service.new_round(manager.user, initiative) == 2
    initiative.refresh_from_db()
    service.respond(extra[1], initiative, ResponseKind.SUPPORT, "Better now.")
    (item,) = listed(manager)
    assert (item["round"], item["responses"], item["waiting"]) == (2, 1, 1)
    service.close(manager.user, initiative)
    assert listed(manager)[0]["closed"] is True


def test_more_than_ten_are_cut_and_counted():
    team = make_team(WARD)
    for n in range(12):
        publish(team["manager"], [WARD], title=f"Change {n:02d}")
    content = services.build_content(team["manager"], services.week_of(WEEK_START))
    assert [i["title"] for i in content["initiatives"]] == [f"Change {n:02d}" for n in range(10)]
    assert content["initiatives_more"] == 2


def sent(person) -> tuple[str, str]:
    """The person's digest of the week, delivered: its text and HTML parts."""
    rebuild.rebuild_indicators()
    services.deliver(services.ensure_row(person, services.week_of(WEEK_START)).pk)
    (message,) = mail.outbox
    parsed = email.message_from_bytes(message.message().as_bytes())
    text, html = parsed.get_payload()
    if html.is_multipart():
        html = html.get_payload()[0]
    return text.get_payload(decode=True).decode(), html.get_payload(decode=True).decode()


def test_the_email_lists_them_with_counts_and_links_in_text_and_html(client):
    team = make_team(WARD)
    manager = team["manager"]
    initiative = publish(manager, [WARD], title="Huddles move to 7:10 & later")
    service.respond(team["frontline"], initiative, ResponseKind.CONCERN, "Too early.")
    link = settings.SITE_URL.rstrip("/") + reverse("voice:initiative", args=[initiative.pk])

    text, html = sent(manager)
    section = text[text.index("INITIATIVES") :]
    assert section.startswith("INITIATIVES (published this week in your part of the organization)")
    assert "- Huddles move to 7:10 & later · Ward 4B\n" in section  # plain text: no escaping
    assert "  1 response, 1 waiting for an answer\n" in section
    assert f"  {link}\n" in section
    assert text.index("IDEAS IMPLEMENTED") < text.index("INITIATIVES")
    assert '<h2 style="font-size:18px;margin:20px 0 8px;">Initiatives</h2>' in html
    assert f'<a href="{link}">Huddles move to 7:10 &amp; later</a>' in html
    assert "1 response, 1 waiting for an answer" in html

    client.force_login(manager.user)
    page = client.get(reverse("digests:home")).content.decode()
    assert f'<a href="{reverse("voice:initiative", args=[initiative.pk])}">' in page
    assert "1 response, 1 waiting for an answer" in page


def test_a_digest_without_initiatives_has_no_such_section():
    team = make_team(WARD)
    publish(team["manager"], [WARD], title="Last week's", on=WEEK_START - timedelta(days=3))
    text, html = sent(team["manager"])
    assert "INITIATIVES" not in text and "Last week's" not in text
    assert "Initiatives</h2>" not in html and "Last week" not in html
