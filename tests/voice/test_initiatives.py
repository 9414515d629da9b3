"""Initiatives, the services (voice/initiatives.py): writing and publishing one, telling
everyone it affects, responding once per round (named or anonymous), changing and
withdrawing, the morning batch, answering ("you said, we did") and the figures of the
initiative page with their minimum groups."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tandem.audit.models import AuditEntry
from tandem.notifications.models import Notification
from tandem.people.models import User
from tandem.voice import initiatives as service
from tandem.voice.initiatives import (
    Draft,
    answer,
    change,
    close,
    deliver_due,
    distribute,
    new_round,
    publish,
    requeue_undistributed,
    respond,
    save_draft,
)
from tandem.voice.models import Answer, Initiative, Responded, Response, Status, VoiceSettings
from tandem.voice.services import hash_code
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.django_db

TITLE = "The discharge lounge opens at 10"
WARD = "Harbor Health/Nursing/Ward 4B"


@pytest.fixture(autouse=True)
def _user_pks_differ_from_person_pks(db):
    """As on PostgreSQL: a login's pk is never its person's, so mixing them shows."""
    User.objects.create_user("no-person-1@harbor.example")
    User.objects.create_user("no-person-2@harbor.example")


def today():
    return timezone.localdate()


def tomorrow():
    return today() + timedelta(days=1)


def plan(owner, *units, **kw) -> Draft:
    """A complete draft owned by `owner`, affecting `units` (default: the owner's team)."""
    return Draft(
        title=kw.pop("title", TITLE),
        what=kw.pop("what", "Patients wait in the lounge, not in their beds."),
        why=kw.pop("why", "Admitted patients get a bed two hours sooner."),
        units=list(units) or [owner.unit],
        owner=owner,
        starts_on=kw.pop("starts_on", today()),
        **kw,
    )


def published(writer, *units, owner=None, **kw) -> Initiative:
    """Written and published by `writer` (owned by them unless `owner`), not yet told."""
    initiative = save_draft(writer.user, plan(owner or writer, *units, **kw))
    assert publish(writer.user, initiative)
    initiative.refresh_from_db()
    return initiative


def ward_of_five(team):
    """Ward 4B with a fifth person, so that an anonymous response there is allowed (and,
    fewer than twice the minimum, kept by the week: voice/batches.py)."""
    return [*team.values(), make_person("Nia Nurse", unit=WARD)]


def ward_of_ten(team):
    """Ward 4B with ten people: anonymous responses there keep the day."""
    return [*ward_of_five(team), *(make_person(f"Nurse {n}", unit=WARD) for n in range(5))]


def told(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person).values_list("text", flat=True))


def set_minimums(min_group=5, text_min=10):
    VoiceSettings.objects.update_or_create(
        pk=1, defaults={"min_group": min_group, "text_min": text_min}
    )


def messages(caught) -> dict[str, list[str]]:
    return caught.value.message_dict


# --- writing ---------------------------------------------------------------------------


def test_a_leader_saves_a_draft_and_it_is_audited(team):
    maria = team["manager"]
    initiative = save_draft(maria.user, plan(maria, title=f"  {TITLE} ", levels=["frontline"]))

    initiative.refresh_from_db()
    assert initiative.title == TITLE
    assert initiative.status == Status.DRAFT and initiative.round == 1
    assert initiative.owner == maria and initiative.created_by == maria
    assert list(initiative.units.all()) == [maria.unit]
    assert initiative.level_list == ["frontline"]
    entry = AuditEntry.objects.get(object_type="voice.Initiative", object_id=str(initiative.pk))
    assert entry.action == "created" and entry.actor == maria.user
    assert entry.changes["title"] == [None, TITLE]
    assert entry.changes["units"] == [None, [WARD]]


def test_a_draft_missing_everything_says_every_problem_at_once_and_saves_nothing(team):
    with pytest.raises(ValidationError) as caught:
        save_draft(team["manager"].user, Draft(title="   ", levels=["frontline", "intern"]))
    assert messages(caught) == {
        "title": ["Say in a line what changes."],
        "units": ["Choose at least one team it affects."],
        "levels": ["Not a level: intern."],
        "owner": ["Say who is accountable for it."],
        "starts_on": ["Say when it starts."],
    }
    assert not Initiative.objects.exists()
    assert not AuditEntry.objects.filter(object_type="voice.Initiative").exists()


def test_a_draft_too_long_outside_ones_part_or_closing_in_the_past_is_refused(team):
    maria = team["manager"]
    gone = make_person("Gone Gus", unit=WARD, level="manager", active=False)
    pharmacy = make_unit("Harbor Health/Pharmacy")
    draft = plan(
        gone,
        maria.unit,
        pharmacy,
        make_unit("Harbor Health/Nursing"),
        title="t" * 201,
        what="w" * 2001,
        why="y" * 2001,
        closes_on=today() - timedelta(days=1),
    )
    with pytest.raises(ValidationError) as caught:
        save_draft(maria.user, draft)
    assert messages(caught) == {
        "title": ["Keep the title to 200 characters; it has 201."],
        "what": ["Keep the detail to 2,000 characters; it has 2,001."],
        "why": ["Keep the why to 2,000 characters; it has 2,001."],
        "units": [
            "Not in your part of the organization: Harbor Health/Pharmacy, Harbor Health/Nursing."
        ],
        "owner": ["Gone Gus has left; choose someone active."],
        "closes_on": ["Responses cannot close in the past."],
    }
    assert not Initiative.objects.exists()


