"""What the demo shows beyond its records: the leaders' last digests, the audit trail of
what was seeded, and stories that do not read as filled-in templates.

Seeded once for the package (tests/demo/conftest.py) and read back through the services
that show it, so what the demo shows is what the app builds.
"""

import json
import re
from collections import Counter
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEntry
from tandem.capture import services as capture
from tandem.capture.models import (
    Idea,
    IdeaComment,
    IdeaStatus,
    IdeaTransition,
    ServiceAction,
    Story,
)
from tandem.demo import past_digests
from tandem.demo.past_digests import WEEKS, past_weeks
from tandem.digests import services as digests
from tandem.digests.models import Digest, DigestStatus
from tandem.indicators import highlights
from tandem.people.models import Person, User

SAME_NAME_TWICE = re.compile(r"\b([A-Z][\w'-]+)(?:,| and| &| with| or) \1\b")


def demo_days(seeded: str) -> tuple[date, date]:
    """The first and last day of the seeded activity, from the command's output."""
    first, last = re.search(r"Activity from (\S+) to (\S+):", seeded).groups()
    return date.fromisoformat(first), date.fromisoformat(last)


def as_stored(content: dict) -> dict:
    return json.loads(json.dumps(content))


# --- digests -------------------------------------------------------------------------


def test_every_leader_has_the_digests_of_the_last_weeks_sent_the_monday_after(seeded, db):
    weeks = past_weeks(demo_days(seeded)[1])
    assert len(weeks) == WEEKS
    assert weeks[-1] == digests.covered_week(demo_days(seeded)[1])
    leaders = list(digests.leaders())
    assert len(leaders) > 100
    rows = Digest.objects.filter(person__in=leaders)
    have = Counter(rows.values_list("person_id", "week_start"))
    assert set(have) == {(p.pk, w.start) for p in leaders for w in weeks}
    assert set(have.values()) == {1}
    assert set(rows.values_list("status", flat=True)) == {DigestStatus.SENT}
    for week in weeks:
        for row in rows.filter(week_start=week.start):
            assert row.sent_at == row.built_at
            assert timezone.localtime(row.sent_at).date() == week.end + timedelta(days=1)
            assert row.content["week"]["start"] == week.start.isoformat()
    assert not Digest.objects.exclude(person__in=leaders).exists()


def test_stored_digests_are_what_the_digest_service_builds(seeded, logins):
    people = [logins["manager"], logins["executive"], *digests.leaders().order_by("pk")[::15]]
    checked = stories = 0
    for person in people:
        for row in Digest.objects.filter(person=person).order_by("week_start"):
            built = digests.build_content(
                person, digests.week_of(row.week_start), send_day=timezone.localdate()
            )
            assert row.content == as_stored(built), (person, row.week_start)
            assert row.story_ids == [s["id"] for s in built["stories"]]
            checked += 1
            stories += len(built["stories"])
    assert checked == len(people) * WEEKS
    assert stories > 0


def test_a_leaders_digests_never_repeat_a_story_and_show_distinct_texts(seeded, db):
    for person_id in digests.leaders().values_list("pk", flat=True):
        rows = Digest.objects.filter(person_id=person_id)
        shown = [s for row in rows for s in row.content["stories"]]
        assert len({s["id"] for s in shown}) == len(shown)
        assert len({s["what_happened"] for s in shown}) == len(shown)


def test_the_weekly_run_finds_the_latest_week_already_sent(seeded, db):
    last_day = demo_days(seeded)[1]
    week = digests.covered_week(last_day)
    assert digests.schedule(week, send_day=last_day, everyone=True) == 0
    assert not Digest.objects.filter(status=DigestStatus.QUEUED).exists()


def test_digest_weeks_sets_how_many_weeks_are_built(seeded, db):
    last_day = demo_days(seeded)[1]
    Digest.objects.all().delete()
    assert past_digests.past_weeks(last_day, 0) == []
    assert past_digests.send_past_digests(last_day, 0) == 0
    assert not Digest.objects.exists()
    built = past_digests.send_past_digests(last_day, 1)
    assert built == digests.leaders().count()
    weeks = set(Digest.objects.values_list("week_start", flat=True))
    assert weeks == {digests.covered_week(last_day).start}


def test_a_negative_number_of_digest_weeks_is_refused(seeded, db):
    with pytest.raises(CommandError, match="--digest-weeks"):
        call_command("seed_demo", "--digest-weeks", "-1", stdout=StringIO())


def test_the_printed_manager_reads_the_latest_digest_and_three_earlier_ones(seeded, logins):
    client = Client()
    client.force_login(logins["manager"].user)
    response = client.get(reverse("digests:home"))
    assert response.status_code == 200
    latest = past_weeks(demo_days(seeded)[1])[-1]
    assert response.context["digest"].week_start == latest.start
    assert len(response.context["earlier"]) == WEEKS - 1


