"""The bottom-up records: ideas, service actions and stories (M2)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from tandem.people.models import OrgUnit, Person

BUILDING_BLOCKS = [
    ("common-language", "Common Service Language"),
    ("vision", "Engaging Service Vision"),
    ("recruitment", "Service Staff Recruitment"),
    ("orientation", "New Staff Orientation"),
    ("communications", "Service Communications"),
    ("recognition", "Service Recognition and Rewards"),
    ("voice-of-customer", "Voice of the Customer"),
    ("measures", "Service Measures and Metrics"),
    ("improvement", "Service Improvement Process"),
    ("recovery", "Service Recovery and Guarantees"),
    ("benchmarking", "Service Benchmarking"),
    ("role-modeling", "Service Role Modeling"),
]


# How long a text may be: long enough for any real description, short enough that a
# pasted document cannot push the rest of a page out of reach.
TITLE_LIMIT = 200
DESCRIPTION_LIMIT = 5000
NOTE_LIMIT = 2000


@deconstructible
class LengthLimit(MaxLengthValidator):
    """At most `limit_value` characters, refused with a message naming the field."""

    def __init__(self, limit_value: int, what: str) -> None:
        super().__init__(limit_value)
        self.what = what

    def __call__(self, value) -> None:
        if len(value) > self.limit_value:
            raise ValidationError(
                f"{self.what.capitalize()} can be at most {self.limit_value:,} characters; "
                f"this one has {len(value):,}. Shorten it and save again.",
                code="too_long",
            )

    def __eq__(self, other) -> bool:
        return super().__eq__(other) and self.what == getattr(other, "what", None)


def too_long(value: str, limit: int, what: str) -> str | None:
    """The LengthLimit message for `value`, or None when it fits (for the services' checks
    of text that is not a model field's)."""
    try:
        LengthLimit(limit, what)(value)
    except ValidationError as error:
        return error.messages[0]
    return None


class BuildingBlock(models.Model):
    """One of the 12 building blocks of service culture (loaded by a migration)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


def load_building_blocks(model: type[BuildingBlock] | None = None) -> None:
    """Create or rename the 12 blocks (used by the migration, with its historical model)."""
    model = model or BuildingBlock
    for position, (slug, name) in enumerate(BUILDING_BLOCKS, start=1):
        model.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})


class Record(models.Model):
    """What ideas, actions and stories share: a unit, blocks, privacy, who logged it."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    blocks = models.ManyToManyField(BuildingBlock, blank=True, related_name="+")
    private = models.BooleanField(
        default=False, help_text="Only this unit, the people credited and their managers see it."
    )
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    # The many-to-many field naming the people credited (authors, doers, people involved).
    people_field = "people"

    def credited_people(self) -> models.QuerySet[Person]:
        return getattr(self, self.people_field).all()


class IdeaStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    TRYING = "trying", "Trying"
    IMPLEMENTED = "implemented", "Implemented"
    PARKED = "parked", "Parked"


# The workflow: which status may follow which.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    IdeaStatus.PROPOSED: (IdeaStatus.TRYING, IdeaStatus.PARKED),
    IdeaStatus.TRYING: (IdeaStatus.IMPLEMENTED, IdeaStatus.PARKED),
    IdeaStatus.PARKED: (IdeaStatus.PROPOSED,),
    IdeaStatus.IMPLEMENTED: (),
}


class TransitionError(ValidationError):
    """An idea was asked to move where the workflow does not allow."""


