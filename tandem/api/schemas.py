"""Request and response shapes of the API. They only validate; the apps decide.

Limits and types follow the models (title 200 characters, ids are positive
64-bit integers, ...). Request bodies are strict: unknown fields, strings for
numbers and numbers for strings are refused, so a typo never passes silently.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal
from typing import Annotated, Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator, ConfigDict, Strict, StringConstraints

from tandem.capture.models import (
    DESCRIPTION_LIMIT,
    NOTE_LIMIT,
    IdeaStatus,
    ServiceLevel,
    StoryKind,
    StorySource,
)
from tandem.capture.search import Ranked
from tandem.indicators.min_group import RateHidden
from tandem.people.models import Level
from tandem.voice import services as voice_services
from tandem.voice.models import TEXT_LIMIT as VOICE_TEXT_LIMIT
from tandem.voice.models import Kind as VoiceKind
from tandem.voice.models import Label as VoiceLabel

MAX_ID = 2**63 - 1  # the largest id a database row can have (64-bit signed)
MAX_POSITIVE_INT = 2_147_483_647  # PositiveIntegerField's upper bound on every backend
NO_NUL = r"^[^\x00]*$"  # PostgreSQL cannot store NUL characters in text
MAX_LIST = 500
DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _drop_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def absent(description: str | None = None) -> Any:
    """An optional field that is never null: a PATCH field left alone when not sent, or a
    filter not applied. An explicit null is refused; the schema shows no default."""
    return Field(None, description=description, json_schema_extra=_drop_default)


def _date_from_text(value: Any) -> Any:
    # JSON has no date type: accept only YYYY-MM-DD, not numbers taken as timestamps.
    if isinstance(value, dt.date) or (isinstance(value, str) and DATE_TEXT.fullmatch(value)):
        return value
    raise ValueError("Give a date as YYYY-MM-DD.")


# --- field types ----------------------------------------------------------------

Id = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]
QueryId = Annotated[int, Field(ge=1, le=MAX_ID)]
Title = Annotated[
    str,
    StringConstraints(
        strict=True, strip_whitespace=True, min_length=1, max_length=200, pattern=NO_NUL
    ),
]
Short = Annotated[
    str, StringConstraints(strict=True, strip_whitespace=True, max_length=200, pattern=NO_NUL)
]
Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, pattern=NO_NUL)]
RequiredText = Annotated[
    str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, pattern=NO_NUL)
]
# The capture forms' limits (tandem.capture.models): a long text and a note.
LongText = Annotated[Text, StringConstraints(max_length=DESCRIPTION_LIMIT)]
RequiredLongText = Annotated[RequiredText, StringConstraints(max_length=DESCRIPTION_LIMIT)]
NoteText = Annotated[Text, StringConstraints(max_length=NOTE_LIMIT)]
RequiredNoteText = Annotated[RequiredText, StringConstraints(max_length=NOTE_LIMIT)]
Slug = Annotated[str, StringConstraints(strict=True, max_length=50, pattern=NO_NUL)]
Flag = Annotated[bool, Strict()]
Day = Annotated[dt.date, BeforeValidator(_date_from_text)]
Minutes = Annotated[int, Strict(), Field(ge=0, le=MAX_POSITIVE_INT)]
Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Search = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]
IdList = Annotated[list[Id], Field(min_length=1, max_length=MAX_LIST)]
SlugList = Annotated[list[Slug], Field(max_length=MAX_LIST)]


class InSchema(Schema):
    model_config = ConfigDict(extra="forbid")


# --- pagination -------------------------------------------------------------------


# Rows are counted up to this many past the page asked for, not all of them: a count(*)
# over millions of rows on every page costs more than the page.
COUNT_AHEAD = 1000


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=`; the answer carries `items`, a `count` and whether it is exact."""

    class Input(Schema):
        limit: int = Field(
            settings.TANDEM_PAGE_SIZE, ge=1, le=100, description="Items per page (1-100)."
        )
        offset: int = Field(0, ge=0, le=1_000_000_000, description="Items to skip.")

    class Output(Schema):
        items: list[Any]
        count: int = Field(
            description=f"How many items there are, counted up to {COUNT_AHEAD:,} past this "
            "page; when `count_is_exact` is false there are more than that."
        )
        count_is_exact: bool = Field(
            description="False when `count` is a lower bound (more items than were counted, "
            "or, for a search, more matches than are ranked)."
        )

    def paginate_queryset(self, queryset, pagination, request, **params):
        offset = pagination.offset
        limit = min(pagination.limit, self.max_limit)
        if isinstance(queryset, Ranked):
            items, count, exact = (
                queryset[offset : offset + limit],
                len(queryset),
                not queryset.capped,
            )
        else:
            cap = offset + limit + COUNT_AHEAD
            counted = queryset.order_by()[: cap + 1].count()
            items, count, exact = (
                queryset[offset : offset + limit],
                min(counted, cap),
                counted <= cap,
            )
        return {"items": items, "count": count, "count_is_exact": exact}


