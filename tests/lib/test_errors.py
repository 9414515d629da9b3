"""tandem.lib.errors: one way to put a ValidationError into words."""

from django.core.exceptions import ValidationError

from tandem.lib.errors import add_to_form, error_text, messages_by_field, problems


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


class _Form:
    """What add_to_form needs of a Django form: its fields and add_error."""

    fields = {"title": None}

    def __init__(self) -> None:
        self.errors: dict = {}

    def add_error(self, field, messages) -> None:
        self.errors.setdefault(field, []).extend(messages)


def test_messages_go_next_to_their_field_and_the_rest_apart_or_to_the_form():
    error = ValidationError({"title": ["Say what it is."], "unit": ["No such unit."]})
    form = _Form()
    add_to_form(form, error)
    assert form.errors == {"title": ["Say what it is."], None: ["No such unit."]}
    form, unplaced = _Form(), []
    add_to_form(form, error, unplaced=unplaced)
    assert form.errors == {"title": ["Say what it is."]} and unplaced == ["No such unit."]


def test_the_text_can_leave_the_field_names_out():
    error = ValidationError({"ended_on": ["It cannot end before it started."]})
    assert error_text(error, fields=False) == "It cannot end before it started."
