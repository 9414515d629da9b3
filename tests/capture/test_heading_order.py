"""Headings never skip a level (axe's "heading-order"): h1, then h2, then h3."""

import re

import pytest

from tests.factories import make_action, make_idea, make_story


def heading_levels(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])\b", html)]


def skips(levels: list[int]) -> list[tuple[int, int]]:
    return [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]


@pytest.mark.parametrize("url", ["/ideas/", "/stories/", "/actions/", "/board/", "/capture/"])
def test_capture_pages_do_not_skip_heading_levels(team, login, url):
    me = team["frontline"]
    make_idea(me, title="Large type")
    make_idea(me, title="Night lights", status="trying")
    make_story(me)
    make_action(me)
    levels = heading_levels(login(me).get(url).content.decode())
    assert levels[0] == 1 and len(levels) > 1 or url == "/capture/"
    assert skips(levels) == []


def test_the_idea_page_does_not_skip_heading_levels(team, login):
    idea = make_idea(team["frontline"])
    html = login(team["manager"]).get(f"/ideas/{idea.pk}/").content.decode()
    assert skips(heading_levels(html)) == []
