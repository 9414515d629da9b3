"""Whole record lists as files: every idea, service action or story a list's filters
match, for the person who asked, written by the background worker.

A list page shows one page at a time; its "download all" asks for a `RecordExport`
(`request_export`), the worker writes it (`build`, through tandem.capture.tasks) row by
row into TANDEM_EXPORT_DIR, so memory stays flat whatever the size, and the person is
told in the app when it is ready. What the file holds is decided when it is written,
by the same visibility rules and filters as the list (private items included only where
that person may see them). Files are deleted after TANDEM_EXPORT_KEEP_DAYS.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from tandem.capture import access
from tandem.capture.filters import NEWEST_FIRST, FilterForm, apply_filters
from tandem.capture.models import ExportFormat, ExportStatus, RecordExport
from tandem.notifications.models import notify
from tandem.people.access import person_for
from tandem.reports.exports import SheetColumn, csv_chunks, neutralise, write_xlsx

logger = logging.getLogger(__name__)

MAX_PENDING = 3  # exports one person may have waiting or being written at once
BATCH = 2000  # records read at a time
STALE = dt.timedelta(hours=2)  # a claim older than this: the worker stopped
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


class ExportRefused(Exception):
    """The export cannot be asked for; the message says why, for the person."""


@dataclass(frozen=True)
class Field:
    """One column of an export: its label, how to read it off a record, its width in
    a spreadsheet and its number format there."""

    label: str
    read: Callable[[Any], Any]
    width: float = 14
    number_format: str | None = None


def _names(related: Any) -> str:
    return ", ".join(item.name for item in related.all())


def _local(moment: dt.datetime) -> dt.datetime:
    """The wall-clock time, as on screen (spreadsheets have no time zones)."""
    return timezone.localtime(moment).replace(tzinfo=None, second=0, microsecond=0)


def _link(record: Model) -> str:
    return settings.SITE_URL.rstrip("/") + record.get_absolute_url()


ID = Field("Id", lambda r: r.pk, 9, "0")
UNIT = Field("Unit", lambda r: r.unit.full_path, 36)
BLOCKS = Field("Building blocks", lambda r: _names(r.blocks), 28)
PRIVATE = Field("Private", lambda r: "yes" if r.private else "", 8)
LINK = Field("Link", _link, 36)
DATE = Field("Date", lambda r: r.date, 11, "yyyy-mm-dd")

FIELDS: dict[str, list[Field]] = {
    "ideas": [
        ID,
        Field("Logged", lambda r: _local(r.created_at), 17, DATETIME_FORMAT),
        Field("Title", lambda r: r.title, 40),
        Field("Description", lambda r: r.description, 60),
        Field("Who it helps", lambda r: r.helps, 24),
        Field("Status", lambda r: r.get_status_display(), 12),
        Field("Status since", lambda r: _local(r.status_changed_at), 17, DATETIME_FORMAT),
        UNIT,
        Field("Authors", lambda r: _names(r.authors), 30),
        BLOCKS,
        PRIVATE,
        Field("Result", lambda r: r.result, 40),
        Field("Minutes saved per week", lambda r: r.minutes_saved_per_week, 12, "#,##0"),
        Field("Money saved per year", lambda r: r.money_saved_per_year, 14, "#,##0.00"),
        Field("Customer effect", lambda r: r.customer_effect, 40),
        LINK,
    ],
    "actions": [
        ID,
        DATE,
        Field("What was done", lambda r: r.what, 60),
        Field("For whom", lambda r: r.for_whom, 24),
        UNIT,
        Field("People", lambda r: _names(r.people), 30),
        BLOCKS,
        Field("Idea", lambda r: r.idea_id, 9, "0"),
        PRIVATE,
        LINK,
    ],
    "stories": [
        ID,
        DATE,
        Field("Kind", lambda r: r.get_kind_display(), 20),
        Field("What happened", lambda r: r.what_happened, 60),
        Field("Customer's words", lambda r: r.customer_words, 40),
        Field("Source", lambda r: r.get_source_display(), 10),
        Field("Service level", lambda r: r.get_service_level_display(), 12),
        UNIT,
        Field("People", lambda r: _names(r.people), 30),
        BLOCKS,
        PRIVATE,
        LINK,
    ],
}
VISIBLE = {
    "ideas": access.visible_ideas,
    "actions": access.visible_actions,
    "stories": access.visible_stories,
}
SINGULAR = {"ideas": "idea", "actions": "action", "stories": "story"}


def filter_form(kind: str, query: str) -> FilterForm:
    """The list's filter form over `query` (a list page's query string)."""
    data = QueryDict(query)
    return FilterForm(data or None, model=RecordExport.KINDS[kind])


def describe(kind: str, form: FilterForm) -> str:
    """What the file holds, in words: "Ideas — Unit: Ward 4B; Status: Implemented"."""
    title = kind.capitalize()
    if not form.is_bound:
        return f"{title} — all you can see"
    parts = []
    for name, value in form.cleaned_data.items():
        if not value or name.endswith("_find"):
            continue
        field = form.fields[name]
        if hasattr(field, "choices") and not hasattr(value, "pk"):
            value = dict(field.choices).get(value, value)
        shown = "yes" if value is True else getattr(value, "name", value)
        parts.append(f"{field.label}: {shown}")
    return f"{title} — " + ("; ".join(parts) if parts else "all you can see")


def request_export(user: Any, kind: str, fmt: str, query: str) -> RecordExport:
    """Ask the worker for the whole list `kind` under the filters of `query`.

    Raises ExportRefused for an unknown list or format, a filter that is not valid (the
    field and the reason), or when MAX_PENDING exports of this person are unfinished.
    The task is queued once the transaction commits.
    """
    if kind not in RecordExport.KINDS:
        raise ExportRefused(
            f"There is no list called {kind[:20]!r}; use ideas, actions or stories."
        )
    if fmt not in ExportFormat.values:
        raise ExportRefused(f"The format must be csv or xlsx (got {fmt[:10]!r}).")
    if len(query) > RecordExport._meta.get_field("query").max_length:
        raise ExportRefused("The filters are too long to save; use fewer.")
    form = filter_form(kind, query)
    if form.is_bound and not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        label = form.fields[name].label if name in form.fields else name
        raise ExportRefused(f"{label}: {errors[0]}")
    pending = RecordExport.objects.filter(
        requested_by=user,
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING],
        created_at__gte=timezone.now() - STALE,
    )
    if pending.count() >= MAX_PENDING:
        raise ExportRefused(
            f"You already have {MAX_PENDING} downloads being prepared; "
            "wait until one is ready, then ask again."
        )
    export = RecordExport.objects.create(
        requested_by=user, kind=kind, fmt=fmt, query=query, description=describe(kind, form)
    )
    from tandem.capture.tasks import build_export  # tasks imports this module

    transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return export


def records(export: RecordExport) -> QuerySet:
    """Every record the export holds, newest first, for its owner as they are now."""
    user = export.requested_by
    kind = export.kind
    qs = VISIBLE[kind](user)
    model = qs.model
    qs = apply_filters(qs, filter_form(kind, export.query), person_for(user), complete=True)
    return (
        qs.select_related("unit")
        .prefetch_related(model.people_field, "blocks")
        .order_by(*NEWEST_FIRST[model])
    )


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def write(export: RecordExport, out: Any) -> int:
    """Write the export's records to the binary file `out`; return how many."""
    fields = FIELDS[export.kind]
    rows: Iterator[Any] = records(export).iterator(chunk_size=BATCH)
    if export.fmt == ExportFormat.CSV:
        count = 0
        header = [field.label for field in fields]
        lines = ([_csv_value(f.read(record)) for f in fields] for record in rows)

        def counted() -> Iterator[list[str]]:
            nonlocal count
            for line in lines:
                count += 1
                yield line

        for chunk in csv_chunks(header, counted()):
            out.write(chunk)
        return count
    columns = [SheetColumn(f.label, f.width, f.number_format) for f in fields]
    return write_xlsx(
        out,
        title=export.description,
        note=f"Written {timezone.localtime():%Y-%m-%d %H:%M}, newest first.",
        columns=columns,
        rows=([f.read(record) for f in fields] for record in rows),
        sheet_name=export.kind.capitalize(),
    )


