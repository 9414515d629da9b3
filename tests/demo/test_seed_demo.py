"""`manage.py seed_demo`: the demo hospital, seeded once for the package (conftest.py)."""

import hashlib
import re
import statistics
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.capture import access
from tandem.capture.models import TRANSITIONS, Idea, IdeaStatus, ServiceAction, Story, StoryKind
from tandem.demo import org
from tandem.demo.activity import DAYS
from tandem.digests.models import Digest
from tandem.notifications.models import Notification
from tandem.people.access import is_program_office, manages_any
from tandem.people.models import LEADER_LEVELS, Level, OrgUnit, Person, User
from tandem.voice import initiatives
from tandem.voice import services as voice
from tandem.voice.models import (
    AnswerKind,
    Feedback,
    Initiative,
    Responded,
    Response,
    Status,
    VoiceSettings,
)
from tests.demo.helpers import LOGIN_LINE, wipe

PASSWORD = "tandem-demo-2026"

RANK = {level: i for i, level in enumerate(Level.values)}  # executive 0 … frontline 4


def digest() -> str:
    """Names, titles and text of everything seeded, in creation order."""
    h = hashlib.sha256()
    people = Person.objects.order_by("employee_id").values_list(
        "employee_id", "name", "email", "title", "level", "unit__full_path", "manager__employee_id"
    )
    for rows in (
        people,
        Idea.objects.order_by("pk").values_list("title", "description", "helps"),
        ServiceAction.objects.order_by("pk").values_list("what", "for_whom"),
        Story.objects.order_by("pk").values_list("kind", "what_happened", "customer_words"),
        Initiative.objects.order_by("pk").values_list(
            "title", "status", "round", "levels", "owner__employee_id"
        ),
        # Who responded and how does not depend on the day the demo ends.
        Response.objects.order_by("initiative_id", "round", "text").values_list(
            "initiative__title",
            "round",
            "kind",
            "text",
            "author__employee_id",
            "unit__full_path",
            "code_hash",
            "id",
            "answer__kind",
            "answer__text",
        ),
    ):
        for row in rows:
            h.update(repr(row).encode())
    return h.hexdigest()


def items_per_unit() -> Counter:
    counts: Counter = Counter()
    for model in (Idea, ServiceAction, Story):
        counts.update(model.objects.values_list("unit_id", flat=True))
    return counts


def test_output_ends_with_the_four_logins_in_order(seeded):
    lines = seeded.strip().splitlines()
    assert len(lines) >= 5 and "614 people" in lines[0]
    matches = [LOGIN_LINE.match(line) for line in lines[-4:]]
    assert all(matches), lines[-4:]
    assert [m.group(1) for m in matches] == ["frontline", "manager", "executive", "program-office"]
    assert {m.group(3) for m in matches} == {PASSWORD}


def test_about_600_people_over_five_levels_in_a_reporting_tree(seeded, db):
    people = list(Person.objects.select_related("manager", "unit"))
    assert 550 <= len(people) <= 700
    assert {p.level for p in people} == set(Level.values)
    top = [p for p in people if p.manager is None]
    assert len(top) == 1 and top[0].title == "Chief Executive"
    for p in people:
        if p.manager is not None:
            assert RANK[p.manager.level] < RANK[p.level] or p.level == Level.EXECUTIVE, p
    frontline = [p for p in people if p.level == Level.FRONTLINE]
    assert all(p.manager.level == Level.SUPERVISOR for p in frontline)
    assert len({p.employee_id for p in people}) == len(people)
    assert all(re.fullmatch(r"[a-z-]+\.[a-z-]+@harborhealth\.example", p.email) for p in people)


def test_units_go_four_to_five_levels_deep(seeded, db):
    depths = Counter(len(u.full_path.split("/")) for u in OrgUnit.objects.all())
    assert set(depths) == {1, 2, 3, 4, 5}
    assert depths[1] == 1 and depths[4] >= 30


