from __future__ import annotations

from django import forms

from tandem.people.pickers import PeopleChoiceField, UnitsChoiceField

from .anchors import ANCHORS
from .models import AGAINST_LIMIT, DONT_KNOW, SCALE, Responsibility, Who
from .services import Choice

DONT = "dk"

# What each block means where one works, in a line (shown under its name).
HINTS = {
    "common-language": "Words we all use for good service, so that we mean the same thing.",
    "vision": "A service vision people know, believe and can say in their own words.",
    "recruitment": "Hiring for a service attitude, not only for technical skills.",
    "orientation": "How new colleagues learn, from day one, how we treat people here.",
    "communications": "Hearing about service — news, results, changes — in time and often.",
    "recognition": "Rewards and thanks for good service, not only for sales or speed.",
    "voice-of-customer": "Hearing what patients and colleagues say, and acting on it.",
    "measures": "Measuring what matters for service, and seeing the figures.",
    "improvement": "A way to suggest, try and spread better ways of working.",
    "recovery": "Putting it right when something goes wrong, quickly and kindly.",
    "benchmarking": "Learning from others who serve better, inside and outside.",
    "role-modeling": "Leaders who show good service in what they do, every day.",
}


class RoundForm(forms.Form):
    """What the program office decides for a round. Missing values are left to the
    service (services.save_round), whose messages say what to do."""

    title = forms.CharField(label="Title", max_length=200, required=False)
    units = UnitsChoiceField(
        label="Units asked",
        source="assessment-units",
        help_text="Everyone placed in these units or below them may be asked.",
    )
    who = forms.ChoiceField(label="Who answers", choices=Who.choices, widget=forms.RadioSelect)
    sample_percent = forms.IntegerField(
        label="Sample size (%)",
        required=False,
        min_value=1,
        max_value=99,
        help_text="Only for a random sample: the share of people asked.",
    )
    opens_on = forms.DateField(
        label="Opens on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label="Closes on",
        required=False,
        help_text="Those who have not answered are reminded two days before.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class AnswerForm(forms.Form):
    """One rating (1–5 or don't know) and an optional "works against service" text per
    building block."""

    def __init__(self, *args, blocks, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.blocks = blocks
        choices = [(str(score), str(score)) for score, _ in SCALE]
        choices.append((DONT, "?"))
        self.words = {str(score): words for score, words in SCALE} | {DONT: DONT_KNOW}
        for block in blocks:
            self.fields[f"block_{block.pk}"] = forms.ChoiceField(
                label=block.name,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"against_{block.pk}"] = forms.CharField(
                label=f"A practice that works against service here ({block.name}), if any",
                required=False,  # its length is checked with the rest (services.answer)
                widget=forms.Textarea(
                    attrs={"rows": 2, "data-counter": "", "maxlength": AGAINST_LIMIT}
                ),
            )

    def pairs(self):
        """(rating field, text field) per block, for the template."""
        return [
            (self[f"block_{b.pk}"], self[f"against_{b.pk}"], b, HINTS.get(b.slug, ""))
            for b in self.blocks
        ]

    def scale(self):
        return list(self.words.items())

    def choices(self) -> dict[int, Choice | None]:
        found: dict[int, Choice | None] = {}
        for block in self.blocks:
            value = self.cleaned_data.get(f"block_{block.pk}") or ""
            text = self.cleaned_data.get(f"against_{block.pk}") or ""
            if value == DONT:
                found[block.pk] = Choice(None, text)
            elif value:
                found[block.pk] = Choice(int(value), text)
            else:
                found[block.pk] = None
        return found


class LeaderRoundForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, required=False)
    units = UnitsChoiceField(
        label="Units whose leaders take part",
        source="assessment-units",
        help_text="Every supervisor, manager and senior leader placed in these units or below.",
    )
    opens_on = forms.DateField(
        label="Opens on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label="Closes on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    min_peers = forms.IntegerField(
        label="Fewest peers shown", initial=3, min_value=3, max_value=10, required=False
    )
    min_reports = forms.IntegerField(
        label="Fewest direct reports shown", initial=3, min_value=3, max_value=10, required=False
    )

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class PeersForm(forms.Form):
    peers = PeopleChoiceField(
        "people",
        label="Peers who rate you",
        required=False,
        help_text="Three to eight colleagues who see your work: type a name to find them.",
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peers"].queryset = people


class RateForm(forms.Form):
    """Each responsibility 1–5 (its anchors shown) or don't know, and two questions."""

    keep = forms.CharField(
        label="What should this leader keep doing?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-counter": "", "maxlength": 1000}),
    )
    start = forms.CharField(
        label="What should this leader start doing?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-counter": "", "maxlength": 1000}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(n), str(n)) for n in range(1, 6)] + [(DONT, "?")]
        for value, label in Responsibility.choices:
            self.fields[value] = forms.ChoiceField(
                label=label, choices=choices, required=False, widget=forms.RadioSelect
            )

    def rows(self):
        return [(self[value], value, ANCHORS[value]) for value in Responsibility.values]

    def scores(self) -> dict[str, int | None]:
        found: dict[str, int | None] = {}
        for value in Responsibility.values:
            raw = self.cleaned_data.get(value) or ""
            if raw == DONT:
                found[value] = None
            elif raw:
                found[value] = int(raw)
        return found


class ShareForm(forms.Form):
    heard = forms.CharField(
        label="What I heard",
        widget=forms.Textarea(attrs={"rows": 3, "data-counter": "", "maxlength": 2000}),
        required=False,
    )
    will_change = forms.CharField(
        label="What I will work on",
        widget=forms.Textarea(attrs={"rows": 3, "data-counter": "", "maxlength": 2000}),
        required=False,
    )
    commitment = forms.CharField(
        label="As a monthly commitment (optional)",
        max_length=300,
        required=False,
        help_text="E.g. “Ask one person a week what gets in the way, and remove it.”",
    )
