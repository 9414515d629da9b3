"""Showcase day pages: for the organization (the day, its agenda and entries; the program
office prepares it and invites guests), and for guests without a login (their answer,
and a feedback page per entry)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tandem.capture.models import Idea, IdeaStatus, Story
from tandem.lib.errors import add_to_form, problems
from tandem.people.access import is_program_office, person_for
from tandem.people.adapters import client_address
from tandem.reports.pdf import Block, document_pdf

from . import access
from . import showcase as service
from .forms_showcase import DayForm, EntryForm, FeedbackForm, GuestForm, RsvpForm, SlotForm
from .models import Answer, GuestFeedback, Photo, ShowcaseDay, Slot

OFFERED = 200


def _day(request: HttpRequest, pk: int) -> ShowcaseDay:
    if not access.can_browse(request.user):
        raise PermissionDenied("The showcase day is for people of the organization.")
    return get_object_or_404(ShowcaseDay, pk=pk)


@login_required
def day_list(request: HttpRequest) -> HttpResponse:
    if not access.can_browse(request.user):
        raise PermissionDenied("The showcase day is for people of the organization.")
    context = {"days": ShowcaseDay.objects.all(), "office": is_program_office(request.user)}
    return render(request, "recognition/showcase_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def day_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not is_program_office(request.user):
        raise PermissionDenied(service.RUN_WHY)
    day = get_object_or_404(ShowcaseDay, pk=pk) if pk else None
    if request.method == "POST":
        form = DayForm(request.POST)
        if form.is_valid():
            plan = service.DayPlan(**form.cleaned_data)
            try:
                day = service.save_day(request.user, plan, day)
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, f"Saved “{day.title}”.")
                return redirect(day)
        status = 400
    else:
        fields = ("title", "date", "starts_at", "venue", "places", "about")
        form = DayForm(initial={f: getattr(day, f) for f in fields} if day else {})
        status = 200
    context = {"form": form, "day": day}
    return render(request, "recognition/showcase_form.html", context, status=status)


def _agenda(day: ShowcaseDay) -> list[Slot]:
    return list(day.slots.select_related("entry__unit"))


@login_required
def day_detail(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk)
    office = is_program_office(request.user)
    entries = list(day.entries.select_related("unit").prefetch_related("people", "ideas", "photos"))
    context = {
        "day": day,
        "office": office,
        "slots": _agenda(day),
        "entries": entries,
        "links": {e.pk: service.entry_link(e) for e in entries} if office else {},
        "guests": list(day.guests.all()) if office else [],
        "taken": day.places_taken(),
        "may_add": office or (person_for(request.user) and person_for(request.user).is_leader),
        "slot_form": SlotForm(day=day) if office else None,
        "guest_form": GuestForm() if office else None,
        "feedback": GuestFeedback.objects.filter(entry__day=day, returned=False).count()
        if office
        else 0,
    }
    return render(request, "recognition/showcase.html", context)


def _offered(request: HttpRequest):
    """Implemented ideas and stories one may put behind an entry: one's part of the
    organization (everything for the program office), the latest first."""
    ideas = Idea.objects.filter(status=IdeaStatus.IMPLEMENTED, private=False)
    stories = Story.objects.filter(private=False)
    if not is_program_office(request.user):
        me = person_for(request.user)
        path = me.unit.path if me else "-"
        ideas = ideas.filter(unit__path__startswith=path)
        stories = stories.filter(unit__path__startswith=path)
    ideas = Idea.objects.filter(
        pk__in=list(ideas.order_by("-updated_at").values_list("pk", flat=True)[:OFFERED])
    )
    stories = Story.objects.filter(
        pk__in=list(stories.order_by("-date").values_list("pk", flat=True)[:OFFERED])
    )
    return ideas, stories


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk)
    me = person_for(request.user)
    if not (is_program_office(request.user) or (me is not None and me.is_leader)):
        raise PermissionDenied("Entries come from the leaders of the unit, or the program office.")
    ideas, stories = _offered(request)
    if request.method == "POST":
        form = EntryForm(request.POST, request.FILES, ideas=ideas, stories=stories)
        if form.is_valid():
            data = form.cleaned_data
            plan = service.EntryPlan(
                **{k: data[k] for k in ("title", "unit", "problem", "change", "results")},
                people=list(data["people"]),
                ideas=list(data["ideas"]),
                stories=list(data["stories"]),
                photos=form.photos(),
            )
            try:
                service.add_entry(request.user, day, plan)
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, f"“{plan.title}” is on the day's list of entries.")
                return redirect(day)
        status = 400
    else:
        form = EntryForm(ideas=ideas, stories=stories, initial={"unit": me.unit_id if me else None})
        status = 200
    context = {"form": form, "day": day}
    return render(request, "recognition/showcase_entry_form.html", context, status=status)


def _say(request: HttpRequest, error: ValidationError) -> None:
    for _, message in problems(error):
        messages.error(request, message)


@login_required
@require_POST
def slot_add(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk)
    if not is_program_office(request.user):
        raise PermissionDenied(service.RUN_WHY)
    form = SlotForm(request.POST, day=day)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(f"{day.get_absolute_url()}#agenda")
    data = form.cleaned_data
    try:
        service.add_slot(
            request.user, day, data["starts_at"], data["ends_at"], data["room"],
            data["entry"], data["title"],
        )  # fmt: skip
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, "Added to the agenda.")
    return redirect(f"{day.get_absolute_url()}#agenda")


@login_required
@require_POST
def slot_delete(request: HttpRequest, pk: int, slot_pk: int) -> HttpResponse:
    day = _day(request, pk)
    if not is_program_office(request.user):
        raise PermissionDenied(service.RUN_WHY)
    get_object_or_404(Slot, pk=slot_pk, day=day).delete()
    messages.success(request, "Taken off the agenda.")
    return redirect(f"{day.get_absolute_url()}#agenda")


@login_required
@require_POST
def slot_swap(request: HttpRequest, pk: int) -> HttpResponse:
    """Exchange two slots' contents: `a` and `b` (by drag), or `a` and its neighbour up or
    down (`move`: "up" / "down", the buttons)."""
    day = _day(request, pk)
    if not is_program_office(request.user):
        raise PermissionDenied(service.RUN_WHY)
    slots = _agenda(day)
    by_pk = {str(s.pk): s for s in slots}
    first = by_pk.get(request.POST.get("a", ""))
    second = by_pk.get(request.POST.get("b", ""))
    move = request.POST.get("move")
    if first is not None and move in ("up", "down"):
        at = slots.index(first) + (-1 if move == "up" else 1)
        second = slots[at] if 0 <= at < len(slots) else None
    if first is None or second is None or first == second:
        messages.error(request, "Choose two slots of this day's agenda.")
    else:
        service.swap_slots(request.user, day, first, second)
        messages.success(request, "The agenda is rearranged.")
    return redirect(f"{day.get_absolute_url()}#agenda")


@login_required
@require_POST
def guest_invite(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk)
    form = GuestForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        guest = service.invite(
            request.user, day, data.get("name", ""), data.get("email", ""),
            data.get("organization", ""), data.get("kind", ""),
        )  # fmt: skip
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"{guest.name} is invited: the email with their link is sent.")
    return redirect(f"{day.get_absolute_url()}#guests")


@login_required
@require_POST
def feedback_return(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk)
    try:
        n = service.return_feedback(request.user, day)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, f"{n} pieces of feedback went back to the teams.")
    return redirect(day)


@login_required
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable programme: the day, the agenda, then a page per entry with its
    problem, change and measured results."""
    day = _day(request, pk)
    blocks = [
        Block("h1", day.title),
        Block("p", f"{day.date:%A %d %B %Y}, from {day.starts_at:%H:%M} · {day.venue}"),
    ]
    if day.about:
        blocks.append(Block("p", day.about))
    slots = _agenda(day)
    if slots:
        blocks.append(Block("h2", "Agenda"))
        rows = [["Time", "Room", "What"]]
        rows += [
            [f"{s.starts_at:%H:%M}–{s.ends_at:%H:%M}", s.room, str(s.entry or s.title)]
            for s in slots
        ]
        blocks.append(Block("table", rows=rows, widths=[30, 40, 104]))
    entries = day.entries.select_related("unit").prefetch_related("ideas", "people", "photos")
    for entry in entries:
        blocks += [
            Block("page"),
            Block("h1", entry.title),
            Block("small", f"{entry.unit.full_path} · "
                  + ", ".join(p.name for p in entry.people.all())),
            Block("h2", "The problem"),
            Block("p", entry.problem),
            Block("h2", "What we changed"),
            Block("p", entry.change),
            Block("h2", "The results"),
            Block("p", entry.results),
            Block("images", images=[ph.image.path for ph in entry.photos.all()]),
        ]  # fmt: skip
        ideas = list(entry.ideas.all())
        if ideas:
            blocks.append(Block("h2", "The ideas behind it"))
            for idea in ideas:
                impact = [
                    f"{idea.minutes_saved_per_week} minutes saved a week"
                    if idea.minutes_saved_per_week else "",
                    f"{idea.money_saved_per_year:,.0f} saved a year"
                    if idea.money_saved_per_year else "",
                    idea.customer_effect,
                ]  # fmt: skip
                blocks.append(Block("p", f"{idea.title}. " + " · ".join(x for x in impact if x)))
    pdf = document_pdf(day.title, blocks, footer=f"{day.title} · {day.date:%d %B %Y}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slugify(day.title)}-programme.pdf"'
    return response


def _photo_response(photo: Photo) -> FileResponse:
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404("The photo's file is missing.") from None
    kind = mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=kind)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def photo(request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
    """An entry's photo, for people of the organization."""
    day = _day(request, pk)
    return _photo_response(get_object_or_404(Photo, pk=photo_pk, entry__day=day))


# --- guests, without a login ---------------------------------------------------------------


def _client_key(request: HttpRequest) -> str:
    """The guest's address as the proxies in front report it (people.adapters)."""
    return "ip:" + (client_address(request) or "unknown")


@never_cache
@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    """A guest's own page: the day, the agenda with a link to each entry's feedback page,
    and their answer."""
    guest = service.guest_from(token)
    if guest is None:
        raise Http404("This link is not valid: check it is the whole link from the email.")
    day = guest.day
    status = 200
    shown = {"seats": str(guest.seats), "coming": {"yes": "yes", "no": "no"}.get(guest.answer)}
    form = RsvpForm(request.POST or None, initial=shown)
    if request.method == "POST":
        if form.is_valid():
            try:
                service.hit("guest:" + token)
                service.hit(_client_key(request), limit=service.ADDRESS_ACTS_PER_DAY)
                if form.cleaned_data["coming"] in ("", None):
                    raise ValidationError({"coming": "Say whether you will come."})
                service.answer(guest, form.cleaned_data["coming"], form.cleaned_data["seats"])
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, "Thank you: your answer is kept.")
                return redirect("showcase:rsvp", token)
        status = 400
    entries = list(day.entries.select_related("unit"))
    context = {
        "guest": guest,
        "day": day,
        "form": form,
        "left": max(0, day.places - day.places_taken()),
        "slots": _agenda(day),
        "entries": [(e, service.entry_path(e)) for e in entries],
        "over": day.date < timezone.localdate(),
        "coming": guest.answer == Answer.YES,
    }
    return render(request, "recognition/guest_rsvp.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """An entry's page for guests on the day: what it is, and a short feedback form."""
    entry = service.entry_from(token)
    if entry is None:
        raise Http404("This link is not valid.")
    status = 200
    form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                # A venue's guests may share one address: its cap is high, each
                # entry's page has its own.
                service.hit("entry:" + token)
                service.hit(_client_key(request), limit=service.ADDRESS_ACTS_PER_DAY)
                service.give_feedback(
                    entry, data["impressed"], data["question"], data["may_share"], data["name"]
                )
            except ValidationError as error:
                add_to_form(form, error)
            else:
                return render(request, "recognition/guest_thanks.html", {"entry": entry})
        status = 400
    context = {
        "entry": entry,
        "form": form,
        "open": service.feedback_open(entry.day),
        "token": token,
        "photos": list(entry.photos.all()),
    }
    return render(request, "recognition/guest_feedback.html", context, status=status)


def guest_photo(request: HttpRequest, token: str, photo_pk: int) -> FileResponse:
    """A photo of the entry a guest's link opens (that entry's only)."""
    entry = service.entry_from(token)
    if entry is None:
        raise Http404("This link is not valid.")
    return _photo_response(get_object_or_404(Photo, pk=photo_pk, entry=entry))
