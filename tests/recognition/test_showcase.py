"""The showcase day (issue 16 §3): the program office prepares it; leaders add entries;
the agenda refuses clashes; guests answer by a signed link within the day's places and
give feedback on the day without a login (rate limited); after the day the feedback
goes back to the teams and, where the guest agreed, counts as a customer compliment; the
programme prints."""

from __future__ import annotations

import io
from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tandem.notifications.models import Notification
from tandem.recognition import showcase
from tandem.recognition.models import (
    Answer,
    Guest,
    GuestFeedback,
    Recognition,
    ShowcaseEntry,
    Slot,
    Source,
)
from tests.factories import make_idea
from tests.reports.test_pdf import document_title, page_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(team, program_office):
    plan = showcase.DayPlan(
        title="Service showcase 2027",
        date=timezone.localdate() + timedelta(days=20),
        starts_at=time(9, 30),
        venue="Harbor Hall, 1 Quay Street",
        places=3,
        about="Our teams show what they changed for patients.",
    )
    return showcase.save_day(program_office.user, plan)


@pytest.fixture
def entry(day, team):
    idea = make_idea(team["frontline"], title="Night lights", status="implemented")
    plan = showcase.EntryPlan(
        title="Calm nights on Ward 4B",
        unit=team["frontline"].unit,
        problem="Patients woke each other looking for the bathroom.",
        change="Night lights along the corridor.",
        results="Calls at night down from 14 to 5 a week.",
        people=[team["frontline"], team["colleague"]],
        ideas=[idea],
    )
    return showcase.add_entry(team["manager"].user, day, plan)


def test_a_day_needs_its_facts_and_only_the_office_plans_it(team, program_office):
    empty = showcase.DayPlan(title="", date=None, starts_at=None, venue="", places=0)
    with pytest.raises(ValidationError) as refused:
        showcase.save_day(program_office.user, empty)
    assert set(refused.value.message_dict) == {"title", "date", "starts_at", "venue", "places"}
    with pytest.raises(PermissionDenied):
        showcase.save_day(team["manager"].user, empty)


