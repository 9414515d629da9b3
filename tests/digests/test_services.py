"""Building, scheduling and sending the weekly digests."""

from __future__ import annotations

import email
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.capture.models import StoryKind
from tandem.digests import services
from tandem.digests.models import Digest, DigestPreference, DigestStatus, Weekday
from tandem.indicators import rebuild
from tandem.people.models import Level
from tandem.programs.services.commitments import create_commitment
from tests.digests.helpers import WEEK_END, WEEK_START
from tests.factories import (
    implemented_idea,
    make_action,
    make_person,
    make_team,
    make_unit,
    story_on,
)

pytestmark = pytest.mark.django_db

WEEK = services.week_of(WEEK_START)
MONDAY_AFTER = WEEK_END + timedelta(days=1)  # 9 Nov 2026
TUESDAY_AFTER = MONDAY_AFTER + timedelta(days=1)


@pytest.fixture
def org(db):
    """Ward 4B with a full reporting line (active), Ward 5A quiet, both under Nursing."""
    team = make_team("Harbor Health/Nursing/Ward 4B")
    quiet = make_person("Quinn Quiet", unit="Harbor Health/Nursing/Ward 5A")
    nurse_head = make_person(
        "Nora Nursing",
        unit="Harbor Health/Nursing",
        level=Level.SENIOR_LEADER,
        manager=team["executive"],
    )
    team["manager"].manager = nurse_head
    team["manager"].save()
    return {**team, "quiet": quiet, "nurse_head": nurse_head}


def run_schedule(django_capture_on_commit_callbacks, week=WEEK, **kw) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return services.schedule(week, **kw)


def test_covered_week_is_the_last_full_week():
    assert services.covered_week(MONDAY_AFTER) == WEEK
    assert services.covered_week(date(2026, 11, 15)) == WEEK  # a Sunday: still last week


def test_content_has_figures_highlights_silent_units_and_check_ins(org):
    fay, cal = org["frontline"], org["colleague"]
    story_on(WEEK_START + timedelta(days=2), fay, kind=StoryKind.SERVICE_RECOVERY)
    story_on(WEEK_START - timedelta(days=7), fay)  # the week before: counted once, not this week
    make_action(fay, date=WEEK_START + timedelta(days=1))
    idea = implemented_idea(
        fay, cal, on=WEEK_START + timedelta(days=3), minutes=45, money=Decimal("2500")
    )
    create_commitment(
        org["nurse_head"].user,
        org["nurse_head"],
        "Walk the wards every week",
        "role_model",
        "weekly",
        started_on=WEEK_START - timedelta(days=30),
    )
    rebuild.rebuild_indicators()

    content = services.build_content(org["nurse_head"], WEEK, send_day=MONDAY_AFTER)

    figures = {row["key"]: row for row in content["headline"]}
    assert figures["stories"]["value"] == 1
    assert figures["stories"]["previous"] == 1 and figures["stories"]["change"] == 0
    assert figures["service_actions"]["value"] == 1
    assert figures["service_actions"]["change"] == 1
    assert figures["ideas_implemented"]["value"] == 1
    assert figures["minutes_saved_per_week"]["value"] == 45
    assert figures["money_saved_per_year"]["value"] == "2500.00"
    # Highlights look back two weeks, best first.
    assert [s["kind"] for s in content["stories"]] == ["service_recovery", "frontline_effort"]
    assert content["stories"][0]["reasons"][0].startswith("A service recovery")
    assert content["stories"][0]["people"] == ["Fay Front"]
    assert [i["id"] for i in content["ideas"]] == [idea.pk]
    assert "Measured impact: saves 45 minutes a week" in content["ideas"][0]["reasons"]
    assert sorted(content["ideas"][0]["people"]) == ["Cal Colleague", "Fay Front"]
    assert [u["name"] for u in content["silent_units"]] == ["Ward 5A"]
    assert content["has_children"] is True
    assert [c["text"] for c in content["check_ins"]] == ["Walk the wards every week"]
    assert len(content["trend"]) == services.TREND_WEEKS
    assert content["trend"][-1]["week"] == WEEK_START.isoformat()
    assert content["trend"][-1]["stories"] == 1


