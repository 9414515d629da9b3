"""The showcase day (PRODUCT.md M10): departments show clients, media and partners what
they improved and what it achieved.

Guests have no login: each is invited by email with a signed link to answer (yes with a
number of places, or no); on the day a phone page per entry takes their feedback. After
the day the feedback goes back to each team, and counts as a customer compliment where
the guest agreed.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tandem.capture.models import Idea, Story
from tandem.people.models import OrgUnit, Person

MOST_SEATS = 4  # places one guest may ask for


class DayStatus(models.TextChoices):
    DRAFT = "draft", "Being prepared"
    INVITING = "inviting", "Guests invited"
    RETURNED = "returned", "Feedback returned to the teams"


class ShowcaseDay(models.Model):
    title = models.CharField(max_length=200)
    date = models.DateField()
    starts_at = models.TimeField()
    venue = models.CharField(max_length=300)
    about = models.TextField(blank=True, validators=[MaxLengthValidator(3000)])
    places = models.PositiveIntegerField(
        "places for guests", validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    status = models.CharField(max_length=10, choices=DayStatus.choices, default=DayStatus.DRAFT)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recognition:showcase", args=[self.pk])

    def places_taken(self) -> int:
        return self.guests.filter(answer=Answer.YES).aggregate(n=models.Sum("seats"))["n"] or 0


class GuestKind(models.TextChoices):
    CLIENT = "client", "Client"
    MEDIA = "media", "Media"
    PARTNER = "partner", "Partner"


class Answer(models.TextChoices):
    WAITING = "waiting", "Not answered"
    YES = "yes", "Coming"
    NO = "no", "Not coming"


class Guest(models.Model):
    day = models.ForeignKey(ShowcaseDay, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    organization = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=GuestKind.choices, default=GuestKind.CLIENT)
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.WAITING)
    seats = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(MOST_SEATS)]
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["day", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["day", "email"], name="one_invitation_per_email")
        ]

    def __str__(self) -> str:
        return self.name


class ShowcaseEntry(models.Model):
    """A department's entry: the problem, what they changed, the results, with the ideas
    and stories behind it."""

    day = models.ForeignKey(ShowcaseDay, on_delete=models.CASCADE, related_name="entries")
    title = models.CharField(max_length=200)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    people = models.ManyToManyField(Person, blank=True, related_name="showcase_entries")
    problem = models.TextField(validators=[MaxLengthValidator(2000)])
    change = models.TextField("what we changed", validators=[MaxLengthValidator(2000)])
    results = models.TextField("the results", validators=[MaxLengthValidator(2000)])
    ideas = models.ManyToManyField(Idea, blank=True, related_name="+")
    stories = models.ManyToManyField(Story, blank=True, related_name="+")
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["day", "title", "pk"]
        verbose_name_plural = "showcase entries"

    def __str__(self) -> str:
        return self.title


PHOTOS_PER_ENTRY = 3
PHOTO_MOST_BYTES = 5 * 1024 * 1024


class Photo(models.Model):
    """A photo of an entry. Not public: stored under MEDIA_ROOT, served only through views
    that check who may see the entry (the organization, or a guest's signed link)."""

    entry = models.ForeignKey(ShowcaseEntry, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="showcase/%Y/%m/", max_length=300)
    caption = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["entry", "pk"]

    def __str__(self) -> str:
        return self.caption or f"photo {self.pk}"


class Slot(models.Model):
    """A time slot of the agenda: an entry presented, or something else (a welcome)."""

    day = models.ForeignKey(ShowcaseDay, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    room = models.CharField(max_length=100)
    entry = models.ForeignKey(
        ShowcaseEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="slots"
    )
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["day", "starts_at", "room", "pk"]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.room}: {self.entry or self.title}"


class GuestFeedback(models.Model):
    """What a guest said about an entry (who, only when they came by their own link)."""

    entry = models.ForeignKey(ShowcaseEntry, on_delete=models.CASCADE, related_name="feedback")
    guest = models.ForeignKey(
        Guest, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    name = models.CharField("your name (optional)", max_length=200, blank=True)
    impressed = models.TextField("what impressed you", validators=[MaxLengthValidator(1000)])
    question = models.TextField("one question", blank=True, validators=[MaxLengthValidator(500)])
    may_share = models.BooleanField("the team may share this as a compliment", default=False)
    on = models.DateField(default=timezone.localdate)
    returned = models.BooleanField(default=False)
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["entry", "pk"]

    def __str__(self) -> str:
        return self.impressed[:60]


class GuestCount(models.Model):
    """How many times a key (a hash of a guest link or an address) acted on a day: the
    rate limit of the pages without a login. Holds no address."""

    key = models.CharField(max_length=64)
    on = models.DateField(default=timezone.localdate)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "on"], name="one_count_per_day")]

    def __str__(self) -> str:
        return f"{self.count} on {self.on}"