def test_the_program_office_names_any_team(team, program_office):
    pharmacy = make_unit("Harbor Health/Pharmacy")
    initiative = save_draft(program_office.user, plan(team["manager"], pharmacy))
    assert list(initiative.units.all()) == [pharmacy]
    assert initiative.owner == team["manager"] and initiative.created_by == program_office


def test_frontline_staff_do_not_write_initiatives(team):
    fay = team["frontline"]
    with pytest.raises(PermissionDenied):
        save_draft(fay.user, plan(fay))
    assert not Initiative.objects.exists()


def test_only_who_runs_a_draft_changes_it_and_only_while_a_draft(team):
    maria = team["manager"]
    initiative = save_draft(maria.user, plan(maria))
    with pytest.raises(PermissionDenied):
        save_draft(team["supervisor"].user, plan(maria, title="Sid's title"), initiative)

    save_draft(maria.user, plan(maria, title="The lounge opens at 9"), initiative)
    initiative.refresh_from_db()
    assert initiative.title == "The lounge opens at 9"
    update = AuditEntry.objects.get(action="updated", object_id=str(initiative.pk))
    assert update.changes["title"] == [TITLE, "The lounge opens at 9"]

    publish(maria.user, initiative)
    with pytest.raises(ValidationError) as caught:
        save_draft(maria.user, plan(maria, title="Too late"), initiative)
    assert messages(caught) == {"status": ["Only a draft can be changed; this one is published."]}
    assert Initiative.objects.get().title == "The lounge opens at 9"


# --- publishing and telling everyone ----------------------------------------------------


def test_publishing_queues_the_distribution_for_after_the_commit(
    team, django_capture_on_commit_callbacks
):
    maria = team["manager"]
    initiative = save_draft(maria.user, plan(maria))
    with django_capture_on_commit_callbacks() as callbacks:
        assert publish(maria.user, initiative) is True
    initiative.refresh_from_db()
    assert initiative.status == Status.PUBLISHED and initiative.published_on == today()
    assert initiative.reached is None and not Notification.objects.exists()
    assert AuditEntry.objects.filter(action="published", object_id=str(initiative.pk)).exists()

    assert len(callbacks) == 1
    callbacks[0]()  # the worker (the immediate backend in tests)

    initiative.refresh_from_db()
    assert initiative.reached == 3  # Sid, Fay and Cal; Maria owns it
    assert told(team["frontline"]) == [
        f"{TITLE} — it affects your team. Say what you think: support, a concern or a suggestion."
    ]
    note = Notification.objects.filter(recipient=team["frontline"]).get()
    assert note.url == f"/voice/initiatives/{initiative.pk}/"
    assert told(maria) == []


def test_publishing_twice_returns_false_and_tells_nobody_twice(
    team, django_capture_on_commit_callbacks
):
    maria = team["manager"]
    initiative = save_draft(maria.user, plan(maria))
    with django_capture_on_commit_callbacks(execute=True):
        assert publish(maria.user, initiative) is True
    with django_capture_on_commit_callbacks(execute=True) as again:
        assert publish(maria.user, Initiative.objects.get()) is False
    assert again == []
    assert Notification.objects.count() == 3
    assert AuditEntry.objects.filter(action="published").count() == 1


def test_an_initiative_affecting_nobody_active_cannot_be_published(team):
    maria = team["manager"]
    initiative = save_draft(maria.user, plan(maria, levels=["executive"]))
    with pytest.raises(ValidationError) as caught:
        publish(maria.user, initiative)
    assert messages(caught) == {"units": ["Nobody active is placed in the teams it affects."]}
    assert Initiative.objects.get().status == Status.DRAFT


def test_only_who_runs_it_publishes(team):
    maria = team["manager"]
    initiative = save_draft(maria.user, plan(maria))
    for person in (team["supervisor"], team["executive"]):
        with pytest.raises(PermissionDenied):
            publish(person.user, initiative)
    assert Initiative.objects.get().status == Status.DRAFT


def test_distribution_tells_each_active_affected_person_once_in_chunks(
    team, program_office, outsider, monkeypatch
):
    nursing = make_unit("Harbor Health/Nursing")
    ward_5 = [make_person(unit="Harbor Health/Nursing/Ward 5") for _ in range(3)]
    gone = make_person("Gone Gus", unit=WARD, active=False)
    # Nursing and Ward 4B overlap: Ward 4B's people are told once.
    initiative = published(program_office, nursing, team["manager"].unit, owner=team["manager"])
    batches = []
    real_notify = service.notify

    def counting_notify(people, *args, **kw):
        batches.append(len(people))
        return real_notify(people, *args, **kw)

    monkeypatch.setattr(service, "notify", counting_notify)

    assert distribute(initiative.pk, 1, chunk=2) == 6

    assert batches == [2, 2, 2]
    expected = {team["supervisor"], team["frontline"], team["colleague"], *ward_5}
    notes = Notification.objects.all()
    assert [n.recipient for n in notes].count(team["frontline"]) == 1
    assert {n.recipient for n in notes} == expected and notes.count() == 6
    for person in (team["manager"], gone, outsider, team["executive"], program_office):
        assert told(person) == []
    initiative.refresh_from_db()
    assert initiative.reached == 6


