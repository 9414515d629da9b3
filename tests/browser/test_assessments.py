"""The building-block assessment on a phone: a nurse answers the twelve blocks with one
tap each and names a practice that works against service; their manager reads the
results. Every page fits the 390-px screen and names each of its form controls."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tandem.assessments import services
from tandem.assessments.models import Invitation, Rating, Submission
from tandem.capture.models import BuildingBlock
from tests.browser.conftest import log_in, screenshot, watch_csp
from tests.browser.test_initiatives import fits_and_is_labelled, switch_to
from tests.factories import make_person, make_program_office, make_team


def test_a_nurse_answers_on_a_phone_and_the_manager_reads_the_results(phone):
    team = make_team()
    for n in range(5):
        make_person(f"Nurse {n + 1}", unit=team["frontline"].unit, manager=team["supervisor"])
    office = make_program_office()
    plan = services.Plan(
        title="Building blocks, spring",
        units=[team["frontline"].unit],
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=14),
    )
    made = services.save_round(office.user, plan)
    services.open_round(office.user, made)
    blocks = list(BuildingBlock.objects.order_by("position"))
    for invitation in Invitation.objects.filter(round=made).exclude(person=team["frontline"])[:5]:
        services.answer(invitation.person, made, {b.pk: services.Choice(3) for b in blocks})
    problems = watch_csp(phone)
    log_in(phone, team["frontline"])

    phone.goto("/assessments/")
    fits_and_is_labelled(phone)
    phone.get_by_role("link", name="Answer (about 5 minutes)").click()
    phone.wait_for_url(f"**/assessments/{made.pk}/answer/")
    assert fits_and_is_labelled(phone) >= 12 * 6 + 1
    for n, block in enumerate(blocks):
        group = phone.get_by_role("group", name=f"{n + 1}. {block.name}")
        group.get_by_label("Mostly supports it" if n else "Rarely supports it").check()
    recognition = phone.get_by_role("group", name="6. Service Recognition and Rewards")
    recognition.get_by_text("Name a practice that works against service").click()
    recognition.get_by_role("textbox").fill("The bonus counts procedures, not care.")
    screenshot(phone, "assessment-answer-phone")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    fits_and_is_labelled(phone)
    assert Submission.objects.count() == 6
    named = Rating.objects.get(against__startswith="The bonus")
    assert named.block.slug == "recognition" and named.score == 4

    switch_to(phone, team["manager"])
    phone.goto(f"/assessments/{made.pk}/")
    fits_and_is_labelled(phone)
    heatmap = phone.locator(".bb-heatmap")
    # Five rated Common Service Language 3 and the nurse 2: 2.8 over six.
    expect(heatmap.get_by_role("row", name="Common Service Language")).to_contain_text("2.8")
    expect(phone.get_by_text("6 · 67%")).to_be_visible()  # of the ward's nine
    screenshot(phone, "assessment-results-phone")
    assert problems == []
