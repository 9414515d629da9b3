"""Background work for digests, through Django's tasks framework (pass ids, idempotent)."""

from django.tasks import task

from tandem.digests import services


@task
def send_digest(digest_id: int) -> str:
    """Build and email one leader's weekly digest; safe to run twice (see services.deliver)."""
    return services.deliver(digest_id)


@task
def schedule_digests(send_day_iso: str | None = None) -> int:
    """Queue today's digests (what the `send_digests` command does), for a worker's timer."""
    from datetime import date

    send_day = date.fromisoformat(send_day_iso) if send_day_iso else None
    return services.schedule(services.covered_week(send_day), send_day=send_day)