class Idea(Record):
    title = models.CharField(max_length=TITLE_LIMIT)
    description = models.TextField(validators=[LengthLimit(DESCRIPTION_LIMIT, "the description")])
    helps = models.CharField(
        "who it helps", max_length=200, blank=True, help_text="The customer or colleague it helps."
    )
    authors = models.ManyToManyField(Person, related_name="ideas")
    people_field = "authors"
    # What a search looks in (tandem.capture.search), the first field weighing most.
    search_fields = ("title", "description", "helps", "result")
    status = models.CharField(
        max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.PROPOSED
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    result = models.TextField(blank=True, validators=[LengthLimit(DESCRIPTION_LIMIT, "the result")])
    minutes_saved_per_week = models.PositiveIntegerField(null=True, blank=True)
    money_saved_per_year = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    customer_effect = models.TextField(
        blank=True, validators=[LengthLimit(NOTE_LIMIT, "the effect on customers")]
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        # A person's records of a period (keeping participation current on each capture).
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["created_by", "created_at"], name="idea_creator_time"),
            # A board column, newest move first, without sorting the whole column.
            models.Index(fields=["status", "-status_changed_at", "-id"], name="idea_column"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("capture:idea_detail", args=[self.pk])

    def allowed_transitions(self) -> tuple[str, ...]:
        return TRANSITIONS[self.status]

    def check_transition(self, to: str, *, note: str = "", result: str = "") -> None:
        """Raise TransitionError with a clear message when `to` is not allowed, or when
        what it needs is missing: a reason to park, a result to mark implemented."""
        if to not in IdeaStatus.values:
            raise TransitionError(
                {"to": f"'{to}' is not a status; use one of {', '.join(IdeaStatus.values)}."}
            )
        if to not in self.allowed_transitions():
            allowed = ", ".join(self.allowed_transitions()) or "nothing (it is final)"
            raise TransitionError(
                {
                    "to": f"An idea that is {self.status} cannot move to {to}; "
                    f"it can move to {allowed}."
                }
            )
        if to == IdeaStatus.PARKED and not note.strip():
            raise TransitionError(
                {"note": "Give a reason for parking it: the authors are told the reason."}
            )
        if to == IdeaStatus.IMPLEMENTED and not result.strip():
            raise TransitionError(
                {"result": "Say what the result was before marking it implemented."}
            )
        errors = {
            field: message
            for field, message in (
                ("note", too_long(note, NOTE_LIMIT, "the note")),
                ("result", too_long(result, DESCRIPTION_LIMIT, "the result")),
            )
            if message
        }
        if errors:
            raise TransitionError(errors)


class IdeaTransition(models.Model):
    """One move of an idea through the workflow: who, when, from, to and why."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=IdeaStatus.choices)
    to_status = models.CharField(max_length=20, choices=IdeaStatus.choices)
    by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    # Why: the reason when parked (required), otherwise an optional note; the authors are
    # told it and it shows in the idea's history.
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        # "Ideas implemented this week" across a large subtree: by status, then time.
        indexes = [models.Index(fields=["to_status", "at"])]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_status} → {self.to_status}"


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


def not_in_the_future(value) -> None:
    if value > timezone.localdate():
        raise ValidationError("The date cannot be in the future.")


class ServiceAction(Record):
    """A small thing done to upgrade service."""

    search_fields = ("what", "for_whom")
    what = models.TextField("what was done", validators=[LengthLimit(NOTE_LIMIT, "what was done")])
    for_whom = models.CharField(max_length=200, blank=True)
    date = models.DateField(
        default=timezone.localdate, db_index=True, validators=[not_in_the_future]
    )
    people = models.ManyToManyField(Person, related_name="service_actions")
    idea = models.ForeignKey(
        Idea,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        db_index=False,  # the partial index below
    )

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["created_by", "date"], name="action_creator_date"),
            # Most actions stand alone: an index of only the linked ones, whose statistics
            # tell the database that an idea has a few actions (with every null counted,
            # SQLite reads all 1.7 million actions for an idea's page).
            models.Index(
                fields=["idea"], condition=models.Q(idea__isnull=False), name="action_idea"
            ),
        ]

    def __str__(self) -> str:
        return self.what[:80]

    def get_absolute_url(self) -> str:
        return reverse("capture:action_detail", args=[self.pk])


class StoryKind(models.TextChoices):
    FRONTLINE_EFFORT = "frontline_effort", "Frontline effort"
    SERVICE_RECOVERY = "service_recovery", "Service recovery"
    CUSTOMER_COMPLIMENT = "customer_compliment", "Customer compliment"


class StorySource(models.TextChoices):
    STAFF = "staff", "Staff"
    MANAGER = "manager", "Manager"
    CUSTOMER = "customer", "Customer"


class ServiceLevel(models.TextChoices):
    """The six levels of service, as the customer judges them."""

    CRIMINAL = "criminal", "Criminal"
    BASIC = "basic", "Basic"
    EXPECTED = "expected", "Expected"
    DESIRED = "desired", "Desired"
    SURPRISING = "surprising", "Surprising"
    UNBELIEVABLE = "unbelievable", "Unbelievable"


class Story(Record):
    search_fields = ("what_happened", "customer_words")
    kind = models.CharField(max_length=30, choices=StoryKind.choices)
    what_happened = models.TextField(validators=[LengthLimit(DESCRIPTION_LIMIT, "what happened")])
    customer_words = models.TextField(
        blank=True, validators=[LengthLimit(NOTE_LIMIT, "the customer's words")]
    )
    people = models.ManyToManyField(Person, related_name="stories")
    date = models.DateField(
        default=timezone.localdate, db_index=True, validators=[not_in_the_future]
    )
    source = models.CharField(max_length=20, choices=StorySource.choices, default=StorySource.STAFF)
    service_level = models.CharField(max_length=20, choices=ServiceLevel.choices, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name_plural = "stories"
        indexes = [models.Index(fields=["created_by", "date"], name="story_creator_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.what_happened[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("capture:story_detail", args=[self.pk])


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Being written"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


class RecordExport(models.Model):
    """A download of a whole record list (every idea, action or story a list's filters
    match, for the person who asked), written by the background worker
    (tandem.capture.exports) and kept for a few days."""

    KINDS = {"ideas": Idea, "actions": ServiceAction, "stories": Story}

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=[(k, k.capitalize()) for k in KINDS])
    fmt = models.CharField("format", max_length=4, choices=ExportFormat.choices)
    # The list's filters as its query string, checked when asked for.
    query = models.CharField(max_length=2000, blank=True)
    description = models.CharField(max_length=500)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows = models.PositiveIntegerField(null=True, blank=True)
    file = models.CharField(max_length=200, blank=True)  # its name in the export folder
    size = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="export_owner_time")]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("capture:export_download", args=[self.pk])

    @property
    def pending(self) -> bool:
        return self.status in {ExportStatus.QUEUED, ExportStatus.RUNNING}
