"""Initiatives on a phone ("you said, we did"): an affected person responds anonymously
and changes it with the reply code, the owner answers two responses at once and the named
author reads the answer, and a team too small for anonymity responds with a name only.
Every page visited fits the 390-px screen and names each of its form controls."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Page, expect

from tandem.people.models import Person
from tandem.voice import initiatives as service
from tandem.voice.models import Answer, Initiative, Response, VoiceSettings
from tests.browser.conftest import log_in, screenshot, watch_csp
from tests.factories import make_person, make_team, make_unit

TITLE = "The morning huddle moves to 7:10 so the night shift can hand over before breakfast"
# Chromium's roles for the controls a form may hold: each needs an accessible name.
CONTROL_ROLES = {"textbox", "searchbox", "checkbox", "radio", "combobox", "listbox", "button"}


def publish(writer: Person, units, *, levels=(), title: str = TITLE):
    """An initiative written and published through the services, as the pages do."""
    draft = service.Draft(
        title=title,
        what="The huddle starts at 7:10 instead of 7:00, in the staff room.",
        why="The night shift hands over at 7:00; today half of it misses the huddle.",
        units=[make_unit(u) if isinstance(u, str) else u for u in units],
        levels=list(levels),
        owner=writer,
        starts_on=timezone.localdate(),
    )
    initiative = service.save_draft(writer.user, draft)
    assert service.publish(writer.user, initiative)
    return initiative


def min_group(n: int) -> None:
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": n})


def unnamed_controls(page: Page) -> tuple[int, list[str]]:
    """How many form controls the page shows, and those without an accessible name, from
    Chromium's own accessibility tree (labels, aria-label, a button's text)."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        controls = [
            n
            for n in nodes
            if not n.get("ignored") and n.get("role", {}).get("value") in CONTROL_ROLES
        ]
        unnamed = [
            cdp.send("DOM.getOuterHTML", {"backendNodeId": n["backendDOMNodeId"]})["outerHTML"][
                :200
            ]
            for n in controls
            if not str(n.get("name", {}).get("value", "")).strip()
        ]
    finally:
        cdp.detach()
    return len(controls), unnamed


def fits_and_is_labelled(page: Page) -> int:
    """No sideways scroll on the phone, and every form control has a name; returns how
    many controls the page shows (the menu's are folded away)."""
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide"
    count, unnamed = unnamed_controls(page)
    assert unnamed == [], f"{page.url}: {unnamed}"
    return count


def switch_to(page: Page, person: Person) -> None:
    page.context.clear_cookies()
    log_in(page, person)


def test_an_anonymous_response_is_read_and_changed_with_its_code_on_a_phone(phone):
    team = make_team()  # Ward 4B: Maria Manager, Sid Super, Fay Front, Cal Colleague
    min_group(3)
    fay = team["frontline"]
    initiative = publish(team["manager"], [fay.unit])
    problems = watch_csp(phone)
    log_in(phone, fay)

    phone.goto("/voice/initiatives/")
    fits_and_is_labelled(phone)
    expect(phone.locator(".initiative")).to_contain_text("affects you")
    phone.get_by_role("link", name=TITLE).click()
    phone.wait_for_url(f"**/voice/initiatives/{initiative.pk}/")
    assert fits_and_is_labelled(phone) >= 7  # 3 kinds, the text, 2 ways to send, Send
    respond = phone.locator("#respond")
    expect(respond.locator("p.meta strong", has_text="Named only")).to_have_count(0)
    respond.get_by_label("Concern").check()
    respond.get_by_label("Say why, or what you would do").fill(
        "7:10 clashes with the medication round on the night shift's last hour."
    )
    respond.get_by_label("anonymously").check()
    screenshot(phone, "initiative-respond-phone")
    respond.get_by_role("button", name="Send my response").click()

    expect(phone.get_by_role("heading", name="Sent anonymously")).to_be_visible()
    expect(phone.get_by_text("shown only this once")).to_be_visible()
    code = phone.locator(".reply-code code").inner_text()
    fits_and_is_labelled(phone)
    response = Response.objects.get()
    assert response.author is None and response.kind == "concern"

    phone.get_by_role("link", name="Responses with a code").click()
    phone.wait_for_url("**/voice/initiatives/code/")
    assert fits_and_is_labelled(phone) >= 2
    phone.get_by_label("Reply code").fill(code)
    phone.get_by_role("button", name="Show my response").click()
    expect(phone.locator(".prewrap", has_text="clashes with the medication round")).to_be_visible()
    expect(phone.get_by_text("No answer yet.")).to_be_visible()
    assert fits_and_is_labelled(phone) >= 8  # the code form, the change form, Withdraw
    phone.get_by_label("Suggestion").check()
    phone.get_by_label("Say why, or what you would do").fill("Start at 7:15 on Mondays.")
    phone.get_by_role("button", name="Change my response").click()
    expect(phone.locator(".message")).to_contain_text("The owner reads it tomorrow morning")
    expect(phone.locator(".prewrap", has_text="Start at 7:15 on Mondays.")).to_be_visible()
    fits_and_is_labelled(phone)
    response.refresh_from_db()
    assert (response.kind, response.text) == ("suggestion", "Start at 7:15 on Mondays.")
    assert problems == []