# --- units and people ---------------------------------------------------------------


class UnitOut(Schema):
    id: int
    name: str
    parent: int | None = Field(description="The parent unit's id; null for a root.")
    path: str = Field(description="The full slash-joined path, e.g. 'Harbor Health/Nursing'.")

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_path(obj) -> str:
        return obj.full_path


class UnitFilters(Schema):
    within: QueryId = absent(description="Only this unit and the units below it.")
    q: Search = absent(description="Text in the unit's name.")


class PersonOut(Schema):
    id: int
    name: str
    email: str
    title: str
    level: Level
    unit: int
    manager: int | None
    active: bool

    @staticmethod
    def resolve_unit(obj) -> int:
        return obj.unit_id

    @staticmethod
    def resolve_manager(obj) -> int | None:
        return obj.manager_id


class PersonFilters(Schema):
    unit: QueryId = absent(description="People in this unit or below it.")
    level: Level = absent()
    active: bool = absent()
    q: Search = absent(description="Text in the name, title or email.")


# --- what ideas, actions and stories share -------------------------------------------


class RecordOut(Schema):
    id: int
    unit: int
    blocks: list[str] = Field(description="Building-block slugs.")
    private: bool
    created_at: dt.datetime
    created_by: int | None = Field(description="The person who logged it.")

    @staticmethod
    def resolve_unit(obj) -> int:
        return obj.unit_id

    @staticmethod
    def resolve_blocks(obj) -> list[str]:
        return [block.slug for block in obj.blocks.all()]

    @staticmethod
    def resolve_created_by(obj) -> int | None:
        return obj.created_by_id


class RecordFilters(Schema):
    unit: QueryId = absent(description="Only this unit and the units below it.")
    block: Slug = absent(description="Tagged with this building block (slug).")
    start: Day = absent(description="On or after this day (YYYY-MM-DD).")
    end: Day = absent(description="On or before this day (YYYY-MM-DD).")
    q: Search = absent(
        description="Words to find: each must appear in one of the record's text fields."
    )


# --- ideas ----------------------------------------------------------------------------


class IdeaOut(RecordOut):
    title: str
    description: str
    helps: str
    authors: list[int] = Field(description="Ids of the people credited.")
    status: IdeaStatus
    status_changed_at: dt.datetime
    allowed_transitions: list[IdeaStatus] = Field(
        description="Where the workflow lets the idea move next."
    )
    result: str
    minutes_saved_per_week: int | None
    money_saved_per_year: float | None
    customer_effect: str

    @staticmethod
    def resolve_authors(obj) -> list[int]:
        return [person.pk for person in obj.authors.all()]

    @staticmethod
    def resolve_allowed_transitions(obj) -> list[str]:
        return list(obj.allowed_transitions())

    @staticmethod
    def resolve_money_saved_per_year(obj) -> float | None:
        value = obj.money_saved_per_year
        return None if value is None else float(value)


class IdeaFilters(RecordFilters):
    status: IdeaStatus = absent()


class IdeaIn(InSchema):
    title: Title
    description: RequiredLongText
    helps: Short = ""
    unit: Id | None = Field(None, description="Defaults to your unit.")
    authors: IdList | None = Field(None, description="Person ids; defaults to you.")
    blocks: SlugList = []
    private: Flag = False


class IdeaPatch(InSchema):
    """Only the fields sent change. Status moves only through the transition endpoint."""

    title: Title = absent()
    description: RequiredLongText = absent()
    helps: Short = absent()
    unit: Id = absent()
    authors: IdList = absent()
    blocks: SlugList = absent()
    private: Flag = absent()


