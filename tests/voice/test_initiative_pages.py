"""The initiative pages through the browser's eyes: the list and its tabs, writing one,
its page for each role, responding named and anonymous, the reply code page, answering
several at once, publishing, closing, new rounds, and the figures that must not give a
small team away."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from tandem.notifications.models import Notification
from tandem.people.models import Level
from tandem.voice import initiatives as service
from tandem.voice.models import Answer, Initiative, Responded, Response, Status, VoiceSettings
from tandem.voice.services import hash_code
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.django_db

LIST = "/voice/initiatives/"
NEW = "/voice/initiatives/new/"
CODE = "/voice/initiatives/code/"


def page(initiative: Initiative, action: str = "") -> str:
    return f"/voice/initiatives/{initiative.pk}/" + (f"{action}/" if action else "")


def today():
    return timezone.localdate()


def write(by, units, *, owner=None, title="Huddles move to 7:10", levels=(), publish=True):
    """An initiative written (and published) through the service, as the pages do."""
    draft = service.Draft(
        title=title,
        what="The morning huddle starts at 7:10 instead of 7:00.",
        why="Patients waiting for breakfast are seen before the huddle.",
        units=[make_unit(u) if isinstance(u, str) else u for u in units],
        levels=list(levels),
        owner=owner or by,
        starts_on=today(),
    )
    initiative = service.save_draft(by.user, draft)
    if publish:
        assert service.publish(by.user, initiative)
    return initiative


def settings_(**values) -> None:
    VoiceSettings.objects.update_or_create(pk=1, defaults=values)


def written_yesterday() -> None:
    """Every response was written a day earlier: this morning's batch has them."""
    one = timedelta(days=1)
    Response.objects.update(created_on=F("created_on") - one, visible_on=F("visible_on") - one)


def titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="h3"><a href="/voice/initiatives/\d+/">([^<]+)</a>', html)


def no_store(response) -> bool:
    control = response.get("Cache-Control", "")
    return "no-store" in control and "no-cache" in control


def respond(client, initiative, kind="concern", text="7:10 clashes with the night handover.", **kw):
    return client.post(page(initiative, "respond"), {"kind": kind, "text": text, **kw})


def ward_of_six(team) -> None:
    """Two more in Ward 4B: with a minimum of 3, six people keep anonymous responses by
    the day, read the next morning (fewer would keep the week: voice/batches.py)."""
    for n in range(2):
        make_person(f"Nurse {n}", unit=team["frontline"].unit, manager=team["supervisor"])


@pytest.fixture
def ward_initiative(team):
    """The manager's published initiative for Ward 4B (manager, supervisor, Fay, Cal)."""
    return write(team["manager"], [team["manager"].unit])


# --- the list ---------------------------------------------------------------------------


def test_the_list_tabs_show_what_each_person_may_see(team, program_office, outsider, login):
    manager, ward = team["manager"], team["manager"].unit
    write(manager, [ward], title="Huddles move to 7:10")
    write(program_office, [outsider.unit], title="Payroll closes on the 20th")
    write(manager, [ward], title="Night handover checklist", publish=False)
    write(
        program_office,
        [ward],
        owner=team["senior"],
        title="Managers approve rota swaps",
        levels=[Level.MANAGER],
    )

    fay = login(team["frontline"])
    assert titles(fay.get(LIST).content.decode()) == ["Huddles move to 7:10"]
    affecting = fay.get(LIST, {"show": "affecting"}).content.decode()
    assert titles(affecting) == ["Huddles move to 7:10"] and "affects you" in affecting
    mine = fay.get(LIST, {"show": "mine"}).content.decode()
    assert titles(mine) == [] and "You own no initiatives." in mine
    assert "Write one when something changes" not in mine  # she does not write them

    maria = login(manager)
    assert set(titles(maria.get(LIST).content.decode())) == {
        "Huddles move to 7:10", "Night handover checklist", "Managers approve rota swaps",
    }  # fmt: skip
    assert set(titles(maria.get(LIST, {"show": "mine"}).content.decode())) == {
        "Huddles move to 7:10", "Night handover checklist",
    }  # fmt: skip
    assert set(titles(maria.get(LIST, {"show": "affecting"}).content.decode())) == {
        "Huddles move to 7:10", "Managers approve rota swaps",
    }  # fmt: skip
    tabs = maria.get(LIST, {"show": "mine"}).content.decode()
    assert '<a href="?show=mine" class="active" aria-current="page">Mine</a>' in tabs


