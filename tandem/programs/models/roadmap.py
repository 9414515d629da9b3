"""A program and its roadmap: ordered phases, each with ordered checklist items."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from tandem.people.models import OrgUnit, Person


class Program(models.Model):
    """A service-culture program for an organization (or part of one: a second wave)."""

    name = models.CharField(max_length=200)
    root_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="programs")
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_programs"
    )
    started_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-started_on", "name"]

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    """A step of the roadmap. Order is `position` (1, 2, …), rewritten whole by a reorder."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["program", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class ItemStatus(models.TextChoices):
    TODO = "todo", "To do"
    DOING = "doing", "Doing"
    DONE = "done", "Done"
    BLOCKED = "blocked", "Blocked"


# Work is started before it is finished (no todo → done), a blocked item goes back to
# doing or todo, and a done item can be reopened when the evidence turns out thin.
ITEM_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ItemStatus.TODO: (ItemStatus.DOING, ItemStatus.BLOCKED),
    ItemStatus.DOING: (ItemStatus.DONE, ItemStatus.BLOCKED, ItemStatus.TODO),
    ItemStatus.BLOCKED: (ItemStatus.DOING, ItemStatus.TODO),
    ItemStatus.DONE: (ItemStatus.DOING,),
}


class TransitionError(ValidationError):
    """A roadmap item or cascade stage was asked to move where the rules do not allow."""


class RoadmapItem(models.Model):
    """A checklist item of a phase: an owner, a due date, a status and its evidence."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="roadmap_items"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.TODO)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    evidence_note = models.TextField(blank=True)
    evidence_link = models.URLField(max_length=500, blank=True)
    # Not public: stored under MEDIA_ROOT but only served through a view that checks
    # who may see the program. The uploader's own file name is kept for display.
    evidence_file = models.FileField(
        upload_to="roadmap-evidence/%Y/%m/", max_length=300, blank=True
    )
    evidence_file_name = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["phase", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def allowed_transitions(self) -> tuple[str, ...]:
        return ITEM_TRANSITIONS[self.status]

    def check_transition(
        self,
        to: str,
        *,
        evidence_note: str = "",
        evidence_link: str = "",
        evidence_file: bool = False,
    ):
        """Raise TransitionError (field `to` or `evidence`) when the move is not allowed.

        Evidence is a note, a link or a file: given with the move or already on the item.
        """
        if to not in ItemStatus.values:
            choices = ", ".join(ItemStatus.values)
            raise TransitionError({"to": f"'{to}' is not a status; use one of {choices}."})
        if to not in self.allowed_transitions():
            allowed = ", ".join(self.allowed_transitions())
            raise TransitionError(
                {
                    "to": f"An item that is {self.status} cannot move to {to}; "
                    f"it can move to {allowed}."
                }
            )
        has_evidence = (
            evidence_file
            or bool(self.evidence_file)
            or any(
                s.strip()
                for s in (evidence_note, evidence_link, self.evidence_note, self.evidence_link)
            )
        )
        if to == ItemStatus.DONE and not has_evidence:
            raise TransitionError(
                {
                    "evidence": "Add evidence (a note, a link or a file) "
                    "before marking the item done."
                }
            )


MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# What evidence may be, by file name ending, and the type it is served as. Anything else
# (a web page, an SVG, a script, a program) is refused: served from the app's own origin
# it could run as the app.
EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".rtf": "application/rtf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}


def evidence_type(name: str) -> str | None:
    """The type a file of this name is served as, or None when it may not be evidence."""
    dot = name.rfind(".")
    return EVIDENCE_TYPES.get(name[dot:].lower()) if dot > 0 else None


def check_evidence_file(upload) -> None:
    """Raise ValidationError (field `evidence_file`) for an empty or too large upload, or
    one that is not a document, a picture or a text (EVIDENCE_TYPES)."""
    if upload is None:
        return
    if evidence_type(upload.name or "") is None:
        kinds = ", ".join(sorted({ext.lstrip(".") for ext in EVIDENCE_TYPES}))
        raise ValidationError(
            {
                "evidence_file": f"“{upload.name}” cannot be evidence: upload a document, a "
                f"picture or a text ({kinds})."
            }
        )
    if not upload.size:
        raise ValidationError({"evidence_file": "The file is empty; choose a file with content."})
    if upload.size > MAX_EVIDENCE_BYTES:
        mb = MAX_EVIDENCE_BYTES // (1024 * 1024)
        raise ValidationError(
            {
                "evidence_file": f"The file is {upload.size / (1024 * 1024):.1f} MB; "
                f"evidence files may be at most {mb} MB."
            }
        )
