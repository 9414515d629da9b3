"""Length limits a person can see: long texts are refused with a message naming the field,
and ideas logged before the limits still show, with the move box in reach."""

import pytest
from django.core.exceptions import ValidationError

from tandem.capture import services
from tandem.capture.models import Idea, IdeaComment, ServiceAction, Story
from tandem.capture.views.ideas import split_long
from tests.factories import make_idea


def test_a_description_over_5000_characters_is_refused_with_a_clear_message(team, login):
    response = login(team["frontline"]).post(
        "/capture/?kind=idea", {"title": "Large type", "description": "x" * 200_000}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert (
        "The description can be at most 5,000 characters; this one has 200,000. "
        "Shorten it and save again."
    ) in html
    assert not Idea.objects.exists()


def test_a_description_of_exactly_5000_characters_is_kept(team, login):
    response = login(team["frontline"]).post(
        "/capture/?kind=idea", {"title": "Large type", "description": "x" * 5000}
    )
    assert response.status_code == 302
    assert len(Idea.objects.get().description) == 5000


def test_line_breaks_count_one_character_each_as_the_browser_counts_them(team, login):
    text = "line\r\n" * 1000  # 5,000 characters as the counter shows them, 6,000 as sent
    response = login(team["frontline"]).post(
        "/capture/?kind=idea", {"title": "Large type", "description": text}
    )
    assert response.status_code == 302
    assert Idea.objects.get().description == ("line\n" * 1000).strip()


def test_editing_refuses_a_long_description_and_keeps_the_old_one(team, login):
    idea = make_idea(team["frontline"], description="Short.")
    response = login(team["frontline"]).post(
        f"/ideas/{idea.pk}/edit/", {"title": idea.title, "description": "y" * 5001}
    )
    assert response.status_code == 400
    assert "at most 5,000 characters; this one has 5,001" in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).description == "Short."


def test_the_service_refuses_long_texts_for_every_caller(team):
    """The API saves through the same service: it gets the same field and message."""
    me = team["frontline"]
    cases = [
        (Idea(title="T", description="d" * 5001, unit=me.unit), "description", "5,000"),
        (ServiceAction(what="w" * 2001, unit=me.unit), "what", "2,000"),
        (
            Story(kind="frontline_effort", what_happened="h" * 5001, unit=me.unit),
            "what_happened",
            "5,000",
        ),
        (
            Story(
                kind="frontline_effort", what_happened="h", customer_words="c" * 2001, unit=me.unit
            ),
            "customer_words",
            "2,000",
        ),
    ]
    for record, field, limit in cases:
        with pytest.raises(ValidationError) as error:
            services.create_record(me.user, record, [me], created_by=me)
        assert f"at most {limit} characters" in error.value.message_dict[field][0]
    assert not Idea.objects.exists() and not ServiceAction.objects.exists()
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("action", {"what": "w" * 2001}, "What was done can be at most 2,000 characters"),
        (
            "story",
            {"kind": "frontline_effort", "what_happened": "h" * 5001},
            "What happened can be at most 5,000 characters",
        ),
        (
            "story",
            {"kind": "frontline_effort", "what_happened": "h", "customer_words": "c" * 2001},
            "The customer's words can be at most 2,000 characters",
        ),
    ],
)
def test_actions_and_stories_refuse_long_texts_in_the_form(team, login, kind, data, message):
    response = login(team["frontline"]).post(f"/capture/?kind={kind}", data)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not ServiceAction.objects.exists() and not Story.objects.exists()


def test_a_comment_over_the_limit_is_refused(team, login):
    idea = make_idea(team["frontline"])
    response = login(team["colleague"]).post(f"/ideas/{idea.pk}/comment/", {"text": "c" * 5001})
    assert response.status_code == 400
    with pytest.raises(ValidationError) as error:
        services.comment_on_idea(team["colleague"].user, idea, "c" * 5001, by=team["colleague"])
    assert "at most 5,000 characters" in error.value.message_dict["text"][0]
    assert not IdeaComment.objects.exists()


def test_an_old_over_long_description_shows_its_start_and_the_move_box_stays_in_reach(team, login):
    idea = make_idea(team["frontline"])
    long = "Night lights in every corridor. " * 6000  # ~190,000 characters, from before
    Idea.objects.filter(pk=idea.pk).update(description=long)
    html = login(team["manager"]).get(f"/ideas/{idea.pk}/").content.decode()
    assert "Read the rest (192,000 characters in all)" in html
    shown = html[html.index('<div class="prewrap">') : html.index('<details class="rest">')]
    assert len(shown) < 1100
    assert html.index('id="move-title"') > html.index('<details class="rest">')
    # Nothing is lost: the start and the rest together are the whole text.
    start = html.index('<div class="prewrap">') + len('<div class="prewrap">')
    shown = html[start : html.index("</div>", start)]
    start = html.index('<details class="rest">')
    rest = html[html.index('<div class="prewrap">', start) + 21 : html.index("</div>", start)]
    assert f"{shown} {rest}" == long


def test_split_long_cuts_at_a_space_and_leaves_short_texts_whole():
    assert split_long("short", at=10) == ("short", "")
    assert split_long("a" * 12, at=10) == ("a" * 12, "")  # not much longer: not cut
    shown, rest = split_long("one two three four five six seven", at=10)
    assert (shown, rest) == ("one two", "three four five six seven")
    shown, rest = split_long("x" * 30, at=10)  # no space: cut at the limit
    assert (shown, rest) == ("x" * 10, "x" * 20)
