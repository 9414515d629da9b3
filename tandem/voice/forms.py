from __future__ import annotations

from django import forms

from tandem.voice.models import TEXT_LIMIT, Kind, Label, VoiceSettings


class FeedbackForm(forms.Form):
    to = forms.TypedChoiceField(label="To", coerce=int)
    kind = forms.ChoiceField(label="What is it?", choices=Kind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label="Your feedback",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6, "data-counter": ""}),
    )
    anonymous = forms.TypedChoiceField(
        label="Send it",
        choices=[("0", "with my name"), ("1", "anonymously")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
    )

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = choices
        if choices:
            self.fields["to"].initial = choices[0][0]


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Your reply",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4, "data-counter": ""}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Reply code",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class LabelForm(forms.Form):
    label = forms.ChoiceField(label="Label", choices=[("", "—"), *Label.choices], required=False)
    resolved = forms.BooleanField(label="Resolved", required=False)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = VoiceSettings
        fields = ["min_group"]
        labels = {"min_group": "Minimum group for anonymous feedback"}


class HeardForm(forms.Form):
    heard = forms.CharField(
        label="What I heard",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "data-counter": ""}),
    )
    will_change = forms.CharField(
        label="What I will change",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "data-counter": ""}),
    )
    commitment = forms.ModelChoiceField(
        label="Tied to my commitment",
        queryset=None,
        required=False,
        empty_label="— none —",
    )

    def __init__(self, *args, commitments, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = commitments
