"""What the assessment pages share: a service's refusal shown on a form or as messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from tandem.lib.errors import problems


def add_errors(form, error: ValidationError) -> None:
    for name, message in problems(error):
        form.add_error(name if name in form.fields else None, message)


def step(request: HttpRequest, action: Callable[[], Any], said: Callable[[Any], str]) -> None:
    """Take a round's step (open, close): say what it did, or every reason it did not."""
    try:
        result = action()
    except ValidationError as error:
        for _, message in problems(error):
            messages.error(request, message)
    else:
        messages.success(request, said(result))