class TransitionIn(InSchema):
    """Move an idea along the workflow. The result and impact are kept when `to` is
    implemented (and `result` is then required)."""

    to: IdeaStatus
    note: NoteText = ""
    result: LongText = ""
    minutes_saved_per_week: Minutes | None = None
    money_saved_per_year: Money | None = None
    customer_effect: NoteText = ""


# --- service actions ---------------------------------------------------------------------


class ActionOut(RecordOut):
    what: str
    for_whom: str
    date: dt.date
    people: list[int] = Field(description="Ids of the people who did it.")
    idea: int | None = Field(description="The idea it came from, if any.")

    @staticmethod
    def resolve_people(obj) -> list[int]:
        return [person.pk for person in obj.people.all()]

    @staticmethod
    def resolve_idea(obj) -> int | None:
        return obj.idea_id


class ActionIn(InSchema):
    what: RequiredNoteText
    for_whom: Short = ""
    unit: Id | None = Field(None, description="Defaults to your unit.")
    date: Day | None = Field(None, description="Defaults to today.")
    people: IdList | None = Field(None, description="Person ids; defaults to you.")
    idea: Id | None = None
    blocks: SlugList = []
    private: Flag = False


class ActionPatch(InSchema):
    what: RequiredNoteText = absent()
    for_whom: Short = absent()
    unit: Id = absent()
    date: Day = absent()
    people: IdList = absent()
    idea: Id | None = Field(None, description="Null unlinks the idea.")
    blocks: SlugList = absent()
    private: Flag = absent()


# --- stories ---------------------------------------------------------------------------------


class StoryOut(RecordOut):
    kind: StoryKind
    what_happened: str
    customer_words: str
    people: list[int] = Field(description="Ids of the people involved.")
    date: dt.date
    source: StorySource
    service_level: ServiceLevel | None = Field(description="As the customer judged it.")

    @staticmethod
    def resolve_people(obj) -> list[int]:
        return [person.pk for person in obj.people.all()]

    @staticmethod
    def resolve_service_level(obj) -> str | None:
        return obj.service_level or None


class StoryFilters(RecordFilters):
    kind: StoryKind = absent()


class StoryIn(InSchema):
    kind: StoryKind
    what_happened: RequiredLongText
    customer_words: NoteText = ""
    people: IdList | None = Field(None, description="Person ids; defaults to you.")
    unit: Id | None = Field(None, description="Defaults to your unit.")
    date: Day | None = Field(None, description="Defaults to today.")
    source: StorySource = StorySource.STAFF
    service_level: ServiceLevel | None = None
    blocks: SlugList = []
    private: Flag = False


class StoryPatch(InSchema):
    kind: StoryKind = absent()
    what_happened: RequiredLongText = absent()
    customer_words: NoteText = absent()
    people: IdList = absent()
    unit: Id = absent()
    date: Day = absent()
    source: StorySource = absent()
    service_level: ServiceLevel | None = Field(None, description="Null clears it.")
    blocks: SlugList = absent()
    private: Flag = absent()


# --- leading indicators (M3) ------------------------------------------------------------

MAX_INDICATOR_DAYS = 3 * 366  # a period longer than three years is refused (400)


class IndicatorFilters(Schema):
    unit: QueryId = absent(
        description="The unit, counted with everything below it. Default: yours."
    )
    start: Day = absent(
        description="First day, included (YYYY-MM-DD). Default: 27 days before `end`, "
        "so the default period is 28 days."
    )
    end: Day = absent(description="Last day, included (YYYY-MM-DD). Default: today.")


class StoriesByKindOut(Schema):
    """Stories dated in the period, per kind; every kind is present (0 when none)."""

    frontline_effort: int
    service_recovery: int
    customer_compliment: int


class BenchmarksOut(Schema):
    """Reference values of ideas per employee per year (PRODUCT.md)."""

    typical: float
    toyota_1973: float
    world_class: float


