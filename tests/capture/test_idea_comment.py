"""Comments on an idea: anyone who sees it (with a person record) comments; authors are told."""

from tandem.capture.models import IdeaComment
from tandem.notifications.models import Notification
from tandem.people.models import User
from tests.factories import make_idea


def test_comment_is_saved_and_the_authors_are_notified(team, login):
    idea = make_idea(team["frontline"], team["colleague"])
    response = login(team["supervisor"]).post(
        f"/ideas/{idea.pk}/comment/", {"text": "Love it.\nLet's talk Monday."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/ideas/{idea.pk}/#comments"
    comment = IdeaComment.objects.get()
    assert comment.author == team["supervisor"] and comment.text == "Love it.\nLet's talk Monday."
    recipients = set(Notification.objects.values_list("recipient__name", flat=True))
    assert recipients == {"Fay Front", "Cal Colleague"}


def test_author_commenting_is_not_notified_of_their_own_comment(team, login):
    idea = make_idea(team["frontline"])
    login(team["frontline"]).post(f"/ideas/{idea.pk}/comment/", {"text": "Update: tried it."})
    assert not Notification.objects.exists()


def test_comment_appears_on_the_page_with_line_breaks_kept(team, login):
    idea = make_idea(team["frontline"])
    client = login(team["supervisor"])
    client.post(f"/ideas/{idea.pk}/comment/", {"text": "Line one\nLine two"})
    html = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert '<div class="prewrap">Line one\nLine two</div>' in html


def test_empty_comment_is_refused(team, login):
    idea = make_idea(team["frontline"])
    response = login(team["supervisor"]).post(f"/ideas/{idea.pk}/comment/", {"text": ""})
    assert response.status_code == 400
    assert not IdeaComment.objects.exists()


def test_outsider_cannot_comment_on_a_private_idea(team, outsider, login):
    idea = make_idea(team["frontline"], private=True)
    assert login(outsider).post(f"/ideas/{idea.pk}/comment/", {"text": "Hi"}).status_code == 404


def test_login_without_person_may_not_comment(team, client):
    idea = make_idea(team["frontline"])
    client.force_login(User.objects.create_user("ghost@harbor.example", "pw-ghost-123"))
    # Without an active person record a login sees no items at all, so: not found.
    assert client.post(f"/ideas/{idea.pk}/comment/", {"text": "Hi"}).status_code == 404
    assert not IdeaComment.objects.exists()