# --- the audit trail -----------------------------------------------------------------


def test_the_audit_trail_holds_an_entry_for_each_thing_seeded(seeded, db):
    counts = Counter(AuditEntry.objects.values_list("action", flat=True))
    records = Idea.objects.count() + ServiceAction.objects.count() + Story.objects.count()
    assert counts == {
        "imported people": 1,
        "added to group": 1,
        "invited": User.objects.count(),
        "created": records,
        "transition": IdeaTransition.objects.count(),
        "commented": IdeaComment.objects.count(),
    }
    imported = AuditEntry.objects.get(action="imported people")
    assert imported.changes["created"] == Person.objects.count()
    assert f"{Person.objects.count()} created" in imported.object_label


def test_audit_entries_are_dated_within_the_demo_and_made_by_whoever_did_it(seeded, db):
    first, last = demo_days(seeded)
    entries = AuditEntry.objects.select_related("actor")
    start = timezone.make_aware(datetime.combine(first - timedelta(days=30), datetime.min.time()))
    assert entries.order_by("at").first().at == start
    assert entries.order_by("at").last().at <= timezone.now()
    moves = entries.filter(action="transition")
    steps = IdeaTransition.objects.select_related("by__user")
    assert sorted(moves.values_list("object_id", "at", "actor")) == sorted(
        (str(t.idea_id), t.at, t.by.user_id) for t in steps
    )
    created = {e.object_id: e for e in entries.filter(action="created", object_type="capture.Idea")}
    for idea in Idea.objects.select_related("created_by"):
        entry = created[str(idea.pk)]
        assert entry.at == idea.created_at
        assert entry.actor_id == idea.created_by.user_id
        assert entry.changes["status"] == [None, IdeaStatus.PROPOSED]
    office = entries.get(action="added to group")
    lead = Person.objects.get(user_id=int(office.object_id))  # the group entry names the login
    invitations = entries.filter(action="invited").exclude(object_id=str(lead.pk))
    assert set(invitations.values_list("actor", flat=True)) == {int(office.object_id)}


def test_demo_entries_have_the_form_the_capture_services_write(seeded, logins):
    """A move and a new idea made through the services now, against the seeded ones."""
    manager, frontline = logins["manager"], logins["frontline"]
    seeded_move = AuditEntry.objects.filter(
        action="transition", changes__status=[IdeaStatus.PROPOSED, IdeaStatus.TRYING]
    ).first()
    seeded_new = AuditEntry.objects.filter(action="created", object_type="capture.Idea").first()
    idea = frontline.ideas.filter(status=IdeaStatus.PROPOSED).first()
    capture.transition_idea(manager.user, idea, IdeaStatus.TRYING, note="Try it", by=manager)
    new = Idea(title="A new idea", description="Why.", unit=frontline.unit)
    capture.create_record(frontline.user, new, [frontline], created_by=frontline)
    live_move = AuditEntry.objects.filter(action="transition").order_by("-pk").first()
    live_new = AuditEntry.objects.filter(action="created").order_by("-pk").first()
    assert set(seeded_move.changes) == set(live_move.changes)
    assert (seeded_move.object_type, seeded_move.actor_label) != ("", "system")
    assert set(seeded_new.changes) == set(live_new.changes)


def test_the_program_office_reads_the_seeded_history_on_the_audit_page(seeded, logins):
    client = Client()
    client.force_login(logins["program-office"].user)
    response = client.get(reverse("audit:list"), {"object_type": "capture.Idea"})
    assert response.status_code == 200
    shown = response.context["page"].object_list
    assert shown and all(e.object_type == "capture.Idea" for e in shown)
    assert {e.action for e in shown} <= {"created", "transition", "commented"}


# --- stories that do not read as templates -------------------------------------------


def test_no_story_names_one_person_twice(seeded, db):
    stories = Story.objects.prefetch_related("people")
    for story in stories:
        firsts = [p.name.split()[0] for p in story.people.all()]
        assert len(set(firsts)) == len(firsts), (story.pk, firsts)
        text = f"{story.what_happened} {story.customer_words}"
        assert not SAME_NAME_TWICE.search(text), text
    assert any(story.people.count() == 2 for story in stories)


def test_no_two_stories_tell_the_same_thing(seeded, db):
    texts = Counter(Story.objects.values_list("what_happened", flat=True))
    assert texts.most_common(1)[0][1] == 1


def test_best_stories_of_the_whole_organization_are_all_different(seeded, logins):
    root = logins["executive"].unit
    end = demo_days(seeded)[1]
    for weeks_back in range(0, 12, 2):
        day = end - timedelta(weeks=weeks_back)
        picks = highlights.best_stories(root, day - timedelta(days=13), day, limit=10)
        texts = [h.record.what_happened for h in picks]
        assert len(picks) == 10
        assert len(set(texts)) == len(texts)
