"""Feedback to one's leaders: who may receive it, named and anonymous, the minimum
group, the morning batch, replies both ways, labels, reports and the daily limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tandem.audit.models import AuditEntry
from tandem.notifications.models import Notification
from tandem.programs.services.commitments import create_commitment
from tandem.voice import services
from tandem.voice.models import Feedback, Heard, Message, SendCount, VoiceSettings
from tests.factories import make_person

pytestmark = pytest.mark.django_db

HOME = "/voice/"


def tomorrow():
    return timezone.localdate() + timedelta(days=1)


def ten_below_erin(team):
    """Five more under Fay's supervisor: ten people could write to Erin, the executive,
    so that anonymous feedback to her keeps the day (fewer keep the week: batches.py)."""
    for n in range(5):
        make_person(f"Nurse {n}", unit=team["frontline"].unit, manager=team["supervisor"])


def test_recipients_are_the_leaders_up_the_line_with_whether_anonymous_is_safe(team):
    found = services.recipients(team["frontline"])
    assert [r.person for r in found] == [
        team["supervisor"], team["manager"], team["senior"], team["executive"],
    ]  # fmt: skip
    # Fay, Cal / + Sid / + Maria / + Sam could have written: 2, 3, 4, 5 people.
    assert [r.senders for r in found] == [2, 3, 4, 5]
    assert [r.anonymous_ok for r in found] == [False, False, False, True]
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 3})
    assert [r.anonymous_ok for r in services.recipients(team["frontline"])] == [
        False, True, True, True,
    ]  # fmt: skip


def test_named_feedback_reaches_the_inbox_at_once_and_is_a_conversation(team, login):
    fay, sid = team["frontline"], team["supervisor"]
    response = login(fay).post(
        HOME, {"to": sid.pk, "kind": "advice", "text": "Start huddles at 7:10.", "anonymous": "0"}
    )
    feedback = Feedback.objects.get()
    assert response.status_code == 200  # as an anonymous send: nothing outside tells them apart
    assert f'href="/voice/sent/{feedback.pk}/"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert feedback.author == fay and not feedback.anonymous
    assert Notification.objects.get(recipient=sid).text == "Fay Front sent you feedback (advice)."
    inbox = login(sid).get("/voice/inbox/").content.decode()
    assert "Start huddles at 7:10." in inbox and "from Fay Front" in inbox
    login(sid).post(f"/voice/inbox/{feedback.pk}/", {"action": "reply", "text": "Good idea."})
    assert Notification.objects.filter(recipient=fay, text__contains="replied").exists()
    page = login(fay).get(f"/voice/sent/{feedback.pk}/").content.decode()
    assert "Good idea." in page


def test_anonymous_feedback_waits_for_the_morning_and_shows_the_code_once(team, login):
    fay, erin = team["frontline"], team["executive"]
    ten_below_erin(team)
    response = login(fay).post(
        HOME,
        {"to": erin.pk, "kind": "concern", "text": "Night shifts are short.", "anonymous": "1"},
    )
    assert response.status_code == 200
    code = response.context["code"]
    feedback = Feedback.objects.get()
    assert feedback.author is None and feedback.deliver_on == tomorrow()
    assert feedback.code_hash == services.hash_code(code) and code not in feedback.code_hash
    assert code in response.content.decode()
    assert not Notification.objects.filter(recipient=erin).exists()
    assert "Night shifts" not in login(erin).get("/voice/inbox/").content.decode()  # not yet
    assert services.deliver_due(tomorrow()) == 1
    note = Notification.objects.get(recipient=erin)
    assert note.text == "In your inbox: 1 new piece of anonymous feedback."
    assert services.deliver_due(tomorrow()) == 0  # told once
    assert services.inbox(erin, tomorrow()).get() == feedback


def test_anonymous_to_a_small_group_is_refused_before_anything_is_kept(team, login):
    fay, sid = team["frontline"], team["supervisor"]
    page = login(fay).get(HOME).content.decode()
    assert "Sid Super · Supervisor — named only" in page
    assert "Erin Exec · Executive</option>" in page
    assert "fewer than 5 people report to Sid Super, Maria Manager or Sam Senior" in page
    response = login(fay).post(
        HOME, {"to": sid.pk, "kind": "concern", "text": "Too few of us.", "anonymous": "1"}
    )
    assert response.status_code == 400
    assert "Fewer than 5 people could have sent this to Sid Super" in response.content.decode()
    assert not Feedback.objects.exists() and not SendCount.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "This field is required."),
        ({"kind": "rant"}, "Select a valid choice."),
        ({"text": "x" * 2001}, "Ensure this value has at most 2000 characters"),
    ],
)
def test_bad_input_is_named_and_sends_nothing(team, login, data, message):
    base = {"to": team["executive"].pk, "kind": "advice", "text": "Fine.", "anonymous": "0"}
    response = login(team["frontline"]).post(HOME, {**base, **data})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Feedback.objects.exists()


def test_only_leaders_up_ones_own_line_can_be_written_to(team, outsider):
    with pytest.raises(ValidationError) as refused:
        services.send(team["frontline"], outsider, "advice", "Hello.", anonymous=False)
    assert "up your own reporting line" in str(refused.value)
    with pytest.raises(ValidationError):
        services.send(team["manager"], team["frontline"], "advice", "Down.", anonymous=False)
    assert not Feedback.objects.exists()


def test_the_daily_limit_counts_without_naming(team, settings):
    settings.TANDEM_VOICE_PER_DAY = 2
    fay, erin = team["frontline"], team["executive"]
    for n in range(2):
        services.send(fay, erin, "advice", f"Idea {n}", anonymous=n == 1)
    with pytest.raises(ValidationError, match="the most for one day"):
        services.send(fay, erin, "advice", "One more", anonymous=True)
    row = SendCount.objects.get()
    assert row.count == 2 and row.key == services._count_key(fay, timezone.localdate())
    assert not any(field.is_relation for field in SendCount._meta.fields)  # tied to no one
    services.send(team["colleague"], erin, "thanks", "Thank you", anonymous=False)  # own count


def test_the_author_reads_replies_answers_and_withdraws_with_the_code(team, login):
    fay, erin = team["frontline"], team["executive"]
    ten_below_erin(team)
    feedback, code = services.send(fay, erin, "concern", "It names me: Fay.", anonymous=True)
    services.deliver_due(tomorrow())
    services.reply(erin, feedback, "Thank you, we will look at the rota.")
    client = login(fay)
    page = client.post("/voice/code/", {"code": code.lower(), "action": "read"})
    assert "Thank you, we will look at the rota." in page.content.decode()
    answered = client.post("/voice/code/", {"code": code, "action": "reply", "text": "Thanks!"})
    assert answered.status_code == 200
    message = Message.objects.get(from_recipient=False)
    assert message.deliver_on == timezone.localdate() + timedelta(days=1)
    client.post("/voice/code/", {"code": code, "action": "withdraw"})
    feedback.refresh_from_db()
    assert feedback.withdrawn and feedback.text == ""
    assert not services.inbox(erin, tomorrow()).exists()


def test_a_code_that_does_not_exist_is_told_and_shows_nothing(team, login):
    response = login(team["frontline"]).post("/voice/code/", {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert response.status_code == 400
    assert "No feedback has this reply code" in response.content.decode()


def test_labels_resolve_and_report_send_the_text_only(team, login, program_office):
    fay, erin = team["frontline"], team["executive"]
    feedback, _ = services.send(
        fay, erin, "disagreement", "You are wrong about it.", anonymous=True
    )
    services.deliver_due(tomorrow())
    feedback.deliver_on = timezone.localdate()
    feedback.save()
    client = login(erin)
    url = f"/voice/inbox/{feedback.pk}/"
    client.post(url, {"action": "label", "label": "discussed", "resolved": "on"})
    feedback.refresh_from_db()
    assert (feedback.label, feedback.resolved) == ("discussed", True)
    bad = client.post(url, {"action": "label", "label": "ignored"})
    assert bad.status_code == 400
    client.post(url, {"action": "report"})
    note = Notification.objects.get(recipient=program_office)
    assert note.text == "A piece of feedback was reported as abusive."  # the text stays put
    listed = login(program_office).get("/voice/reported/").content.decode()
    assert "You are wrong about it." in listed


def test_inbox_figures_count_replies_and_days(team):
    fay, erin = team["frontline"], team["executive"]
    today = timezone.localdate()
    first, _ = services.send(fay, erin, "advice", "One", anonymous=False)
    services.send(fay, erin, "advice", "Two", anonymous=False)
    Feedback.objects.filter(pk=first.pk).update(deliver_on=today - timedelta(days=4))
    services.reply(erin, first, "Answered.")
    figures = services.inbox_figures(erin, today)
    assert (figures.received, figures.replied, figures.median_days) == (2, 1, 4)
    assert figures.replied_percent == 50


def test_minimum_group_settings_are_the_program_offices_and_checked(team, login, program_office):
    assert login(team["manager"]).get("/voice/settings/").status_code == 403
    client = login(program_office)
    assert client.post("/voice/settings/", {"min_group": 2, "text_min": 10}).status_code == 400
    assert VoiceSettings.current().min_group == 5
    client.post("/voice/settings/", {"min_group": 3, "text_min": 10})
    assert VoiceSettings.current().min_group == 3


def test_someone_elses_feedback_is_not_found(team, login):
    feedback, _ = services.send(
        team["frontline"], team["executive"], "advice", "Hi", anonymous=False
    )
    for person in (team["senior"], team["colleague"]):  # the recipient's report; a peer
        client = login(person)
        assert client.get(f"/voice/inbox/{feedback.pk}/").status_code == 404
    assert login(team["colleague"]).get(f"/voice/sent/{feedback.pk}/").status_code == 404
    nobody = make_person("Nobody")  # no leader above them: an empty state, not a form
    assert "There is no leader above you" in login(nobody).get(HOME).content.decode()


def test_a_leader_publishes_what_they_heard_and_their_team_reads_it(
    team, login, django_capture_on_commit_callbacks
):
    maria = team["manager"]
    commitment = create_commitment(
        maria.user, maria, "Answer every idea in a week", "sustain", "weekly"
    )
    client = login(maria)
    empty = client.post("/voice/inbox/", {"heard": "", "will_change": "Nothing"})
    assert empty.status_code == 400 and "Nothing was published" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the worker tells the team
        client.post(
            "/voice/inbox/",
            {
                "heard": "Huddles start too early for nights.",
                "will_change": "From Monday the huddle is at 7:15.",
                "commitment": commitment.pk,
            },
        )
    entry = Heard.objects.get()
    assert entry.told and services.tell_team(entry.pk) == 0  # told once
    assert Notification.objects.filter(text__contains="what I heard").count() == 3
    assert entry.leader == maria and entry.commitment == commitment
    for person in (team["frontline"], team["supervisor"]):  # below her: told and shown
        assert Notification.objects.filter(recipient=person, text__contains="what I heard").exists()
        assert "From Monday the huddle is at 7:15." in login(person).get(HOME).content.decode()
    for person in (team["senior"], team["executive"]):  # above her: not her team
        assert "huddle is at 7:15" not in login(person).get(HOME).content.decode()


def test_someone_elses_commitment_cannot_be_tied(team):
    other = create_commitment(
        team["senior"].user, team["senior"], "Walk the wards", "sustain", "weekly"
    )
    with pytest.raises(ValidationError, match="your own commitments"):
        services.publish_heard(team["manager"], "Heard", "Will", other)
    assert not Heard.objects.exists()


def test_leaders_below_are_shown_together_only_as_a_group_of_the_minimum(team):
    erin = team["executive"]
    assert services.leaders_below_figures(erin) is None  # Sam, Maria, Sid: 3 below, fewer than 5
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 3})
    first, _ = services.send(
        team["frontline"], team["supervisor"], "advice", "One", anonymous=False
    )
    services.send(team["frontline"], team["manager"], "advice", "Two", anonymous=False)
    services.reply(team["supervisor"], first, "Thanks.")
    figures = services.leaders_below_figures(erin)
    assert (figures.leaders, figures.received, figures.replied, figures.median_days) == (3, 2, 1, 0)


def test_people_without_a_login_do_not_count_in_the_minimum_group(team):
    erin = team["executive"]
    assert services.possible_senders(erin) == 5
    make_person("No Login", unit=team["frontline"].unit, manager=team["supervisor"], login=False)
    assert services.possible_senders(erin) == 5  # cannot send, so cannot hide anyone


def test_a_form_sent_twice_sends_once(team, login):
    client = login(team["frontline"])
    page = client.get(HOME)
    once = page.context["form"]["once"].value()
    data = {
        "to": team["executive"].pk,
        "kind": "advice",
        "text": "Hi.",
        "anonymous": "1",
        "once": once,
    }
    assert client.post(HOME, data).status_code == 200
    again = client.post(HOME, data)
    assert again.status_code == 400 and "sent already" in again.content.decode()
    assert Feedback.objects.count() == 1 and SendCount.objects.get().count == 1


def test_an_anonymous_answer_shows_in_the_inbox_only_from_the_morning(team, login):
    fay, erin = team["frontline"], team["executive"]
    ten_below_erin(team)
    feedback, code = services.send(fay, erin, "advice", "Idea.", anonymous=True)
    Feedback.objects.filter(pk=feedback.pk).update(deliver_on=timezone.localdate())
    services.reply(erin, feedback, "First answer.")
    services.author_reply(feedback, "Written between the two.")
    services.reply(erin, feedback, "Second answer.")
    html = login(erin).get("/voice/inbox/").content.decode()
    assert "2 replies" in html  # not 3: the author's answer arrives tomorrow
    later = [m.text for m in services.conversation(feedback, for_recipient=True, today=tomorrow())]
    assert later == ["First answer.", "Second answer.", "Written between the two."]


def test_a_withdrawal_before_the_morning_is_never_announced_or_counted(team):
    fay, erin = team["frontline"], team["executive"]
    feedback, code = services.send(fay, erin, "concern", "It names me.", anonymous=True)
    services.withdraw(services.find_by_code(code.replace("-", " ").lower()))
    assert services.deliver_due(tomorrow()) == 0
    assert not Notification.objects.filter(recipient=erin).exists()
    assert services.inbox_figures(erin, tomorrow()).received == 0


def test_only_leaders_publish_what_they_heard(team, login):
    response = login(team["frontline"]).post("/voice/inbox/", {"heard": "x", "will_change": "y"})
    assert response.status_code == 403 and not Heard.objects.exists()
    assert (
        "Publish to my team" not in login(team["frontline"]).get("/voice/inbox/").content.decode()
    )


def test_changing_the_minimum_group_is_audited(team, login, program_office):
    login(program_office).post("/voice/settings/", {"min_group": 7, "text_min": 10})
    entry = AuditEntry.objects.get(object_type="voice.VoiceSettings")
    assert entry.changes == {"min_group": [5, 7]} and entry.actor == program_office.user
