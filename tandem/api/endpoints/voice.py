"""Upward feedback ("leading up"): send it to a leader up your line, the leader's inbox,
your named feedback, and the anonymous author's conversation by reply code.

The rules are tandem.voice's (access.py: who may read what; services.py: sending,
replies, labels, reports, the minimum group and the daily limit); this module only
turns requests into calls. Anonymous feedback stays anonymous here too:

* the reply code travels in request bodies only, never in a URL or query string;
* the answer to sending anonymous feedback, and the reply-code conversation, carry
  neither the feedback's id nor a time, and the inbox shows `author: null`;
* those answers are never cached (`Cache-Control: no-store`);
* these operations take no `Idempotency-Key`: the stored answer (and the fingerprint of
  the request) would be kept with the caller's login for a day, tying them to it.
"""

from __future__ import annotations

import re
from typing import Annotated
from uuid import UUID

from django.http import Http404, HttpRequest
from django.views.decorators.cache import never_cache
from ninja import Path, Router, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate
from pydantic import BeforeValidator

from tandem.api import lookups
from tandem.api.endpoints.common import caller
from tandem.api.errors import responses
from tandem.api.idempotency import change, refuse_key
from tandem.api.schemas import (
    AnonymousSentOut,
    CodeConversationOut,
    CodeIn,
    CodeReplyIn,
    FeedbackIn,
    InboxItemOut,
    LabelIn,
    Pagination,
    RecipientOut,
    ReplyIn,
    SentItemOut,
)
from tandem.people.access import person_for
from tandem.people.models import Person, User
from tandem.voice import access, services
from tandem.voice.models import Feedback

router = Router(tags=["feedback"])

UUID_TEXT = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def _uuid_text(value: object) -> object:
    # Only the hyphenated form the schema documents (format: uuid), not the other
    # spellings Python would read (32 bare digits, braces, a urn: prefix).
    if isinstance(value, str) and not UUID_TEXT.fullmatch(value):
        raise ValueError("Give the feedback's id as a UUID (8-4-4-4-12 hexadecimal digits).")
    return value


# A feedback id in the URL: a UUID (anything else is a 400 naming the parameter).
FeedbackId = Annotated[
    UUID, BeforeValidator(_uuid_text), Path(description="The feedback's id (a UUID).")
]

UNKNOWN_CODE = "No feedback has this reply code. Check it and try again."
NO_KEY = (
    "Leave out the Idempotency-Key for anonymous feedback: the answer kept for it would "
    "be stored with your login, and tie you to the feedback."
)


def _me(user: User, why: str) -> Person:
    access.require(access.can_send(user), why)
    return person_for(user)


def _by_code(request: HttpRequest, code: str) -> Feedback:
    refuse_key(request, NO_KEY)
    feedback = services.find_by_code(code)
    if feedback is None:
        raise Http404(UNKNOWN_CODE)
    return feedback


# --- sending ------------------------------------------------------------------------------


@router.get(
    "/recipients",
    response=responses({200: list[RecipientOut]}, 403),
    url_name="feedback_recipients",
)
def list_recipients(request: HttpRequest):
    """The leaders up your reporting line you may send feedback to, nearest first, each
    with how many people could have sent it and so whether it may be anonymous."""
    return services.recipients(
        _me(caller(request), "Only people of the organization send feedback.")
    )


@change(
    router.post,
    "",
    {201: SentItemOut | AnonymousSentOut},
    403,
    url_name="feedback_send",
)
@decorate_view(never_cache)  # holds a reply code or what it opens
def send_feedback(request: HttpRequest, payload: FeedbackIn):
    """Send advice, a disagreement, a concern or thanks to a leader up your line. Named
    feedback reaches the inbox at once; anonymous feedback the next morning, in a batch,
    and only when enough people could have sent it (`anonymous_ok` of the recipients).
    The answer to anonymous feedback holds the reply code, shown this once, and nothing
    else to find it by. At most a few pieces a day (named and anonymous together)."""
    me = _me(caller(request), "Only people of the organization send feedback.")
    if payload.anonymous:
        refuse_key(request, NO_KEY)
    to = lookups.people([payload.to], "to")[0]
    feedback, code = services.send(
        me, to, payload.kind.value, payload.text, anonymous=payload.anonymous
    )
    if not code:
        return Status(201, access.sent(caller(request), feedback.pk))
    answer = {
        "to": to,
        "kind": feedback.kind,
        "text": feedback.text,
        "anonymous": True,
        "reply_code": code,
    }
    return Status(201, answer)


# --- the recipient's inbox ----------------------------------------------------------------


@router.get(
    "/inbox",
    response=responses({200: list[InboxItemOut]}, 403),
    url_name="feedback_inbox",
)
@paginate(Pagination)
def list_inbox(request: HttpRequest):
    """Feedback you received that has reached your inbox, open before resolved, newest
    first, each with its conversation. Anonymous feedback has `author: null`."""
    me = _me(caller(request), "Only people of the organization have an inbox.")
    return services.with_conversations(services.inbox(me), for_recipient=True)


