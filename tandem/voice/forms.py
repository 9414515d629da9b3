from __future__ import annotations

import secrets

from django import forms

from tandem.voice.models import TEXT_LIMIT, Kind, Label, VoiceSettings


def _text(label: str, rows: int) -> forms.CharField:
    """A text box of at most TEXT_LIMIT characters, with the live counter."""
    return forms.CharField(
        label=label,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows, "data-counter": ""}),
    )


class FeedbackForm(forms.Form):
    to = forms.TypedChoiceField(label="To", coerce=int)
    kind = forms.ChoiceField(label="What is it?", choices=Kind.choices, widget=forms.RadioSelect)
    text = _text("Your feedback", rows=6)
    anonymous = forms.TypedChoiceField(
        label="Send it",
        choices=[("0", "with my name"), ("1", "anonymously")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
    )

    # A one-time token: the same form sent twice (a reload, a double tap) sends once.
    once = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["once"].initial = secrets.token_urlsafe(24)
        self.fields["to"].choices = choices
        if choices:
            self.fields["to"].initial = choices[0][0]


class ReplyForm(forms.Form):
    text = _text("Your reply", rows=4)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Reply code",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class LabelForm(forms.Form):
    label = forms.ChoiceField(label="Label", choices=[("", "—"), *Label.choices], required=False)
    resolved = forms.BooleanField(label="Resolved", required=False)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")  # a checkbox's label comes after it
        super().__init__(*args, **kwargs)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = VoiceSettings
        fields = ["min_group"]
        labels = {"min_group": "Minimum group for anonymous feedback"}
        widgets = {"min_group": forms.NumberInput(attrs={"min": 3, "max": 10})}


class HeardForm(forms.Form):
    heard = _text("What I heard", rows=3)
    will_change = _text("What I will change", rows=3)
    commitment = forms.ModelChoiceField(
        label="Tied to my commitment",
        queryset=None,
        required=False,
        empty_label="— none —",
    )

    def __init__(self, *args, commitments, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = commitments