def test_empty_lists_say_what_will_appear(team, login):
    fay = login(team["frontline"]).get(LIST).content.decode()
    assert "No initiatives yet." in fay
    assert "When a leader publishes a change for your team, it appears here" in fay
    assert "Write an initiative" not in fay
    maria = login(team["manager"])
    everything = maria.get(LIST).content.decode()
    assert "Write the first one: what changes, why, and who it affects." in everything
    assert f'href="{NEW}"' in everything
    mine = maria.get(LIST, {"show": "mine"}).content.decode()
    assert "You own no initiatives." in mine and "Write one when something changes" in mine
    affecting = maria.get(LIST, {"show": "affecting"}).content.decode()
    assert "No initiative affects you yet." in affecting


def test_the_list_has_pages_of_25(team, login):
    ward = team["manager"].unit
    for n in range(26):
        initiative = Initiative.objects.create(
            title=f"Change {n:02d}",
            owner=team["manager"],
            starts_on=today(),
            status=Status.PUBLISHED,
            published_on=today(),
        )
        initiative.units.add(ward)
    fay = login(team["frontline"])
    first = fay.get(LIST).content.decode()
    assert len(titles(first)) == 25 and titles(first)[0] == "Change 25"
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert titles(fay.get(LIST, {"page": 2}).content.decode()) == ["Change 00"]


# --- writing ----------------------------------------------------------------------------


def form_data(team, **changes) -> dict:
    data = {
        "title": "Huddles move to 7:10",
        "what": "The morning huddle starts at 7:10.",
        "why": "Breakfast rounds finish first.",
        "units": [team["manager"].unit.pk],
        "owner": team["manager"].pk,
        "starts_on": (today() + timedelta(days=7)).isoformat(),
        "closes_on": "",
    }
    return {**data, **changes}


def test_the_form_starts_with_the_writers_team_and_today(team, login):
    response = login(team["manager"]).get(NEW)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["units"] == [team["manager"].unit]
    assert form.initial["owner"] == team["manager"] and form.initial["starts_on"] == today()
    assert "Write an initiative" in response.content.decode()


def test_problems_are_named_next_to_their_fields_and_nothing_is_saved(team, login):
    yesterday = (today() - timedelta(days=1)).isoformat()
    response = login(team["manager"]).post(
        NEW, form_data(team, title="  ", owner="", starts_on="", closes_on=yesterday)
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "title": ["Say in a line what changes."],
        "owner": ["Say who is accountable for it."],
        "starts_on": ["Say when it starts."],
        "closes_on": ["Responses cannot close in the past."],
    }
    html = response.content.decode()
    assert "Nothing was saved: please fix what is marked below." in html
    for field, message in [("title", "Say in a line what changes."), ("owner", "Say who")]:
        assert re.search(rf'id="id_{field}_error"><li>{message}', html), field
    assert not Initiative.objects.exists()


def test_a_team_outside_ones_part_of_the_organization_is_refused(team, outsider, login):
    response = login(team["manager"]).post(NEW, form_data(team, units=[outsider.unit.pk]))
    assert response.status_code == 400
    assert "Select a valid choice" in str(response.context["form"].errors["units"])
    assert not Initiative.objects.exists()


def test_a_saved_draft_opens_its_page(team, login):
    maria = login(team["manager"])
    response = maria.post(NEW, form_data(team))
    initiative = Initiative.objects.get()
    assert response.status_code == 302 and response["Location"] == page(initiative)
    assert initiative.status == Status.DRAFT and initiative.created_by == team["manager"]
    assert list(initiative.units.all()) == [team["manager"].unit]
    shown = maria.get(page(initiative)).content.decode()
    assert "Draft saved. Nobody sees it until you publish it." in shown
    assert "Publish and tell everyone it affects" in shown