def test_every_leader_and_a_good_share_of_frontline_staff_can_log_in(seeded, db):
    leaders = Person.objects.filter(level__in=LEADER_LEVELS)
    assert not leaders.filter(user__isnull=True).exists()
    frontline = Person.objects.filter(level=Level.FRONTLINE)
    share = frontline.filter(user__isnull=False).count() / frontline.count()
    assert 0.35 < share < 0.85


def test_printed_logins_work_and_belong_to_the_right_people(logins):
    for role, person in logins.items():
        client = Client()  # signs in on the login page, as a newcomer would
        response = client.post(
            "/accounts/login/", {"login": person.user.email, "password": PASSWORD}
        )
        assert response.status_code == 302, role
        assert int(client.session["_auth_user_id"]) == person.user_id, role
    assert logins["frontline"].level == Level.FRONTLINE
    assert logins["manager"] == logins["frontline"].manager
    assert logins["manager"].level in (Level.SUPERVISOR, Level.MANAGER)
    assert logins["executive"].level == Level.EXECUTIVE
    assert is_program_office(logins["program-office"].user)
    assert not is_program_office(logins["manager"].user)


def test_printed_manager_can_move_the_frontline_persons_proposed_idea(logins):
    frontline, manager = logins["frontline"], logins["manager"]
    statuses = set(frontline.ideas.values_list("status", flat=True))
    assert {IdeaStatus.PROPOSED, IdeaStatus.TRYING, IdeaStatus.IMPLEMENTED} <= statuses
    idea = frontline.ideas.filter(status=IdeaStatus.PROPOSED).first()
    assert access.can_move_idea(manager.user, idea)
    assert not access.can_move_idea(frontline.user, idea)
    assert Notification.objects.filter(recipient=frontline, read_at__isnull=True).count() >= 2


def test_activity_is_uneven_across_leaf_units(seeded, db):
    counts = items_per_unit()
    leaves = [u for u in OrgUnit.objects.filter(numchild=0) if u.people.exists()]
    per_leaf = sorted(counts[u.pk] for u in leaves)
    assert sum(1 for n in per_leaf if n == 0) >= 3
    assert per_leaf[-1] >= 80
    assert 3 <= statistics.median(per_leaf) <= 40


def test_activity_grows_over_eighteen_months_ending_now(seeded, db):
    now = timezone.now()
    start = now - timedelta(days=DAYS)
    dates = list(Idea.objects.values_list("created_at", flat=True))
    assert all(start <= d <= now and d.tzinfo is not None for d in dates)
    first_half_year = sum(d < start + timedelta(days=183) for d in dates)
    last_half_year = sum(d > now - timedelta(days=183) for d in dates)
    assert last_half_year > 2 * first_half_year
    assert 1000 <= sum(items_per_unit().values()) <= 2500


def test_text_is_varied_and_never_filler(seeded, db):
    ideas = list(Idea.objects.values_list("title", "description"))
    assert len({d for _, d in ideas}) / len(ideas) > 0.9
    assert len({t for t, _ in ideas}) / len(ideas) > 0.3
    actions = list(ServiceAction.objects.values_list("what", flat=True))
    assert len(set(actions)) / len(actions) > 0.8
    stories = list(Story.objects.values_list("what_happened", "customer_words", "kind"))
    assert len({(w, c) for w, c, _ in stories}) / len(stories) > 0.9
    assert all(c for _, c, kind in stories if kind == StoryKind.CUSTOMER_COMPLIMENT)
    everything = " ".join(t + d for t, d in ideas) + " ".join(actions)
    assert "lorem" not in everything.lower() and "{" not in everything


def test_every_status_is_present_and_histories_follow_the_workflow(seeded, db):
    ideas = Idea.objects.prefetch_related("transitions", "authors")
    assert {i.status for i in ideas} == set(IdeaStatus.values)
    for idea in ideas:
        steps = list(idea.transitions.all())
        authors = list(idea.authors.all())
        chain = {pk for a in authors for pk in a.manager_chain_ids()} - {a.pk for a in authors}
        status, at = IdeaStatus.PROPOSED, idea.created_at
        for step in steps:
            assert step.from_status == status and step.to_status in TRANSITIONS[status], idea
            assert step.at > at and step.by_id in chain and step.note, idea
            status, at = step.to_status, step.at
        assert status == idea.status and idea.status_changed_at == at
        if idea.status != IdeaStatus.PROPOSED:
            assert steps
        if idea.status == IdeaStatus.IMPLEMENTED:
            assert idea.result
    implemented = Idea.objects.filter(status=IdeaStatus.IMPLEMENTED)
    assert implemented.filter(minutes_saved_per_week__isnull=False).exists()
    assert implemented.filter(money_saved_per_year__isnull=False).exists()
    assert implemented.exclude(customer_effect="").exists()


