import pytest

from tandem.lib.ids import as_id


@pytest.mark.parametrize(
    ("text", "found"),
    [("12", 12), (" 7 ", 7), ("²", None), ("-3", None), ("0", None), ("1e3", None),
     ("", None), (None, None), ("9" * 18, int("9" * 18)), ("9" * 19, None)],
)  # fmt: skip
def test_an_id_is_ascii_digits_of_a_bigint(text, found):
    assert as_id(text) == found
