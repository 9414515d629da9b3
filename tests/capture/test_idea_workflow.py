from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tandem.audit.models import AuditEntry
from tandem.capture import services
from tandem.capture.models import Idea, IdeaTransition, TransitionError
from tandem.notifications.models import Notification
from tests.factories import make_idea


def move(idea, to, by, **kw):
    return services.transition_idea(by.user, idea, to, by=by, **kw)


def test_an_idea_goes_proposed_trying_implemented_with_every_step_dated_and_attributed(team):
    idea = make_idea(team["frontline"])
    move(idea, "trying", team["supervisor"], note="Try it on the night shift")
    move(
        idea,
        "implemented",
        team["manager"],
        note="Rolled out",
        result="Fewer calls back to the ward about discharge letters",
        minutes_saved_per_week=90,
        money_saved_per_year=Decimal("1200.00"),
        customer_effect="Patients read their notes without help",
    )
    idea.refresh_from_db()
    assert idea.status == "implemented"
    assert idea.minutes_saved_per_week == 90
    assert idea.money_saved_per_year == Decimal("1200.00")
    steps = list(idea.transitions.values_list("from_status", "to_status", "by__name", "note"))
    assert steps == [
        ("proposed", "trying", "Sid Super", "Try it on the night shift"),
        ("trying", "implemented", "Maria Manager", "Rolled out"),
    ]
    assert idea.status_changed_at == idea.transitions.last().at


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("proposed", "implemented"),
        ("implemented", "trying"),
        ("implemented", "parked"),
        ("parked", "trying"),
        ("trying", "proposed"),
        ("proposed", "proposed"),
        ("proposed", "done"),
    ],
)
def test_illegal_transitions_are_refused_with_a_message_and_change_nothing(team, start, to):
    idea = make_idea(team["frontline"], status=start)
    with pytest.raises(TransitionError) as error:
        move(idea, to, team["supervisor"], result="x")
    assert "to" in error.value.message_dict
    message = error.value.message_dict["to"][0]
    assert to in message
    idea.refresh_from_db()
    assert idea.status == start
    assert not IdeaTransition.objects.exists()
    assert not Notification.objects.exists()
    assert not AuditEntry.objects.exists()


def test_implemented_needs_a_result_note(team):
    idea = make_idea(team["frontline"], status="trying")
    with pytest.raises(ValidationError) as error:
        move(idea, "implemented", team["supervisor"], result="  ")
    assert "result" in error.value.message_dict
    assert Idea.objects.get(pk=idea.pk).status == "trying"


@pytest.mark.parametrize(
    ("start", "to"),
    [("proposed", "parked"), ("trying", "parked"), ("parked", "proposed")],
)
def test_ideas_can_be_parked_and_revived(team, start, to):
    idea = make_idea(team["frontline"], status=start)
    move(idea, to, team["supervisor"], note="Not this quarter")
    assert Idea.objects.get(pk=idea.pk).status == to


def test_every_transition_and_comment_notifies_the_authors_but_not_the_actor(team):
    idea = make_idea(team["frontline"], team["colleague"])
    move(idea, "trying", team["supervisor"], note="Go ahead")
    services.comment_on_idea(team["colleague"].user, idea, "Started Monday", by=team["colleague"])
    front = list(Notification.objects.filter(recipient=team["frontline"]).values_list("text"))
    colleague = list(Notification.objects.filter(recipient=team["colleague"]).values_list("text"))
    assert len(front) == 2
    assert "moved your idea" in front[1][0] and "trying" in front[1][0]
    assert "Started Monday" in front[0][0]
    assert len(colleague) == 1  # told of the move, not of their own comment
    assert not Notification.objects.filter(recipient=team["supervisor"]).exists()


def test_each_change_is_audited_with_before_and_after(team):
    idea = make_idea(team["frontline"])
    move(idea, "trying", team["supervisor"], note="Go")
    entry = AuditEntry.objects.get(action="transition")
    assert entry.actor == team["supervisor"].user
    assert entry.object_type == "capture.Idea"
    assert entry.object_id == str(idea.pk)
    assert entry.changes["status"] == ["proposed", "trying"]
    assert entry.changes["note"] == "Go"


def test_update_record_audits_only_what_changed(team):
    idea = make_idea(team["frontline"])
    services.update_record(team["frontline"].user, idea, {"title": "Large-print discharge notes"})
    entry = AuditEntry.objects.get(action="updated")
    assert entry.changes == {
        "title": ["Print discharge notes in large type", "Large-print discharge notes"],
        "updated_at": entry.changes["updated_at"],
    }


