"""The form that records a meeting and its agenda: services/meetings.py checks and saves."""

from __future__ import annotations

from django import forms

from tandem.people.models import OrgUnit
from tandem.people.pickers import (
    PeopleChoiceField,
    PersonChoiceField,
    UnitChoiceField,
    UnitsChoiceField,
)
from tandem.programs.models import AgendaTag
from tandem.programs.services.meetings import AgendaInput

AGENDA_ROWS = 6


class MeetingForm(forms.Form):
    """Date, unit, chair, attendees, notes and a fixed number of agenda rows (blank ones
    are ignored). Missing values are left to the service, whose messages say what to do."""

    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    unit = UnitChoiceField(
        queryset=OrgUnit.objects.none(),
        source="meeting-units",
        empty_label="—",
        error_messages={"invalid_choice": "Pick one of the units you record meetings for."},
    )
    chair = PersonChoiceField("meeting-people", required=False, empty_label="—")
    attendees = PeopleChoiceField(
        "meeting-people",
        required=False,
        help_text="Type a name to find people; hold Ctrl (or ⌘) to pick several. "
        "The chair counts as attending.",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.items_errors: list[str] = []
        self.other_errors: list[str] = []
        self.fields["unit"].queryset = units
        self.fields["chair"].queryset = people
        self.fields["attendees"].queryset = people
        tags = [("", "—")] + AgendaTag.choices
        for n in range(1, AGENDA_ROWS + 1):
            self.fields[f"item_{n}_title"] = forms.CharField(
                label=f"Item {n}", max_length=300, required=False
            )
            self.fields[f"item_{n}_tag"] = forms.ChoiceField(
                label=f"Tag of item {n}", choices=tags, required=False
            )
            self.fields[f"item_{n}_affects"] = UnitsChoiceField(label=f"Teams item {n} affects")

    def agenda_rows(self) -> list[dict]:
        """The bound fields of each agenda row, for the template."""
        return [
            {
                "n": n,
                "title": self[f"item_{n}_title"],
                "tag": self[f"item_{n}_tag"],
                "affects": self[f"item_{n}_affects"],
            }
            for n in range(1, AGENDA_ROWS + 1)
        ]

    def agenda(self) -> list[AgendaInput]:
        """The filled-in rows in order; a row with no title, tag or team is left out."""
        items = []
        for n in range(1, AGENDA_ROWS + 1):
            title = self.cleaned_data.get(f"item_{n}_title", "")
            tag = self.cleaned_data.get(f"item_{n}_tag", "")
            affects = list(self.cleaned_data.get(f"item_{n}_affects") or [])
            if title or tag or affects:
                items.append(AgendaInput(title, tag, affects))
        return items