def test_a_distribution_stopped_midway_goes_on_from_the_last_person_told(
    team, program_office, monkeypatch
):
    ward_5 = [make_person(unit="Harbor Health/Nursing/Ward 5") for _ in range(3)]
    nursing = make_unit("Harbor Health/Nursing")
    initiative = published(program_office, nursing, owner=team["manager"])
    real_notify = service.notify
    calls = []

    def dying_notify(people, *args, **kw):
        calls.append(len(people))
        if len(calls) == 2:
            raise RuntimeError("the worker was killed")
        return real_notify(people, *args, **kw)

    monkeypatch.setattr(service, "notify", dying_notify)
    with pytest.raises(RuntimeError):
        distribute(initiative.pk, 1, chunk=2)
    first = set(Notification.objects.values_list("recipient_id", flat=True))
    assert len(first) == 2  # the second chunk rolled back with the worker
    initiative.refresh_from_db()
    assert (initiative.reached, initiative.distributed) == (2, False)

    # Not yet stale: the worker's round leaves it; ten minutes on, it is taken up again.
    monkeypatch.setattr(service, "notify", real_notify)
    assert requeue_undistributed() == 0
    Initiative.objects.filter(pk=initiative.pk).update(
        queued_at=timezone.now() - timedelta(minutes=11)
    )
    assert requeue_undistributed() == 1  # the immediate backend runs it at once

    everyone = {team["supervisor"], team["frontline"], team["colleague"], *ward_5}
    notes = list(Notification.objects.all())
    assert {n.recipient for n in notes} == everyone and len(notes) == len(everyone)
    initiative.refresh_from_db()
    assert (initiative.reached, initiative.distributed) == (len(everyone), True)
    assert requeue_undistributed() == 0


def test_distribution_tells_only_the_levels_chosen(team):
    sam = team["senior"]
    initiative = published(sam, team["manager"].unit, levels=["frontline"])
    assert distribute(initiative.pk, 1) == 2
    assert {n.recipient for n in Notification.objects.all()} == {
        team["frontline"],
        team["colleague"],
    }


def test_distribution_is_safe_to_run_twice_and_runs_again_for_a_new_round(
    team, django_capture_on_commit_callbacks
):
    maria = team["manager"]
    draft = save_draft(maria.user, plan(maria))
    assert distribute(draft.pk, 1) == 0  # a draft tells nobody
    initiative = published(maria)
    assert distribute(initiative.pk, 2) == 0  # not this round yet
    assert distribute(initiative.pk, 1) == 3
    assert distribute(initiative.pk, 1) == 0
    assert Notification.objects.count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        assert new_round(maria.user, initiative) == 2

    assert Notification.objects.count() == 6
    assert told(team["colleague"])[0].startswith(f"New round: {TITLE} — it affects your team.")
    assert distribute(initiative.pk, 2) == 0
    assert distribute(initiative.pk, 1) == 0
    assert Initiative.objects.get(pk=initiative.pk).reached == 3


# --- responding ------------------------------------------------------------------------


def test_a_named_response_tells_the_owner_at_once(team):
    maria, fay = team["manager"], team["frontline"]
    initiative = published(maria)

    response, code = respond(fay, initiative, "concern", "  Who covers the lounge at lunch? ")

    assert code == ""
    response.refresh_from_db()
    assert response.author == fay and response.unit == fay.unit
    assert response.text == "Who covers the lounge at lunch?"
    assert (response.kind, response.round, response.code_hash) == ("concern", 1, "")
    assert response.created_on == response.visible_on == today() and response.notified
    assert told(maria) == [f"Fay Front sent a concern about “{TITLE}”."]
    assert service.has_responded(fay, initiative)
    assert service.my_response(fay, initiative) == response
    assert not service.has_responded(team["colleague"], initiative)
    assert list(service.readable_responses(initiative)) == [response]


def test_an_anonymous_response_has_no_author_and_waits_for_the_morning_batch(team):
    maria, fay = team["manager"], team["frontline"]
    ward_of_ten(team)
    initiative = published(maria)

    response, code = respond(
        fay, initiative, "suggestion", "Put a water jug there.", anonymous=True
    )

    response.refresh_from_db()
    assert response.author is None and response.unit == fay.unit  # five are affected there
    assert response.code_hash == hash_code(code) and code not in response.code_hash
    assert response.visible_on == tomorrow() and not response.notified
    assert service.my_response(fay, initiative) is None  # nothing leads from Fay to it
    assert service.has_responded(fay, initiative)
    assert told(maria) == []
    assert list(service.readable_responses(initiative)) == []
    assert service.find_by_code(code.lower().replace("-", "")) == response
    assert service.find_by_code("AAAA-BBBB-CCCC-DDDD") is None

    assert deliver_due() == 0  # not before the morning
    assert deliver_due(tomorrow()) == 1
    assert told(maria) == [f"1 new or changed anonymous response to “{TITLE}”."]
    assert list(service.readable_responses(initiative, tomorrow())) == [response]


@pytest.mark.parametrize(
    ("first", "second"), [(False, False), (False, True), (True, False), (True, True)]
)
def test_each_person_responds_once_per_round_named_or_anonymous(team, first, second):
    maria, fay = team["manager"], team["frontline"]
    ward_of_five(team)
    initiative = published(maria)
    respond(fay, initiative, "support", "Good.", anonymous=first)

    with pytest.raises(ValidationError) as caught:
        respond(fay, initiative, "concern", "On second thought…", anonymous=second)

    assert messages(caught) == {
        "initiative": ["You responded in this round already; change your response instead."]
    }
    assert Response.objects.count() == 1 and Response.objects.get().kind == "support"
    assert Responded.objects.count() == 1


