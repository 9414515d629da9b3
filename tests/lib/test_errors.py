"""tandem.lib.errors: one way to put a ValidationError into words."""

from django.core.exceptions import ValidationError

from tandem.lib.errors import error_text, messages_by_field, problems


def test_field_errors_name_their_field_and_others_stand_alone():
    error = ValidationError({"title": ["Say what the idea is."], "__all__": ["Nothing saved."]})
    assert messages_by_field(error) == {
        "title": ["Say what the idea is."],
        "__all__": ["Nothing saved."],
    }
    assert problems(error) == [("title", "Say what the idea is."), (None, "Nothing saved.")]
    assert error_text(error) == "title: Say what the idea is. Nothing saved."


def test_an_error_without_fields_is_its_messages():
    error = ValidationError(["Too late.", "Ask the chair."])
    assert messages_by_field(error) == {"__all__": ["Too late.", "Ask the chair."]}
    assert error_text(error) == "Too late. Ask the chair."


def test_a_params_message_is_formatted():
    error = ValidationError({"weight": ValidationError("%(n)s is over 100.", params={"n": 120})})
    assert error_text(error) == "weight: 120 is over 100."
