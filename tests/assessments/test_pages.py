"""The assessment pages: the program office writes and opens a round, a person asked
answers it on one page, leaders read the results by unit."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tandem.assessments import actions, services
from tandem.assessments.models import Answered, Invitation, Rating, Round, Status, Submission
from tandem.capture.models import BuildingBlock
from tandem.notifications.models import Notification
from tandem.people.models import Level, OrgUnit
from tandem.programs.models import RoadmapItem, SayDoAudit, SayDoKind
from tandem.programs.services.saydo import EntryInput, record_say_do_audit
from tandem.voice.models import Initiative
from tests.factories import make_person
from tests.programs.helpers import make_program

pytestmark = pytest.mark.django_db

LIST = "/assessments/"
NEW = "/assessments/new/"


def today():
    return timezone.localdate()


def full_answers(score="4", **overrides) -> dict[str, str]:
    data = {f"block_{b.pk}": score for b in BuildingBlock.objects.all()}
    data.update(overrides)
    return data


@pytest.fixture
def ward(team):
    """Ward 4B with ten people asked: the team's four and six more."""
    for n in range(6):
        make_person(f"Nurse {n}", unit=team["frontline"].unit, manager=team["supervisor"])
    return team


def opened(office, unit, **kw) -> Round:
    plan = services.Plan(
        title=kw.get("title", "Building blocks, spring"),
        units=[unit],
        opens_on=today(),
        closes_on=today() + timedelta(days=14),
    )
    made = services.save_round(office.user, plan)
    services.open_round(office.user, made)
    made.refresh_from_db()
    return made


def test_the_program_office_writes_a_draft_and_opens_it(ward, program_office, login):
    client = login(program_office)
    unit = ward["frontline"].unit
    page = client.post(
        NEW,
        {
            "title": "Building blocks, spring",
            "units": [unit.pk],
            "who": "everyone",
            "opens_on": today().isoformat(),
            "closes_on": (today() + timedelta(days=14)).isoformat(),
        },
    )
    made = Round.objects.get()
    assert page.status_code == 302 and page["Location"] == f"/assessments/{made.pk}/"
    draft = client.get(f"/assessments/{made.pk}/").content.decode()
    assert "Open now and tell them" in draft and "10 people with a login today" in draft
    assert login(ward["frontline"]).get(f"/assessments/{made.pk}/").status_code == 404

    opening = login(program_office).post(f"/assessments/{made.pk}/open/", follow=True)
    assert "The round is open: 10 people were asked and told." in opening.content.decode()
    made.refresh_from_db()
    assert made.status == Status.OPEN and Invitation.objects.filter(round=made).count() == 10
    told = Notification.objects.filter(recipient=ward["frontline"], url__contains="/answer/")
    assert told.count() == 1