@router.get(
    "/inbox/{feedback_id}",
    response=responses({200: InboxItemOut}, 404),
    url_name="feedback_inbox_detail",
)
def get_received(request: HttpRequest, feedback_id: FeedbackId):
    """Feedback in your inbox; anyone else's (even your team's) is not found."""
    return access.received(caller(request), feedback_id)


@change(
    router.post,
    "/inbox/{feedback_id}/replies",
    {201: InboxItemOut},
    404,
    url_name="feedback_inbox_reply",
)
def reply_received(request: HttpRequest, payload: ReplyIn, feedback_id: FeedbackId):
    """Reply to feedback you received. A named author is told at once; an anonymous one
    reads it with their reply code (Tandem cannot tell them)."""
    user = caller(request)
    feedback = access.received(user, feedback_id)
    services.reply(person_for(user), feedback, payload.text)
    return Status(201, access.received(user, feedback.pk))


@change(
    router.post,
    "/inbox/{feedback_id}/label",
    {200: InboxItemOut},
    404,
    url_name="feedback_inbox_label",
)
def label_received(request: HttpRequest, payload: LabelIn, feedback_id: FeedbackId):
    """Label feedback you received (acted on, discussed, noted; null clears it) and mark
    it resolved or open again. Both are set as sent."""
    user = caller(request)
    feedback = access.received(user, feedback_id)
    label = payload.label.value if payload.label is not None else ""
    services.set_label(feedback, label, payload.resolved)
    return access.received(user, feedback.pk)


@change(
    router.post,
    "/inbox/{feedback_id}/report",
    {200: InboxItemOut},
    404,
    url_name="feedback_inbox_report",
)
def report_received(request: HttpRequest, feedback_id: FeedbackId):
    """Report feedback you received as abusive: the program office is told, and reads its
    text (there is no name to give) on its page of reported feedback. Reporting it again
    changes nothing."""
    user = caller(request)
    services.report(access.received(user, feedback_id))
    return access.received(user, feedback_id)


# --- the named author's side --------------------------------------------------------------


@router.get(
    "/sent",
    response=responses({200: list[SentItemOut]}, 403),
    url_name="feedback_sent",
)
@paginate(Pagination)
def list_sent(request: HttpRequest):
    """Feedback you sent with your name, newest first, each with its conversation.
    Anonymous feedback is not here: read it with its reply code (POST /feedback/by-code)."""
    me = _me(caller(request), "Only people of the organization send feedback.")
    return services.with_conversations(services.sent(me), for_recipient=False)


@router.get(
    "/sent/{feedback_id}",
    response=responses({200: SentItemOut}, 404),
    url_name="feedback_sent_detail",
)
def get_sent(request: HttpRequest, feedback_id: FeedbackId):
    """Feedback you sent with your name, with the replies."""
    return access.sent(caller(request), feedback_id)


@change(
    router.post,
    "/sent/{feedback_id}/replies",
    {201: SentItemOut},
    404,
    url_name="feedback_sent_reply",
)
def reply_sent(request: HttpRequest, payload: ReplyIn, feedback_id: FeedbackId):
    """Answer back on feedback you sent with your name; the recipient is told at once."""
    user = caller(request)
    feedback = access.sent(user, feedback_id)
    services.author_reply(feedback, payload.text, author=person_for(user))
    return Status(201, access.sent(user, feedback.pk))


# --- the anonymous author's side: the reply code, in the body only ----------------------


@router.post(
    "/by-code",
    response=responses({200: CodeConversationOut}, 404),
    url_name="feedback_by_code",
)
@decorate_view(never_cache)  # holds a reply code or what it opens
def read_by_code(request: HttpRequest, payload: CodeIn):
    """Your anonymous feedback and its replies, found by the reply code (sent in the
    body, never in a URL, which would end up in logs). An unknown code is a 404."""
    return _by_code(request, payload.code)


@router.post(
    "/by-code/replies",
    response=responses({201: CodeConversationOut}, 404),
    url_name="feedback_by_code_reply",
)
@decorate_view(never_cache)  # holds a reply code or what it opens
def reply_by_code(request: HttpRequest, payload: CodeReplyIn):
    """Answer back, anonymously, on the feedback with this reply code; it reaches the
    inbox the next morning."""
    feedback = _by_code(request, payload.code)
    services.author_reply(feedback, payload.text)
    return Status(201, _by_code(request, payload.code))


@router.post(
    "/by-code/withdraw",
    response=responses({200: CodeConversationOut}, 404),
    url_name="feedback_by_code_withdraw",
)
@decorate_view(never_cache)  # holds a reply code or what it opens
def withdraw_by_code(request: HttpRequest, payload: CodeIn):
    """Withdraw the feedback with this reply code (say, it gives you away): its text and
    your answers are deleted and it leaves the inbox. Withdrawing again changes nothing."""
    feedback = _by_code(request, payload.code)
    if not feedback.withdrawn:
        services.withdraw(feedback)
    return _by_code(request, payload.code)
