"""Background work for capture, through Django's tasks framework."""

from django.tasks import task

from tandem.capture import exports


@task
def build_export(export_id: int) -> int:
    """Write a whole-list download (tandem.capture.exports.build); the rows written."""
    export = exports.build(export_id)
    return export.rows or 0 if export is not None else 0
