"""A validation error's messages: by field, as one line of text, or on a form.

Duck-typed on Django's ValidationError (`error_dict` when the messages belong to fields,
`messages` otherwise), so this module needs no Django: views, forms, the API and the
commands all turn a service's refusal into words here, and forms show it.
"""

from __future__ import annotations

from typing import Any

NO_FIELD = "__all__"


def messages_by_field(error: Any) -> dict[str, list[str]]:
    """{field: [message, ...]}; messages that belong to no field under "__all__"."""
    if hasattr(error, "error_dict"):
        return {
            field: [message for e in errors for message in e.messages]
            for field, errors in error.error_dict.items()
        }
    return {NO_FIELD: list(error.messages)}


def problems(error: Any) -> list[tuple[str | None, str]]:
    """(field or None, message), one per problem, in the error's order."""
    return [
        (None if field == NO_FIELD else field, message)
        for field, messages in messages_by_field(error).items()
        for message in messages
    ]


def error_text(error: Any, *, fields: bool = True) -> str:
    """One sentence per problem, each naming its field ("title: This field is required.")
    unless `fields` is False."""
    return " ".join(f"{f}: {m}" if f and fields else m for f, m in problems(error))


def add_to_form(form: Any, error: Any, *, unplaced: list[str] | None = None) -> None:
    """Put a service's ValidationError on a Django form: each message next to its field
    when the form has one; the others into `unplaced` when given (a list the template
    shows where they belong), else among the form's non-field errors."""
    for field, messages in messages_by_field(error).items():
        if field in form.fields:
            form.add_error(field, messages)
        elif unplaced is not None:
            unplaced.extend(messages)
        else:
            form.add_error(None, messages)
