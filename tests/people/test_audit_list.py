"""The audit trail page: program office only, newest first, before → after, filters."""

from django.test import override_settings

from tandem.audit.models import AuditEntry
from tandem.capture import services
from tests.factories import make_idea


def test_only_the_program_office_may_read_it(team, program_office, login):
    for role in ("frontline", "manager", "executive"):
        assert login(team[role]).get("/audit/").status_code == 403
    assert login(program_office).get("/audit/").status_code == 200


def test_anonymous_is_sent_to_log_in(db, client):
    assert client.get("/audit/").status_code == 302


def test_shows_who_when_what_and_before_after_of_each_field(team, program_office, login):
    idea = make_idea(team["frontline"], title="Old title")
    services.update_record(team["frontline"].user, idea, {"title": "New title"})
    html = login(program_office).get("/audit/").content.decode()
    assert "Updated · capture.Idea" in html
    assert team["frontline"].user.email in html
    assert '<span class="before">Old title</span>' in html
    assert '<td class="prewrap">New title</td>' in html
    assert f'href="/ideas/{idea.pk}/"' in html


def test_newest_first(team, program_office, login):
    idea = make_idea(team["frontline"])
    services.update_record(team["frontline"].user, idea, {"title": "First"})
    services.update_record(team["frontline"].user, idea, {"title": "Second"})
    entries = list(login(program_office).get("/audit/").context["page"])
    assert [e.changes["title"][1] for e in entries] == ["Second", "First"]


def test_filter_by_object_type_and_actor(team, program_office, login):
    idea = make_idea(team["frontline"])
    services.update_record(team["frontline"].user, idea, {"title": "By Fay"})
    services.update_record(team["manager"].user, idea, {"title": "By Maria"})
    AuditEntry.objects.create(actor_label="system", action="imported", object_type="people.Person")
    client = login(program_office)
    by_type = client.get("/audit/?object_type=people.Person").context["page"]
    assert [e.action for e in by_type] == ["imported"]
    by_actor = client.get(f"/audit/?actor={team['manager'].user.email.upper()}").context["page"]
    assert [e.changes["title"][1] for e in by_actor] == ["By Maria"]


def test_unknown_object_type_is_a_form_error_not_a_500(program_office, login):
    response = login(program_office).get("/audit/?object_type=nonsense")
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


def test_comment_and_note_extras_are_shown(team, program_office, login):
    idea = make_idea(team["frontline"])
    services.comment_on_idea(team["manager"].user, idea, "Nice one", by=team["manager"])
    html = login(program_office).get("/audit/").content.decode()
    assert "comment" in html and "Nice one" in html


@override_settings(TANDEM_PAGE_SIZE=2)
def test_paginated_and_page_links_keep_the_filter(team, program_office, login):
    idea = make_idea(team["frontline"])
    for i in range(5):
        services.update_record(team["frontline"].user, idea, {"title": f"T{i}"})
    response = login(program_office).get("/audit/?object_type=capture.Idea")
    assert len(response.context["page"]) == 2
    assert 'href="?object_type=capture.Idea&amp;page=2"' in response.content.decode()