def test_managers_comment_and_supervisors_log_for_staff_without_logins(seeded, db):
    assert Idea.objects.filter(comments__author__level__in=LEADER_LEVELS).exists()
    without_logins = Idea.objects.exclude(authors__user__isnull=False)
    assert without_logins.exists()
    assert not without_logins.filter(created_by__user__isnull=True).exists()
    on_behalf = [
        idea
        for idea in Idea.objects.select_related("created_by").prefetch_related("authors")
        if idea.created_by not in idea.authors.all()
    ]
    assert len(on_behalf) >= without_logins.count()
    for idea in on_behalf:
        assert idea.created_by.is_leader, idea
        assert manages_any(idea.created_by, idea.authors.all()), idea
    assert Idea.objects.filter(private=True).exists()
    assert Story.objects.filter(private=True).exists()


def test_if_empty_on_a_seeded_database_changes_nothing_and_prints_the_logins(seeded, db):
    before = (Person.objects.count(), User.objects.count(), Idea.objects.count(), digest())
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert out.getvalue().strip().splitlines()[-4:] == seeded.strip().splitlines()[-4:]
    assert (Person.objects.count(), User.objects.count(), Idea.objects.count(), digest()) == before


def test_seeding_a_database_with_people_is_refused_and_changes_nothing(seeded, db):
    before = Person.objects.count()
    with pytest.raises(CommandError, match="already has people"):
        call_command("seed_demo", stdout=StringIO())
    assert Person.objects.count() == before


@pytest.mark.parametrize("today", ["31/03/2026", "2999-01-01"])
def test_a_malformed_or_future_today_is_refused(seeded, db, today):
    with pytest.raises(CommandError, match="--today"):
        call_command("seed_demo", "--today", today, stdout=StringIO())


def test_the_same_seed_gives_the_same_people_and_text_on_any_day(seeded, db):
    first = digest()
    with transaction.atomic():
        wipe()
        out = StringIO()
        call_command("seed_demo", "--today", "2025-01-15", "--digest-weeks", "0", stdout=out)
        assert "2023-07-18 to 2025-01-15" in out.getvalue()
        assert digest() == first
        transaction.set_rollback(True)


def test_another_seed_gives_another_demo_whose_logins_are_found_again(seeded, db):
    first = digest()
    with transaction.atomic():
        wipe()
        out = StringIO()
        call_command("seed_demo", "--seed", "5", "--digest-weeks", "0", stdout=out)
        assert digest() != first
        again = StringIO()
        call_command("seed_demo", "--if-empty", stdout=again)
        assert again.getvalue().splitlines()[-4:] == out.getvalue().splitlines()[-4:]
        assert out.getvalue().splitlines()[-4:] != seeded.splitlines()[-4:]
        transaction.set_rollback(True)


def test_leaders_inboxes_hold_feedback_as_the_voice_rules_keep_it(logins):
    frontline, manager, executive = logins["frontline"], logins["manager"], logins["executive"]
    mine = Feedback.objects.get(author=frontline)
    assert mine.recipient == manager and mine.messages.filter(from_recipient=True).exists()
    anonymous = Feedback.objects.exclude(code_hash="")
    assert anonymous.filter(recipient=executive).count() >= 3
    assert not anonymous.filter(author__isnull=False).exists()
    for feedback in anonymous.select_related("recipient"):
        assert voice.possible_senders(feedback.recipient) >= 5  # never to a small group
    assert Feedback.objects.filter(code_hash="").count() >= 5  # named conversations too