class IndicatorsOut(Schema):
    """Every leading indicator of a unit and everything below it over start..end (both
    days included), as defined in tandem/indicators/definitions.py and on the "how we
    count" page. A share or rate is a fraction (0.25 = 25%); medians are in days with
    fractions. Any figure whose denominator is zero is null, never 0."""

    unit: int = Field(description="The unit's id.")
    start: dt.date
    end: dt.date = Field(
        description="The last day counted: the `end` asked for, or today when that is "
        "later (later days have no records yet, and would dilute every rate)."
    )
    staff: int = Field(description="Active people placed in the unit or below.")
    ideas_created: int
    ideas_tried: int = Field(description="Ideas moved to trying in the period, each once.")
    ideas_implemented: int
    ideas_parked: int
    ideas_created_per_100_staff: float | None
    ideas_tried_per_100_staff: float | None
    ideas_implemented_per_100_staff: float | None
    ideas_parked_per_100_staff: float | None
    implementation_rate: float | None = Field(
        description="Ideas implemented ÷ ideas created in the period; can exceed 1."
    )
    median_days_to_first_response: float | None
    median_days_proposed_to_trying: float | None
    median_days_trying_to_implemented: float | None
    service_actions: int
    stories: int
    stories_by_kind: StoriesByKindOut
    participation: float | None = Field(
        description="Share of staff who logged or were credited on anything in the period."
    )
    leaders: int = Field(description="Staff at supervisor level and up.")
    manager_engagement: float | None = Field(
        description="Share of leaders who moved or commented on one of their team's ideas."
    )
    minutes_saved_per_week: int = Field(
        description="Summed over ideas implemented in the period; 0 when none."
    )
    money_saved_per_year: float = Field(
        description="Summed over ideas implemented in the period, as a JSON number with "
        "at most two decimals (like an idea's money_saved_per_year); 0 when none."
    )
    ideas_per_employee_per_year: float | None = Field(
        description="Ideas created ÷ staff × 365 ÷ the days counted (start..end)."
    )
    benchmarks: BenchmarksOut
    initiatives_published: int = Field(
        description="Initiatives (meeting notes too) first published in the period that name "
        "the unit, or a unit below it, as affected."
    )
    initiative_response_rate: float | None = Field(
        description="Over those initiatives: their responses (every round) stored in the unit "
        "or below ÷ their affected people there × their rounds. Null unless one of them "
        "affects at least the minimum group of anonymity there, and null when taking it "
        "away from its parent's rate with those of the other units shown would tell about "
        "fewer (see initiative_response_rate_hidden)."
    )
    initiative_response_rate_hidden: RateHidden | None = Field(
        description="Why initiative_response_rate is null although initiatives were "
        "published: 'minimum_group' (none of them affects the minimum group in the unit and "
        "below) or 'siblings' (a unit beside this one or beside one above it, or the people "
        "placed in the unit above themselves, are below the minimum group, and subtracting "
        "the rates shown could tell how those few responded). Null when the rate is shown "
        "or nothing was published."
    )
    median_days_to_answer: float | None = Field(
        description="Median whole days from a response becoming visible to its answer, over "
        "responses stored in the unit or below that were answered in the period."
    )
    responses_answered_share: float | None = Field(
        description="Of the responses stored in the unit or below that became visible in the "
        "period, the share answered by now."
    )
    initiatives_changed_share: float | None = Field(
        description="Of initiatives_published, the share with at least one answer of kind "
        "'changed'."
    )
    recognitions: int = Field(
        description="Recognitions dated in the period, counted once per person recognized "
        "who is staff of the unit or below (where they are placed today): a team's counts "
        "once per member. Every source (a colleague, a customer, a contest) and private "
        "ones too."
    )
    recognitions_per_100_staff: float | None = Field(description="recognitions × 100 ÷ staff.")
    staff_recognized_share: float | None = Field(
        description="Share of staff recognized at least once in the period."
    )
    leaders_recognizing: int = Field(
        description="Leaders (supervisor level and up) of the unit or below who gave at least "
        "one recognition dated in the period, whoever it recognized; for a customer's, the "
        "person who logged it."
    )
    leaders_recognizing_share: float | None = Field(description="leaders_recognizing ÷ leaders.")

    @staticmethod
    def resolve_money_saved_per_year(obj: dict[str, Any]) -> float:
        return float(obj["money_saved_per_year"])


# --- upward feedback ("leading up", M7) ---------------------------------------------------
# Anonymous feedback is shown without anything that points to its author: `author` is
# null, and the author's own side (the answer to sending it, the reply-code conversation)
# carries neither the feedback's id nor a time.

FeedbackText = Annotated[Text, StringConstraints(max_length=VOICE_TEXT_LIMIT)]
ReplyCode = Annotated[
    str,
    StringConstraints(
        strict=True, strip_whitespace=True, min_length=1, max_length=40, pattern=NO_NUL
    ),
]


