from __future__ import annotations

from django import forms

from tandem.capture.models import Idea, Story
from tandem.people.models import OrgUnit, Person
from tandem.people.pickers import PeopleChoiceField, UnitChoiceField

from .models import GuestKind, ShowcaseEntry
from .models.showcase import MOST_SEATS

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class DayForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)
    date = forms.DateField(required=False, widget=DATE)
    starts_at = forms.TimeField(label="Starts at", required=False, widget=TIME)
    venue = forms.CharField(max_length=300, required=False, help_text="The address guests get.")
    places = forms.IntegerField(
        label="Places for guests", min_value=1, max_value=5000, required=False
    )
    about = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What guests will see: it goes into the invitation and the programme.",
    )


class EntryForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)
    unit = UnitChoiceField(label="The team", required=False, empty_label="—")
    people = PeopleChoiceField(
        "people",
        queryset=Person.objects.active().select_related("unit"),
        label="Who presents",
        required=False,
        help_text="They hear what guests said after the day.",
    )
    problem = forms.CharField(
        label="The problem", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    change = forms.CharField(
        label="What we changed", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    results = forms.CharField(
        label="The results",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="With the figures: before and after.",
    )
    ideas = forms.ModelMultipleChoiceField(
        label="Implemented ideas behind it", queryset=Idea.objects.none(), required=False
    )
    stories = forms.ModelMultipleChoiceField(
        label="Stories", queryset=Story.objects.none(), required=False
    )

    photo_1 = forms.ImageField(
        label="Photos (up to three, 5 MB each)",
        required=False,
        help_text="The team at work, the change itself: guests see them on the team's page.",
    )
    photo_2 = forms.ImageField(label="Second photo", required=False)
    photo_3 = forms.ImageField(label="Third photo", required=False)

    def __init__(self, *args, ideas, stories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.all()
        self.fields["ideas"].queryset = ideas
        self.fields["stories"].queryset = stories

    def photos(self) -> list:
        return [
            self.cleaned_data[f"photo_{n}"] for n in (1, 2, 3) if self.cleaned_data[f"photo_{n}"]
        ]


class SlotForm(forms.Form):
    starts_at = forms.TimeField(label="From", required=False, widget=TIME)
    ends_at = forms.TimeField(label="To", required=False, widget=TIME)
    room = forms.CharField(max_length=100, required=False)
    entry = forms.ModelChoiceField(
        queryset=ShowcaseEntry.objects.none(), required=False, empty_label="— none —"
    )
    title = forms.CharField(
        label="Or a title", max_length=200, required=False, help_text="E.g. “Welcome”, “Lunch”."
    )

    def __init__(self, *args, day, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = day.entries.all()


class GuestForm(forms.Form):
    name = forms.CharField(max_length=200, required=False)
    email = forms.CharField(max_length=254, required=False)
    organization = forms.CharField(max_length=200, required=False)
    kind = forms.ChoiceField(choices=GuestKind.choices, required=False)


class RsvpForm(forms.Form):
    coming = forms.TypedChoiceField(
        label="Will you come?",
        choices=[("yes", "Yes, I will come"), ("no", "No, I cannot come")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=False,
    )
    seats = forms.TypedChoiceField(
        label="How many places",
        choices=[(str(n), str(n)) for n in range(1, MOST_SEATS + 1)],
        coerce=int,
        initial="1",
        required=False,
    )


class FeedbackForm(forms.Form):
    impressed = forms.CharField(
        label="What impressed you?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )
    question = forms.CharField(
        label="One question for the team (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )
    name = forms.CharField(label="Your name (optional)", max_length=200, required=False)
    may_share = forms.BooleanField(
        label="The team may share my words as a compliment",
        required=False,
        help_text="Shared inside the organization, with your name if you gave it.",
    )