def folder() -> Path:
    path = Path(settings.TANDEM_EXPORT_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(export: RecordExport) -> Path | None:
    """The export's file, when it is ready and still on disk."""
    if export.status != ExportStatus.READY or not export.file:
        return None
    path = folder() / export.file
    return path if path.is_file() else None


def download_name(export: RecordExport) -> str:
    return (
        f"{export.kind}-{timezone.localtime(export.created_at):%Y-%m-%d}-{export.pk}.{export.fmt}"
    )


def build(export_id: int) -> RecordExport | None:
    """Write export `export_id` if it is still waiting (a second run does nothing), then
    tell its owner. A failure is recorded on the export with a message for the person;
    no partial file is left behind."""
    purge_expired()
    claimed = RecordExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    export = RecordExport.objects.select_related("requested_by").filter(pk=export_id).first()
    if not claimed or export is None:
        return export
    name = f"{export.pk}-{secrets.token_hex(8)}.{export.fmt}"
    part = folder() / f"{name}.part"
    try:
        with part.open("wb") as out:
            count = write(export, out)
        part.rename(folder() / name)
    except Exception:
        logger.exception("export %s failed", export.pk)
        part.unlink(missing_ok=True)
        export.status = ExportStatus.FAILED
        export.error = (
            "The file could not be written. Ask for it again; "
            "if it fails again, tell the program office."
        )
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "error", "finished_at"])
        return export
    export.status = ExportStatus.READY
    export.rows = count
    export.file = name
    export.size = (folder() / name).stat().st_size
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "rows", "file", "size", "finished_at"])
    person = person_for(export.requested_by)
    if person is not None:
        noun = export.kind if count != 1 else SINGULAR[export.kind]
        notify(
            [person],
            f"Your download is ready: {count:,} {noun} ({export.get_fmt_display()}).",
            reverse("capture:export_list"),
        )
    return export


def purge_expired() -> int:
    """Delete the exports (and their files) older than TANDEM_EXPORT_KEEP_DAYS."""
    cutoff = timezone.now() - dt.timedelta(days=settings.TANDEM_EXPORT_KEEP_DAYS)
    old = list(RecordExport.objects.filter(created_at__lt=cutoff))
    for export in old:
        if export.file:
            (folder() / export.file).unlink(missing_ok=True)
    RecordExport.objects.filter(pk__in=[e.pk for e in old]).delete()
    return len(old)
