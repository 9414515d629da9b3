"""The filters the idea list, the story feed, the action list and their API lists share."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone

from tandem.capture import search
from tandem.capture.forms import DateInput, PlainForm
from tandem.capture.models import BuildingBlock, Idea, IdeaStatus, ServiceAction, Story, StoryKind
from tandem.people.models import OrgUnit, Person, in_subtree
from tandem.people.pickers import PersonChoiceField, UnitChoiceField

# Which date the from/to range applies to, per model.
DATE_FIELD: dict[type[Model], str] = {
    Idea: "created_at__date",
    ServiceAction: "date",
    Story: "date",
}
END_BEFORE_START = "The end date is before the start date."
# How each list is ordered: newest first, the id breaking ties (the keyset pages and the
# whole-list downloads read it in this order too).
NEWEST_FIRST: dict[type[Model], tuple[str, str]] = {
    Idea: ("-created_at", "-pk"),
    ServiceAction: ("-date", "-pk"),
    Story: ("-date", "-pk"),
}


def block_filter() -> forms.ModelChoiceField:
    """One building block, by slug, or any."""
    return forms.ModelChoiceField(
        queryset=BuildingBlock.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any building block",
        label="Building block",
        error_messages={"invalid_choice": "There is no such building block."},
    )


class FilterForm(PlainForm):
    """GET filters. Only the fields that make sense for the model are kept."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    unit = UnitChoiceField()
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *IdeaStatus.choices], label="Status"
    )
    kind = forms.ChoiceField(
        required=False, choices=[("", "Any kind"), *StoryKind.choices], label="Kind"
    )
    block = block_filter()
    date_from = forms.DateField(required=False, label="From", widget=DateInput())
    date_to = forms.DateField(required=False, label="To", widget=DateInput())
    mine = forms.BooleanField(required=False, label="Only mine")

    def __init__(self, data=None, *, model: type[Model]) -> None:
        super().__init__(data)
        self.model = model
        if model is not Idea:
            del self.fields["status"]
        if model is not Story:
            del self.fields["kind"]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", END_BEFORE_START)
        return data

    def active(self) -> bool:
        """Whether any filter is set (to tell "nothing matches" from "nothing yet")."""
        return bool(self.is_bound and any(v for v in self.cleaned_data.values()))

    def narrowing(self) -> bool:
        """Whether a filter other than the search is set (the filters panel opens)."""
        data = self.cleaned_data if self.is_bound else {}
        return any(v for name, v in data.items() if name != "q")


def filter_records(
    qs: QuerySet,
    *,
    unit: OrgUnit | None = None,
    status: str = "",
    kind: str = "",
    block: BuildingBlock | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    q: str = "",
    mine: bool = False,
    me: Person | None = None,
    complete: bool = False,
) -> QuerySet:
    """Narrow a queryset of ideas, actions or stories: the one filter both the web lists
    and the API lists use, so a search finds the same records in both.

    `unit` takes its whole subtree; `start`/`end` bound the model's DATE_FIELD; `mine`
    keeps the records crediting `me` (none when there is no `me`). Each word of `q`
    must start a word of one of the model's `search_fields`, in the database's full-text
    engine (tandem.capture.search; `complete` for every match, not the newest ones a
    ranked page needs). Raises ValidationError (field `end`) for an end before
    the start.
    """
    model = qs.model
    if start and end and start > end:
        raise ValidationError({"end": END_BEFORE_START})
    if unit is not None:
        qs = in_subtree(qs, unit)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if block is not None:
        qs = qs.filter(blocks=block)
    date_field = DATE_FIELD[model]
    if start:
        qs = qs.filter(**{f"{date_field}__gte": start})
    if end:
        qs = qs.filter(**{f"{date_field}__lte": end})
    if mine:
        qs = qs.filter(**{model.people_field: me}) if me else qs.none()
    return search.matching(qs, search.terms(q), complete=complete)


def apply_filters(
    qs: QuerySet, form: FilterForm, me: Person | None = None, *, complete: bool = False
) -> QuerySet:
    """Narrow `qs` by the valid filters of `form`; invalid ones show on the form, skipped."""
    if not form.is_bound:
        return qs
    form.is_valid()
    data = form.cleaned_data
    return filter_records(
        qs,
        unit=data.get("unit"),
        status=data.get("status") or "",
        kind=data.get("kind") or "",
        block=data.get("block"),
        start=data.get("date_from"),
        end=data.get("date_to"),
        q=data.get("q") or "",
        mine=bool(data.get("mine")),
        me=me,
        complete=complete,
    )


AGES = {  # the board's "logged" filter: value -> (label, newest age in days, oldest)
    "": ("Any time", None, None),
    "week": ("In the last 7 days", 0, 7),
    "month": ("In the last 30 days", 0, 30),
    "quarter": ("In the last 90 days", 0, 90),
    "older": ("More than 90 days ago", 90, None),
}


class BoardForm(PlainForm):
    """What the idea board shows: a unit's subtree, one author, one block, an age."""

    unit = UnitChoiceField()
    author = PersonChoiceField(
        "people",
        queryset=Person.objects.active().select_related("unit"),
        required=False,
        empty_label="Anyone",
        error_messages={"invalid_choice": "There is no such person; pick one from the list."},
    )
    block = block_filter()
    age = forms.ChoiceField(
        required=False, label="Logged", choices=[(k, v[0]) for k, v in AGES.items()]
    )

    def narrow(self, ideas: QuerySet[Idea]) -> QuerySet[Idea]:
        """`ideas` narrowed by the valid filters other than the unit."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("author"):
            ideas = ideas.filter(authors=data["author"])
        if data.get("block"):
            ideas = ideas.filter(blocks=data["block"])
        _, newest, oldest = AGES[data.get("age") or ""]
        now = timezone.now()
        if oldest is not None:
            ideas = ideas.filter(created_at__gte=now - dt.timedelta(days=oldest))
        if newest:
            ideas = ideas.filter(created_at__lt=now - dt.timedelta(days=newest))
        return ideas
