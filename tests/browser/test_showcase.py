"""A guest of the showcase day on a phone, with no login: from the invitation's link they
answer (asking for more places than are left is refused, with nothing changed), then on
the day open a team's page and tell them what impressed them. Every page fits the 390-px
screen and names each of its form controls."""

from __future__ import annotations

from datetime import time

from django.utils import timezone
from playwright.sync_api import expect

from tandem.recognition import showcase
from tandem.recognition.models import Answer, GuestFeedback
from tests.browser.conftest import log_in, screenshot, watch_csp
from tests.browser.test_initiatives import fits_and_is_labelled
from tests.factories import make_program_office, make_team


def test_a_guest_answers_and_gives_feedback_on_a_phone(phone, live_server):
    team = make_team()
    office = make_program_office()
    plan = showcase.DayPlan(
        title="Service showcase",
        date=timezone.localdate(),
        starts_at=time(9, 30),
        venue="Harbor Hall, 1 Quay Street",
        places=3,
    )
    day = showcase.save_day(office.user, plan)
    entry = showcase.add_entry(
        team["manager"].user,
        day,
        showcase.EntryPlan(
            title="Calm nights on Ward 4B",
            unit=team["frontline"].unit,
            problem="Patients woke each other looking for the bathroom.",
            change="Night lights along the corridor.",
            results="Calls at night down from 14 to 5 a week.",
            people=[team["frontline"]],
        ),
    )
    showcase.add_slot(office.user, day, time(10), time(10, 20), "Main hall", entry=entry)
    guest = showcase.invite(office.user, day, "Ann Client", "ann@client.example", "Port Authority")
    problems = watch_csp(phone)

    phone.goto(showcase.rsvp_link(guest).replace("http://127.0.0.1:8000", live_server.url))
    expect(phone.get_by_text("Dear Ann Client")).to_be_visible()
    fits_and_is_labelled(phone)
    phone.get_by_label("Yes, I will come").check()
    phone.get_by_label("How many places").select_option("4")
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_role("alert")).to_contain_text("Nothing was changed")
    expect(phone.get_by_text("Only 3 places left: we are sorry.")).to_be_visible()
    guest.refresh_from_db()
    assert guest.answer == Answer.WAITING
    phone.get_by_label("Yes, I will come").check()
    phone.get_by_label("How many places").select_option("2")
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_text("You are coming, with 2 places.")).to_be_visible()
    screenshot(phone, "showcase-guest-answer-phone")

    phone.get_by_role("link", name="Calm nights on Ward 4B").click()
    fits_and_is_labelled(phone)
    phone.get_by_label("What impressed you?").fill("Such a simple change, and it works.")
    phone.get_by_label("The team may share my words as a compliment").check()
    screenshot(phone, "showcase-guest-feedback-phone")
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    said = GuestFeedback.objects.get()
    assert said.entry == entry and said.may_share and said.guest is None
    assert [p for p in problems if "status of 400" not in p] == []


def test_the_program_office_drags_the_agenda_into_order(page):
    office = make_program_office()
    team = make_team()
    plan = showcase.DayPlan(
        title="Service showcase",
        date=timezone.localdate(),
        starts_at=time(9, 30),
        venue="Harbor Hall",
        places=30,
    )
    day = showcase.save_day(office.user, plan)
    entry = showcase.add_entry(
        office.user,
        day,
        showcase.EntryPlan(
            title="Calm nights", unit=team["frontline"].unit, problem="p", change="c", results="r"
        ),
    )
    showcase.add_slot(office.user, day, time(9, 30), time(10), "Hall", title="Welcome")
    showcase.add_slot(office.user, day, time(10), time(10, 20), "Hall", entry=entry)
    problems = watch_csp(page)
    log_in(page, office)
    page.goto(f"/recognition/showcase/{day.pk}/")
    rows = page.locator("tr[data-slot]")
    expect(rows.first).to_contain_text("Welcome")
    rows.nth(1).drag_to(rows.first)
    expect(page.get_by_role("status")).to_contain_text("The agenda is rearranged")
    expect(page.locator("tr[data-slot]").first).to_contain_text("Calm nights")
    assert problems == []
