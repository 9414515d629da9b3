"""A frontline person logs an idea from a phone in a few taps."""

import re

from playwright.sync_api import expect

from tandem.capture.models import Idea, Story
from tests.browser.conftest import log_in, screenshot, watch_csp
from tests.factories import make_person


def test_frontline_logs_an_idea_on_a_phone(phone):
    me = make_person("Fay Front", unit="Harbor Health/Nursing/Ward 4B")
    log_in(phone, me)
    phone.goto("/capture/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "quick-capture-phone")
    phone.fill("input[name=title]", "Print discharge notes in large type")
    phone.fill("textarea[name=description]", "Older patients struggle to read them.")
    phone.get_by_role("button", name="Log idea").click()
    expect(phone.locator(".message")).to_contain_text("Idea logged — you'll be told when it moves.")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    idea = Idea.objects.get()
    assert idea.title == "Print discharge notes in large type"
    assert idea.unit == me.unit
    assert list(idea.authors.all()) == [me]
    # The form is empty and ready for the next one.
    expect(phone.locator("input[name=title]")).to_have_value("")


def test_switching_to_story_swaps_the_form_in_place_and_logs_a_story(phone):
    me = make_person("Fay Front", unit="Harbor Health/Nursing/Ward 4B")
    log_in(phone, me)
    phone.goto("/capture/")
    phone.evaluate("window.samePage = true")
    phone.get_by_role("link", name="Story").click()
    expect(phone.locator("textarea[name=what_happened]")).to_be_visible()
    assert phone.evaluate("window.samePage === true")
    expect(phone).to_have_url(re.compile(r"/capture/\?kind=story$"))
    phone.get_by_text("More").click()  # the optional fields, building blocks and all
    expect(phone.locator("textarea[name=customer_words]")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_text("Customer compliment").click()
    phone.fill("textarea[name=what_happened]", "A family thanked the night team.")
    phone.fill("textarea[name=customer_words]", "You made a hard night bearable.")
    phone.get_by_role("button", name="Log story").click()
    expect(phone.locator(".message")).to_be_visible()
    story = Story.objects.get()
    assert story.kind == "customer_compliment" and story.people.get() == me


def test_the_title_is_focused_on_arrival_and_counts_its_characters(phone):
    me = make_person("Fay Front", unit="Harbor Health/Nursing/Ward 4B")
    problems = watch_csp(phone)
    log_in(phone, me)
    phone.goto("/capture/")
    title = phone.locator("input[name=title]")
    expect(title).to_be_focused()
    expect(phone.locator("#id_title-count")).to_have_text("0 / 200")
    phone.keyboard.type("Large type")
    expect(phone.locator("#id_title-count")).to_have_text("10 / 200")
    assert "id_title-count" in title.get_attribute("aria-describedby")
    # A paste longer than the limit stops at 200, and the counter says so.
    title.fill("x" * 250)
    expect(title).to_have_value("x" * 200)
    expect(phone.locator("#id_title-count")).to_have_text("200 / 200 (the most it takes)")
    # The other kinds' forms, swapped in by htmx, get their counters too.
    phone.get_by_role("link", name="Action").click()
    expect(phone.locator("#id_what-count")).to_have_text("0 / 2,000")
    expect(phone.locator("textarea[name=what]")).to_be_focused()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert not problems, problems
