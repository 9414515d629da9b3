"""Sending, answering and delivering upward feedback; the rules that keep anonymous
feedback anonymous are here (and in models.py), so that the web pages and any other
caller cannot forget one."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from tandem.notifications.models import notify
from tandem.people.access import program_office_people
from tandem.people.models import LEADER_LEVELS, Person
from tandem.voice.batches import batch, by_week
from tandem.voice.models import (
    Feedback,
    Heard,
    Kind,
    Label,
    Message,
    SendCount,
    UsedForm,
    VoiceSettings,
)


def possible_senders(leader: Person) -> int:
    """How many people with a login have `leader` up their reporting line: everyone who
    could have sent that leader a piece of feedback (people without a login cannot)."""
    return (
        Person.objects.filter(
            active=True, line__startswith=leader.line, user__isnull=False, user__is_active=True
        )
        .exclude(pk=leader.pk)
        .count()
    )


@dataclass(frozen=True)
class Recipient:
    person: Person
    senders: int
    anonymous_ok: bool


def recipients(me: Person, min_group: int | None = None) -> list[Recipient]:
    """The leaders up `me`'s reporting line who have a login, nearest first, each with
    whether anonymous feedback may reach them (enough people could have sent it)."""
    min_group = min_group or VoiceSettings.current().min_group
    chain = me.manager_chain_ids()
    found = Person.objects.filter(pk__in=chain, active=True, user__is_active=True).select_related(
        "unit"
    )
    by_id = {p.pk: p for p in found}
    result = []
    for pk in chain:
        person = by_id.get(pk)
        if person is not None:
            senders = possible_senders(person)
            result.append(Recipient(person, senders, senders >= min_group))
    return result


def _count_key(person: Person, day: date) -> str:
    message = f"voice-send-count:{person.pk}:{day.isoformat()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _count_today(person: Person, today: date) -> None:
    """Count one more sent today, or refuse past the daily limit (the counter names no one
    and is tied to nothing sent)."""
    limit = settings.TANDEM_VOICE_PER_DAY
    key = _count_key(person, today)
    row, _ = SendCount.objects.select_for_update().get_or_create(key=key, defaults={"day": today})
    if row.count >= limit:
        raise ValidationError(
            f"You have sent {limit} pieces of feedback today, the most for one day. "
            "Send this one tomorrow."
        )
    SendCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
    SendCount.objects.filter(day__lt=today).delete()  # yesterday's counts serve no purpose


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def new_code() -> str:
    """A reply code: 4 groups of 4 letters and digits, easy to copy, 80 bits of chance."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
    raw = "".join(secrets.choice(alphabet) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


@transaction.atomic
def send(
    author: Person, to: Person, kind: str, text: str, *, anonymous: bool, once: str = ""
) -> tuple[Feedback, str]:
    """Send feedback to a leader up the author's reporting line; returns it and, for
    anonymous feedback, the reply code (shown to the author once, never stored). `once`:
    the form's one-time token; a form sent before is refused (a reload sends nothing)."""
    today = timezone.localdate()
    if once:
        key = hashlib.sha256(once.encode()).hexdigest()
        if UsedForm.objects.filter(key=key).exists():
            raise ValidationError(
                "This form was sent already (the page was sent twice); nothing more was sent."
            )
        UsedForm.objects.create(key=key, day=today)
    text = text.strip()
    problems = {}
    if not text:
        problems["text"] = "Write what you want to say."
    elif len(text) > 2000:
        problems["text"] = f"Feedback can be at most 2,000 characters; this has {len(text):,}."
    if kind not in Kind.values:
        problems["kind"] = "Pick what kind of feedback this is."
    choice = next((r for r in recipients(author) if r.person.pk == to.pk), None)
    if choice is None:
        problems["to"] = "You can send feedback to the leaders up your own reporting line only."
    elif anonymous and not choice.anonymous_ok:
        problems["anonymous"] = (
            f"Fewer than {VoiceSettings.current().min_group} people could have sent this to "
            f"{to.name}, so it would not stay anonymous. Send it with your name, or "
            "anonymously to a leader further up."
        )
    if problems:
        raise ValidationError(problems)
    _count_today(author, today)
    if not anonymous:
        feedback = Feedback.objects.create(
            recipient=to, author=author, kind=kind, text=text, deliver_on=today, notified=True
        )
        notify(
            [to],
            f"{author.name} sent you feedback ({feedback.get_kind_display().lower()}).",
            url=reverse("voice:inbox_detail", args=[feedback.pk]),
        )
        return feedback, ""
    code = new_code()
    minimum = VoiceSettings.current().min_group
    feedback = Feedback.objects.create(
        recipient=to,
        kind=kind,
        text=text,
        deliver_on=batch(today, by_week(choice.senders, minimum)).arrives_on,
        code_hash=hash_code(code),
    )
    return feedback, code


def deliver_due(today: date | None = None) -> int:
    """The morning batch: tell each leader how many anonymous pieces of feedback (and
    replies from anonymous authors) reached their inbox today; returns how many leaders
    were told. Safe to run again the same day."""
    today = today or timezone.localdate()
    told = 0
    with transaction.atomic():
        SendCount.objects.filter(day__lt=today).delete()  # yesterday's counts serve nothing
        UsedForm.objects.filter(day__lt=today).delete()
        feedback = Feedback.objects.select_for_update().filter(
            notified=False, deliver_on__lte=today, withdrawn=False
        )
        replies = Message.objects.select_for_update().filter(
            notified=False, deliver_on__lte=today, from_recipient=False, feedback__withdrawn=False
        )
        new: Counter[int] = Counter(feedback.values_list("recipient_id", flat=True))
        answered: Counter[int] = Counter(replies.values_list("feedback__recipient_id", flat=True))
        feedback.update(notified=True)
        replies.update(notified=True)
        for person in Person.objects.filter(pk__in=new | answered):
            parts = []
            if new[person.pk]:
                n = new[person.pk]
                parts.append(f"{n} new piece{'s' if n != 1 else ''} of anonymous feedback")
            if answered[person.pk]:
                n = answered[person.pk]
                parts.append(f"{n} answer{'s' if n != 1 else ''} from anonymous authors")
            notify([person], f"In your inbox: {' and '.join(parts)}.", url=reverse("voice:inbox"))
            told += 1
    return told


def inbox(leader: Person, today: date | None = None):
    """The feedback that reached the leader, with `replies`: how many messages of its
    conversation they may read today (an anonymous author's answer counts from the
    morning it arrives, not the minute it was written)."""
    today = today or timezone.localdate()
    readable = Q(messages__deliver_on__lte=today) | Q(messages__from_recipient=True)
    return (
        Feedback.objects.filter(recipient=leader, deliver_on__lte=today, withdrawn=False)
        .select_related("author")
        .annotate(replies=Count("messages", filter=readable))
        .order_by("resolved", "-deliver_on", "id")
    )


def conversation(feedback: Feedback, *, for_recipient: bool, today: date | None = None):
    """The replies either side may read today (an anonymous author's wait for the
    morning); read already when the feedback came `with_conversations`."""
    read = getattr(feedback, "thread", None)
    if read is not None:
        return read
    return _thread(feedback.messages.all(), for_recipient, today or timezone.localdate())


def with_conversations(feedback: QuerySet[Feedback], *, for_recipient: bool) -> QuerySet:
    """`feedback` with each one's conversation read in one more query (for a list)."""
    messages = _thread(Message.objects.all(), for_recipient, timezone.localdate())
    return feedback.prefetch_related(Prefetch("messages", queryset=messages, to_attr="thread"))


def _thread(messages: QuerySet[Message], for_recipient: bool, today: date) -> QuerySet[Message]:
    if for_recipient:
        messages = messages.filter(visible_to_recipient(today))
    # By the day each reached the other side: an anonymous author's reply written between
    # two of the recipient's must not show where it was written.
    return messages.order_by("deliver_on", "from_recipient", "number")


def sent(author: Person) -> QuerySet[Feedback]:
    """The feedback someone sent with their name, newest first (anonymous feedback is
    theirs only through its code)."""
    return (
        Feedback.objects.filter(author=author, code_hash="")
        .select_related("recipient")
        .order_by("-deliver_on", "id")
    )


def visible_to_recipient(today: date) -> Q:
    """The messages of a conversation its recipient may read today."""
    return Q(deliver_on__lte=today) | Q(from_recipient=True)


def _add_message(feedback: Feedback, text: str, *, from_recipient: bool, deliver_on: date):
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write your reply."})
    if len(text) > 2000:
        raise ValidationError(
            {"text": f"A reply can be at most 2,000 characters; this has {len(text):,}."}
        )
    if feedback.withdrawn:
        raise ValidationError({"text": "This feedback was withdrawn; the conversation is closed."})
    Feedback.objects.select_for_update().filter(pk=feedback.pk).first()  # one reply at a time
    last = feedback.messages.aggregate(n=Max("number"))["n"] or 0
    return Message.objects.create(
        feedback=feedback,
        number=last + 1,
        from_recipient=from_recipient,
        text=text,
        deliver_on=deliver_on,
    )


@transaction.atomic
def reply(leader: Person, feedback: Feedback, text: str) -> Message:
    """The recipient answers; a named author is told at once (an anonymous one reads it
    with the code)."""
    message = _add_message(feedback, text, from_recipient=True, deliver_on=timezone.localdate())
    if feedback.author_id is not None and not feedback.anonymous:
        notify(
            [feedback.author],
            f"{leader.name} replied to your feedback.",
            url=reverse("voice:sent_detail", args=[feedback.pk]),
        )
    return message


@transaction.atomic
def author_reply(feedback: Feedback, text: str, *, author: Person | None = None) -> Message:
    """The author answers back: by name (told to the recipient at once) or with the code
    (it reaches the recipient in the next batch: the next morning, or the next Monday
    when few people could have sent it, see batches.py)."""
    today = timezone.localdate()
    if feedback.anonymous:
        senders = possible_senders(feedback.recipient)
        weekly = by_week(senders, VoiceSettings.current().min_group)
        arrives = batch(today, weekly).arrives_on
        return _add_message(feedback, text, from_recipient=False, deliver_on=arrives)
    message = _add_message(feedback, text, from_recipient=False, deliver_on=today)
    Message.objects.filter(pk=message.pk).update(notified=True)
    notify(
        [feedback.recipient],
        f"{author.name if author else 'The author'} answered on their feedback.",
        url=reverse("voice:inbox_detail", args=[feedback.pk]),
    )
    return message


def normalize_code(code: str) -> str | None:
    """A reply code as it was shown, from one typed with or without its dashes, in any
    case; None when it cannot be one."""
    letters = "".join(c for c in (code or "").upper() if c.isalnum())
    if len(letters) != 16:
        return None
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def find_by_code(code: str) -> Feedback | None:
    """The feedback of a reply code, typed with or without its dashes, in any case."""
    code = normalize_code(code)
    if code is None:
        return None
    return Feedback.objects.filter(code_hash=hash_code(code)).select_related("recipient").first()


@transaction.atomic
def withdraw(feedback: Feedback) -> None:
    """The anonymous author takes it back (say, it names them): gone from the inbox."""
    Feedback.objects.filter(pk=feedback.pk).update(withdrawn=True, text="", resolved=True)
    feedback.messages.filter(from_recipient=False).update(text="")


def set_label(feedback: Feedback, label: str, resolved: bool) -> None:
    if label and label not in Label.values:
        raise ValidationError({"label": "Pick one of the labels offered."})
    Feedback.objects.filter(pk=feedback.pk).update(label=label, resolved=resolved)


@transaction.atomic
def report(feedback: Feedback) -> bool:
    """The recipient reports abuse: the program office gets the text, never an identity.
    Returns False when it was reported before."""
    if not Feedback.objects.filter(pk=feedback.pk, reported=False).update(reported=True):
        return False
    # The text stays on the reported page only, so that withdrawing it deletes it.
    notify(
        program_office_people(),
        "A piece of feedback was reported as abusive.",
        url=reverse("voice:reported"),
    )
    return True


@dataclass(frozen=True)
class InboxFigures:
    """The leader's own record over the last `days` days: how much feedback came in, how
    much of it they replied to, and the median days to the first reply."""

    received: int
    replied: int
    median_days: float | None
    days: int = 90
    leaders: int = 1  # how many leaders' feedback is counted together

    @property
    def replied_percent(self) -> int | None:
        return round(100 * self.replied / self.received) if self.received else None


def inbox_figures(leader: Person, today: date | None = None, days: int = 90) -> InboxFigures:
    today = today or timezone.localdate()
    return _figures(Feedback.objects.filter(recipient=leader), today, days)


def _figures(feedback: QuerySet[Feedback], today: date, days: int, leaders: int = 1):
    """Received in the last `days` days, how many got a reply, the median days to the
    first reply: one query, the first reply's day found by the database."""
    since = today - timedelta(days=days - 1)
    rows = (
        feedback.filter(deliver_on__gte=since, deliver_on__lte=today, withdrawn=False)
        .annotate(first=Min("messages__deliver_on", filter=Q(messages__from_recipient=True)))
        .values_list("deliver_on", "first")
    )
    received = 0
    firsts = []
    for delivered, first in rows:
        received += 1
        if first is not None:
            firsts.append((first - delivered).days)
    return InboxFigures(received, len(firsts), median(firsts) if firsts else None, days, leaders)


def leaders_below_figures(leader: Person, today: date | None = None, days: int = 90):
    """The feedback record of all the leaders below `leader` together (received, replied
    to, median days to the first reply), or None when fewer than the minimum group are
    below: then a figure would be one or two people's."""
    below = Person.objects.filter(
        active=True, line__startswith=leader.line, level__in=LEADER_LEVELS
    ).exclude(pk=leader.pk)
    leaders = below.count()
    if leaders < VoiceSettings.current().min_group:
        return None
    received = Feedback.objects.filter(recipient__in=below.values("pk"))
    return _figures(received, today or timezone.localdate(), days, leaders=leaders)


@transaction.atomic
def publish_heard(leader: Person, heard: str, will_change: str, commitment=None) -> Heard:
    """What the leader heard and will change, for everyone below them to read."""
    if not leader.is_leader:
        raise ValidationError("Only leaders publish what they heard from their team.")
    problems = {}
    if not heard.strip():
        problems["heard"] = "Say what you heard."
    if not will_change.strip():
        problems["will_change"] = "Say what you will change (or why nothing, for now)."
    if commitment is not None and commitment.leader_id != leader.pk:
        problems["commitment"] = "Pick one of your own commitments."
    if problems:
        raise ValidationError(problems)
    entry = Heard.objects.create(
        leader=leader,
        heard=heard.strip(),
        will_change=will_change.strip(),
        commitment=commitment,
        published_on=timezone.localdate(),
    )
    from tandem.voice.tasks import tell_team  # tasks imports this module

    # Everyone below a leader may be tens of thousands of people: the worker tells them.
    transaction.on_commit(lambda: tell_team.enqueue(entry.pk))
    return entry


def tell_team(heard_id: int, chunk: int = 2000) -> int:
    """Tell everyone below the leader what they heard (once: the row is held while
    telling, and marked told); returns how many were told."""
    with transaction.atomic():
        entry = Heard.objects.select_for_update().select_related("leader").get(pk=heard_id)
        if entry.told:
            return 0
        leader = entry.leader
        team = (
            Person.objects.filter(active=True, line__startswith=leader.line)
            .exclude(pk=leader.pk)
            .order_by("pk")
        )
        told, last, home = 0, 0, reverse("voice:home")
        while batch := list(team.filter(pk__gt=last)[:chunk]):
            told += len(
                notify(batch, f"{leader.name}: what I heard, what I will change.", url=home)
            )
            last = batch[-1].pk
        Heard.objects.filter(pk=entry.pk).update(told=True)
    return told


def heard_by_my_leaders(me: Person):
    """What the leaders up my line published, newest first."""
    return Heard.objects.filter(leader_id__in=me.manager_chain_ids()).select_related(
        "leader", "commitment"
    )[:20]