def test_a_draft_a_closed_initiative_or_a_past_closing_day_takes_no_response(team):
    maria, fay = team["manager"], team["frontline"]
    draft = save_draft(maria.user, plan(maria))
    closed = published(maria, title="Closed one")
    close(maria.user, closed)
    past = published(maria, title="Past one")
    Initiative.objects.filter(pk=past.pk).update(closes_on=today() - timedelta(days=1))
    past.refresh_from_db()
    day = f"{past.closes_on.day} {past.closes_on:%b %Y}"

    expected = {
        draft.pk: "This initiative is not published yet.",
        closed.pk: "This initiative is closed: responses are no longer taken.",
        past.pk: f"Responses closed on {day}; they are no longer taken.",
    }
    for initiative in (draft, Initiative.objects.get(pk=closed.pk), past):
        with pytest.raises(ValidationError) as caught:
            respond(fay, initiative, "support", "Yes.")
        assert messages(caught) == {"initiative": [expected[initiative.pk]]}
    assert not Response.objects.exists() and not Responded.objects.exists()
    assert told(maria) == []


@pytest.mark.parametrize(
    ("kind", "text", "problems"),
    [
        (
            "",
            "Fine",
            {"kind": ["Say what kind of response this is: support, concern or suggestion."]},
        ),
        (
            "praise",
            "Fine",
            {
                "kind": [
                    "'praise' is not a kind of response; choose support, concern or suggestion."
                ]
            },
        ),
        ("support", "   ", {"text": ["Write your response; it is empty."]}),
        (
            "support",
            "x" * 2001,
            {"text": ["Keep your response to 2,000 characters; it has 2,001."]},
        ),
        (
            "",
            "",
            {
                "kind": ["Say what kind of response this is: support, concern or suggestion."],
                "text": ["Write your response; it is empty."],
            },
        ),
    ],
)
def test_a_bad_response_says_what_is_wrong_and_saves_nothing(team, kind, text, problems):
    maria, fay = team["manager"], team["frontline"]
    initiative = published(maria)
    with pytest.raises(ValidationError) as caught:
        respond(fay, initiative, kind, text)
    assert messages(caught) == problems
    assert not Response.objects.exists() and told(maria) == []
    # Nothing counted either: once fixed, the response goes through.
    respond(fay, initiative, "support", "Fine")
    assert Response.objects.count() == 1


def test_only_the_people_it_affects_respond(team, outsider):
    initiative = published(team["manager"], levels=["frontline"])
    gone = make_person("Gone Gus", unit=WARD, active=False)
    for person in (team["supervisor"], team["executive"], outsider, gone, None):
        with pytest.raises(PermissionDenied):
            respond(person, initiative, "support", "Yes.")
    assert not Response.objects.exists()


def test_anonymous_is_refused_when_fewer_than_the_minimum_group_are_affected(team):
    maria, fay = team["manager"], team["frontline"]
    initiative = published(maria)  # Ward 4B: four people
    assert not service.anonymous_allowed(initiative)

    with pytest.raises(ValidationError) as caught:
        respond(fay, initiative, "concern", "Short staffed.", anonymous=True)

    assert messages(caught) == {
        "anonymous": [
            "Fewer than 5 people are affected, so an anonymous response could be traced to "
            "you. Respond with your name, or not at all."
        ]
    }
    assert not Response.objects.exists() and not Responded.objects.exists()

    set_minimums(min_group=4)
    assert service.anonymous_allowed(initiative)
    response, code = respond(fay, initiative, "concern", "Short staffed.", anonymous=True)
    assert response.unit == fay.unit and code


def test_an_anonymous_response_is_placed_in_the_smallest_team_around_of_the_minimum(team):
    sam, fay = team["senior"], team["frontline"]
    nursing = make_unit("Harbor Health/Nursing")
    make_person(unit="Harbor Health/Nursing/Ward 5")
    make_person(unit="Harbor Health/Nursing/Ward 5")
    initiative = published(sam, nursing)  # Ward 4B: 4 affected, Nursing: 6

    assert service.group_unit(fay, initiative, 4) == (fay.unit, 4)
    assert service.group_unit(fay, initiative, 5) == (nursing, 6)
    assert service.group_unit(fay, initiative, 7) is None

    response, _ = respond(fay, initiative, "concern", "Short staffed.", anonymous=True)
    assert response.unit == nursing  # never Ward 4B, fewer than 5 there


# --- changing and withdrawing -----------------------------------------------------------


def test_the_author_changes_a_named_response_while_the_round_is_open(team):
    fay = team["frontline"]
    initiative = published(team["manager"])
    response, _ = respond(fay, initiative, "support", "Yes.")

    change(response, "concern", " Only with a nurse there. ")

    response.refresh_from_db()
    assert (response.kind, response.text) == ("concern", "Only with a nurse there.")
    assert response.changed_on == today() and response.visible_on == today()


def test_an_anonymous_change_with_the_code_reaches_the_owner_the_next_morning(team):
    fay = team["frontline"]
    ward_of_ten(team)
    initiative = published(team["manager"])
    response, code = respond(fay, initiative, "support", "Yes.", anonymous=True)
    three_days_ago = today() - timedelta(days=3)
    Response.objects.filter(pk=response.pk).update(
        created_on=three_days_ago, visible_on=three_days_ago, notified=True
    )

    change(service.find_by_code(code), "concern", "Only with a nurse there.")

    response.refresh_from_db()
    assert (response.kind, response.text) == ("concern", "Only with a nurse there.")
    assert response.visible_on == tomorrow() and response.changed_on == today()
    assert list(service.readable_responses(initiative)) == []  # not the moment it changed
    assert list(service.readable_responses(initiative, tomorrow())) == [response]


