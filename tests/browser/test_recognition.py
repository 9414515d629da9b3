"""Recognizing a colleague on a phone: from an implemented idea, find the colleague by
name, say what for, name the building block, send; a missing reason keeps nothing and
says so. The colleague finds it in their notifications and their unit's feed. Every page
fits the 390-px screen and names each of its form controls."""

from __future__ import annotations

from playwright.sync_api import expect

from tandem.recognition.models import Recognition
from tests.browser.conftest import log_in, screenshot, watch_csp
from tests.browser.test_initiatives import fits_and_is_labelled, switch_to
from tests.factories import make_idea, make_team


def test_recognizing_a_colleague_on_a_phone(phone):
    team = make_team()  # Ward 4B: Maria Manager, Sid Super, Fay Front, Cal Colleague
    fay, cal = team["frontline"], team["colleague"]
    idea = make_idea(cal, title="Night lights in the corridor", status="implemented")
    problems = watch_csp(phone)
    log_in(phone, fay)

    phone.goto(f"/ideas/{idea.pk}/")
    phone.get_by_role("link", name="Recognize the people").click()
    phone.wait_for_url("**/recognition/new/?idea=*")
    fits_and_is_labelled(phone)
    who = phone.locator("select[name=people]")
    expect(who.locator("option:checked")).to_have_text("Cal Colleague · Ward 4B")  # the author
    phone.get_by_role("button", name="Send the recognition").click()
    expect(phone.get_by_role("alert")).to_contain_text("Nothing was sent")
    expect(phone.get_by_text("Say what for: something specific they did.")).to_be_visible()
    assert not Recognition.objects.exists()

    who.locator("option").first.evaluate("o => o.selected = false")
    phone.get_by_label("Find a person").fill("Sid")
    expect(who.locator("option", has_text="Sid Super")).to_have_count(1)
    who.select_option(label="Sid Super · Ward 4B")
    phone.get_by_label("What for").fill(
        "The night lights mean patients find the bathroom without calling at 3 am."
    )
    phone.get_by_label("Building block").select_option(label="Service Improvement Process")
    screenshot(phone, "recognition-new-phone")
    phone.get_by_role("button", name="Send the recognition").click()
    expect(phone.get_by_role("status")).to_contain_text("Recognition sent: Sid Super")
    made = Recognition.objects.get()
    assert [p.name for p in made.people.all()] == ["Sid Super"] and made.idea == idea
    fits_and_is_labelled(phone)

    switch_to(phone, team["supervisor"])
    phone.goto("/notifications/")
    phone.get_by_role("link", name="Recognized by Fay Front").first.click()
    expect(phone.get_by_text("The night lights mean patients")).to_be_visible()
    phone.goto("/recognition/")
    fits_and_is_labelled(phone)
    expect(phone.locator(".recognition")).to_contain_text("From Fay Front")
    screenshot(phone, "recognition-feed-phone")
    assert [p for p in problems if "status of 400" not in p] == []
