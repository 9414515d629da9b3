"""Leading up: send feedback to one's leaders, the leader's inbox, the reply-code
conversation, and the page that says how anonymity works."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from tandem.audit.models import log_action, snapshot
from tandem.lib.errors import problems
from tandem.people.access import person_for
from tandem.voice import access, services
from tandem.voice.batches import WEEKLY_BELOW
from tandem.voice.forms import (
    CodeForm,
    FeedbackForm,
    HeardForm,
    LabelForm,
    ReplyForm,
    SettingsForm,
)
from tandem.voice.models import Feedback, VoiceSettings

INBOX_PER_PAGE = 25


def _add_errors(form, error: ValidationError) -> None:
    for field, message in problems(error):
        form.add_error(field if field in form.fields else None, message)


@login_required
@never_cache
@sensitive_post_parameters("text", "code")
def home(request: HttpRequest) -> HttpResponse:
    """GET: the form and, for whoever has an inbox, its summary. POST: send."""
    access.require(access.can_send(request.user), "Only people of the organization send feedback.")
    me = person_for(request.user)
    settings_ = VoiceSettings.current()
    choices = services.recipients(me, settings_.min_group)
    labels = [
        (
            r.person.pk,
            f"{r.person.name} · {r.person.title or r.person.get_level_display()}"
            + ("" if r.anonymous_ok else " — named only"),
        )
        for r in choices
    ]
    form = FeedbackForm(request.POST or None, choices=labels)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            to = next(r.person for r in choices if r.person.pk == form.cleaned_data["to"])
            try:
                feedback, code = services.send(
                    me,
                    to,
                    form.cleaned_data["kind"],
                    form.cleaned_data["text"],
                    anonymous=form.cleaned_data["anonymous"],
                    once=form.cleaned_data["once"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                # Named or anonymous, the same answer (200, this page) so that nothing
                # seen from outside, an access log included, tells one from the other.
                # The code is shown once, in this answer only: not in a URL, a message or
                # the session.
                context = {"code": code, "to": to, "feedback": feedback}
                return render(request, "voice/sent.html", context)
        status = 400
    context = {
        "form": form,
        "choices": choices,
        "named_only": [r.person for r in choices if not r.anonymous_ok],
        "min_group": settings_.min_group,
        "inbox_count": services.inbox(me).filter(resolved=False).count(),
        "sent": services.sent(me)[:20],
        "heard": services.heard_by_my_leaders(me),
    }
    return render(request, "voice/home.html", context, status=status)


def anonymity(request: HttpRequest) -> HttpResponse:
    """How anonymity works (public: one may read it before logging in)."""
    current = VoiceSettings.current()
    context = {
        "min_group": current.min_group,
        "text_min": current.text_min,
        "weekly_below": WEEKLY_BELOW * current.min_group,
    }
    return render(request, "voice/anonymity.html", context)


@login_required
def sent_detail(request: HttpRequest, pk) -> HttpResponse:
    feedback = access.sent(request.user, pk)
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.author_reply(
                feedback, form.cleaned_data["text"], author=person_for(request.user)
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Your answer was sent.")
            return redirect("voice:sent_detail", feedback.pk)
    context = {
        "feedback": feedback,
        "thread": services.conversation(feedback, for_recipient=False),
        "form": form,
    }
    return render(request, "voice/sent_detail.html", context, status=400 if form.errors else 200)


def _code_page(
    request: HttpRequest, form: CodeForm, feedback: Feedback | None, reply=None, status=200
):
    context = {
        "form": form,
        "feedback": feedback,
        "thread": services.conversation(feedback, for_recipient=False) if feedback else [],
        "reply_form": reply or ReplyForm(),
    }
    return render(request, "voice/code.html", context, status=status)


@login_required
@never_cache
@sensitive_post_parameters("text", "code")
def code(request: HttpRequest) -> HttpResponse:
    """The anonymous author's side: the code is sent in each POST (never in a URL or the
    session), the conversation shown in the answer."""
    if request.method != "POST":
        return _code_page(request, CodeForm(), None)
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _code_page(request, form, None, status=400)
    feedback = services.find_by_code(form.cleaned_data["code"])
    if feedback is None:
        form.add_error("code", "No feedback has this reply code. Check it and try again.")
        return _code_page(request, form, None, status=400)
    action = request.POST.get("action", "")
    if action == "withdraw" and not feedback.withdrawn:
        services.withdraw(feedback)
        feedback.refresh_from_db()
        messages.success(request, "Withdrawn: your feedback is gone from the inbox.")
    elif action == "reply":
        reply = ReplyForm(request.POST)
        if reply.is_valid():
            try:
                services.author_reply(feedback, reply.cleaned_data["text"])
            except ValidationError as error:
                _add_errors(reply, error)
            else:
                messages.success(request, "Sent. It reaches the inbox tomorrow morning.")
                return _code_page(request, form, feedback)
        return _code_page(request, form, feedback, reply, status=400)
    return _code_page(request, form, feedback)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """GET: the inbox, the leader's record and that of the leaders below them. POST:
    publish what I heard and what I will change."""
    me = person_for(request.user)
    access.require(me is not None, "Only people of the organization have an inbox.")
    if request.method == "POST":
        access.require(me.is_leader, "Only leaders publish what they heard from their team.")
    heard = HeardForm(request.POST or None, commitments=me.commitments.filter(active=True))
    status = 200
    if request.method == "POST":
        if heard.is_valid():
            try:
                services.publish_heard(
                    me,
                    heard.cleaned_data["heard"],
                    heard.cleaned_data["will_change"],
                    heard.cleaned_data["commitment"],
                )
            except ValidationError as error:
                _add_errors(heard, error)
            else:
                messages.success(request, "Published: everyone below you can read it.")
                return redirect("voice:inbox")
        status = 400
    page = Paginator(services.inbox(me), INBOX_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "items": page.object_list,
        "page": page,
        "figures": services.inbox_figures(me),
        "below": services.leaders_below_figures(me) if me.is_leader else None,
        "heard_form": heard,
        "published": me.heard.select_related("commitment")[:10],
    }
    return render(request, "voice/inbox.html", context, status=status)


@login_required
def inbox_detail(request: HttpRequest, pk) -> HttpResponse:
    feedback = access.received(request.user, pk)
    me = person_for(request.user)
    reply = (
        ReplyForm(request.POST or None) if request.POST.get("action") == "reply" else ReplyForm()
    )
    labels = LabelForm(
        request.POST if request.POST.get("action") == "label" else None,
        initial={"label": feedback.label, "resolved": feedback.resolved},
    )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reply" and reply.is_valid():
            try:
                services.reply(me, feedback, reply.cleaned_data["text"])
            except ValidationError as error:
                _add_errors(reply, error)
            else:
                messages.success(request, "Reply sent.")
                return redirect("voice:inbox_detail", feedback.pk)
        elif action == "label" and labels.is_valid():
            services.set_label(
                feedback, labels.cleaned_data["label"], labels.cleaned_data["resolved"]
            )
            messages.success(request, "Saved.")
            return redirect("voice:inbox_detail", feedback.pk)
        elif action == "report":
            if services.report(feedback):
                messages.success(
                    request, "Reported: the program office has the text (and nothing else)."
                )
            else:
                messages.info(request, "You reported this before.")
            return redirect("voice:inbox_detail", feedback.pk)
        status = 400
    context = {
        "feedback": feedback,
        "thread": services.conversation(feedback, for_recipient=True),
        "reply_form": reply,
        "label_form": labels,
    }
    return render(request, "voice/inbox_detail.html", context, status=status)


@login_required
def voice_settings(request: HttpRequest) -> HttpResponse:
    access.require(access.can_configure(request.user), "Only the program office sets this.")
    current = VoiceSettings.current()
    before = snapshot(current, ["min_group"])
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            log_action(
                request.user,
                "changed",
                form.instance,
                before=before,
                after=snapshot(form.instance, ["min_group"]),
            )
            messages.success(request, f"Saved: at least {form.instance.min_group} people.")
            return redirect("voice:settings")
        return render(request, "voice/settings.html", {"form": form}, status=400)
    return render(request, "voice/settings.html", {"form": form})


@login_required
def reported(request: HttpRequest) -> HttpResponse:
    access.require(access.can_read_reported(request.user), "Only the program office reads this.")
    items = Feedback.objects.filter(reported=True).order_by("-deliver_on")[:200]
    return render(request, "voice/reported.html", {"items": items})