def test_frontline_people_do_not_write_initiatives(team, login):
    fay = login(team["frontline"])
    assert fay.get(NEW).status_code == 403
    assert fay.post(NEW, form_data(team)).status_code == 403
    assert not Initiative.objects.exists()


def test_a_draft_is_changed_but_a_published_one_is_not(team, login):
    draft = write(team["manager"], [team["manager"].unit], publish=False)
    maria = login(team["manager"])
    assert maria.get(page(draft, "edit")).context["form"].initial["title"] == draft.title
    response = maria.post(page(draft, "edit"), form_data(team, title="Huddles move to 7:15"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Huddles move to 7:15"

    service.publish(team["manager"].user, draft)
    for response in (
        maria.get(page(draft, "edit"), follow=True),
        maria.post(page(draft, "edit"), form_data(team, title="Changed after"), follow=True),
    ):
        assert response.redirect_chain == [(page(draft), 302)]
        assert "Only a draft can be changed; this one is published." in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Huddles move to 7:15"


# --- the page for each role --------------------------------------------------------------


RUN = "Close responses"
FIGURES = 'id="figures"'
RESPOND = "Send my response"


def test_the_page_for_each_role(team, program_office, outsider, login):
    senior, manager = team["senior"], team["manager"]
    # Written by the senior leader for Ward 4B, with the ward's manager accountable.
    initiative = write(senior, ["Harbor Health/Nursing/Ward 4B"], owner=manager)
    seen = {}
    for role, person in [
        ("owner", manager),
        ("writer", senior),
        ("program office", program_office),
        ("affected", team["frontline"]),
        ("leader above", team["executive"]),
    ]:
        response = login(person).get(page(initiative))
        assert response.status_code == 200, role
        html = response.content.decode()
        seen[role] = (RUN in html, FIGURES in html, RESPOND in html)
    assert seen == {
        # runs it, sees the figures, responds (the owner is placed in the ward)
        "owner": (True, True, True),
        "writer": (True, True, False),
        "program office": (True, True, False),
        "affected": (False, False, True),
        "leader above": (False, True, False),  # speaks through their teams
    }
    assert login(outsider).get(page(initiative)).status_code == 404


def test_a_draft_is_hidden_from_those_it_affects(team, login):
    draft = write(team["manager"], [team["manager"].unit], publish=False)
    assert login(team["frontline"]).get(page(draft)).status_code == 404
    assert login(team["executive"]).get(page(draft)).status_code == 404
    assert login(team["manager"]).get(page(draft)).status_code == 200


# --- responding ---------------------------------------------------------------------------


def test_a_named_response_reaches_the_owner_at_once(team, login, ward_initiative):
    fay = login(team["frontline"])
    assert respond(fay, ward_initiative, anonymous="0").status_code < 400
    saved = Response.objects.get()
    assert saved.author == team["frontline"] and saved.unit == team["frontline"].unit
    assert saved.code_hash == "" and saved.visible_on == today()
    note = Notification.objects.get(recipient=team["manager"])
    assert note.text == "Fay Front sent a concern about “Huddles move to 7:10”."
    after = fay.get(page(ward_initiative)).content.decode()
    assert "You sent a <strong>concern</strong>, with your name" in after
    figures = login(team["manager"]).get(page(ward_initiative)).content.decode()
    assert "7:10 clashes with the night handover." in figures and "Fay Front" in figures


def test_named_and_anonymous_responses_get_the_same_answer(team, login, ward_initiative):
    """As for feedback: the web server's access log keeps each POST's status, address and
    time; a named response must not look different there from an anonymous one, or the
    log tells who sent the anonymous ones."""
    settings_(min_group=3)
    named = respond(login(team["frontline"]), ward_initiative, anonymous="0")
    anonymous = respond(login(team["colleague"]), ward_initiative, anonymous="1")
    assert Response.objects.count() == 2 and anonymous.status_code == 200
    assert named.status_code == anonymous.status_code


def test_an_anonymous_response_shows_its_code_once_and_waits_for_the_morning(
    team, login, ward_initiative
):
    settings_(min_group=3)  # Ward 4B's four are enough
    ward_of_six(team)
    fay = login(team["frontline"])
    response = respond(fay, ward_initiative, anonymous="1")
    assert response.status_code == 200 and no_store(response)
    assert [t.name for t in response.templates][0] == "voice/responded.html"
    code = response.context["code"]
    html = response.content.decode()
    assert f"<code>{code}</code>" in html and "it is shown only this once" in html
    saved = Response.objects.get()
    assert saved.author is None and saved.code_hash == hash_code(code)
    assert saved.created_on == today() and saved.visible_on == today() + timedelta(days=1)
    assert saved.unit == team["frontline"].unit
    assert code not in fay.get(page(ward_initiative)).content.decode()
    assert "You responded in this round." in fay.get(page(ward_initiative)).content.decode()
    assert not Notification.objects.filter(recipient=team["manager"]).exists()
    maria = login(team["manager"])
    assert "7:10 clashes" not in maria.get(page(ward_initiative)).content.decode()  # tomorrow
    written_yesterday()
    assert "7:10 clashes" in maria.get(page(ward_initiative)).content.decode()


def test_anonymous_is_refused_when_too_few_are_affected(team, login, ward_initiative):
    fay = login(team["frontline"])
    form = fay.get(page(ward_initiative)).content.decode()
    assert "<strong>Named only</strong>: fewer than 5 people are affected" in form
    response = respond(fay, ward_initiative, anonymous="1")
    assert response.status_code == 400
    assert "fewer than 5 people are affected" in response.content.decode().lower()
    assert not Response.objects.exists() and not Responded.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": ""}, "Say what kind of response this is: support, concern or suggestion."),
        ({"kind": "rant"}, "Select a valid choice."),
        ({"text": "  "}, "Write your response; it is empty."),
        ({"text": "x" * 2001}, "Ensure this value has at most 2000 characters"),
    ],
)
def test_bad_responses_are_named_and_nothing_is_kept(team, login, ward_initiative, data, message):
    base = {"kind": "support", "text": "Good.", "anonymous": "0"}
    response = login(team["frontline"]).post(page(ward_initiative, "respond"), {**base, **data})
    assert response.status_code == 400 and message in response.content.decode()
    assert "Nothing was sent: please fix what is marked below." in response.content.decode()
    assert not Response.objects.exists() and not Responded.objects.exists()