def test_headline_matches_figures_summary(org):
    from tandem.indicators import figures

    story_on(WEEK_START, org["frontline"])
    make_action(org["colleague"], date=WEEK_END)
    rebuild.rebuild_indicators()
    unit = org["nurse_head"].unit
    content = services.build_content(org["nurse_head"], WEEK)
    now, before = figures.summary(unit, WEEK), figures.summary(unit, WEEK.previous())
    for row in content["headline"]:
        assert row["value"] == services._plain(now[row["key"]]), row["key"]
        assert row["previous"] == services._plain(before[row["key"]]), row["key"]


def test_a_team_leader_has_no_silent_units_section(org):
    content = services.build_content(org["supervisor"], WEEK)
    assert content["has_children"] is False and content["silent_units"] == []


def test_build_queries_do_not_grow_with_activity_or_children(org):
    fay = org["frontline"]
    # A compliment naming Fay: a recognition too, whose names are read in a query of
    # their own (none when there is no recognition to show).
    story_on(WEEK_START, fay, kind=StoryKind.CUSTOMER_COMPLIMENT)
    implemented_idea(fay, on=WEEK_START)
    rebuild.rebuild_indicators()
    with CaptureQueriesContext(connection) as few:
        services.build_content(org["nurse_head"], WEEK)
    for i in range(8):
        make_unit(f"Harbor Health/Nursing/Ward {i}")
        story_on(WEEK_START + timedelta(days=i % 7), fay, kind=StoryKind.CUSTOMER_COMPLIMENT)
        implemented_idea(fay, org["colleague"], on=WEEK_START + timedelta(days=i % 7))
    rebuild.rebuild_indicators()
    org["nurse_head"].unit.refresh_from_db()
    with CaptureQueriesContext(connection) as many:
        services.build_content(org["nurse_head"], WEEK)
    assert len(many) == len(few) <= 20


# --- who gets one, and when ---------------------------------------------------------


def test_leaders_get_it_on_monday_by_default_and_on_their_chosen_day(org):
    DigestPreference.objects.create(person=org["manager"], weekday=Weekday.TUESDAY)
    DigestPreference.objects.create(person=org["supervisor"], enabled=False)
    monday = set(services.recipients(MONDAY_AFTER))
    tuesday = set(services.recipients(TUESDAY_AFTER))
    assert monday == {org["executive"], org["senior"], org["nurse_head"]}
    assert tuesday == {org["manager"]}
    # Frontline staff never get one; someone who turned it off not even with --all.
    everyone = set(services.recipients(MONDAY_AFTER, everyone=True))
    assert everyone == monday | tuesday


def test_scheduling_sends_one_email_per_due_leader(org, django_capture_on_commit_callbacks):
    story_on(WEEK_START, org["frontline"])
    rebuild.rebuild_indicators()

    queued = run_schedule(django_capture_on_commit_callbacks, send_day=MONDAY_AFTER)

    leaders = ("executive", "senior", "nurse_head", "manager", "supervisor")
    assert queued == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(org[key].email for key in leaders)
    assert Digest.objects.filter(status=DigestStatus.SENT).count() == 5
    # Running it again changes nothing.
    assert run_schedule(django_capture_on_commit_callbacks, send_day=MONDAY_AFTER) == 0
    assert len(mail.outbox) == 5


def test_turned_off_means_nothing_sent_and_nothing_built(org, django_capture_on_commit_callbacks):
    for key in ("executive", "senior", "nurse_head", "manager", "supervisor"):
        DigestPreference.objects.create(person=org[key], enabled=False)
    assert run_schedule(django_capture_on_commit_callbacks, send_day=MONDAY_AFTER) == 0
    assert (
        run_schedule(django_capture_on_commit_callbacks, send_day=MONDAY_AFTER, everyone=True) == 0
    )
    assert mail.outbox == []
    assert run_schedule(django_capture_on_commit_callbacks, send_day=TUESDAY_AFTER) == 0