def test_a_bad_change_or_a_change_in_a_past_round_is_refused(team):
    maria, fay = team["manager"], team["frontline"]
    initiative = published(maria)
    response, _ = respond(fay, initiative, "support", "Yes.")

    with pytest.raises(ValidationError) as caught:
        change(response, "praise", " ")
    assert set(messages(caught)) == {"kind", "text"}

    new_round(maria.user, initiative)
    response.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        change(response, "concern", "Changed my mind.")
    assert messages(caught) == {
        "initiative": ["That round is over; respond to the new round instead."]
    }
    response.refresh_from_db()
    assert (response.kind, response.text, response.changed_on) == ("support", "Yes.", None)


def test_no_change_once_the_initiative_is_closed(team):
    maria, fay = team["manager"], team["frontline"]
    initiative = published(maria)
    response, _ = respond(fay, initiative, "support", "Yes.")
    close(maria.user, initiative)
    response.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        change(response, "concern", "Changed my mind.")
    assert "closed" in messages(caught)["initiative"][0]
    assert Response.objects.get().kind == "support"


def test_an_anonymous_author_withdraws_with_the_code(team):
    fay = team["frontline"]
    ward_of_five(team)
    initiative = published(team["manager"])
    response, code = respond(fay, initiative, "concern", "It names me, sorry.", anonymous=True)

    service.withdraw(service.find_by_code(code))

    assert not Response.objects.exists()
    assert service.find_by_code(code) is None
    assert deliver_due(tomorrow()) == 0
    # That Fay responded is tied to no response (withdrawing cannot touch it without
    # linking the code to her): the round's one response stays used.
    with pytest.raises(ValidationError):
        respond(fay, initiative, "concern", "Again.")


# --- the morning batch ---------------------------------------------------------------------


def test_the_morning_batch_tells_each_owner_how_many_once(team, program_office):
    maria, sam = team["manager"], team["senior"]
    people = ward_of_ten(team)
    lounge = published(maria)
    beds = published(sam, maria.unit, title="Beds are cleaned by 11")
    respond(team["frontline"], lounge, "support", "Yes.", anonymous=True)
    respond(team["colleague"], lounge, "concern", "Lunch?", anonymous=True)
    respond(team["supervisor"], beds, "support", "Finally.", anonymous=True)
    respond(people[-1], beds, "concern", "Who cleans?")  # named: Sam heard at once

    assert deliver_due() == 0
    assert deliver_due(tomorrow()) == 2

    assert told(maria) == [f"2 new or changed anonymous responses to “{TITLE}”."]
    assert told(sam) == [
        "1 new or changed anonymous response to “Beds are cleaned by 11”.",
        "Nurse 4 sent a concern about “Beds are cleaned by 11”.",
    ]
    assert deliver_due(tomorrow()) == 0
    assert deliver_due(tomorrow() + timedelta(days=1)) == 0
    assert Notification.objects.filter(text__contains="anonymous").count() == 2


def test_the_morning_batch_counts_owners_not_initiatives(team):
    maria = team["manager"]
    ward_of_ten(team)
    lounge = published(maria)
    beds = published(maria, title="Beds are cleaned by 11")
    respond(team["frontline"], lounge, "support", "Yes.", anonymous=True)
    respond(team["frontline"], beds, "support", "Yes.", anonymous=True)

    assert deliver_due(tomorrow()) == 1  # one owner told, of each initiative

    assert sorted(told(maria)) == [
        "1 new or changed anonymous response to “Beds are cleaned by 11”.",
        f"1 new or changed anonymous response to “{TITLE}”.",
    ]


# --- answering ---------------------------------------------------------------------------


def test_the_owner_answers_one_response_and_its_author_is_told(team):
    maria, fay = team["manager"], team["frontline"]
    initiative = published(maria)
    response, _ = respond(fay, initiative, "concern", "Who covers lunch?")

    reply = answer(maria.user, initiative, [response.pk], "changed", " A porter covers 12–1. ")

    reply.refresh_from_db()
    assert (reply.kind, reply.text, reply.by) == ("changed", "A porter covers 12–1.", maria)
    assert reply.answered_on == today() and reply.initiative == initiative
    response.refresh_from_db()
    assert response.answer == reply
    assert told(fay) == [
        f"Maria Manager answered your response to “{TITLE}”: it changed something."
    ]
    entry = AuditEntry.objects.get(action="answered", object_id=str(initiative.pk))
    assert entry.changes == {"kind": [None, "changed"], "responses": [None, 1]}
    assert list(service.you_said_we_did(initiative)) == [reply]
    assert list(reply.responses.all()) == [response]


