"""Upward feedback (PRODUCT.md M7, "leading up"): advice, disagreement, concerns or
thanks sent to one's manager or a leader up one's reporting line, named or anonymous.

Anonymous feedback keeps nothing that points to its author: no person, login, address,
browser or session, no exact time (only the day it reached the recipient, the morning
after it was sent, in a batch with the others of that morning), random ids (an
increasing number would give away the order of sending), and the author reads replies
with a random code of which only a hash is kept. The page /voice/anonymity/
(templates/voice/anonymity.html) says exactly what is and is not stored.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tandem.people.models import Person
from tandem.programs.models import Commitment

TEXT_LIMIT = 2000


class Kind(models.TextChoices):
    ADVICE = "advice", "Advice"
    DISAGREEMENT = "disagreement", "Disagreement"
    CONCERN = "concern", "A concern"
    THANKS = "thanks", "Thanks"


class Label(models.TextChoices):
    ACTED_ON = "acted_on", "Acted on"
    DISCUSSED = "discussed", "Discussed"
    NOTED = "noted", "Noted"


class VoiceSettings(models.Model):
    """The organization's anonymity settings, set by the program office (one row)."""

    min_group = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(3), MaxValueValidator(10)],
        help_text="Anonymous feedback reaches a leader only when at least this many people "
        "could have sent it (3 to 10).",
    )
    text_min = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(3), MaxValueValidator(50)],
        help_text="An initiative's written responses are shown for a team only when at "
        "least this many of it responded; otherwise only at the level above (3 to 50).",
    )

    def __str__(self) -> str:
        return f"anonymous groups of at least {self.min_group}"

    @classmethod
    def current(cls) -> VoiceSettings:
        return cls.objects.get_or_create(pk=1)[0]


class Feedback(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="feedback_received"
    )
    # Named feedback only: anonymous feedback has no author, in any form.
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback_sent"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(max_length=TEXT_LIMIT)
    # The day it reaches the recipient: named at once, anonymous the morning after.
    deliver_on = models.DateField(db_index=True)
    # Anonymous only: the hash of the reply code the author was shown once.
    code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    label = models.CharField(max_length=20, choices=Label.choices, blank=True)
    resolved = models.BooleanField(default=False)
    withdrawn = models.BooleanField(default=False)
    reported = models.BooleanField(default=False)
    # Whether the recipient was told (anonymous ones in the morning batch).
    notified = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["recipient", "deliver_on"], name="feedback_inbox")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient}"

    @property
    def anonymous(self) -> bool:
        return bool(self.code_hash)


class Message(models.Model):
    """A reply in a feedback's conversation: from the recipient, or from the author (by
    name, or with the reply code)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="messages")
    number = models.PositiveIntegerField()  # the order within the conversation
    from_recipient = models.BooleanField()
    text = models.TextField(max_length=TEXT_LIMIT)
    # The day the other side may read it: an anonymous author's replies wait for the
    # morning batch, as their feedback did.
    deliver_on = models.DateField()
    notified = models.BooleanField(default=False)  # the other side was told

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "number"], name="voice_message_order")
        ]

    def __str__(self) -> str:
        return f"reply {self.number} on {self.feedback_id}"


class SendCount(models.Model):
    """How many pieces of feedback someone sent on a day, for the daily limit: keyed by a
    keyed hash of the person and the day, so that it names nobody and is tied to nothing
    sent."""

    key = models.CharField(max_length=64, unique=True)
    day = models.DateField(db_index=True)
    count = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.count} on {self.day}"


class Heard(models.Model):
    """A leader's answer to their people as a whole: what they heard, what they will
    change because of it, optionally tied to one of their commitments. Their team (all
    below them) sees it."""

    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="heard")
    heard = models.TextField("What I heard", max_length=TEXT_LIMIT)
    will_change = models.TextField("What I will change", max_length=TEXT_LIMIT)
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_on = models.DateField()
    told = models.BooleanField(default=False)  # the team was told (by the worker)

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.leader}: {self.will_change[:40]}"


class UsedForm(models.Model):
    """A feedback form already sent (the hash of its one-time token): a reload or a double
    tap sends nothing twice. Kept with the day only, deleted the next day."""

    key = models.CharField(max_length=64, unique=True)
    day = models.DateField(db_index=True)

    def __str__(self) -> str:
        return f"form sent on {self.day}"