def test_resolve_credit_defaults_to_me_and_my_unit(team):
    people, unit = services.resolve_credit(team["frontline"].user)
    assert people == [team["frontline"]]
    assert unit == team["frontline"].unit


def test_resolve_credit_refuses_crediting_a_peer(team):
    with pytest.raises(ValidationError) as error:
        services.resolve_credit(team["frontline"].user, [team["colleague"]])
    assert "people" in error.value.message_dict


def test_a_supervisor_logs_on_behalf_of_a_report_who_gets_the_credit(team):
    people, unit = services.resolve_credit(team["supervisor"].user, [team["frontline"]])
    idea = Idea(title="Quiet hours sign", description="A sign for the ward door", unit=unit)
    services.create_record(team["supervisor"].user, idea, people, created_by=team["supervisor"])
    assert list(idea.authors.all()) == [team["frontline"]]
    assert idea.created_by == team["supervisor"]


def test_actions_and_stories_cannot_be_dated_in_the_future(team):
    import datetime

    from tandem.capture.models import ServiceAction, Story

    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    for record in (
        ServiceAction(what="Walked a visitor to X-ray", unit=team["frontline"].unit, date=tomorrow),
        Story(
            kind="customer_compliment",
            what_happened="Thanks",
            unit=team["frontline"].unit,
            date=tomorrow,
        ),
    ):
        with pytest.raises(ValidationError) as error:
            services.create_record(
                team["frontline"].user, record, [team["frontline"]], created_by=team["frontline"]
            )
        assert error.value.message_dict["date"] == ["The date cannot be in the future."]
    assert not ServiceAction.objects.exists() and not Story.objects.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_parking_needs_a_reason_and_without_one_changes_nothing(team, reason):
    idea = make_idea(team["frontline"])
    with pytest.raises(TransitionError) as error:
        move(idea, "parked", team["supervisor"], note=reason)
    assert "Give a reason for parking it" in error.value.message_dict["note"][0]
    assert Idea.objects.get(pk=idea.pk).status == "proposed"
    assert not IdeaTransition.objects.exists()
    assert not Notification.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_reason_for_parking_is_kept_and_the_authors_are_told_it(team):
    idea = make_idea(team["frontline"], team["colleague"], title="Night lights")
    move(idea, "parked", team["supervisor"], note="No budget until April.")
    assert idea.transitions.get().note == "No budget until April."
    told = Notification.objects.filter(recipient__in=[team["frontline"], team["colleague"]])
    assert [n.text for n in told] == [
        "Sid Super moved your idea “Night lights” to parked. Reason: No budget until April."
    ] * 2


def test_a_note_is_optional_for_trying_and_told_to_the_authors_when_given(team):
    quiet = make_idea(team["frontline"], title="Quiet")
    move(quiet, "trying", team["supervisor"])
    assert Notification.objects.get().text == "Sid Super moved your idea “Quiet” to trying."
    Notification.objects.all().delete()
    noted = make_idea(team["frontline"], title="Noted")
    move(noted, "trying", team["supervisor"], note="Try it on nights first.")
    assert Notification.objects.get().text == (
        "Sid Super moved your idea “Noted” to trying: Try it on nights first."
    )


def test_a_long_reason_is_shortened_in_the_notification_but_kept_whole(team):
    idea = make_idea(team["frontline"])
    reason = "Because " + "we need to wait for the new ward budget " * 40
    move(idea, "parked", team["supervisor"], note=reason[:2000])
    told = Notification.objects.get().text
    assert len(told) <= 500 and told.endswith("…")
    assert idea.transitions.get().note == reason[:2000]


def test_a_note_or_result_over_the_limit_is_refused_naming_it(team):
    idea = make_idea(team["frontline"], status="trying")
    with pytest.raises(TransitionError) as error:
        move(idea, "parked", team["supervisor"], note="x" * 2001)
    assert error.value.message_dict["note"] == [
        "The note can be at most 2,000 characters; this one has 2,001. Shorten it and save again."
    ]
    with pytest.raises(TransitionError) as error:
        move(idea, "implemented", team["supervisor"], result="x" * 5001)
    assert "at most 5,000 characters" in error.value.message_dict["result"][0]
    assert Idea.objects.get(pk=idea.pk).status == "trying"
    assert not IdeaTransition.objects.exists()


def test_an_effect_on_customers_over_the_limit_is_refused(team):
    idea = make_idea(team["frontline"], status="trying")
    with pytest.raises(ValidationError) as error:
        move(idea, "implemented", team["supervisor"], result="Done.", customer_effect="x" * 2001)
    assert "at most 2,000 characters" in error.value.message_dict["customer_effect"][0]
    assert Idea.objects.get(pk=idea.pk).status == "trying"