def test_one_answer_serves_several_responses_and_only_named_authors_are_told(team):
    maria, fay, cal, sid = team["manager"], team["frontline"], team["colleague"], team["supervisor"]
    ward_of_five(team)
    initiative = published(maria)
    first, _ = respond(fay, initiative, "concern", "Lunch cover?")
    second, _ = respond(cal, initiative, "concern", "Who is in the lounge at lunch?")
    hidden, code = respond(sid, initiative, "concern", "Lunch!", anonymous=True)
    Response.objects.filter(pk=hidden.pk).update(visible_on=today())  # the morning came

    reply = answer(
        maria.user,
        initiative,
        [first.pk, str(second.pk), hidden.pk],
        "not_changed",
        "Cover is set.",
    )

    assert set(reply.responses.all()) == {first, second, hidden}
    assert Answer.objects.count() == 1
    assert len(told(fay)) == len(told(cal)) == 1
    assert told(sid) == []  # the anonymous author reads it with the code
    assert service.find_by_code(code).answer == reply


def test_an_anonymous_response_is_answered_only_from_the_morning_it_is_read(team):
    maria = team["manager"]
    ward_of_five(team)
    initiative = published(maria)
    hidden, _ = respond(team["frontline"], initiative, "concern", "Lunch!", anonymous=True)
    with pytest.raises(ValidationError) as caught:
        answer(maria.user, initiative, [hidden.pk], "question", "Which lunch?")
    assert "responses" in messages(caught)
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("kind", "text", "problems"),
    [
        (
            "",
            "Done.",
            {
                "kind": [
                    "Say what the answer is: changed, not changed (because …) or a question back."
                ]
            },
        ),
        (
            "maybe",
            "Done.",
            {
                "kind": [
                    "'maybe' is not a kind of answer; choose changed, not changed (because …) "
                    "or a question back."
                ]
            },
        ),
        ("changed", "  ", {"text": ["Say what was changed because of it."]}),
        ("not_changed", "", {"text": ["Say why nothing was changed."]}),
        ("question", "", {"text": ["Write your answer; it is empty."]}),
        ("question", "?" * 2001, {"text": ["Keep the answer to 2,000 characters; it has 2,001."]}),
    ],
)
def test_a_bad_answer_says_what_is_wrong_and_saves_nothing(team, kind, text, problems):
    maria, fay = team["manager"], team["frontline"]
    initiative = published(maria)
    response, _ = respond(fay, initiative, "concern", "Lunch cover?")
    with pytest.raises(ValidationError) as caught:
        answer(maria.user, initiative, [response.pk], kind, text)
    assert messages(caught) == problems
    assert not Answer.objects.exists() and Response.objects.get().answer is None
    assert told(fay) == []


def test_an_answer_needs_responses_of_this_initiative(team):
    maria, fay = team["manager"], team["frontline"]
    initiative = published(maria)
    other = published(maria, title="Beds are cleaned by 11")
    mine, _ = respond(fay, initiative, "concern", "Lunch cover?")
    theirs, _ = respond(fay, other, "concern", "Who cleans?")

    with pytest.raises(ValidationError) as caught:
        answer(maria.user, initiative, [], "changed", "Done.")
    assert messages(caught) == {"responses": ["Choose the responses this answers."]}
    with pytest.raises(ValidationError) as caught:
        answer(maria.user, initiative, [mine.pk, theirs.pk], "changed", "Done.")
    assert messages(caught) == {
        "responses": ["Some of the chosen responses are not this initiative's."]
    }
    assert not Answer.objects.exists() and told(fay) == []


def test_a_response_is_answered_once_unless_a_question_back_was_answered_by_a_change(team):
    maria, fay, cal = team["manager"], team["frontline"], team["colleague"]
    initiative = published(maria)
    settled, _ = respond(cal, initiative, "support", "Yes.")
    asked, _ = respond(fay, initiative, "suggestion", "Move it.")
    answer(maria.user, initiative, [settled.pk], "changed", "Thanks, done.")
    question = answer(maria.user, initiative, [asked.pk], "question", "Move it where?")

    with pytest.raises(ValidationError) as caught:
        answer(maria.user, initiative, [settled.pk, asked.pk], "changed", "Again.")
    assert messages(caught) == {"responses": ["2 of them already have an answer."]}
    asked.refresh_from_db()
    assert not service.reopened(asked)  # the question waits for Fay

    change(asked, "suggestion", "Move it next to the pharmacy.")
    asked.refresh_from_db()
    assert service.reopened(asked)
    assert list(service.open_responses(initiative)) == [asked]
    reply = answer(maria.user, initiative, [asked.pk], "changed", "Next to the pharmacy it is.")

    asked.refresh_from_db()
    assert asked.answer == reply and reply.kind == "changed"
    assert Answer.objects.count() == 3 and question.responses.count() == 0
    assert list(service.open_responses(initiative)) == []
    assert (
        told(fay)[0] == f"Maria Manager answered your response to “{TITLE}”: it changed something."
    )


def test_only_who_runs_it_answers(team, program_office):
    maria, fay = team["manager"], team["frontline"]
    initiative = published(maria)
    response, _ = respond(fay, initiative, "concern", "Lunch cover?")
    for person in (team["supervisor"], team["colleague"], team["executive"], fay):
        with pytest.raises(PermissionDenied):
            answer(person.user, initiative, [response.pk], "changed", "Not mine to say.")
    assert not Answer.objects.exists()

    reply = answer(program_office.user, initiative, [response.pk], "question", "Which lunch?")
    assert reply.by == program_office
    assert told(fay) == [
        f"Program Lead asked you a question back about your response to “{TITLE}”."
    ]


def test_the_writer_answers_as_well_as_the_owner(team):
    sam, maria, fay = team["senior"], team["manager"], team["frontline"]
    initiative = published(sam, maria.unit, owner=maria)
    response, _ = respond(fay, initiative, "concern", "Lunch cover?")
    reply = answer(sam.user, initiative, [response.pk], "not_changed", "Lunch is covered.")
    assert reply.by == sam


