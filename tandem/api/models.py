"""What the API keeps besides the apps' records: the answers to requests sent with an
idempotency key, so that a client's retry gets the first answer instead of a duplicate."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class IdempotentRequest(models.Model):
    """One successful POST or PATCH sent with an `Idempotency-Key` header, and its answer.

    Stored in the same transaction as the change it made: either both are there or
    neither, so a retry after a dropped connection finds the answer exactly when the
    change was made. Kept for `KEEP`; then the key may be used again.
    """

    KEEP = timedelta(hours=24)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # What was asked (method, path and body, hashed): the same key with another request is
    # refused rather than answered with the first one's result.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotent_request_user_key")
        ]
        indexes = [models.Index(fields=["user", "created_at"], name="idempotent_user_time")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