def test_a_bad_round_is_refused_with_every_reason_and_nothing_saved(program_office, login):
    page = login(program_office).post(
        NEW,
        {
            "title": " ",
            "who": "sample",
            "opens_on": today().isoformat(),
            "closes_on": (today() - timedelta(days=1)).isoformat(),
        },
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "Nothing was saved" in html
    for said in ["Give the round a title", "say which share of people is asked", "has passed"]:
        assert said in html, said
    assert not Round.objects.exists()


def test_a_person_asked_answers_once_on_one_page(ward, program_office, login):
    made = opened(program_office, ward["frontline"].unit)
    fay = login(ward["frontline"])
    form = fay.get(f"/assessments/{made.pk}/answer/")
    html = form.content.decode()
    assert form.status_code == 200
    assert html.count('type="radio"') == 12 * 6  # five points and "don't know", per block
    assert "Service Role Modeling" in html and "How anonymity works" in html
    block = BuildingBlock.objects.get(slug="recognition")

    sent = fay.post(
        f"/assessments/{made.pk}/answer/",
        full_answers(
            **{f"block_{block.pk}": "1", f"against_{block.pk}": "Bonuses pay sales only."}
        ),
    )
    assert sent.status_code == 200 and "Thank you" in sent.content.decode()
    assert Submission.objects.count() == 1 and Rating.objects.count() == 12
    assert Rating.objects.get(block=block).against == "Bonuses pay sales only."
    again = fay.get(f"/assessments/{made.pk}/answer/").content.decode()
    assert "You answered this round" in again and 'type="radio"' not in again
    twice = fay.post(f"/assessments/{made.pk}/answer/", full_answers())
    assert twice.status_code == 400 and Submission.objects.count() == 1


def test_an_incomplete_answer_names_each_block_left_and_keeps_nothing(ward, program_office, login):
    made = opened(program_office, ward["frontline"].unit)
    blocks = list(BuildingBlock.objects.order_by("position"))
    data = full_answers()
    del data[f"block_{blocks[0].pk}"]
    data[f"against_{blocks[2].pk}"] = "x" * 1001
    fay = login(ward["frontline"])
    page = fay.post(f"/assessments/{made.pk}/answer/", data)
    assert page.status_code == 400
    html = page.content.decode()
    assert f"Rate “{blocks[0].name}”, or choose “Don&#x27;t know”." in html
    assert "At most 1,000 characters for “Service Staff Recruitment”; this has 1,001." in html
    assert "Nothing was kept" in html
    off_scale = fay.post(f"/assessments/{made.pk}/answer/", full_answers(score="7"))
    assert off_scale.status_code == 400 and "Select a valid choice" in off_scale.content.decode()
    assert not Submission.objects.exists() and not Answered.objects.exists()


def test_results_show_cells_for_the_ward_and_hide_a_small_one(ward, program_office, login):
    made = opened(program_office, OrgUnit.objects.get(full_path="Harbor Health/Nursing"))
    people = list(Invitation.objects.filter(round=made).select_related("person"))
    for n, invitation in enumerate(people[:6]):
        services.answer(
            invitation.person,
            made,
            {b.pk: services.Choice(3 + n % 2) for b in BuildingBlock.objects.all()},
        )
    html = login(ward["manager"]).get(f"/assessments/{made.pk}/").content.decode()
    # Six of Ward 4B rated 3, 4, 3, 4, 3, 4: a mean of 3.5 in every block.
    cells = re.findall(r'<td class="score-(\d)" title="(\d+) rated">([\d.]+)', html)
    assert cells and {c for c in cells} == {("4", "6", "3.5")}
    assert "6 · 60%" in html  # six of the ten asked answered
    office = login(program_office).get(f"/assessments/{made.pk}/").content.decode()
    assert "Building blocks, spring: Harbor Health</h1>" in office  # starts at the top
    frontline = login(ward["frontline"]).get(f"/assessments/{made.pk}/")
    assert frontline.status_code == 302 and frontline["Location"].endswith("/answer/")


def _answered_by_six(made):
    """Six of Ward 4B answer: Service Recognition and Rewards rated 1 or 2, with one
    practice named twice; everything else 4."""
    block = BuildingBlock.objects.get(slug="recognition")
    for n, invitation in enumerate(Invitation.objects.filter(round=made)[:6]):
        choices = {b.pk: services.Choice(4) for b in BuildingBlock.objects.all()}
        text = "Bonuses pay sales only." if n < 2 else ""
        choices[block.pk] = services.Choice(1 + n % 2, text)
        services.answer(invitation.person, made, choices)
    return block


def test_a_leader_turns_a_weak_block_into_a_draft_initiative(ward, program_office, login):
    made = opened(program_office, ward["frontline"].unit)
    made.text_min = 5
    made.save()
    block = _answered_by_six(made)
    maria = login(ward["manager"])
    results = maria.get(f"/assessments/{made.pk}/").content.decode()
    assert "Write an initiative on it" in results and "Add to the roadmap" not in results
    path = ward["frontline"].unit.path
    acted = maria.post(f"/assessments/{made.pk}/act/", {"unit": path, "block": block.pk})
    draft = Initiative.objects.get()
    assert acted.status_code == 302 and acted["Location"] == f"/voice/initiatives/{draft.pk}/edit/"
    assert draft.status == "draft" and draft.owner == ward["manager"]
    assert list(draft.units.all()) == [ward["frontline"].unit]
    title = "Service Recognition and Rewards in Ward 4B: change what works against service"
    assert draft.title == title
    assert "rated 1.5 of 5 by 6 people" in draft.why
    assert "- Bonuses pay sales only. (× 2)" in draft.why
    assert f"/assessments/{made.pk}/?unit=" in draft.why


def test_the_program_office_adds_a_finding_to_the_roadmap(ward, program_office, login):
    program = make_program(program_office, OrgUnit.objects.get(full_path="Harbor Health"))
    made = opened(program_office, ward["frontline"].unit)
    block = _answered_by_six(made)
    office = login(program_office)
    path = ward["frontline"].unit.path
    acted = office.post(
        f"/assessments/{made.pk}/act/", {"unit": path, "block": block.pk, "to": "roadmap"}
    )
    assert acted.status_code == 302 and acted["Location"] == "/program/"
    item = RoadmapItem.objects.get(title__startswith="Fix what works against")
    assert item.phase.program == program
    assert item.title == "Fix what works against Service Recognition and Rewards in Ward 4B"
    assert "rated 1.5 of 5 by 6 people" in item.evidence_note
    assert "Bonuses pay" not in item.evidence_note  # six answered: fewer than text_min (10)
    assert item.evidence_link.endswith(f"#block-{block.pk}")
    refused = login(ward["manager"]).post(
        f"/assessments/{made.pk}/act/", {"unit": path, "block": block.pk, "to": "roadmap"}
    )
    assert refused.status_code == 403


def test_the_program_office_opens_a_say_do_audit_from_a_finding(ward, program_office, login):
    """The say–do audit is of the organization: the form opens on the top unit, started
    from its latest lines, with the finding and the link as the note; saving stays the
    program office's usual form (weights adding up), and nobody else gets the button."""
    top = OrgUnit.objects.get(full_path="Harbor Health")
    record_say_do_audit(
        program_office,
        top,
        date(2026, 9, 1),
        [
            EntryInput(SayDoKind.DECLARED, "Patients first", 100, True),
            EntryInput(SayDoKind.INCENTIVE, "Sales per shift", 100, False, Level.FRONTLINE),
        ],
    )
    made = opened(program_office, ward["frontline"].unit)
    block = _answered_by_six(made)
    office = login(program_office)
    page = office.get(f"/assessments/{made.pk}/").content.decode()
    assert "Check it in a say–do audit" in page
    path = ward["frontline"].unit.path
    acted = office.post(
        f"/assessments/{made.pk}/act/", {"unit": path, "block": block.pk, "to": "say_do"}
    )
    assert acted.status_code == 302 and acted["Location"].startswith("/program/say-do/new/?")
    form = office.get(acted["Location"]).context["form"]
    assert form.initial["root_unit"] == top.pk
    labels = {form.initial["line_1_label"], form.initial["line_2_label"]}
    assert labels == {"Patients first", "Sales per shift"}  # the latest audit's lines
    note = form.initial["note"]
    assert "Ward 4B: Service Recognition and Rewards rated 1.5 of 5 by 6 people" in note
    assert note.endswith(f"#block-{block.pk}")
    assert SayDoAudit.objects.count() == 1  # nothing saved until the form is
    manager = login(ward["manager"])
    assert "say–do audit" not in manager.get(f"/assessments/{made.pk}/").content.decode()
    refused = manager.post(
        f"/assessments/{made.pk}/act/", {"unit": path, "block": block.pk, "to": "say_do"}
    )
    assert refused.status_code == 403


def test_a_say_do_address_with_an_odd_unit_id_opens_the_plain_form(program_office, login):
    page = login(program_office).get("/program/say-do/new/", {"root": "²", "note": "x"})
    assert page.status_code == 200 and page.context["form"].initial["note"] == "x"


def test_a_long_finding_is_cut_to_fit_a_link_keeping_the_results_address():
    text = "Finding line\n" + "\n".join(f"- practice {n} " + "x" * 80 for n in range(20))
    cut = actions._shorter(text + "\n\nThe results: https://t.example/r#block-3", 900)
    assert len(cut) <= 900 and cut.startswith("Finding line\n- practice 0")
    assert cut.endswith("\n…\n\nThe results: https://t.example/r#block-3")


def test_exports_hold_what_the_page_shows_and_nothing_hidden(ward, program_office, login):
    nursing = OrgUnit.objects.get(full_path="Harbor Health/Nursing")
    for n in range(2):  # Ward 5: two asked, fewer than the minimum
        make_person(f"Five {n}", unit="Harbor Health/Nursing/Ward 5")
    made = opened(program_office, nursing)
    for invitation in Invitation.objects.filter(round=made).select_related("person"):
        services.answer(
            invitation.person,
            made,
            {b.pk: services.Choice(2) for b in BuildingBlock.objects.all()},
        )
    office = login(program_office)
    query = {"unit": nursing.path, "export": "building-blocks", "format": "csv"}
    lines = b"".join(office.get(f"/assessments/{made.pk}/", query)).decode().splitlines()
    assert lines[0] == "Building block,Nursing,Ward 4B,Ward 5"
    # Twelve answered in Nursing (ten in Ward 4B, two in Ward 5, filed under Nursing):
    # Ward 5's two are hidden, and Ward 4B with them, or Nursing less Ward 4B gives it.
    assert lines[1] == "Common Service Language,2,,"
    pdf = office.get(f"/assessments/{made.pk}/", {"unit": nursing.path, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
