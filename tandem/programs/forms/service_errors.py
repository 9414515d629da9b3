"""Forms whose service messages without a field of their own are shown apart
(`tandem.lib.errors.add_to_form(form, error, unplaced=form.other_errors)`)."""

from __future__ import annotations

from django import forms


class WithServiceErrors(forms.Form):
    """A form whose service messages without a field of their own go to `other_errors`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.other_errors: list[str] = []