def test_leaders_add_their_teams_entry_with_implemented_ideas_only(day, team):
    proposed = make_idea(team["frontline"], title="Not yet")
    plan = showcase.EntryPlan(
        title="X", unit=team["frontline"].unit, problem="p", change="c", results="r",
        ideas=[proposed],
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        showcase.add_entry(team["manager"].user, day, plan)
    assert refused.value.message_dict == {"ideas": ["Only implemented ideas: “Not yet” is not."]}
    with pytest.raises(PermissionDenied):  # frontline does not add entries
        showcase.add_entry(team["frontline"].user, day, plan)
    assert not ShowcaseEntry.objects.exists()


def test_the_agenda_refuses_a_clash_in_one_room(day, entry, program_office):
    office = program_office.user
    showcase.add_slot(office, day, time(9, 30), time(10, 0), "Hall", title="Welcome")
    showcase.add_slot(office, day, time(10, 0), time(10, 20), "Hall", entry=entry)
    with pytest.raises(ValidationError) as clash:
        showcase.add_slot(office, day, time(9, 50), time(10, 10), "hall", title="Coffee")
    assert "Hall is taken then" in clash.value.message_dict["starts_at"][0]
    with pytest.raises(ValidationError) as backwards:
        showcase.add_slot(office, day, time(11, 0), time(10, 0), "Room 2", title="Lunch")
    assert backwards.value.message_dict == {"ends_at": ["It ends after it starts."]}
    assert Slot.objects.count() == 2


def test_guests_answer_by_their_link_within_the_places(
    client, day, program_office, django_capture_on_commit_callbacks
):
    office = program_office.user
    with django_capture_on_commit_callbacks(execute=True):
        ann = showcase.invite(office, day, "Ann Client", "ann@client.example", "Port Authority")
        ben = showcase.invite(office, day, "Ben Press", "ben@news.example", kind="media")
    assert [m.to for m in mail.outbox] == [["ann@client.example"], ["ben@news.example"]]
    link = showcase.rsvp_link(ann)
    assert link in mail.outbox[0].body and "3 places are left" in mail.outbox[0].body
    with pytest.raises(ValidationError) as twice:
        showcase.invite(office, day, "Ann again", "ANN@client.example")
    assert twice.value.message_dict == {"email": ["This address is invited already."]}
    path = link.removeprefix("http://127.0.0.1:8000")
    page = client.get(path)
    assert page.status_code == 200 and "Dear Ann Client" in page.content.decode()
    assert client.post(path, {"coming": "yes", "seats": "2"}).status_code == 302
    ann.refresh_from_db()
    assert ann.answer == Answer.YES and ann.seats == 2
    ben_path = showcase.rsvp_link(ben).removeprefix("http://127.0.0.1:8000")
    full = client.post(ben_path, {"coming": "yes", "seats": "2"})
    assert full.status_code == 400 and "Only 1 place left" in full.content.decode()
    ben.refresh_from_db()
    assert ben.answer == Answer.WAITING  # nothing changed
    assert client.get(path[:-3] + "xx/").status_code == 404  # a link tampered with


def test_guest_feedback_on_the_day_goes_back_and_counts_as_a_compliment(
    client, day, entry, team, program_office
):
    path = showcase.entry_link(entry).removeprefix("http://127.0.0.1:8000")
    early = client.post(path, {"impressed": "Lovely"})
    assert early.status_code == 400 and not GuestFeedback.objects.exists()
    type(day).objects.filter(pk=day.pk).update(date=timezone.localdate())
    sent = client.post(
        path, {"impressed": "The night lights are so simple.", "may_share": "on", "name": "Ann"}
    )
    assert sent.status_code == 200 and "Thank you" in sent.content.decode()
    client.post(path, {"impressed": "Keep it up.", "question": "Does it cost much?"})
    with pytest.raises(ValidationError):  # not after the day yet
        day.refresh_from_db()
        showcase.return_feedback(program_office.user, day)
    type(day).objects.filter(pk=day.pk).update(date=timezone.localdate() - timedelta(days=1))
    day.refresh_from_db()
    assert showcase.return_feedback(program_office.user, day) == 2
    told = Notification.objects.filter(recipient=team["frontline"]).values_list("text", flat=True)
    assert any("Ann at Service showcase 2027" in t for t in told)
    compliment = Recognition.objects.get(source=Source.CUSTOMER, from_compliment=True)
    assert compliment.what == "The night lights are so simple."
    assert sorted(p.name for p in compliment.people.all()) == ["Cal Colleague", "Fay Front"]
    assert GuestFeedback.objects.filter(returned=True).count() == 2


def test_guest_pages_are_rate_limited(client, day, entry, monkeypatch):
    monkeypatch.setattr(showcase, "GUEST_ACTS_PER_DAY", 2)
    type(day).objects.filter(pk=day.pk).update(date=timezone.localdate())
    path = showcase.entry_link(entry).removeprefix("http://127.0.0.1:8000")
    for _ in range(2):
        assert client.post(path, {"impressed": "Good"}).status_code == 200
    third = client.post(path, {"impressed": "Good"})
    assert third.status_code == 400 and "Too many answers from here today" in third.content.decode()
    assert GuestFeedback.objects.count() == 2


def test_the_programme_prints_with_the_agenda_and_each_entry(login, day, entry, program_office):
    showcase.add_slot(program_office.user, day, time(10, 0), time(10, 20), "Hall", entry=entry)
    response = login(program_office).get(f"/recognition/showcase/{day.pk}/programme.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF") and document_title(data) == "Service showcase 2027"
    assert page_count(data) == 2  # the day and its agenda, then the one entry's page


def test_the_day_page_for_the_office_and_for_staff(login, day, entry, team, program_office):
    showcase.invite(program_office.user, day, "Ann Client", "ann@client.example")
    office = login(program_office).get(f"/recognition/showcase/{day.pk}/").content.decode()
    assert "Calm nights on Ward 4B" in office and "Ann Client" in office and "Invite" in office
    fay = login(team["frontline"]).get(f"/recognition/showcase/{day.pk}/").content.decode()
    assert "Calm nights on Ward 4B" in fay and "Ann Client" not in fay  # guests: the office's
    assert Guest.objects.count() == 1


def _png(color: str = "red") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), color).save(buffer, "PNG")
    return SimpleUploadedFile("team.png", buffer.getvalue(), content_type="image/png")


