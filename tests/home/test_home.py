"""The start page: greeting, the big log button, where my ideas stand, what waits for me."""

from tandem.capture import services
from tandem.notifications.models import notify
from tandem.people.models import User
from tests.factories import make_idea


def test_anonymous_visitor_is_sent_to_log_in(db, client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_greeting_log_button_and_empty_state_for_a_newcomer(team, login):
    html = login(team["frontline"]).get("/").content.decode()
    assert "Welcome, Fay Front" in html
    assert 'href="/capture/">Log an idea, action or story</a>' in html
    assert "You have not logged an idea yet." in html
    assert "Waiting for you" not in html  # frontline leads no one


def test_my_ideas_show_status_and_last_move(team, login):
    idea = make_idea(team["frontline"], title="Night lights")
    make_idea(team["frontline"], title="Fresh one")
    services.transition_idea(
        team["supervisor"].user, idea, "trying", note="Go for it", by=team["supervisor"]
    )
    html = login(team["frontline"]).get("/").content.decode()
    assert "Night lights" in html and 'class="status status-trying"' in html
    assert "Moved to trying by Sid Super" in html and "Go for it" in html
    assert "waiting for a first response" in html  # "Fresh one" has not moved yet
    assert "1 proposed · 1 trying</span>" in html


def test_unread_notification_count_is_shown(team, login):
    notify([team["frontline"]], "Something happened", "/ideas/")
    notify([team["frontline"]], "Something else", "/ideas/")
    html = login(team["frontline"]).get("/").content.decode()
    assert "You have 2 unread notifications" in html
    assert 'aria-label="2 unread"' in html  # the nav badge in base.html


def test_leader_sees_their_teams_proposed_ideas_waiting(team, outsider, login):
    make_idea(team["frontline"], title="From my team")
    make_idea(team["frontline"], title="Already trying", status="trying")
    make_idea(outsider, title="Not my team")
    html = login(team["manager"]).get("/").content.decode()
    assert "Waiting for you" in html
    waiting = html[html.index("Waiting for you") :]
    assert "From my team" in waiting
    assert "Already trying" not in waiting and "Not my team" not in waiting


def test_leader_with_nothing_waiting_gets_an_encouraging_empty_state(team, login):
    html = login(team["supervisor"]).get("/").content.decode()
    assert "Nothing is waiting: your team has no proposed ideas." in html


def test_login_without_a_person_sees_a_clear_note(db, client):
    client.force_login(User.objects.create_user("ghost@harbor.example", "pw-ghost-123"))
    response = client.get("/")
    assert response.status_code == 200
    assert "Your login is not linked to a person in the org chart." in response.content.decode()