def test_the_owner_answers_two_responses_at_once_and_the_author_reads_it_on_a_phone(phone):
    team = make_team()
    for n in range(3):
        make_person(f"Nurse {n + 1}", unit=team["frontline"].unit, manager=team["supervisor"])
    min_group(3)
    fay, cal, maria = team["frontline"], team["colleague"], team["manager"]
    # For the whole ward: Maria runs it and is affected too, so her page holds the respond
    # form and the answer form together (each label must still name its own control).
    initiative = publish(maria, [fay.unit])
    service.respond(fay, initiative, "concern", "The car park is locked until 7:00.")
    service.respond(cal, initiative, "suggestion", "Keep 7:00 on weekends.", anonymous=True)
    # An anonymous response reaches the owner the next morning: as if that were today.
    Response.objects.filter(author=None).update(visible_on=timezone.localdate())
    problems = watch_csp(phone)
    log_in(phone, maria)

    phone.goto(f"/voice/initiatives/{initiative.pk}/")
    assert fits_and_is_labelled(phone) >= 7  # 2 ticks, 3 kinds of answer, the text, Send
    figures = phone.locator("#figures")
    expect(figures).to_contain_text("Responses, round 1")
    expect(figures.locator(".figure")).to_contain_text("2 of 7 affected")
    waiting = phone.locator("#open")
    boxes = waiting.get_by_role("checkbox")
    expect(boxes).to_have_count(2)
    screenshot(phone, "initiative-owner-phone")
    for i in range(2):
        boxes.nth(i).check()
    waiting.get_by_label("Changed", exact=True).check()
    waiting.get_by_label("What you say back").fill(
        "The huddle starts at 7:15, and the car park opens at 6:45 from Monday."
    )
    waiting.get_by_role("button", name="Send the answer").click()
    expect(phone.locator(".message")).to_contain_text("Answered 2 responses; they are told.")
    expect(phone.locator("#open")).to_contain_text("Every response has an answer.")
    fits_and_is_labelled(phone)
    answer = Answer.objects.get()
    assert answer.kind == "changed" and answer.responses.count() == 2

    switch_to(phone, fay)
    phone.goto(f"/voice/initiatives/{initiative.pk}/")
    you_said = phone.locator("#you-said")
    expect(you_said).to_contain_text("the car park opens at 6:45 from Monday")
    expect(you_said).to_contain_text("Changed")
    expect(you_said).to_contain_text("2 responses")
    expect(phone.locator("#respond .answer")).to_contain_text("the car park opens at 6:45")
    fits_and_is_labelled(phone)
    assert problems == []


def test_a_team_below_the_minimum_group_responds_with_a_name_only_on_a_phone(phone):
    team = make_team()  # four people with a login in Ward 4B, fewer than five
    min_group(5)
    initiative: Initiative = publish(team["manager"], [team["frontline"].unit])
    log_in(phone, team["frontline"])
    phone.goto(f"/voice/initiatives/{initiative.pk}/")
    fits_and_is_labelled(phone)
    respond = phone.locator("#respond")
    expect(respond.locator("p.meta strong", has_text="Named only")).to_be_visible()
    expect(respond).to_contain_text("fewer than 5 people are affected")
    expect(respond.get_by_label("anonymously")).to_have_count(0)
    expect(respond.get_by_label("with my name")).to_have_count(0)
    respond.get_by_label("Support").check()
    respond.get_by_label("Say why, or what you would do").fill("Good: I can make it now.")
    respond.get_by_role("button", name="Send my response").click()
    expect(phone.get_by_role("heading", name="Sent", exact=True)).to_be_visible()
    fits_and_is_labelled(phone)
    assert Response.objects.get().author == team["frontline"]
