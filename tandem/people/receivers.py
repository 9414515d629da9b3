"""What people does when allauth says a password was reset, changed or set: every API
token of that login stops working (whoever knew the old password may have made one)."""

from __future__ import annotations

from allauth.account.signals import password_changed, password_reset, password_set
from django.dispatch import receiver

from tandem.people.services import revoke_all_tokens


@receiver(password_reset)
def _revoke_after_reset(sender, request, user, **kwargs) -> None:
    revoke_all_tokens(user, because="password reset")


@receiver(password_changed)
@receiver(password_set)
def _revoke_after_change(sender, request, user, **kwargs) -> None:
    revoke_all_tokens(user, because="password changed")
