"""Initiatives: the list, writing one, its page (respond, answer, the figures and "you
said, we did"), and the anonymous author's side with the reply code. The rules are in
initiatives.py (what may happen) and access.py (who may)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from tandem.lib.errors import problems
from tandem.people.access import person_for
from tandem.voice import access
from tandem.voice import initiatives as service
from tandem.voice.forms import AnswerForm, CodeForm, InitiativeForm, RespondForm
from tandem.voice.models import Initiative, Status, VoiceSettings

PER_PAGE = 25
OPEN_PER_PAGE = 25
ANSWERS_PER_PAGE = 10

SHOW = {
    "affecting": "Affecting me",
    "mine": "Mine",
    "all": "All I can see",
}


def _add_errors(form, error: ValidationError) -> None:
    for field, message in problems(error):
        form.add_error(field if field in form.fields else None, message)


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    me = person_for(request.user)
    visible = access.visible_initiatives(request.user)
    show = request.GET.get("show", "all")
    if show not in SHOW:
        show = "all"
    if show == "mine":
        visible = visible.filter(owner=me) | visible.filter(created_by=me) if me else visible.none()
    elif show == "affecting":
        if me is None:
            visible = visible.none()
        else:
            visible = visible.filter(pk__in=access.affecting(me).values("pk"))
    page = Paginator(
        visible.select_related("owner", "meeting").prefetch_related("units").distinct(),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    rows = [(i, access.is_affected(me, i)) for i in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "show": show,
        "tabs": SHOW,
        "may_write": access.can_write_initiatives(request.user),
    }
    return render(request, "voice/initiatives.html", context)


def _units_for(user):
    return access.writable_units(user)


@login_required
def initiative_new(request: HttpRequest) -> HttpResponse:
    access.require(access.can_write_initiatives(request.user), access.WRITE_WHY)
    return _edit(request, None)


@login_required
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.get_initiative(request.user, pk)
    access.require(access.runs(request.user, initiative), access.RUN_WHY)
    if initiative.status != Status.DRAFT:
        messages.info(request, "Only a draft can be changed; this one is published.")
        return redirect("voice:initiative", pk=pk)
    return _edit(request, initiative)


def _edit(request: HttpRequest, initiative: Initiative | None) -> HttpResponse:
    units = _units_for(request.user)
    me = person_for(request.user)
    status = 200
    if request.method == "POST":
        form = InitiativeForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            draft = service.Draft(
                title=data["title"],
                what=data["what"],
                why=data["why"],
                units=list(data["units"]),
                levels=list(data["levels"]),
                owner=data["owner"],
                starts_on=data["starts_on"],
                closes_on=data["closes_on"],
                roadmap_item=data["roadmap_item"],
            )
            try:
                saved = service.save_draft(request.user, draft, initiative)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "Draft saved. Nobody sees it until you publish it.")
                return redirect("voice:initiative", pk=saved.pk)
        status = 400
    elif initiative is not None:
        form = InitiativeForm(
            initial={
                "title": initiative.title,
                "what": initiative.what,
                "why": initiative.why,
                "units": service.affected_units(initiative),
                "levels": initiative.level_list,
                "owner": initiative.owner,
                "starts_on": initiative.starts_on,
                "closes_on": initiative.closes_on,
                "roadmap_item": initiative.roadmap_item,
            },
            units=units,
        )
    else:
        initial = {"starts_on": timezone.localdate(), "owner": me}
        if me is not None:
            initial["units"] = [me.unit]
        form = InitiativeForm(initial=initial, units=units)
    context = {"form": form, "initiative": initiative}
    return render(request, "voice/initiative_edit.html", context, status=status)


def _page(request: HttpRequest, initiative: Initiative, status: int = 200, **extra):
    user = request.user
    me = person_for(user)
    runs = access.runs(user, initiative)
    figures = access.can_see_figures(user, initiative)
    settings_ = VoiceSettings.current()
    affected = access.is_affected(me, initiative)
    mine = service.my_response(me, initiative) if me and affected else None
    responded = bool(me and affected and service.has_responded(me, initiative))
    items = list(initiative.meeting.items.all()) if initiative.meeting_id else []
    counts = service.Counts(initiative) if figures else None
    answered = Paginator(service.you_said_we_did(initiative), ANSWERS_PER_PAGE).get_page(
        request.GET.get("answers")
    )
    answers = list(answered.object_list)
    for reply in answers:
        reply.more = reply.answers - len(reply.quoted)
    context = {
        "initiative": initiative,
        "units": service.affected_units(initiative),
        "runs": runs,
        "figures": figures,
        "affected": affected,
        "mine": mine,
        "responded": responded,
        "may_respond": affected and initiative.open and not responded,
        "anonymous_ok": affected
        and service.anonymous_allowed(initiative, settings_.min_group, counts),
        "min_group": settings_.min_group,
        "text_min": settings_.text_min,
        "respond_form": RespondForm(items=items),
        "change_form": RespondForm(
            items=items,
            initial={"kind": mine.kind, "text": mine.text} if mine else None,
        ),
        "answer_form": AnswerForm(),
        "answered": answers,
        "answers_page": answered,
        "today": timezone.localdate(),
        **extra,
    }
    if figures:
        waiting = Paginator(service.open_responses(initiative), OPEN_PER_PAGE).get_page(
            request.GET.get("open")
        )
        shown = service.text_units(initiative, waiting.object_list, settings_.text_min, counts)
        for response in waiting.object_list:
            response.shown_unit = shown[response.pk]
            response.waiting = service.waiting_days(response)
        context.update(
            summary=service.summary(initiative, counts=counts),
            rates=service.unit_rates(initiative, settings_.min_group, counts),
            open_responses=waiting.object_list,
            open_page=waiting,
        )
    page = render(request, "voice/initiative.html", context, status=status)
    add_never_cache_headers(page)  # it shows responses, also when a form failed
    return page


@login_required
@never_cache
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, access.get_initiative(request.user, pk))


@login_required
@require_POST
def initiative_publish(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.get_initiative(request.user, pk)
    try:
        published = service.publish(request.user, initiative)
    except ValidationError as error:
        return _page(request, initiative, 400, publish_errors=[m for _, m in problems(error)])
    if published:
        messages.success(
            request, "Published. Everyone it affects is being told; their responses appear here."
        )
    else:
        messages.info(request, "It was published already; nobody was told twice.")
    return redirect("voice:initiative", pk=pk)


@login_required
@require_POST
def initiative_close(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.get_initiative(request.user, pk)
    try:
        service.close(request.user, initiative)
    except ValidationError as error:
        return _page(request, initiative, 400, publish_errors=[m for _, m in problems(error)])
    messages.success(request, "Closed: no more responses are taken.")
    return redirect("voice:initiative", pk=pk)


@login_required
@require_POST
def initiative_round(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.get_initiative(request.user, pk)
    try:
        round_ = service.new_round(request.user, initiative)
    except ValidationError as error:
        return _page(request, initiative, 400, publish_errors=[m for _, m in problems(error)])
    messages.success(request, f"Round {round_} is open: everyone affected may respond again.")
    return redirect("voice:initiative", pk=pk)


def _item(initiative: Initiative, pk):
    if pk is None or not initiative.meeting_id:
        return None
    item = initiative.meeting.items.filter(pk=pk).first()
    if item is None:
        raise ValidationError({"item": "Choose an item on this meeting's agenda."})
    return item


@login_required
@require_POST
@never_cache
@sensitive_post_parameters("text")
def initiative_respond(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.get_initiative(request.user, pk)
    me = person_for(request.user)
    if not access.can_respond_as(me, initiative):
        raise PermissionDenied(access.RESPOND_WHY)
    items = list(initiative.meeting.items.all()) if initiative.meeting_id else []
    form = RespondForm(request.POST, items=items)
    if form.is_valid():
        data = form.cleaned_data
        try:
            response, code = service.respond(
                me,
                initiative,
                data["kind"],
                data["text"],
                anonymous=bool(data.get("anonymous")),
                item=_item(initiative, data.get("item")),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            # Named and anonymous alike get a 200 with this page (never a redirect for
            # one and not the other): an access log then tells them apart by nothing.
            context = {"initiative": initiative, "code": code, "response": response}
            return render(request, "voice/responded.html", context)
    return _page(request, initiative, 400, respond_form=form)


@login_required
@require_POST
def initiative_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one's named response of this round."""
    initiative = access.get_initiative(request.user, pk)
    me = person_for(request.user)
    mine = service.my_response(me, initiative) if me else None
    if mine is None:
        raise PermissionDenied("You have no response with your name to change in this round.")
    items = list(initiative.meeting.items.all()) if initiative.meeting_id else []
    form = RespondForm(request.POST, items=items)
    if form.is_valid():
        try:
            service.change(mine, form.cleaned_data["kind"], form.cleaned_data["text"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Your response was changed.")
            return redirect("voice:initiative", pk=pk)
    return _page(request, initiative, 400, change_form=form)


@login_required
@require_POST
def initiative_answer(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.get_initiative(request.user, pk)
    access.require(access.runs(request.user, initiative), access.ANSWER_WHY)
    form = AnswerForm(request.POST)
    chosen = request.POST.getlist("responses")
    if form.is_valid():
        try:
            reply = service.answer(
                request.user,
                initiative,
                chosen,
                form.cleaned_data["kind"],
                form.cleaned_data["text"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            n = reply.responses.count()
            messages.success(
                request, f"Answered {n} response{'s' if n != 1 else ''}; they are told."
            )
            return redirect("voice:initiative", pk=pk)
    return _page(request, initiative, 400, answer_form=form, chosen=chosen)


def _code_page(request, form, response, change=None, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "response": response,
        "change_form": change
        or (
            RespondForm(initial={"kind": response.kind, "text": response.text})
            if response
            else None
        ),
    }
    return render(request, "voice/initiative_code.html", context, status=status)


@login_required
@never_cache
@sensitive_post_parameters("text", "code")
def initiative_code(request: HttpRequest) -> HttpResponse:
    """An anonymous response's author: the code in each POST, never in a URL."""
    if request.method != "POST":
        return _code_page(request, CodeForm(), None)
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _code_page(request, form, None, status=400)
    response = service.find_by_code(form.cleaned_data["code"])
    if response is None:
        form.add_error("code", "No response has this reply code. Check it and try again.")
        return _code_page(request, form, None, status=400)
    action = request.POST.get("action", "")
    if action == "withdraw":
        service.withdraw(response)
        messages.success(request, "Withdrawn: your response is gone.")
        return _code_page(request, CodeForm(), None)
    if action == "change":
        change = RespondForm(request.POST)
        if change.is_valid():
            try:
                service.change(response, change.cleaned_data["kind"], change.cleaned_data["text"])
            except ValidationError as error:
                _add_errors(change, error)
            else:
                messages.success(request, "Changed. The owner reads it tomorrow morning.")
                response.refresh_from_db()
                return _code_page(request, form, response)
        return _code_page(request, form, response, change, status=400)
    return _code_page(request, form, response)
