"""Recognition pages: the feed, giving one, one recognition, the program office's rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tandem.capture import access as capture_access
from tandem.capture.models import Idea, ServiceAction, Story
from tandem.lib.errors import add_to_form
from tandem.lib.ids import as_id
from tandem.people.access import person_for
from tandem.people.models import Person

from . import access, services
from .forms import RecognitionForm, SettingsForm
from .models import Recognition, RecognitionSettings

PER_PAGE = 20
SHOWS = {"unit": "Your unit", "received": "Received", "given": "Given", "all": "All you see"}
RECORDS = {"idea": Idea, "action": ServiceAction, "story": Story}


def _feed(request: HttpRequest, me: Person | None, show: str):
    found = access.visible(request.user).select_related("given_by", "block", "team", "contest")
    if show == "received":
        found = found.filter(people=me)
    elif show == "given":
        found = found.filter(given_by=me)
    elif show == "unit" and me is not None:
        # The unit's feed: recognitions of people placed in one's unit (and below it),
        # private ones only for those who may see them.
        through = Recognition.people.through.objects.filter(
            recognition_id=OuterRef("pk"), person__unit__path__startswith=me.unit.path
        )
        found = found.filter(Exists(through))
    return found.prefetch_related("people__unit")


@login_required
def feed(request: HttpRequest) -> HttpResponse:
    if not access.can_browse(request.user):
        raise PermissionDenied("Recognitions are for people of the organization.")
    me = person_for(request.user)
    shows = SHOWS if me is not None else {"all": SHOWS["all"]}
    show = request.GET.get("show", "")
    if show not in shows:
        show = next(iter(shows))
    page = Paginator(_feed(request, me, show), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "show": show,
        "tabs": shows,
        "may_give": access.can_give(request.user),
        "may_set": access.can_set_rules(request.user),
        "me": me,
    }
    return render(request, "recognition/feed.html", context)


def _record(request: HttpRequest):
    """The idea, action or story named in the query (?idea=12), if the user may see it."""
    for name, model in RECORDS.items():
        pk = as_id(request.GET.get(name) or request.POST.get(name) or "")
        if pk is not None:
            record = model.objects.filter(pk=pk).first()
            if record is not None and capture_access.can_view(request.user, record):
                return name, record
    return None, None


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    if not access.can_give(request.user):
        raise PermissionDenied(access.GIVE_WHY)
    settings = RecognitionSettings.current()
    options = {
        "blocks": services.allowed_blocks(settings),
        "settings": settings,
        "leader": access.can_give_for_customer(request.user),
    }
    kind, record = _record(request)
    status = 200
    if request.method == "POST":
        form = RecognitionForm(request.POST, **options)
        if form.is_valid():
            data = form.cleaned_data
            given = services.Given(
                what=data["what"],
                people=list(data["people"]),
                team=data["team"],
                block=data["block"],
                value=data.get("value", ""),
                record=record,
                private=data["private"],
                for_customer=data.get("for_customer", False),
                customer=data.get("customer", ""),
            )
            try:
                made = services.give(request.user, given)
            except ValidationError as error:
                add_to_form(form, error)
            else:
                names = ", ".join(p.name for p in made.people.all()[:3])
                messages.success(request, f"Recognition sent: {names} and their managers are told.")
                return redirect(made)
        status = 400
    else:
        initial = {}
        if record is not None:
            initial["people"] = [
                p.pk for p in record.credited_people() if p != person_for(request.user)
            ]
            block = record.blocks.order_by("position").first()
            if block is not None and block in options["blocks"]:
                initial["block"] = block.pk
        person = as_id(request.GET.get("person", ""))
        if person is not None:
            initial["people"] = [person]
        form = RecognitionForm(initial=initial, **options)
    context = {"form": form, "record": record, "kind": kind, "settings": settings}
    return render(request, "recognition/new.html", context, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    recognition = access.get_visible(request.user, pk)
    people = list(recognition.people.select_related("unit").order_by("name"))
    record = recognition.record
    shown = record is not None and capture_access.can_view(request.user, record)
    context = {"r": recognition, "people": people, "record": record if shown else None}
    return render(request, "recognition/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    if not access.can_set_rules(request.user):
        raise PermissionDenied("Only the program office sets what a recognition names.")
    current = RecognitionSettings.current()
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Saved: new recognitions follow these rules.")
            return redirect("recognition:feed")
        return render(request, "recognition/settings.html", {"form": form}, status=400)
    return render(request, "recognition/settings.html", {"form": form})
