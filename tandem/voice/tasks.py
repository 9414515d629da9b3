"""Background work for initiatives, through Django's tasks framework (pass ids,
idempotent)."""

from django.tasks import task

from tandem.voice import initiatives


@task
def distribute_initiative(initiative_id: int, round_: int = 1) -> int:
    """Tell everyone a published initiative (or its new round) affects; safe to run twice."""
    return initiatives.distribute(initiative_id, round_)