@pytest.mark.parametrize("first", ["0", "1"], ids=["named first", "anonymous first"])
def test_a_second_response_in_a_round_is_refused(team, login, ward_initiative, first):
    settings_(min_group=3)
    fay = login(team["frontline"])
    assert respond(fay, ward_initiative, anonymous=first).status_code < 400
    again = respond(fay, ward_initiative, "support", "Second thoughts.", anonymous="0")
    assert again.status_code == 400
    assert "You responded in this round already" in again.content.decode()
    assert Response.objects.count() == 1 and Responded.objects.count() == 1
    assert not Response.objects.filter(text="Second thoughts.").exists()


def test_a_named_response_is_changed(team, login, ward_initiative):
    fay = login(team["frontline"])
    respond(fay, ward_initiative, anonymous="0")
    bad = fay.post(page(ward_initiative, "change"), {"kind": "support", "text": ""})
    assert bad.status_code == 400
    assert "Write your response; it is empty." in bad.content.decode()
    assert Response.objects.get().kind == "concern"
    changed = fay.post(
        page(ward_initiative, "change"), {"kind": "suggestion", "text": "Try 7:15."}, follow=True
    )
    assert "Your response was changed." in changed.content.decode()
    saved = Response.objects.get()
    assert (saved.kind, saved.text, saved.changed_on) == ("suggestion", "Try 7:15.", today())
    assert login(team["colleague"]).post(page(ward_initiative, "change"), {}).status_code == 403