# --- closing and new rounds --------------------------------------------------------------


def test_closing_stops_responses_and_is_audited(team):
    maria = team["manager"]
    draft = save_draft(maria.user, plan(maria, title="Still a draft"))
    initiative = published(maria)
    with pytest.raises(PermissionDenied):
        close(team["supervisor"].user, initiative)

    close(maria.user, initiative)

    initiative.refresh_from_db()
    assert initiative.status == Status.CLOSED and not initiative.open
    assert AuditEntry.objects.filter(action="closed", object_id=str(initiative.pk)).exists()
    for already in (initiative, draft):
        with pytest.raises(ValidationError) as caught:
            close(maria.user, already)
        assert messages(caught) == {"status": ["Only a published initiative can be closed."]}


def test_a_new_round_lets_everyone_respond_again(team, django_capture_on_commit_callbacks):
    maria, fay = team["manager"], team["frontline"]
    initiative = published(maria, closes_on=tomorrow())
    old, _ = respond(fay, initiative, "concern", "Lunch cover?")
    close(maria.user, initiative)

    with django_capture_on_commit_callbacks(execute=True):
        assert new_round(maria.user, initiative) == 2

    initiative.refresh_from_db()
    assert initiative.round == 2 and initiative.status == Status.PUBLISHED
    assert initiative.closes_on is None and initiative.open
    assert initiative.reached == 3
    assert not service.has_responded(fay, initiative)
    assert service.my_response(fay, initiative) is None
    new, _ = respond(fay, initiative, "support", "Better now.")
    assert new.round == 2 and old.round == 1
    assert service.has_responded(fay, initiative)
    entry = AuditEntry.objects.get(action="new round", object_id=str(initiative.pk))
    assert entry.changes == {"round": [None, 2]}


def test_a_new_round_needs_a_published_initiative_a_future_closing_day_and_its_runner(team):
    maria = team["manager"]
    draft = save_draft(maria.user, plan(maria))
    with pytest.raises(ValidationError) as caught:
        new_round(maria.user, draft)
    assert messages(caught) == {"round": ["Publish it first: a draft has no rounds."]}

    publish(maria.user, draft)
    with pytest.raises(ValidationError) as caught:
        new_round(maria.user, draft, closes_on=today() - timedelta(days=1))
    assert messages(caught) == {"closes_on": ["Responses cannot close in the past."]}
    with pytest.raises(PermissionDenied):
        new_round(team["colleague"].user, draft)
    assert Initiative.objects.get().round == 1


# --- the figures ------------------------------------------------------------------------


def test_the_summary_counts_this_rounds_readable_responses_and_the_days_to_answer(team):
    maria = team["manager"]
    people = ward_of_ten(team)
    initiative = published(maria)
    a, _ = respond(team["frontline"], initiative, "support", "Yes.")
    b, _ = respond(team["colleague"], initiative, "concern", "Lunch?")
    c, _ = respond(team["supervisor"], initiative, "concern", "Cover?")
    respond(people[-1], initiative, "suggestion", "Water.", anonymous=True)  # read tomorrow
    four_days_ago, yesterday = today() - timedelta(days=4), today() - timedelta(days=1)
    Response.objects.filter(pk=a.pk).update(created_on=four_days_ago, visible_on=four_days_ago)
    Response.objects.filter(pk=b.pk).update(created_on=yesterday, visible_on=yesterday)
    answer(maria.user, initiative, [a.pk, b.pk], "changed", "Cover is set.")

    found = service.summary(initiative)

    assert found.by_kind == {"support": 1, "concern": 2, "suggestion": 0}
    assert (found.responses, found.people, found.open, found.answered) == (3, 10, 1, 2)
    assert found.median_days_to_answer == 2.5
    assert found.rate == 30
    assert service.summary(initiative, tomorrow()).by_kind["suggestion"] == 1
    assert service.waiting_days(Response.objects.get(pk=c.pk), today() + timedelta(days=3)) == 3

    new_round(maria.user, initiative)
    initiative.refresh_from_db()
    fresh = service.summary(initiative)
    assert (fresh.responses, fresh.open, fresh.median_days_to_answer) == (0, 0, None)


def _surgery(teams: dict[str, int], in_parent: int = 0):
    """Surgery with these teams of affected people (and some placed in Surgery itself)."""
    people = {
        name: [make_person(unit=f"Harbor Health/Surgery/{name}") for _ in range(n)]
        for name, n in teams.items()
    }
    people["Surgery"] = [make_person(unit="Harbor Health/Surgery") for _ in range(in_parent)]
    return make_unit("Harbor Health/Surgery"), people


def _rows(initiative, minimum=5):
    return [
        (row.unit.name, row.depth, row.people, row.responded, row.rate)
        for row in service.unit_rates(initiative, minimum)
    ]


def test_unit_rates_hide_small_teams_and_the_next_smallest_sibling(team, program_office):
    surgery, people = _surgery({"Theatre": 6, "Recovery": 8, "Day Unit": 2})
    initiative = published(program_office, surgery, owner=team["senior"])
    for person in people["Recovery"][:4] + people["Theatre"][:3] + people["Day Unit"][:1]:
        respond(person, initiative, "support", "Yes.")

    assert _rows(initiative) == [
        ("Surgery", 0, 16, 8, 50),
        ("Theatre", 1, 6, None, None),  # else 8 - 4 - 3 would give the Day Unit's 1 away
        ("Recovery", 1, 8, 4, 50),
        ("Day Unit", 1, 2, None, None),  # fewer than 5
    ]
    # With a minimum of 2, the Day Unit is shown: nothing else needs hiding.
    assert [r[3] for r in _rows(initiative, minimum=2)] == [8, 3, 4, 1]