class PersonRefOut(Schema):
    id: int
    name: str


class RecipientOut(Schema):
    """A leader up your reporting line you may send feedback to."""

    id: int = Field(description="The person's id: send it as `to`.")
    name: str
    title: str
    level: Level
    senders: int = Field(description="How many people could have sent this leader feedback.")
    anonymous_ok: bool = Field(
        description="Whether anonymous feedback may reach this leader: only when at least "
        "the minimum group (5 unless the program office set another) could have sent it."
    )

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.person.pk

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.person.title

    @staticmethod
    def resolve_level(obj) -> str:
        return obj.person.level


class FeedbackIn(InSchema):
    to: Id = Field(description="The leader's person id (see GET /feedback/recipients).")
    kind: VoiceKind
    text: FeedbackText
    anonymous: Flag = Field(
        False,
        description="Send without your name. Not with an `Idempotency-Key`: a stored answer "
        "would tie it to your login.",
    )


class ReplyIn(InSchema):
    text: FeedbackText


class LabelIn(InSchema):
    label: VoiceLabel | None = Field(description="Null clears the label.")
    resolved: Flag


class CodeIn(InSchema):
    code: ReplyCode = Field(description="The reply code shown when the feedback was sent.")


class CodeReplyIn(CodeIn):
    text: FeedbackText


class MessageOut(Schema):
    from_recipient: bool = Field(
        description="True for the recipient's replies, false for the author's answers."
    )
    text: str = Field(description="Empty for an anonymous author's answer once withdrawn.")
    delivered_on: dt.date = Field(
        description="The day the other side may read it (an anonymous author's answers "
        "reach the inbox the morning after they were written)."
    )

    @staticmethod
    def resolve_delivered_on(obj) -> dt.date:
        return obj.deliver_on


def _label(obj) -> str | None:
    return obj.label or None


class InboxItemOut(Schema):
    """Feedback you received, with the conversation as you may read it today."""

    id: uuid.UUID
    kind: VoiceKind
    text: str
    anonymous: bool
    author: PersonRefOut | None = Field(
        description="Null when it was sent anonymously (or its author has left)."
    )
    delivered_on: dt.date = Field(
        description="The day it reached your inbox (anonymous feedback: the morning after "
        "it was sent, in a batch)."
    )
    label: VoiceLabel | None
    resolved: bool
    reported: bool
    messages: list[MessageOut]

    @staticmethod
    def resolve_author(obj):
        return None if obj.anonymous else obj.author

    @staticmethod
    def resolve_delivered_on(obj) -> dt.date:
        return obj.deliver_on

    @staticmethod
    def resolve_label(obj) -> str | None:
        return _label(obj)

    @staticmethod
    def resolve_messages(obj):
        return voice_services.conversation(obj, for_recipient=True)


class SentItemOut(Schema):
    """Feedback you sent with your name, with its conversation."""

    id: uuid.UUID
    to: PersonRefOut
    kind: VoiceKind
    text: str
    anonymous: bool = Field(description="Always false: anonymous feedback is not listed here.")
    delivered_on: dt.date = Field(description="The day it reached the recipient.")
    messages: list[MessageOut]

    @staticmethod
    def resolve_to(obj):
        return obj.recipient

    @staticmethod
    def resolve_delivered_on(obj) -> dt.date:
        return obj.deliver_on

    @staticmethod
    def resolve_messages(obj):
        return voice_services.conversation(obj, for_recipient=False)


class AnonymousSentOut(Schema):
    """Anonymous feedback just sent: the reply code is in this answer only (it is never
    stored, only its hash) and there is nothing else to find it by."""

    to: PersonRefOut
    kind: VoiceKind
    text: str
    anonymous: bool = Field(description="Always true.")
    reply_code: str = Field(
        description="Keep it: with it (POST /feedback/by-code) you read the replies, answer "
        "back or withdraw the feedback. It cannot be shown again."
    )


class CodeConversationOut(Schema):
    """Your anonymous feedback and its conversation, found by the reply code."""

    to: PersonRefOut
    kind: VoiceKind
    text: str = Field(description="Empty once withdrawn.")
    withdrawn: bool
    messages: list[MessageOut]

    @staticmethod
    def resolve_to(obj):
        return obj.recipient

    @staticmethod
    def resolve_messages(obj):
        return voice_services.conversation(obj, for_recipient=False)
