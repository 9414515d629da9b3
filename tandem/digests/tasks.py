"""Background work for digests, through Django's tasks framework (pass ids, idempotent)."""

from django.tasks import task

from tandem.digests import services


@task
def send_digest(digest_id: int) -> str:
    """Build and email one leader's weekly digest; safe to run twice (see services.deliver)."""
    return services.deliver(digest_id)
