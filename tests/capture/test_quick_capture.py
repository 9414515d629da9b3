"""Quick capture: one page logs an idea, a service action or a story with sensible defaults."""

import datetime
import html as htmllib

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from tandem.audit.models import AuditEntry
from tandem.capture.models import Idea, ServiceAction, Story
from tandem.people.models import User
from tests.factories import make_person

URL = "/capture/"


def post(client, what, /, **data):
    return client.post(f"{URL}?kind={what}", data)


def test_page_offers_the_three_kinds_and_the_idea_form_by_default(team, login):
    response = login(team["frontline"]).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for kind in ("idea", "action", "story"):
        assert f'href="?kind={kind}"' in html
    assert 'name="title"' in html and 'name="description"' in html
    # A frontline person credits only themself: no "On behalf of" picker.
    assert "On behalf of" not in html
    assert "Credited to you, Fay Front, in Ward 4B" in html


def test_switching_kind_with_htmx_returns_only_the_form_fragment(team, login):
    response = login(team["frontline"]).get(f"{URL}?kind=story", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="capture-form"')
    assert 'name="what_happened"' in html and "<html" not in html


def test_frontline_logs_an_idea_with_defaults_me_and_my_unit(team, login):
    me = team["frontline"]
    client = login(me)
    response = post(client, "idea", title="Large-type discharge notes", description="Easier.")
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?kind=idea"
    idea = Idea.objects.get()
    assert idea.title == "Large-type discharge notes"
    assert idea.unit == me.unit
    assert list(idea.authors.all()) == [me]
    assert idea.created_by == me
    assert idea.status == "proposed"
    assert AuditEntry.objects.filter(action="created", object_id=str(idea.pk)).exists()
    [message] = get_messages(response.wsgi_request)
    assert "Idea logged — you'll be told when it moves." in htmllib.unescape(str(message))
    assert f"/ideas/{idea.pk}/" in str(message)


def test_success_message_and_an_empty_form_await_the_next_item(team, login):
    client = login(team["frontline"])
    response = client.post(
        f"{URL}?kind=idea",
        {"title": "Quieter night rounds", "description": "Softer shoes."},
        follow=True,
    )
    html = response.content.decode()
    assert "Idea logged — you&#x27;ll be told when it moves." in html
    assert f'href="/ideas/{Idea.objects.get().pk}/"' in html
    assert 'value="Quieter night rounds"' not in html


def test_idea_with_blocks_and_private_flag_from_more(team, login):
    client = login(team["frontline"])
    post(
        client,
        "idea",
        title="Greet at the door",
        description="Say hello first.",
        helps="Visitors",
        blocks=["common-language", "role-modeling"],
        private="on",
    )
    idea = Idea.objects.get()
    assert idea.private and idea.helps == "Visitors"
    assert sorted(idea.blocks.values_list("slug", flat=True)) == [
        "common-language",
        "role-modeling",
    ]


def test_missing_title_shows_the_error_next_to_the_field_and_saves_nothing(team, login):
    response = post(login(team["frontline"]), "idea", title="", description="Something")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert html.index("This field is required.") < html.index('name="title"')
    assert 'value="Something"' not in html  # textarea keeps text as content, not value
    assert "Something</textarea>" in html
    assert not Idea.objects.exists()
    assert not AuditEntry.objects.exists()


def test_frontline_logs_a_service_action_dated_today_by_default(team, login):
    me = team["frontline"]
    post(login(me), "action", what="Walked a visitor to radiology", date="")
    action = ServiceAction.objects.get()
    assert action.date == timezone.localdate()
    assert action.unit == me.unit
    assert list(action.people.all()) == [me]


def test_action_in_the_future_is_refused(team, login):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post(login(team["frontline"]), "action", what="Later", date=tomorrow.isoformat())
    assert response.status_code == 400
    assert "The date cannot be in the future." in response.content.decode()
    assert not ServiceAction.objects.exists()


def test_frontline_logs_a_story_with_the_customers_words(team, login):
    me = team["frontline"]
    post(
        login(me),
        "story",
        kind="customer_compliment",
        what_happened="A family thanked the night team.",
        customer_words="You made a hard night bearable.",
        source="customer",
        service_level="surprising",
    )
    story = Story.objects.get()
    assert story.kind == "customer_compliment"
    assert story.customer_words == "You made a hard night bearable."
    assert story.unit == me.unit and list(story.people.all()) == [me]
    assert story.date == timezone.localdate()


def test_story_without_a_kind_is_refused(team, login):
    response = post(login(team["frontline"]), "story", what_happened="Something good.")
    assert response.status_code == 400
    assert not Story.objects.exists()


def test_supervisor_logs_for_a_report_without_login_who_gets_the_credit(team, login):
    night = make_person(
        "Nia Nights", unit=team["frontline"].unit, manager=team["supervisor"], login=False
    )
    client = login(team["supervisor"])
    page = client.get(URL).content.decode()
    assert "On behalf of" in page
    found = client.get("/people/pick/credit/", {"field": "people", "people_find": "nia"})
    assert "Nia Nights" in found.content.decode()
    response = post(
        client,
        "idea",
        title="Night-shift handover card",
        description="…",
        people=[night.employee_id],
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert list(idea.authors.all()) == [night]
    assert idea.unit == night.unit
    assert idea.created_by == team["supervisor"]


def test_frontline_cannot_credit_someone_else(team, login):
    response = post(
        login(team["frontline"]),
        "idea",
        title="Not mine",
        description="…",
        people=[team["colleague"].employee_id],
    )
    assert response.status_code == 400
    assert "only for your own unit, or for people who report to you" in response.content.decode()
    assert not Idea.objects.exists()


def test_leader_cannot_credit_someone_outside_their_reporting_line(team, outsider, login):
    response = post(
        login(team["manager"]), "idea", title="X", description="Y", people=[outsider.employee_id]
    )
    assert response.status_code == 400
    assert not Idea.objects.exists()


def test_unknown_employee_id_is_named_in_the_error(team, login):
    response = post(login(team["manager"]), "idea", title="X", description="Y", people=["E99999"])
    assert response.status_code == 400
    assert "No active person has the employee id “E99999”." in response.content.decode()


def test_a_login_without_a_person_gets_a_clear_message_not_a_500(db, client):
    user = User.objects.create_user("lonely@harbor.example", "pw-lonely-123")
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "not linked to a person in the org chart" in response.content.decode()
    response = post(client, "idea", title="X", description="Y")
    assert response.status_code == 403
    assert not Idea.objects.exists()


def test_a_bare_superuser_must_name_whom_to_credit(db, client, team):
    admin = User.objects.create_superuser("root@harbor.example", "pw-root-12345")
    client.force_login(admin)
    response = post(client, "idea", title="X", description="Y")
    assert response.status_code == 400
    assert "Name at least one person to credit." in response.content.decode()
    response = post(
        client, "idea", title="X", description="Y", people=[team["frontline"].employee_id]
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert list(idea.authors.all()) == [team["frontline"]] and idea.created_by is None


@pytest.mark.parametrize("kind", ["idea", "action", "story"])
def test_anonymous_visitors_are_sent_to_log_in(db, client, kind):
    response = client.get(f"{URL}?kind={kind}")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_on_behalf_of_is_a_search_picker_that_also_takes_typed_employee_ids(team, login):
    client = login(team["manager"])
    html = client.get(URL).content.decode()
    # No option per person on the page: the picker asks the server as one types.
    assert 'hx-get="/people/pick/credit/"' in html
    assert team["colleague"].name not in html
    post(
        client,
        "idea",
        title="Shared",
        description="Both of them",
        people=f"{team['frontline'].employee_id}, {team['colleague'].employee_id}",
    )
    idea = Idea.objects.get()
    assert set(idea.authors.all()) == {team["frontline"], team["colleague"]}


def autofocused(html: str) -> list[str]:
    """The names of the fields that take the focus on arrival."""
    import re

    return re.findall(r'<(?:input|textarea)[^>]*\bname="(\w+)"[^>]*\bautofocus', html) + [
        name for name in re.findall(r'<(?:input|textarea)[^>]*\bautofocus[^>]*\bname="(\w+)"', html)
    ]


@pytest.mark.parametrize(
    ("kind", "field"), [("idea", "title"), ("action", "what"), ("story", "what_happened")]
)
def test_the_first_text_box_takes_the_focus_on_arrival(team, login, kind, field):
    html = login(team["frontline"]).get(f"{URL}?kind={kind}").content.decode()
    assert autofocused(html) == [field]


def test_no_autofocus_when_a_confirmation_is_shown(team, login):
    client = login(team["frontline"])
    response = post(client, "idea", title="Large type", description="Easier to read.")
    page = client.get(response["Location"]).content.decode()
    assert "Idea logged" in page
    assert autofocused(page) == []
    # The next visit, with no message left to read, focuses the title again.
    assert autofocused(client.get(URL).content.decode()) == ["title"]


def test_the_title_shows_its_limit_and_the_server_refuses_a_longer_one(team, login):
    client = login(team["frontline"])
    html = client.get(URL).content.decode()
    assert 'maxlength="200"' in html and 'maxlength="5000"' in html
    assert html.count("data-counter") == 3  # title, description, who it helps
    response = post(client, "idea", title="x" * 201, description="Fine.")
    assert response.status_code == 400
    assert "This can be at most 200 characters; it has 201." in response.content.decode()
    assert not Idea.objects.exists()
