"""The story feed: the customer's own words as a quote, filtered by kind."""

from tests.factories import make_story


def test_story_feed_shows_the_customers_words_as_a_quote(team, login):
    make_story(team["frontline"], customer_words="You made a hard night bearable.")
    html = login(team["colleague"]).get("/stories/").content.decode()
    assert '<blockquote class="prewrap">You made a hard night bearable.</blockquote>' in html


def test_kind_filter(team, login):
    make_story(team["frontline"], kind="service_recovery", what_happened="We fixed the bill.")
    make_story(team["frontline"], kind="customer_compliment", what_happened="Thanks from bed 4.")
    response = login(team["frontline"]).get("/stories/?kind=service_recovery")
    stories = list(response.context["page"].object_list)
    assert [s.what_happened for s in stories] == ["We fixed the bill."]


def test_search_covers_the_customers_words(team, login):
    make_story(team["frontline"], customer_words="The nurse sang to my mother.")
    make_story(team["frontline"], what_happened="Other story.")
    response = login(team["frontline"]).get("/stories/?q=sang")
    assert len(response.context["page"].object_list) == 1


def test_private_story_hidden_from_outsiders(team, outsider, login):
    make_story(team["frontline"], what_happened="Private matter.", private=True)
    assert "Private matter." not in login(outsider).get("/stories/").content.decode()
    assert "Private matter." in login(team["colleague"]).get("/stories/").content.decode()


def test_empty_feed_invites_the_first_story(team, login):
    assert "tell the first story" in login(team["frontline"]).get("/stories/").content.decode()


def test_status_filter_is_not_offered_on_stories(team, login):
    html = login(team["frontline"]).get("/stories/").content.decode()
    assert 'name="status"' not in html and 'name="kind"' in html