def test_photos_of_an_entry_are_served_to_the_organization_and_its_guests_only(
    client, login, day, team, program_office, outsider, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    manager = login(team["manager"])
    not_an_image = SimpleUploadedFile("notes.png", b"not an image", content_type="image/png")
    fields = {
        "title": "Calm nights", "unit": team["frontline"].unit.pk, "problem": "p",
        "change": "c", "results": "r",
    }  # fmt: skip
    refused = manager.post(
        f"/recognition/showcase/{day.pk}/entries/new/", {**fields, "photo_1": not_an_image}
    )
    assert refused.status_code == 400 and not ShowcaseEntry.objects.exists()
    sent = manager.post(
        f"/recognition/showcase/{day.pk}/entries/new/",
        {**fields, "photo_1": _png(), "photo_2": _png("blue")},
    )
    assert sent.status_code == 302
    entry = ShowcaseEntry.objects.get()
    first, second = entry.photos.all()
    staff_url = f"/recognition/showcase/{day.pk}/photos/{first.pk}/"
    shown = login(outsider).get(staff_url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert b"".join(shown.streaming_content).startswith(b"\x89PNG")
    client.logout()
    assert client.get(staff_url).status_code == 302  # to the login page
    token = showcase.entry_link(entry).rsplit("/", 2)[-2]
    assert client.get(f"/showcase/entry/{token}/photos/{second.pk}/").status_code == 200
    other = ShowcaseEntry.objects.create(
        day=day, title="Other", unit=entry.unit, problem="p", change="c", results="r"
    )
    stranger = showcase.entry_link(other).rsplit("/", 2)[-2]
    assert client.get(f"/showcase/entry/{stranger}/photos/{second.pk}/").status_code == 404
    pdf = login(program_office).get(f"/recognition/showcase/{day.pk}/programme.pdf").content
    assert pdf.count(b"/Subtype /Image") == 2


def test_the_agenda_is_rearranged_by_exchanging_slots(login, day, entry, program_office, team):
    office = program_office.user
    welcome = showcase.add_slot(office, day, time(9, 30), time(10, 0), "Hall", title="Welcome")
    talk = showcase.add_slot(office, day, time(10, 0), time(10, 20), "Hall", entry=entry)
    url = f"/recognition/showcase/{day.pk}/agenda/swap/"
    assert login(program_office).post(url, {"a": talk.pk, "move": "up"}).status_code == 302
    welcome.refresh_from_db()
    talk.refresh_from_db()
    assert (welcome.entry, welcome.title) == (entry, "")  # 9:30 now holds the entry
    assert (talk.entry, talk.title) == (None, "Welcome")
    login(program_office).post(url, {"a": welcome.pk, "b": talk.pk})  # by drag: back again
    welcome.refresh_from_db()
    assert welcome.title == "Welcome"
    assert login(team["manager"]).post(url, {"a": welcome.pk, "b": talk.pk}).status_code == 403
    welcome.refresh_from_db()
    assert welcome.title == "Welcome"


def test_an_address_that_cannot_be_mailed_is_refused(day, program_office):
    for bad in ("a@", "ann@client.example\nBcc: x@y.example", "no-at-sign"):
        with pytest.raises(ValidationError) as refused:
            showcase.invite(program_office.user, day, "Ann", bad)
        assert refused.value.message_dict == {
            "email": ["Give an email address the invitation can go to."]
        }
    assert not Guest.objects.exists()


def test_feedback_on_an_entry_naming_nobody_reaches_the_units_leaders(
    client, day, team, program_office
):
    entry = showcase.add_entry(
        team["manager"].user,
        day,
        showcase.EntryPlan(
            title="Quiet ward", unit=team["frontline"].unit, problem="p", change="c", results="r"
        ),
    )
    type(day).objects.filter(pk=day.pk).update(date=timezone.localdate())
    path = showcase.entry_link(entry).removeprefix("http://127.0.0.1:8000")
    client.post(path, {"impressed": "Lovely and calm.", "may_share": "on"})
    type(day).objects.filter(pk=day.pk).update(date=timezone.localdate() - timedelta(days=1))
    day.refresh_from_db()
    assert showcase.return_feedback(program_office.user, day) == 1
    for leader in (team["manager"], team["supervisor"]):
        assert Notification.objects.filter(recipient=leader, text__contains="Lovely").exists()
    assert not Recognition.objects.exists()  # a compliment names people: none here
    assert showcase.return_feedback(program_office.user, day) == 0  # not twice