def test_no_page_with_a_response_on_it_is_kept_in_a_cache(team, login, ward_initiative):
    """Like the feedback pages: the initiative page and every POST that shows it (a
    response's text, a reply code) tell the browser and any proxy to keep no copy."""
    settings_(min_group=3)
    fay = login(team["frontline"])
    shown = {
        "the page": fay.get(page(ward_initiative)),
        "a bad response": respond(fay, ward_initiative, text=""),
        "a named response": respond(fay, ward_initiative, anonymous="0"),
        "a bad change": fay.post(page(ward_initiative, "change"), {"kind": "support"}),
    }
    cal = login(team["colleague"])
    shown["an anonymous response"] = respond(cal, ward_initiative, anonymous="1")
    code = shown["an anonymous response"].context["code"]
    shown["the code page"] = cal.post(CODE, {"code": code})
    written_yesterday()
    shown["a bad answer"] = login(team["manager"]).post(page(ward_initiative, "answer"), {})
    assert Response.objects.count() == 2
    assert [shown[name].status_code for name in ("the page", "the code page")] == [200, 200]
    assert [shown[name].status_code for name in ("a bad response", "a bad change")] == [400, 400]
    assert shown["a bad answer"].status_code == 400
    assert [name for name, response in shown.items() if not no_store(response)] == []


# --- the reply code page -------------------------------------------------------------------


def test_the_code_page_reads_changes_and_withdraws_without_the_code_in_an_address(
    team, login, ward_initiative
):
    settings_(min_group=3)
    ward_of_six(team)
    fay = login(team["frontline"])
    sent = respond(fay, ward_initiative, anonymous="1")
    code = sent.context["code"]
    pages = [sent]

    assert fay.get(CODE).status_code == 200
    by_address = fay.get(CODE, {"code": code})
    assert "7:10 clashes" not in by_address.content.decode()  # a code is read from a POST only

    read = fay.post(CODE, {"code": code.lower().replace("-", ""), "action": "read"})
    assert read.status_code == 200 and no_store(read)
    html = read.content.decode()
    assert "7:10 clashes with the night handover." in html and "No answer yet." in html
    pages.append(read)

    changed = fay.post(
        CODE, {"code": code, "action": "change", "kind": "suggestion", "text": "Try 7:15."}
    )
    assert changed.status_code == 200 and no_store(changed)
    assert "Changed. The owner reads it tomorrow morning." in changed.content.decode()
    saved = Response.objects.get()
    assert (saved.kind, saved.text) == ("suggestion", "Try 7:15.")
    assert saved.visible_on == today() + timedelta(days=1)
    pages.append(changed)

    withdrawn = fay.post(CODE, {"code": code, "action": "withdraw"})
    assert withdrawn.status_code == 200 and no_store(withdrawn)
    assert "Withdrawn: your response is gone." in withdrawn.content.decode()
    assert not Response.objects.exists()
    pages.append(withdrawn)

    for response in pages:
        addresses = re.findall(r'(?:href|action)="([^"]*)"', response.content.decode())
        assert addresses and not [a for a in addresses if code in a or "code=" in a]
        assert code not in response.get("Location", "")


def test_a_code_that_does_not_exist_is_named(team, login):
    response = login(team["frontline"]).post(CODE, {"code": "ABCD-EFGH-JKLM-NPQR"})
    assert response.status_code == 400 and no_store(response)
    assert "No response has this reply code" in response.content.decode()


def test_a_bad_change_with_the_code_keeps_the_response(team, login, ward_initiative):
    settings_(min_group=3)
    fay = login(team["frontline"])
    code = respond(fay, ward_initiative, anonymous="1").context["code"]
    response = fay.post(CODE, {"code": code, "action": "change", "kind": "support", "text": " "})
    assert response.status_code == 400
    assert "Write your response; it is empty." in response.content.decode()
    assert Response.objects.get().text == "7:10 clashes with the night handover."


# --- answering -------------------------------------------------------------------------------


