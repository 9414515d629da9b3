"""The profile page: who you are in the organization, and your personal API tokens.

A token's secret is shown once, in the response to the POST that created it, and
never stored (only its hash): it is not put in the session or a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from tandem.people import access
from tandem.people.models import ApiToken, Person
from tandem.people.services import issue_token, revoke_token


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text="What the token is for, e.g. “Team spreadsheet” or “Slack bot”.",
    )
    days = forms.TypedChoiceField(
        label="Works for",
        choices=[("30", "30 days"), ("90", "90 days"), ("365", "1 year"), ("", "until revoked")],
        coerce=int,
        empty_value=None,
        required=False,
        initial="90",
        help_text="Every token stops working when your password is reset or changed.",
    )


# Sections other apps add to the profile (this app sits below them): each a function of
# (request, person) giving (template name, context) or None; registered in their ready().
Section = Callable[[HttpRequest, Person], tuple[str, dict] | None]
SECTIONS: list[Section] = []


def add_section(section: Section) -> None:
    if section not in SECTIONS:
        SECTIONS.append(section)


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
        shown = (section(request, context["person"]) for section in SECTIONS)
        context["sections"] = [found for found in shown if found is not None]
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
    token, raw = issue_token(
        request.user, form.cleaned_data["name"], days=form.cleaned_data["days"]
    )
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
