"""Background work for initiatives, through Django's tasks framework (pass ids,
idempotent)."""

from django.tasks import task

from tandem.voice import initiatives, services


@task
def distribute_initiative(initiative_id: int, round_: int = 1) -> int:
    """Tell everyone a published initiative (or its new round) affects; safe to run twice."""
    return initiatives.distribute(initiative_id, round_)


@task
def tell_team(heard_id: int) -> int:
    """Tell everyone below a leader what they heard and will change; safe to run twice."""
    return services.tell_team(heard_id)
