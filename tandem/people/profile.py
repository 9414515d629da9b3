"""The profile page: who you are in the organization, and your personal API tokens.

A token's secret is shown once, in the response to the POST that created it, and
never stored (only its hash): it is not put in the session or a message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tandem.audit.models import log_action
from tandem.people import access
from tandem.people.models import ApiToken, User


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text="What the token is for, e.g. “Team spreadsheet” or “Slack bot”.",
    )


def issue_token(user: User, name: str, *, actor: Any = None) -> tuple[ApiToken, str]:
    """Issue a personal token and audit it; returns the token and its raw secret."""
    with transaction.atomic():
        token, raw = ApiToken.issue(user, name)
        log_action(actor or user, "token created", token, extra={"name": name, "for": user.email})
    return token, raw


def revoke_token(user: User, token: ApiToken) -> None:
    """Revoke a token at once (idempotent) and audit it."""
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(user, "token revoked", token, extra={"name": token.name})


def _render(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    me = access.person_for(request.user)
    context = {
        "person": me,
        "tokens": request.user.api_tokens.all(),
        "form": TokenForm(),
        **extra,
    }
    if me is not None:
        context["person"] = type(me).objects.select_related("unit", "manager").get(pk=me.pk)
    return render(request, "people/profile.html", context, status=status)


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    return _render(request)


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _render(request, status=400, form=form)
    token, raw = issue_token(request.user, form.cleaned_data["name"])
    response = _render(request, new_token=raw, new_token_name=token.name)
    # The secret is in this page only: keep it out of every cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of your own tokens; anyone else's is a 404."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_token(request.user, token)
    messages.success(request, f"Token “{token.name}” is revoked; it no longer works.")
    return redirect("profile:detail")
