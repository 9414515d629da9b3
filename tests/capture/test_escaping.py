"""User text is shown as text: a <script> in a title or description is escaped everywhere."""

from django.test import Client

from tests.factories import make_action, make_idea, make_story

SCRIPT = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


def assert_escaped(client: Client, url: str) -> None:
    html = client.get(url).content.decode()
    assert ESCAPED in html, url
    assert SCRIPT not in html, url


def test_script_in_an_idea_is_escaped_on_detail_list_board_and_home(team, login):
    idea = make_idea(team["frontline"], title=f"Title {SCRIPT}")
    idea.description = f"Description {SCRIPT}"
    idea.save()
    client = login(team["frontline"])
    for url in (f"/ideas/{idea.pk}/", "/ideas/", "/board/", "/"):
        assert_escaped(client, url)
    detail = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert f"Description {ESCAPED}" in detail


def test_script_in_stories_and_actions_is_escaped(team, login):
    story = make_story(team["frontline"], what_happened=SCRIPT, customer_words=SCRIPT)
    action = make_action(team["frontline"], what=SCRIPT)
    client = login(team["frontline"])
    for url in (f"/stories/{story.pk}/", "/stories/", f"/actions/{action.pk}/", "/actions/"):
        assert_escaped(client, url)
