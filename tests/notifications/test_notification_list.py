"""My notifications: newest first, unread highlighted, mark read, open marks read."""

from django.test import override_settings

from tandem.notifications.models import Notification, notify
from tandem.people.models import User


def note_for(person, text, url="/ideas/"):
    [note] = notify([person], text, url)
    return note


def test_lists_only_my_notifications_newest_first_with_unread_highlighted(team, login):
    old = note_for(team["frontline"], "Older news")
    note_for(team["frontline"], "Newer news")
    note_for(team["colleague"], "Someone else's news")
    Notification.objects.filter(pk=old.pk).update(read_at=old.created_at)
    response = login(team["frontline"]).get("/notifications/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [n.text for n in response.context["page"]] == ["Newer news", "Older news"]
    assert "Someone else" not in html
    assert html.count('class="card unread"') == 1
    assert 'aria-label="1 unread"' in html


def test_mark_all_read(team, login):
    note_for(team["frontline"], "One")
    note_for(team["frontline"], "Two")
    other = note_for(team["colleague"], "Not mine")
    client = login(team["frontline"])
    response = client.post("/notifications/read/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=team["frontline"]).unread().exists()
    assert Notification.objects.get(pk=other.pk).read_at is None
    assert "Mark all read" not in client.get("/notifications/").content.decode()


def test_mark_all_read_needs_post(team, login):
    note_for(team["frontline"], "One")
    assert login(team["frontline"]).get("/notifications/read/").status_code == 405
    assert Notification.objects.unread().count() == 1


def test_mark_one_read(team, login):
    note = note_for(team["frontline"], "One")
    keep = note_for(team["frontline"], "Two")
    login(team["frontline"]).post(f"/notifications/{note.pk}/read/")
    assert Notification.objects.get(pk=note.pk).read_at is not None
    assert Notification.objects.get(pk=keep.pk).read_at is None


def test_opening_a_notification_marks_it_read_and_goes_to_the_item(team, login):
    note = note_for(team["frontline"], "Your idea moved", "/ideas/42/")
    response = login(team["frontline"]).get(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/ideas/42/"
    assert Notification.objects.get(pk=note.pk).read_at is not None


def test_opening_never_redirects_off_site(team, login):
    note = note_for(team["frontline"], "Odd", "https://evil.example/")
    response = login(team["frontline"]).get(f"/notifications/{note.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_someone_elses_notification_is_404(team, login):
    note = note_for(team["colleague"], "Private")
    client = login(team["frontline"])
    assert client.get(f"/notifications/{note.pk}/open/").status_code == 404
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 404
    assert Notification.objects.get(pk=note.pk).read_at is None


@override_settings(TANDEM_PAGE_SIZE=3)
def test_paginated(team, login):
    for i in range(7):
        note_for(team["frontline"], f"News {i}")
    client = login(team["frontline"])
    assert len(client.get("/notifications/").context["page"]) == 3
    assert len(client.get("/notifications/?page=3").context["page"]) == 1


def test_empty_state_and_login_without_person(team, client, login):
    html = login(team["frontline"]).get("/notifications/").content.decode()
    assert "No notifications yet." in html
    client.force_login(User.objects.create_user("ghost@harbor.example", "pw-ghost-123"))
    response = client.get("/notifications/")
    assert response.status_code == 200
    assert "not linked to a person" in response.content.decode()
