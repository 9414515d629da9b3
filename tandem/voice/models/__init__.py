"""Leading up (PRODUCT.md M7): upward feedback (feedback.py) and initiatives that
everyone affected can answer (initiatives.py)."""

from tandem.voice.models.feedback import (
    TEXT_LIMIT,
    Feedback,
    Heard,
    Kind,
    Label,
    Message,
    SendCount,
    UsedForm,
    VoiceSettings,
)
from tandem.voice.models.initiatives import (
    Answer,
    AnswerKind,
    Initiative,
    Responded,
    Response,
    ResponseKind,
    Status,
)

__all__ = [
    "TEXT_LIMIT",
    "Answer",
    "AnswerKind",
    "Feedback",
    "Heard",
    "Initiative",
    "Kind",
    "Label",
    "Message",
    "Responded",
    "Response",
    "ResponseKind",
    "SendCount",
    "Status",
    "UsedForm",
    "VoiceSettings",
]