def test_turning_it_off_after_it_was_queued_stops_it(org):
    digest = services.ensure_row(org["nurse_head"], WEEK)
    DigestPreference.objects.create(person=org["nurse_head"], enabled=False)
    assert services.deliver(digest.pk) == "off"
    assert mail.outbox == [] and not Digest.objects.exists()


def test_a_leader_without_email_gets_it_in_the_app_only(org):
    org["nurse_head"].email = ""
    org["nurse_head"].save()
    digest = services.ensure_row(org["nurse_head"], WEEK)
    assert services.deliver(digest.pk) == "no_email"
    digest.refresh_from_db()
    assert digest.status == DigestStatus.NO_EMAIL and digest.built_at and mail.outbox == []


# --- sending once --------------------------------------------------------------------


def test_deliver_twice_sends_once(org):
    digest = services.ensure_row(org["nurse_head"], WEEK)
    assert services.deliver(digest.pk) == "sent"
    assert services.deliver(digest.pk) == "done"
    assert len(mail.outbox) == 1
    digest.refresh_from_db()
    assert digest.attempts == 1 and digest.sent_at is not None


def test_a_live_claim_keeps_others_off_and_an_expired_one_is_taken_over(org):
    digest = services.ensure_row(org["nurse_head"], WEEK)
    assert services._claim(digest.pk, "other-worker", timezone.now())
    assert services.deliver(digest.pk) == "busy"
    assert mail.outbox == []
    Digest.objects.filter(pk=digest.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert services.deliver(digest.pk) == "sent"
    assert len(mail.outbox) == 1


def test_a_digest_whose_worker_died_is_enqueued_again_at_once(org):
    heads = [org["nurse_head"], org["senior"]]
    dead, alive = (services.ensure_row(person, WEEK) for person in heads)
    now = timezone.now()
    assert services._claim(dead.pk, "dead-worker", now - timedelta(hours=1))
    assert services._claim(alive.pk, "busy-worker", now)
    # The tests' task backend runs an enqueued task at once: the dead one's is sent.
    assert services.requeue_abandoned(now) == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == DigestStatus.SENT and len(mail.outbox) == 1
    assert alive.status == DigestStatus.QUEUED and alive.claim_token == "busy-worker"
    assert services.requeue_abandoned(now) == 0  # nothing left behind: nothing sent again
    assert len(mail.outbox) == 1


def test_a_claim_taken_over_while_the_chart_is_drawn_sends_nothing(org, monkeypatch):
    digest = services.ensure_row(org["nurse_head"], WEEK)
    render = services.render_email

    def slow_render(row):
        # This worker's claim runs out while it draws the chart; another worker takes it.
        Digest.objects.filter(pk=row.pk).update(claimed_until=timezone.now() - timedelta(1))
        assert services._claim(row.pk, "other-worker", timezone.now())
        return render(row)

    monkeypatch.setattr(services, "render_email", slow_render)
    assert services.deliver(digest.pk) == "busy"
    assert mail.outbox == []
    digest.refresh_from_db()
    assert digest.claim_token == "other-worker" and digest.built_at is None


def test_schedule_requeues_only_stale_unsent_rows(
    org, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    assert run_schedule(django_capture_on_commit_callbacks, send_day=MONDAY_AFTER) == 5
    assert len(default_task_backend.results) == 5
    # Queued a moment ago: not again.
    assert run_schedule(django_capture_on_commit_callbacks, send_day=MONDAY_AFTER) == 0
    # An hour later nothing has run them (the worker died): queued again.
    Digest.objects.update(queued_at=timezone.now() - timedelta(hours=2))
    assert run_schedule(django_capture_on_commit_callbacks, send_day=TUESDAY_AFTER) == 5
    assert len(default_task_backend.results) == 10
    default_task_backend.clear()


def test_ensure_row_returns_the_one_row(org):
    first = services.ensure_row(org["nurse_head"], WEEK)
    assert services.ensure_row(org["nurse_head"], WEEK) == first
    assert Digest.objects.count() == 1


# --- the email -----------------------------------------------------------------------


def test_email_has_text_html_and_the_chart_inline(org):
    story_on(WEEK_START, org["frontline"], customer_words="She stayed past her shift for us.")
    rebuild.rebuild_indicators()
    digest = services.ensure_row(org["nurse_head"], WEEK)
    services.deliver(digest.pk)

    (sent,) = mail.outbox
    assert sent.subject == "Early wins in Nursing · week of 2 Nov"
    assert "She stayed past her shift for us." in sent.body
    parsed = email.message_from_bytes(sent.message().as_bytes())
    assert parsed["Message-ID"] == f"<digest.{org['nurse_head'].pk}.20261102@127.0.0.1>"
    assert parsed.get_content_type() == "multipart/alternative"
    text, related = parsed.get_payload()
    assert text.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html, image = related.get_payload()
    assert html.get_content_type() == "text/html"
    assert image.get_content_type() == "image/png"
    assert image.get_payload(decode=True).startswith(b"\x89PNG\r\n\x1a\n")
    cid = image["Content-ID"].strip("<>")
    body = html.get_payload(decode=True).decode()
    assert f'src="cid:{cid}"' in body
    assert "She stayed past her shift for us." in body
    assert "Why this story" in body and "Why this story" in sent.body
    assert "Ward 5A" in body  # the silent unit


def test_message_id_is_the_same_for_the_same_leader_and_week(org):
    a = services.ensure_row(org["nurse_head"], WEEK)
    assert services.message_id(a) == services.message_id(Digest.objects.get(pk=a.pk))
    b = services.ensure_row(org["nurse_head"], services.week_of(WEEK_START + timedelta(days=7)))
    assert services.message_id(a) != services.message_id(b)


# --- no repeats ----------------------------------------------------------------------


def test_the_next_digest_does_not_repeat_what_was_shown(org):
    fay = org["frontline"]
    first = story_on(WEEK_START + timedelta(days=5), fay, kind=StoryKind.SERVICE_RECOVERY)
    idea = implemented_idea(fay, on=WEEK_START + timedelta(days=5))
    rebuild.rebuild_indicators()
    week1 = services.ensure_row(org["nurse_head"], WEEK)
    services.deliver(week1.pk)
    week1.refresh_from_db()
    assert week1.story_ids == [first.pk] and week1.idea_ids == [idea.pk]

    second = story_on(WEEK_START + timedelta(days=8), fay)
    next_week = services.week_of(WEEK_START + timedelta(days=7))
    content = services.build_content(org["nurse_head"], next_week)

    assert [s["id"] for s in content["stories"]] == [second.pk]
    assert content["ideas"] == []
    # Another leader who was not shown it still gets it.
    other = services.build_content(org["executive"], next_week)
    assert {s["id"] for s in other["stories"]} == {first.pk, second.pk}


def test_build_all_builds_every_leader_once(org):
    stats = services.build_all(WEEK)
    assert stats.leaders == 5 and stats.outcomes == {"built": 5}
    assert Digest.objects.filter(built_at__isnull=False).count() == 5
    assert mail.outbox == []
    again = services.build_all(WEEK, send=True)
    assert again.outcomes == {"sent": 5}
    assert len(mail.outbox) == 5
    assert services.build_all(WEEK, send=True).outcomes == {"done": 5}
    assert len(mail.outbox) == 5


class RefusingBackend(locmem.EmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def test_a_mail_server_failure_leaves_it_for_the_next_round(
    org, settings, django_capture_on_commit_callbacks
):
    digest = services.ensure_row(org["nurse_head"], WEEK)
    working = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    with pytest.raises(ConnectionRefusedError):
        services.deliver(digest.pk)
    digest.refresh_from_db()
    assert digest.status == DigestStatus.QUEUED and digest.claimed_until is None

    settings.MAILERS = working
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule(WEEK, send_day=MONDAY_AFTER)
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT
    assert [m.to for m in mail.outbox].count([org["nurse_head"].email]) == 1
