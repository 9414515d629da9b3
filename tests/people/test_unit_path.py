"""The unit_path filter: a unit's path that a browser may break after each "/"."""

import pytest
from django.template import Context, Template

from tests.factories import make_unit


def render(value) -> str:
    return Template("{% load units %}{{ value|unit_path }}").render(Context({"value": value}))


@pytest.mark.django_db
def test_a_break_opportunity_after_each_slash():
    unit = make_unit("Harbor Health/Patient Support/Environmental")
    assert render(unit) == (
        '<span class="unit-path">Harbor Health/<wbr>Patient Support/<wbr>Environmental</span>'
    )


def test_names_are_escaped_and_a_plain_path_works():
    assert render("A&B/<b>x") == '<span class="unit-path">A&amp;B/<wbr>&lt;b&gt;x</span>'


def test_nothing_for_no_unit():
    assert render(None) == "" and render("") == ""