def test_people_placed_in_the_parent_itself_are_a_hidden_group(team, program_office):
    surgery, people = _surgery({"Theatre": 6, "Recovery": 8}, in_parent=2)
    initiative = published(program_office, surgery, owner=team["senior"])
    respond(people["Surgery"][0], initiative, "concern", "And us?")
    respond(people["Theatre"][0], initiative, "support", "Yes.")
    for person in people["Recovery"][:2]:
        respond(person, initiative, "support", "Yes.")

    assert _rows(initiative) == [
        ("Surgery", 0, 16, 4, 25),
        ("Theatre", 1, 6, None, None),  # else 4 - 2 - 1 gives the 2 in Surgery away
        ("Recovery", 1, 8, 2, 25),
    ]


def test_unit_rates_show_nothing_below_a_unit_smaller_than_the_minimum(team, program_office):
    surgery, people = _surgery({"Theatre": 2, "Recovery": 2})
    initiative = published(program_office, surgery, owner=team["senior"])
    respond(people["Theatre"][0], initiative, "support", "Yes.")
    assert _rows(initiative) == [
        ("Surgery", 0, 4, None, None),
        ("Theatre", 1, 2, None, None),
        ("Recovery", 1, 2, None, None),
    ]


def test_unit_rates_count_only_this_rounds_responses_read_so_far(team, program_office):
    surgery, people = _surgery({"Theatre": 6})
    initiative = published(program_office, surgery, owner=team["senior"])
    respond(people["Theatre"][0], initiative, "support", "Yes.")
    respond(people["Theatre"][1], initiative, "support", "Yes.", anonymous=True)  # tomorrow
    assert _rows(initiative) == [("Surgery", 0, 6, 1, 17), ("Theatre", 1, 6, 1, 17)]

    new_round(program_office.user, initiative)
    initiative.refresh_from_db()
    assert _rows(initiative) == [("Surgery", 0, 6, 0, 0), ("Theatre", 1, 6, 0, 0)]


def test_text_is_shown_under_a_team_only_from_text_min_respondents(team):
    sam = team["senior"]
    nursing = make_unit("Harbor Health/Nursing")
    ward_5 = [make_person(unit="Harbor Health/Nursing/Ward 5") for _ in range(5)]
    initiative = published(sam, nursing)
    in_ward_4b = [
        respond(person, initiative, "support", "Yes.")[0]
        for person in (team["frontline"], team["colleague"], team["supervisor"])
    ]
    in_ward_5, _ = respond(ward_5[0], initiative, "concern", "And us?")
    hidden, _ = respond(ward_5[1], initiative, "concern", "Hm.", anonymous=True)  # 5 in Ward 5
    responses = [*in_ward_4b, in_ward_5, hidden]

    shown = service.text_units(initiative, responses, text_min=3)
    assert [shown[r.pk] for r in in_ward_4b] == [team["frontline"].unit] * 3
    assert shown[in_ward_5.pk] == nursing  # 1 in Ward 5: under Nursing, where 5 responded
    assert shown[hidden.pk] == nursing

    shown = service.text_units(initiative, responses, text_min=6)
    assert set(shown.values()) == {None}  # not even Harbor Health reaches 6: no team named


def test_an_answer_to_a_made_up_response_id_says_so(team):
    maria = team["manager"]
    initiative = published(maria)
    with pytest.raises(ValidationError) as caught:
        answer(maria.user, initiative, ["not-a-response"], "changed", "Done.")
    assert messages(caught) == {
        "responses": ["Some of the chosen responses are not this initiative's."]
    }
    assert not Answer.objects.exists()


def test_a_question_back_changed_since_counts_as_open_in_the_summary(team):
    maria, fay = team["manager"], team["frontline"]
    initiative = published(maria)
    asked, _ = respond(fay, initiative, "suggestion", "Move it.")
    answer(maria.user, initiative, [asked.pk], "question", "Move it where?")
    waiting_for_fay = service.summary(initiative)
    assert (waiting_for_fay.answered, waiting_for_fay.open) == (1, 0)

    change(asked, "suggestion", "Next to the pharmacy.")

    found = service.summary(initiative)
    assert found.open == len(service.open_responses(initiative)) == 1
    assert found.answered == 0


def test_days_to_answer_count_from_the_first_morning_even_after_an_anonymous_change(team):
    maria, fay = team["manager"], team["frontline"]
    ward_of_ten(team)
    initiative = published(maria)
    hidden, code = respond(fay, initiative, "concern", "Lunch cover?", anonymous=True)
    Response.objects.filter(pk=hidden.pk).update(
        created_on=today() - timedelta(days=4), visible_on=today() - timedelta(days=3)
    )
    answer(maria.user, initiative, [hidden.pk], "changed", "A porter covers 12–1.")
    assert service.summary(initiative).median_days_to_answer == 3

    change(service.find_by_code(code), "concern", "Lunch cover, and tea breaks?")

    assert service.summary(initiative, tomorrow()).median_days_to_answer == 3