def test_the_owner_answers_several_at_once_and_each_author_reads_it(team, login, ward_initiative):
    settings_(min_group=3)
    ward_of_six(team)
    code = respond(login(team["frontline"]), ward_initiative, anonymous="1").context["code"]
    respond(login(team["colleague"]), ward_initiative, "suggestion", "Try 7:15.", anonymous="0")
    written_yesterday()
    maria = login(team["manager"])
    shown = maria.get(page(ward_initiative)).content.decode()
    ids = re.findall(r'name="responses" value="([^"]+)"', shown)
    assert sorted(ids) == sorted(str(r.pk) for r in Response.objects.all())

    response = maria.post(
        page(ward_initiative, "answer"),
        {"responses": ids, "kind": "changed", "text": "The huddle now starts at 7:15."},
        follow=True,
    )
    html = response.content.decode()
    assert "Answered 2 responses; they are told." in html
    answer = Answer.objects.get()
    assert set(Response.objects.values_list("answer", flat=True)) == {answer.pk}
    you_said = html[html.index('id="you-said"') :]
    assert "The huddle now starts at 7:15." in you_said and "2 responses" in you_said
    assert "Every response has an answer." in html
    assert Notification.objects.filter(
        recipient=team["colleague"], text__contains="answered your response"
    ).exists()
    read = login(team["frontline"]).post(CODE, {"code": code}).content.decode()
    assert "The huddle now starts at 7:15." in read and "Changed" in read


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"responses": []}, "responses", "Choose the responses this answers."),
        ({"kind": ""}, "kind", "Say what the answer is"),
        ({"kind": "maybe"}, "kind", "Select a valid choice."),
        ({"text": ""}, "text", "Say what was changed because of it."),
        ({"kind": "not_changed", "text": ""}, "text", "Say why nothing was changed."),
        ({"responses": "other"}, "responses", "Some of the chosen responses are not this"),
        ({"responses": ["not-a-uuid"]}, None, "are not this initiative"),
    ],
)
def test_bad_answers_are_named_and_nothing_is_saved(
    team, program_office, login, ward_initiative, data, field, message
):
    respond(login(team["frontline"]), ward_initiative, anonymous="0")
    other = write(program_office, [team["manager"].unit], title="Other change")
    respond(login(team["colleague"]), other, anonymous="0")
    mine = Response.objects.get(initiative=ward_initiative)
    base = {"responses": [str(mine.pk)], "kind": "changed", "text": "Done."}
    if data.get("responses") == "other":
        data = {"responses": [str(mine.pk), str(Response.objects.get(initiative=other).pk)]}
    response = login(team["manager"]).post(page(ward_initiative, "answer"), {**base, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    if field and field != "responses":
        assert any(message in m for m in response.context["answer_form"].errors[field])
    assert not Answer.objects.exists()
    assert not Response.objects.filter(answer__isnull=False).exists()


def test_only_those_who_run_it_answer(team, login, ward_initiative):
    respond(login(team["frontline"]), ward_initiative, anonymous="0")
    chosen = {"responses": [str(Response.objects.get().pk)], "kind": "changed", "text": "Done."}
    for person in (team["frontline"], team["executive"]):
        assert login(person).post(page(ward_initiative, "answer"), chosen).status_code == 403
    assert not Answer.objects.exists()


# --- publishing, closing, rounds ---------------------------------------------------------------


def test_publishing_twice_tells_everyone_once(team, login, django_capture_on_commit_callbacks):
    draft = write(team["manager"], [team["manager"].unit], title="Rota swaps", publish=False)
    maria = login(team["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        first = maria.post(page(draft, "publish"), follow=True)
    assert "Published. Everyone it affects is being told" in first.content.decode()
    told = Notification.objects.filter(text__contains="Rota swaps")
    assert set(told.values_list("recipient__name", flat=True)) == {
        "Sid Super", "Fay Front", "Cal Colleague",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        second = maria.post(page(draft, "publish"), follow=True)
    assert "It was published already; nobody was told twice." in second.content.decode()
    assert told.count() == 3
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.reached == 3
    assert "Sent to 3 people." in second.content.decode()


def test_publishing_for_teams_with_nobody_in_them_is_refused(team, login):
    draft = write(team["manager"], ["Harbor Health/Nursing/Ward 4B/Empty"], publish=False)
    response = login(team["manager"]).post(page(draft, "publish"))
    assert response.status_code == 400
    assert "Nobody active is placed in the teams it affects." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_after_closing_responses_are_refused(team, login, ward_initiative):
    closed = login(team["manager"]).post(page(ward_initiative, "close"), follow=True)
    assert "Closed: no more responses are taken." in closed.content.decode()
    response = respond(login(team["frontline"]), ward_initiative, anonymous="0")
    assert response.status_code == 400 and "Responses are closed." in response.content.decode()
    assert not Response.objects.exists() and not Responded.objects.exists()
    again = login(team["manager"]).post(page(ward_initiative, "close"))
    assert again.status_code == 400
    assert "Only a published initiative can be closed." in again.content.decode()


def test_a_new_round_lets_everyone_respond_again(team, login, ward_initiative):
    # One test client: each login() switches who it is.
    respond(login(team["frontline"]), ward_initiative, anonymous="0")
    login(team["manager"]).post(page(ward_initiative, "close"))
    opened = login(team["manager"]).post(page(ward_initiative, "round"), follow=True)
    assert "Round 2 is open: everyone affected may respond again." in opened.content.decode()
    fay = login(team["frontline"])
    assert RESPOND in fay.get(page(ward_initiative)).content.decode()
    assert respond(fay, ward_initiative, "support", "Better now.", anonymous="0").status_code < 400
    assert list(Response.objects.order_by("round").values_list("round", "author", "text")) == [
        (1, team["frontline"].pk, "7:10 clashes with the night handover."),
        (2, team["frontline"].pk, "Better now."),
    ]


# --- figures that must not give a small team away -------------------------------------------------


def rate_rows(html: str) -> dict[str, str]:
    """{team name: the rest of its row, tags removed} of the response rate table."""
    table = html[html.index("Response rate by team") :]
    table = table[: table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        cells = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        name = re.search(r'<span title="[^"]*">([^<]+)</span>', row).group(1)
        rows[name] = cells[len(name) :].strip()
    return rows


def test_the_rates_hide_a_small_team_and_its_next_smallest_sibling(team, program_office, login):
    # Nursing: Ward 4B (4 people, fewer than 5), Ward 5 (5), Ward 6 (8). Hiding Ward 4B
    # alone would let Nursing minus Wards 5 and 6 give it away, so Ward 5 is hidden too.
    ward5 = [make_person(unit="Harbor Health/Nursing/Ward 5") for _ in range(5)]
    ward6 = [make_person(unit="Harbor Health/Nursing/Ward 6") for _ in range(8)]
    initiative = write(program_office, ["Harbor Health/Nursing"], owner=team["senior"])
    for person in ward6[:2] + ward5[:1] + [team["frontline"]]:
        respond(login(person), initiative, anonymous="0")
    rows = rate_rows(login(program_office).get(page(initiative)).content.decode())
    assert rows["Nursing"] == "17 4 · 24%"
    assert rows["Ward 6"] == "8 2 · 25%"
    for hidden in ("Ward 4B", "Ward 5"):
        assert rows[hidden].startswith("fewer than 5"), (hidden, rows[hidden])
        assert not re.search(r"\d+ · \d+%", rows[hidden])


def test_the_team_is_named_beside_anonymous_responses_only_from_text_min(team, login):
    settings_(min_group=3, text_min=3)
    ward_of_six(team)
    initiative = write(team["manager"], [team["manager"].unit])
    people = [team["frontline"], team["colleague"], team["supervisor"]]

    def labels() -> list[str]:
        html = login(team["manager"]).get(page(initiative)).content.decode()
        return re.findall(r'<span class="meta">(Anonymous[^<]*)</span>', html)

    for person in people[:2]:
        respond(login(person), initiative, anonymous="1")
    written_yesterday()
    assert labels() == ["Anonymous · arrived today"] * 2  # two of Ward 4B: no team named
    respond(login(people[2]), initiative, anonymous="1")
    written_yesterday()
    assert labels() == ["Anonymous · Ward 4B · waiting 1 day"] * 2 + [
        "Anonymous · Ward 4B · arrived today"
    ]


# --- the menu ------------------------------------------------------------------------------------


def test_the_initiatives_link_is_current_and_feedback_is_not(team, login):
    html = login(team["frontline"]).get(LIST).content.decode()
    assert '<a href="/voice/initiatives/" aria-current="page">Initiatives</a>' in html
    assert '<a href="/voice/">Feedback</a>' in html
