from __future__ import annotations

from django import forms

from tandem.capture.models import BuildingBlock
from tandem.people.models import OrgUnit, Person
from tandem.people.pickers import PeopleChoiceField, UnitChoiceField

from .models import WHAT_LIMIT, RecognitionSettings


class RecognitionForm(forms.Form):
    people = PeopleChoiceField(
        "people",
        queryset=Person.objects.active().select_related("unit"),
        label="Who",
        required=False,
        help_text="Type a name to find a colleague (Ctrl/⌘ to pick several).",
    )
    team = UnitChoiceField(
        queryset=OrgUnit.objects.all(),
        label="Or a whole team",
        required=False,
        empty_label="No team",
        help_text="Everyone placed in it (and below) is recognized.",
    )
    what = forms.CharField(  # checked by services.check, with the rest
        label="What for",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "data-counter": "", "maxlength": WHAT_LIMIT}),
        help_text="Something specific: what they did, and what it meant for the customer or you.",
    )
    block = forms.ModelChoiceField(
        label="Building block",
        queryset=BuildingBlock.objects.none(),
        required=False,
        empty_label="—",
    )
    value = forms.ChoiceField(label="Value", required=False)
    private = forms.BooleanField(
        label="Private",
        required=False,
        help_text="Only they, their managers and you see it; not in their unit's feed.",
    )
    for_customer = forms.BooleanField(
        label="On behalf of a customer",
        required=False,
        help_text="A customer's thanks you pass on: it counts as the customer's.",
    )
    customer = forms.CharField(label="The customer (optional)", max_length=200, required=False)

    def __init__(self, *args, blocks, settings: RecognitionSettings, leader: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = BuildingBlock.objects.filter(pk__in=[b.pk for b in blocks])
        values = settings.value_list()
        self.fields["value"].choices = [("", "—"), *((v, v) for v in values)]
        if not values:
            del self.fields["value"]
        if settings.must_name:
            self.fields["block"].help_text = "Name a building block or a value: one is asked for."
        if not leader:
            del self.fields["for_customer"]
            del self.fields["customer"]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = RecognitionSettings
        fields = ["must_name", "blocks", "values"]
        widgets = {
            "blocks": forms.CheckboxSelectMultiple,
            "values": forms.Textarea(attrs={"rows": 5}),
        }
