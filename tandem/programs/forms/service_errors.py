"""Putting a service's refusal next to the fields of the form that asked for it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from tandem.lib.errors import messages_by_field


def add_service_errors(form: forms.Form, error: ValidationError, *, elsewhere: str) -> None:
    """Put a service's ValidationError next to the form's fields; keys the form has no field
    for go to `form.<elsewhere>_errors` (a list the template shows where they belong)."""
    bucket: list[str] = getattr(form, f"{elsewhere}_errors")
    for key, messages in messages_by_field(error).items():
        if key in form.fields:
            form.add_error(key, messages)
        else:
            bucket.extend(messages)


class WithServiceErrors(forms.Form):
    """A form whose service messages without a field of their own go to `other_errors`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.other_errors: list[str] = []