def test_each_division_has_initiatives_with_responses_and_answers_of_every_kind(logins):
    divisions = OrgUnit.objects.filter(depth=2).exclude(full_path=f"{org.ROOT}/Program Office")
    for division in divisions:
        theirs = Initiative.objects.filter(units__path__startswith=division.path).distinct()
        assert 2 <= theirs.count() <= 4, division
        assert theirs.filter(status=Status.DRAFT).count() == 1, division
        assert theirs.exclude(status=Status.DRAFT).exists(), division
        for initiative in theirs.select_related("owner"):  # written by the division's leaders
            assert initiative.owner.level in LEADER_LEVELS
            assert initiative.owner.unit.path.startswith(division.path)
    published = Initiative.objects.exclude(status=Status.DRAFT)
    assert published.filter(status=Status.CLOSED).exists()
    assert published.filter(status=Status.PUBLISHED, round=2).exists()
    assert not Initiative.objects.filter(status=Status.DRAFT, responses__isnull=False).exists()
    assert not published.filter(reached__isnull=True).exists()  # everyone affected was told
    answered = Response.objects.filter(answer__isnull=False)
    assert set(answered.values_list("answer__kind", flat=True)) == set(AnswerKind.values)
    today = timezone.localdate()
    waiting = Response.objects.filter(answer__isnull=True, initiative__status=Status.PUBLISHED)
    assert waiting.filter(created_on__gte=today - timedelta(days=7)).count() >= 5
    assert not Response.objects.filter(created_on__gt=today).exists()
    assert Responded.objects.count() == Response.objects.count()  # once per person and round
    # Nobody is told of initiatives hundreds of times.
    told = Counter(
        Notification.objects.filter(url__startswith="/voice/initiatives/").values_list(
            "recipient_id", flat=True
        )
    )
    assert told and max(told.values()) <= 10


def test_anonymous_demo_responses_keep_what_the_service_keeps(logins):
    minimum = VoiceSettings.current().min_group
    anonymous = Response.objects.exclude(code_hash="").select_related("initiative", "unit")
    assert anonymous.count() >= 5 and Response.objects.filter(code_hash="").count() >= 5
    assert not anonymous.filter(author__isnull=False).exists()
    for response in anonymous:
        people = initiatives.possible_respondents(response.initiative)  # with a login
        group = people.filter(unit__path__startswith=response.unit.path).count()
        assert group >= minimum
        # Under twice the minimum only the week is kept (its Monday), read a week later;
        # else the day, read the next morning; a change moves it to the change's batch.
        assert response.by_week == (group < 2 * minimum), (group, response.by_week)
        kept = response.changed_on or response.created_on
        assert response.visible_on == kept + timedelta(days=7 if response.by_week else 1)
        if response.by_week:
            assert response.created_on.weekday() == kept.weekday() == 0
    assert {r.by_week for r in anonymous} == {True, False}  # both kinds of group
    # One team is smaller than the minimum group: its people respond with their names only.
    (small,) = [
        i
        for i in Initiative.objects.filter(status=Status.PUBLISHED)
        if not initiatives.anonymous_allowed(i, minimum)
    ]
    assert small.open and 0 < initiatives.affected_people(small).count() < minimum
    assert small.responses.exists() and not small.responses.exclude(code_hash="").exists()


def test_the_printed_logins_meet_initiatives(logins):
    frontline, manager = logins["frontline"], logins["manager"]
    (mine,) = Response.objects.filter(author=frontline)
    assert mine.answer is not None and mine.answer.kind == AnswerKind.CHANGED
    open_to_them = [
        i
        for i in Initiative.objects.filter(status=Status.PUBLISHED)
        if i.open and initiatives.is_affected(frontline, i)
    ]
    assert any(not initiatives.has_responded(frontline, i) for i in open_to_them)
    latest = Digest.objects.filter(person=manager).order_by("-week_start").first()
    (listed,) = latest.content["initiatives"]
    initiative = Initiative.objects.get(pk=listed["id"])
    assert listed["url"] == reverse("voice:initiative", args=[initiative.pk])
    assert listed["responses"] == initiatives.summary(initiative).responses > 0
