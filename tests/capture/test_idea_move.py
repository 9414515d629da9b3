"""Moving an idea through the workflow from its page."""

from tandem.audit.models import AuditEntry
from tandem.capture.models import Idea, IdeaTransition
from tandem.notifications.models import Notification
from tests.factories import make_idea


def move(client, idea, **data):
    return client.post(f"/ideas/{idea.pk}/move/", data)


def test_manager_moves_a_team_idea_to_trying_and_the_author_is_told(team, login):
    idea = make_idea(team["frontline"])
    response = move(login(team["manager"]), idea, to="trying", note="Try it on nights.")
    assert response.status_code == 302 and response["Location"] == f"/ideas/{idea.pk}/"
    idea.refresh_from_db()
    assert idea.status == "trying"
    step = IdeaTransition.objects.get(idea=idea)
    assert (step.from_status, step.to_status, step.by, step.note) == (
        "proposed",
        "trying",
        team["manager"],
        "Try it on nights.",
    )
    note = Notification.objects.get(recipient=team["frontline"])
    assert "Maria Manager moved your idea" in note.text and note.url == f"/ideas/{idea.pk}/"
    assert AuditEntry.objects.filter(action="transition", object_id=str(idea.pk)).exists()


def test_supervisor_moves_with_a_safe_next_url_only(team, login):
    idea = make_idea(team["frontline"])
    response = move(
        login(team["supervisor"]), idea, to="parked", note="Later.", next="https://evil.example/"
    )
    assert response["Location"] == f"/ideas/{idea.pk}/"
    idea2 = make_idea(team["frontline"])
    response = move(login(team["supervisor"]), idea2, to="parked", note="Later.", next="/board/")
    assert response["Location"] == "/board/"


def test_frontline_may_not_move_an_idea(team, login):
    idea = make_idea(team["colleague"])
    assert move(login(team["frontline"]), idea, to="trying").status_code == 403
    assert Idea.objects.get(pk=idea.pk).status == "proposed"


def test_author_may_not_move_their_own_idea(team, login):
    idea = make_idea(team["frontline"])
    assert move(login(team["frontline"]), idea, to="trying").status_code == 403


def test_outsider_gets_404_moving_a_private_idea(team, outsider, login):
    idea = make_idea(team["frontline"], private=True)
    assert move(login(outsider), idea, to="trying").status_code == 404


def test_get_is_not_allowed(team, login):
    idea = make_idea(team["frontline"])
    assert login(team["manager"]).get(f"/ideas/{idea.pk}/move/").status_code == 405


def test_illegal_move_shows_the_message_and_changes_nothing(team, login):
    idea = make_idea(team["frontline"])
    response = move(login(team["manager"]), idea, to="implemented", result="Done")
    assert response.status_code == 400
    html = response.content.decode()
    assert "An idea that is proposed cannot move to implemented" in html
    assert "Nothing was changed." in html
    assert Idea.objects.get(pk=idea.pk).status == "proposed"
    assert not IdeaTransition.objects.exists() and not Notification.objects.exists()


def test_unknown_status_is_refused(team, login):
    idea = make_idea(team["frontline"])
    response = move(login(team["manager"]), idea, to="done")
    assert response.status_code == 400
    assert "&#x27;done&#x27; is not a status" in response.content.decode()


def test_implemented_without_a_result_is_refused(team, login):
    idea = make_idea(team["frontline"], status="trying")
    response = move(login(team["manager"]), idea, to="implemented", result="  ")
    assert response.status_code == 400
    assert "Say what the result was before marking it implemented." in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).status == "trying"


def test_implemented_with_result_and_impact_is_saved(team, login):
    idea = make_idea(team["frontline"], status="trying")
    response = move(
        login(team["manager"]),
        idea,
        to="implemented",
        result="Fewer calls at night.",
        minutes_saved_per_week="120",
        money_saved_per_year="1500.50",
        customer_effect="Families sleep better.",
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == "implemented" and idea.result == "Fewer calls at night."
    assert idea.minutes_saved_per_week == 120 and str(idea.money_saved_per_year) == "1500.50"


def test_negative_impact_is_refused_next_to_the_field(team, login):
    idea = make_idea(team["frontline"], status="trying")
    response = move(
        login(team["manager"]), idea, to="implemented", result="x", minutes_saved_per_week="-5"
    )
    assert response.status_code == 400
    assert "greater than or equal to 0" in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).status == "trying"


def test_parking_from_the_idea_page_without_a_reason_shows_an_error_and_changes_nothing(
    team, login
):
    idea = make_idea(team["frontline"])
    response = move(login(team["manager"]), idea, to="parked", note="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was changed." in html
    note_field = html[html.index('for="id_note"') : html.index('name="note"')]
    assert "Give a reason for parking it" in note_field
    assert Idea.objects.get(pk=idea.pk).status == "proposed"
    assert not IdeaTransition.objects.exists() and not Notification.objects.exists()


def test_the_reason_for_parking_shows_on_the_idea_page(team, login):
    idea = make_idea(team["frontline"])
    client = login(team["manager"])
    move(client, idea, to="parked", note="No budget until April.")
    html = login(team["frontline"]).get(f"/ideas/{idea.pk}/").content.decode()
    assert "<strong>Parked</strong>" in html and "by Maria Manager." in html
    assert html.count("No budget until April.") == 2  # at the top and in the history
    assert "<strong>Reason:</strong> No budget until April." in html


def test_the_note_field_says_a_reason_is_needed_to_park(team, login):
    idea = make_idea(team["frontline"])
    html = login(team["manager"]).get(f"/ideas/{idea.pk}/").content.decode()
    assert "Needed to park it: say why." in html
    assert 'maxlength="2000"' in html and "data-counter" in html


def test_a_parked_idea_is_not_asked_for_a_reason_to_revive_it(team, login):
    idea = make_idea(team["frontline"], status="parked")
    html = login(team["manager"]).get(f"/ideas/{idea.pk}/").content.decode()
    assert "Optional: the authors are told it." in html
    assert "Needed to park it" not in html
    response = move(login(team["manager"]), idea, to="proposed")
    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).status == "proposed"
