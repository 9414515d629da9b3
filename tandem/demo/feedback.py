"""Demo feedback to leaders ("leading up"): named conversations and anonymous notes in
the leaders' inboxes, written as the voice services keep them (anonymous ones with no
author and only the day they arrived, a Monday from a small group; their reply codes
were never shown to anyone)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from tandem.people.models import Person
from tandem.voice import services
from tandem.voice.batches import batch, by_week
from tandem.voice.models import Feedback, Kind, Label, Message

# (kind, text, a leader's answer or "")
NOTES = [
    (
        Kind.ADVICE,
        "Could the handover sheet list who is waiting for a callback? Nights "
        "keep ringing families who were already called.",
        "Yes — I'll add a column this week.",
    ),
    (
        Kind.DISAGREEMENT,
        "I don't think the new visiting hours help families who work. Most "
        "of our complaints come between 6 and 8 pm, after we close the doors.",
        "Fair point. I'll bring the evening numbers to the next leadership meeting.",
    ),
    (
        Kind.CONCERN,
        "We are one porter short most Sunday afternoons and patients wait for "
        "transfers for over an hour.",
        "Thank you for saying it. I've asked for the rota data.",
    ),
    (
        Kind.THANKS,
        "Thank you for standing in on the front desk during the outage. People noticed.",
        "",
    ),
    (
        Kind.ADVICE,
        "When a visitor is lost, we could walk them rather than point. It takes "
        "two minutes and they remember it.",
        "Let's try it for a month and see.",
    ),
    (Kind.CONCERN, "The discharge lounge has no water for patients after 4 pm.", ""),
    (
        Kind.DISAGREEMENT,
        "Moving the team huddle to 7:00 means night staff leave late every "
        "day. 7:15 would catch both shifts.",
        "Changed: from Monday the huddle is at 7:15.",
    ),
    (
        Kind.ADVICE,
        "A short note in the payslip about the idea board would reach the "
        "people who never open the intranet.",
        "",
    ),
    (
        Kind.THANKS,
        "Thanks for answering our ideas within the week — it makes a difference "
        "to keep suggesting.",
        "That means a lot. Keep them coming.",
    ),
]


MINIMUM = 5  # the demo's minimum group (VoiceSettings' default)


def build_feedback(last_day: date, seed: int, logins: dict[str, Person]) -> int:
    """Feedback over the last four weeks up to `last_day`; returns how many pieces."""
    write = _Writer(random.Random(f"feedback-{seed}"), last_day)
    frontline, manager, executive = logins["frontline"], logins["manager"], logins["executive"]
    # The printed logins see both sides: the frontline login's named note to their
    # manager, answered; and anonymous notes in the executive's inbox.
    write.named(frontline, manager, NOTES[6], last_day - timedelta(days=5))
    senders = list(
        Person.objects.filter(active=True, user__isnull=False, manager__isnull=False)
        .exclude(pk__in=[frontline.pk, manager.pk, executive.pk])
        .order_by("pk")
    )
    write.rng.shuffle(senders)
    for n, sender in enumerate(senders[:40]):
        note = NOTES[n % len(NOTES)]
        choices = services.recipients(sender, MINIMUM)
        if not choices:
            continue
        day = last_day - timedelta(days=write.rng.randint(1, 27))
        anonymous_to = [c.person for c in choices if c.anonymous_ok]
        if n % 3 == 0 and executive in anonymous_to:
            write.anonymous(executive, note, day)
        elif n % 2 == 0 and anonymous_to:
            write.anonymous(write.rng.choice(anonymous_to), note, day)
        else:
            write.named(sender, choices[0].person, note, day)
    return write.made


@dataclass
class _Writer:
    rng: random.Random
    last_day: date
    made: int = 0

    def named(self, author: Person, to: Person, note: tuple, day: date) -> None:
        self._answer(
            Feedback.objects.create(
                recipient=to,
                author=author,
                kind=note[0],
                text=note[1],
                deliver_on=day,
                notified=True,
            ),
            note,
        )

    def anonymous(self, to: Person, note: tuple, day: date) -> None:
        """Written `day`, it arrived with its batch (the next morning or, from a small
        group, the next Monday: batches.py), some time up to the last day."""
        code_hash = services.hash_code(services.new_code())  # a code nobody was shown
        senders = services.possible_senders(to)
        arrives = batch(day, by_week(senders, MINIMUM)).arrives_on
        while arrives > self.last_day:
            arrives -= timedelta(days=7)
        day = arrives
        self._answer(
            Feedback.objects.create(
                recipient=to,
                kind=note[0],
                text=note[1],
                deliver_on=day,
                code_hash=code_hash,
                notified=True,
            ),
            note,
        )

    def _answer(self, feedback: Feedback, note: tuple) -> None:
        self.made += 1
        answer = note[2]
        if not answer or self.rng.random() < 0.2:
            return
        day = min(feedback.deliver_on + timedelta(days=self.rng.randint(0, 3)), self.last_day)
        Message.objects.create(
            feedback=feedback,
            number=1,
            from_recipient=True,
            text=answer,
            deliver_on=day,
            notified=True,
        )
        feedback.label = (
            Label.ACTED_ON if answer.startswith(("Changed", "Yes")) else Label.DISCUSSED
        )
        feedback.resolved = answer.startswith("Changed")
        feedback.save(update_fields=["label", "resolved"])
