"""Forms for ideas, service actions and stories. They validate only: views call the services."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from tandem.capture import access
from tandem.capture.models import (
    DESCRIPTION_LIMIT,
    NOTE_LIMIT,
    BuildingBlock,
    Idea,
    ServiceAction,
    ServiceLevel,
    Story,
)
from tandem.people.models import Person, User
from tandem.people.pickers import PickerSelectMultiple, person_label


class PlainForm(forms.Form):
    """Labels without a trailing colon, as everywhere else in Tandem."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PlainModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def model_limit(model, name: str) -> int | None:
    """The most characters a model field takes (its max_length or a LengthLimit)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    limits = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
    return min(limits, default=None)


class CountedMixin:
    """Text fields with a length limit get `maxlength` and a live "n / limit" counter
    (static/js/counter.js); the limit itself is checked on the server (by the model's
    validators, or the form field's max_length).

    A browser sends a textarea's line breaks as CR LF but counts (and limits) each as one
    character: they are kept as LF, so the server counts what the counter showed.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._one_character_line_breaks()
        model = getattr(getattr(self, "_meta", None), "model", None)
        for name, field in self.fields.items():
            if not isinstance(field.widget, forms.TextInput | forms.Textarea):
                continue
            own = getattr(field, "max_length", None)
            limit = own or (model and model_limit(model, name))
            if limit:
                field.widget.attrs.update({"maxlength": limit, "data-counter": ""})
            if own:  # the others are the model's LengthLimit, with its own message
                field.error_messages["max_length"] = (
                    f"This can be at most {own:,} characters; it has %(show_value)s. "
                    "Shorten it and save again."
                )

    def _one_character_line_breaks(self) -> None:
        if not self.is_bound or not hasattr(self.data, "getlist"):
            return
        data = self.data.copy()
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if isinstance(field.widget, forms.Textarea) and key in data:
                data.setlist(key, [v.replace("\r\n", "\n") for v in data.getlist(key)])
        self.data = data


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class CreditPicker(PickerSelectMultiple):
    """The people picker of "On behalf of"; a value may also list several employee ids
    separated by commas or spaces (typed, or sent by a script)."""

    def value_from_datadict(self, data, files, name):
        values = super().value_from_datadict(data, files, name)
        return [part for value in values for part in re.split(r"[\s,;]+", value) if part]


class CreditField(forms.ModelMultipleChoiceField):
    """'On behalf of': people picked by searching, sent by employee id.

    Any active person is a valid value here; whether the user may credit them is
    decided by `services.resolve_credit`, the one check the UI and the API share.
    """

    def __init__(self, user: User) -> None:
        super().__init__(
            queryset=Person.objects.active().select_related("unit"),
            to_field_name="employee_id",
            required=False,
            label="On behalf of",
            widget=CreditPicker("credit"),
            help_text="Leave empty to log it as yours. Type a name or employee id to find "
            "team members and give them the credit (Ctrl/⌘ to pick several).",
            error_messages={
                "invalid_choice": "No active person has the employee id “%(value)s”.",
                "invalid_pk_value": "“%(pk)s” is not an employee id.",
            },
        )

    def label_from_instance(self, obj: Person) -> str:
        return person_label(obj)


class CreditMixin:
    """Adds 'On behalf of' to a capture form; shown to leaders and the program office."""

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.show_people = access.can_log_for_others(user)
        self.fields["people"] = CreditField(user)


def blocks_field() -> forms.ModelMultipleChoiceField:
    """The building blocks as checkboxes, by slug (the same names the API uses)."""
    return forms.ModelMultipleChoiceField(
        queryset=BuildingBlock.objects.all(),
        to_field_name="slug",
        required=False,
        label="Building blocks",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
        error_messages={"invalid_choice": "“%(value)s” is not a building block."},
    )


class IdeaForm(CountedMixin, PlainModelForm):
    blocks = blocks_field()

    class Meta:
        model = Idea
        fields = ["title", "description", "helps", "blocks", "private"]
        labels = {
            "title": "Your idea in a few words",
            "description": "What would change, and why",
            "helps": "Who it helps",
            "private": "Private",
        }
        widgets = {
            "title": forms.TextInput(
                attrs={"placeholder": "e.g. Print discharge notes in large type"}
            ),
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class DatedForm(CountedMixin, PlainModelForm):
    """Actions and stories carry a date: today unless the person says otherwise."""

    blocks = blocks_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].required = False
        self.fields["date"].help_text = "Leave as is for today."

    def clean_date(self):
        # Blank means today; the model refuses a future date (for the API too).
        return self.cleaned_data.get("date") or timezone.localdate()


class ActionForm(DatedForm):
    class Meta:
        model = ServiceAction
        fields = ["what", "for_whom", "date", "blocks", "private"]
        labels = {"what": "What did you do?", "for_whom": "For whom"}
        widgets = {
            "what": forms.Textarea(
                attrs={"rows": 3, "placeholder": "e.g. Walked a lost visitor to radiology"}
            ),
            "date": DateInput(),
        }


class StoryForm(DatedForm):
    class Meta:
        model = Story
        fields = [
            "kind",
            "what_happened",
            "customer_words",
            "date",
            "source",
            "service_level",
            "blocks",
            "private",
        ]
        labels = {
            "kind": "What kind of story?",
            "what_happened": "What happened?",
            "customer_words": "The customer's own words",
            "source": "Who told it",
            "service_level": "Level of service, as the customer saw it",
        }
        widgets = {
            "kind": forms.RadioSelect(attrs={"class": "checks"}),
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "customer_words": forms.Textarea(attrs={"rows": 2, "placeholder": "“…”"}),
            "date": DateInput(),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A radio list needs no empty "---------" choice.
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]
        self.fields["service_level"].choices = [("", "Not rated"), *ServiceLevel.choices]


class IdeaCaptureForm(CreditMixin, IdeaForm):
    pass


class ActionCaptureForm(CreditMixin, ActionForm):
    pass


class StoryCaptureForm(CreditMixin, StoryForm):
    pass


# Fields the quick-capture page shows up front; everything else sits under "More".
MAIN_FIELDS = {
    "idea": ["title", "description"],
    "action": ["what"],
    "story": ["kind", "what_happened"],
}


class MoveForm(CountedMixin, PlainForm):
    """Move an idea along the workflow. Which moves are allowed, and what each needs (a
    reason to park, a result to mark implemented), is the model's rule."""

    to = forms.CharField(max_length=20, widget=forms.HiddenInput)
    note = forms.CharField(
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note to the authors",
        help_text="Needed to park it: say why. Optional for the other moves.",
    )
    result = forms.CharField(
        required=False,
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Result: what changed?",
    )
    minutes_saved_per_week = forms.IntegerField(
        required=False, min_value=0, max_value=100_000, label="Minutes saved per week"
    )
    money_saved_per_year = forms.DecimalField(
        required=False, min_value=0, max_digits=12, decimal_places=2, label="Money saved per year"
    )
    customer_effect = forms.CharField(
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Effect on customers",
    )


class CommentForm(CountedMixin, PlainForm):
    text = forms.CharField(
        max_length=DESCRIPTION_LIMIT,
        label="Add a comment",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Coach, ask, encourage…"}),
    )
