"""A round's results by unit (assessments/results.py), on a small organization with a
minimum group of 3: the means and spreads worked out by hand, hidden cells ("fewer than
3") against units nobody was asked in (no row), the sibling rule, the response rates,
the change since the previous round, the blocks with the widest spread, the texts only
where enough answered, and what the frontline is doing about each block."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tandem.assessments import results, services
from tandem.assessments.models import Round, RoundUnit, Submission
from tandem.capture.models import BuildingBlock, Idea
from tests.assessments import block_ids, choices, minimums, opened, today
from tests.factories import at, make_action, make_idea, make_person, make_story, make_unit

pytestmark = pytest.mark.django_db

NURSING = "Harbor Health/Nursing"


@pytest.fixture
def org(db):
    """Nursing: Ward A of four people, Ward B of three; a minimum group of 3 and texts
    from 4 answers. The program office sits at Harbor Health, outside the round."""
    minimums(3, text_min=4)
    office = make_person("Program Lead", unit="Harbor Health")
    from django.contrib.auth.models import Group

    from tandem.people.access import PROGRAM_OFFICE_GROUP

    office.user.groups.add(Group.objects.get_or_create(name=PROGRAM_OFFICE_GROUP)[0])
    a = [make_person(f"A{n}", unit=f"{NURSING}/Ward A") for n in range(4)]
    b = [make_person(f"B{n}", unit=f"{NURSING}/Ward B") for n in range(3)]
    return {"office": office, "a": a, "b": b, "nursing": make_unit(NURSING)}


def view(round_: Round, path: str) -> results.Results:
    unit = make_unit(path)
    return results.results(round_, RoundUnit.objects.get(round=round_, path=unit.path))


def answer(people, round_, **columns) -> None:
    """`b1=[5, 4, None, …]`: person i rates block 1 columns["b1"][i]; other blocks 4."""
    for i, person in enumerate(people):
        services.answer(person, round_, choices(4, **{b: s[i] for b, s in columns.items()}))


def rows(found: results.Results) -> list[str]:
    return [r.unit.name for r in found.rows]


def cell(found: results.Results, unit: str, position: int) -> results.Cell:
    row = next(r for r in found.rows if r.unit.name == unit)
    return row.cells[position - 1]


def texts(found: results.Results, block_id: int) -> list[str]:
    """The texts shown for a block, each as often as it was written."""
    return sorted(text for text, n in found.against.get(block_id, []) for _ in range(n))


def figure(c: results.Cell):
    return None if c.hidden else (c.n, c.mean)


def test_each_cell_is_the_mean_and_the_spread_of_those_who_rated(org):
    made = opened(org["office"], org["nursing"])
    answer(org["a"], made, b1=[5, 4, 4, 3], b2=[4, 4, None, 5])
    answer(org["b"], made, b1=[2, 3, 1], b2=[3, 3, 3])

    found = view(made, NURSING)

    assert rows(found) == ["Nursing", "Ward A", "Ward B"]
    assert [r.depth for r in found.rows] == [0, 1, 1]
    nursing, ward_a, ward_b = (cell(found, u, 1) for u in rows(found))
    assert (nursing.n, nursing.mean) == (7, 3.14)  # 22 / 7
    assert nursing.spread == {0: 0, 1: 1, 2: 1, 3: 2, 4: 2, 5: 1}
    assert (ward_a.n, ward_a.mean, ward_a.spread) == (4, 4.0, {0: 0, 1: 0, 2: 0, 3: 1, 4: 2, 5: 1})
    assert (ward_b.n, ward_b.mean, ward_b.spread) == (3, 2.0, {0: 0, 1: 1, 2: 1, 3: 1, 4: 0, 5: 0})
    # Don't know: in the spread (0), not in the mean nor in n.
    assert figure(cell(found, "Nursing", 2)) == (6, 3.67)  # 22 / 6
    assert (cell(found, "Ward A", 2).mean, cell(found, "Ward A", 2).spread[0]) == (4.33, 1)
    assert figure(cell(found, "Ward B", 2)) == (3, 3.0)
    assert all(
        figure(cell(found, u, 12)) == (n, 4.0) for u, n in zip(rows(found), (7, 4, 3), strict=True)
    )
    assert not any(c.change for r in found.rows for c in r.cells)  # no previous round
    assert found.previous is None and found.minimum == 3


def test_fewer_than_the_minimum_is_hidden_and_a_unit_nobody_was_asked_in_has_no_row(org):
    make_person("Ned No Login", unit=f"{NURSING}/Ward C", login=False)
    made = opened(org["office"], org["nursing"])
    answer(org["a"], made, b3=[None, None, 2, 3])

    found = view(made, NURSING)

    assert rows(found) == ["Nursing", "Ward A", "Ward B"]  # Ward C: nobody asked, no row
    assert not RoundUnit.objects.filter(round=made, name="Ward C").exists()
    hidden = cell(found, "Ward A", 3)
    assert hidden.hidden and not hidden.shown and hidden.mean is None and hidden.n == 0
    assert hidden.spread == {}  # not even the distribution
    assert cell(found, "Nursing", 3).hidden  # 2 rated
    # Nobody of Ward B answered: hidden too (none is fewer than 3), yet a row.
    assert cell(found, "Ward B", 1).hidden and not cell(found, "Ward A", 1).hidden
    assert figure(cell(found, "Ward A", 1)) == (4, 4.0)
    assert [(r.asked, r.answered) for r in found.rows] == [(7, 4), (4, 4), (3, 0)]


def test_a_hidden_sibling_hides_the_next_smallest_so_nothing_is_worked_out(org):
    lone = make_person("Cy", unit=f"{NURSING}/Ward C")  # one asked: filed under Nursing
    made = opened(org["office"], org["nursing"])
    answer(org["a"], made, b1=[5, 5, 5, 5])
    answer(org["b"], made, b1=[3, 3, 3])
    submission = services.answer(lone, made, choices(4, b1=1))
    assert submission.path == org["nursing"].path

    found = view(made, NURSING)

    assert rows(found) == ["Nursing", "Ward A", "Ward B", "Ward C"]
    assert figure(cell(found, "Nursing", 1)) == (8, 3.75)
    assert figure(cell(found, "Ward A", 1)) == (4, 5.0)
    # Ward C has nobody (its one is under Nursing), so Nursing less A and B would give
    # the one away: Ward B, the smallest shown, is hidden too (8 - 4 = 4, not 1).
    assert cell(found, "Ward C", 1).hidden and cell(found, "Ward B", 1).hidden
    # The response rates: the same rule by people asked.
    assert [(r.asked, r.answered) for r in found.rows] == [(8, 8), (4, 4), (3, None), (1, None)]
    assert [r.rate for r in found.rows] == [100, 100, None, None]


def test_response_rates_while_the_round_is_open(org):
    made = opened(org["office"], org["nursing"])
    answer(org["a"][:2], made)
    answer(org["b"], made)

    found = view(made, NURSING)
    assert [(r.asked, r.answered, r.rate) for r in found.rows] == [
        (7, 5, 71),
        (4, 2, 50),
        (3, 3, 100),
    ]
    ward_a = view(made, f"{NURSING}/Ward A")
    assert rows(ward_a) == ["Ward A"] and ward_a.rows[0].rate == 50
    assert all(c.hidden for c in ward_a.rows[0].cells)  # 2 answered, fewer than 3


def test_the_response_rate_of_a_unit_of_fewer_than_the_minimum_is_hidden(org):
    lone = make_person("Cy", unit=f"{NURSING}/Ward C")
    made = opened(org["office"], org["nursing"])
    services.answer(lone, made, choices())
    ward_c = view(made, f"{NURSING}/Ward C")
    assert (ward_c.rows[0].asked, ward_c.rows[0].answered, ward_c.rows[0].rate) == (1, None, None)
    assert all(c.hidden for c in ward_c.rows[0].cells)


def test_the_change_since_the_previous_closed_round(org):
    first = opened(org["office"], org["nursing"], title="Spring", opens_on=today() - timedelta(30))
    answer(org["a"], first, b1=[2, 2, 2, 2], b2=[3, 3, 3, 3])
    answer(org["b"], first, b1=[3, 3, 3], b2=[None, None, 2])
    second = opened(org["office"], org["nursing"], title="Autumn")
    answer(org["a"], second, b1=[4, 4, 4, 4], b2=[4, 4, 4, 4])
    answer(org["b"], second, b1=[4, 4, 4], b2=[4, 4, 4])
    assert view(second, NURSING).previous is None  # Spring is still open

    services.close_round(org["office"].user, first)
    found = view(second, NURSING)

    assert found.previous == first
    assert [cell(found, u, 1).change for u in rows(found)] == [1.57, 2.0, 1.0]  # 4 - 17/7
    # Block 2: in Spring, Ward B had one rating (hidden) and so Ward A was hidden too.
    assert [cell(found, u, 2).change for u in rows(found)] == [1.2, None, None]  # 4 - 14/5
    assert cell(found, "Nursing", 3).change == 0.0
    # The earlier round looks back at nothing.
    assert view(first, NURSING).previous is None


def test_the_widest_blocks_are_those_on_which_the_units_differ_most(org):
    made = opened(org["office"], org["nursing"])
    answer(org["a"], made, b1=[5] * 4, b2=[4] * 4, b3=[3] * 4, b5=[5] * 4, b7=[4, 4, 4, 1])
    answer(org["b"], made, b1=[1] * 3, b2=[2] * 3, b3=[2] * 3, b5=[None, None, 1], b7=[2] * 3)

    found = view(made, NURSING)

    by_slug = [(block.pk, spread) for block, spread in found.widest]
    ids = block_ids()
    # b5 is hidden for Ward B (and so Ward A): not compared. b7: 3.25 - 2 = 1.25.
    assert by_slug == [(ids[0], 4.0), (ids[1], 2.0), (ids[6], 1.25)]
    assert cell(found, "Ward B", 5).hidden
    # Looking at one ward, there is nothing below to compare.
    assert view(made, f"{NURSING}/Ward A").widest == []


def test_the_widest_ties_go_by_the_order_of_the_blocks(org):
    made = opened(org["office"], org["nursing"])
    answer(org["a"], made, b4=[5] * 4, b2=[5] * 4, b9=[5] * 4)
    answer(org["b"], made, b4=[3] * 3, b2=[3] * 3, b9=[3] * 3)
    ids = block_ids()
    assert [(b.pk, s) for b, s in view(made, NURSING).widest] == [
        (ids[1], 2.0),
        (ids[3], 2.0),
        (ids[8], 2.0),
    ]


def test_practices_against_service_are_shown_only_where_enough_answered(org):
    org["b"].append(make_person("B3", unit=f"{NURSING}/Ward B"))
    made = opened(org["office"], org["nursing"])  # text_min 4, fixed now
    for n, person in enumerate(org["a"] + org["b"]):
        text = f"  Bonus for sales only ({person.name})  " if n != 2 else "   "
        services.answer(person, made, choices(b6=services.Choice(2, text)))
    recognition = block_ids()[5]

    found = view(made, NURSING)
    assert not found.against_hidden and found.text_min == 4
    assert set(found.against) == {recognition}
    assert texts(found, recognition) == sorted(
        f"Bonus for sales only ({p.name})" for i, p in enumerate(org["a"] + org["b"]) if i != 2
    )
    ward_b = view(made, f"{NURSING}/Ward B")
    assert texts(ward_b, recognition) == [f"Bonus for sales only (B{n})" for n in range(4)]

    Round.objects.filter(pk=made.pk).update(text_min=5)
    made.refresh_from_db()
    assert len(texts(view(made, NURSING), recognition)) == 7  # 8 answered
    for ward in ("Ward A", "Ward B"):  # 4 each, fewer than 5
        found = view(made, f"{NURSING}/{ward}")
        assert found.against_hidden and found.against == {}


def test_the_same_words_written_by_several_are_shown_once_with_how_many_most_first(org):
    made = opened(org["office"], org["nursing"])
    words = ["Sales bonus", "Sales bonus", "Hiring for skills", "Sales bonus", "", "x", "x"]
    for person, text in zip(org["a"] + org["b"], words, strict=True):
        services.answer(person, made, choices(b6=services.Choice(2, text)))
    found = view(made, NURSING)
    assert found.against[block_ids()[5]] == [("Sales bonus", 3), ("x", 2), ("Hiring for skills", 1)]


def test_answers_count_where_the_person_was_at_the_opening(org):
    made = opened(org["office"], org["nursing"])
    mover = org["b"][0]
    mover.unit = make_unit(f"{NURSING}/Ward A")
    mover.save()
    services.answer(mover, made, choices())
    assert Submission.objects.get().path == make_unit(f"{NURSING}/Ward B").path
    found = view(made, NURSING)
    assert [(r.unit.name, r.answered) for r in found.rows] == [
        ("Nursing", 1),
        ("Ward A", 0),
        ("Ward B", 1),
    ]


def test_doing_counts_the_records_tagged_with_each_block_in_the_unit_over_the_year(org):
    made = opened(org["office"], org["nursing"])
    a1 = org["a"][0]
    outsider = make_person("Olly", unit="Harbor Health/Finance")
    recognition, vision = (
        BuildingBlock.objects.order_by("position")[5],
        BuildingBlock.objects.order_by("position")[1],
    )
    make_idea(a1, blocks=(recognition.slug, vision.slug))
    make_idea(org["b"][0], blocks=(recognition.slug,))
    make_idea(a1, blocks=(recognition.slug,), private=True)  # private: not counted
    make_idea(outsider, blocks=(recognition.slug,))  # another unit
    old = make_idea(a1, blocks=(recognition.slug,))
    Idea.objects.filter(pk=old.pk).update(created_at=at(made.closes_on - timedelta(days=400)))
    for record in (
        make_action(a1, date=today()),
        make_story(org["b"][1], date=today()),
        make_story(org["b"][1], date=made.closes_on + timedelta(days=1)),  # after the close
    ):
        record.blocks.add(recognition)

    found = results.doing(made, RoundUnit.objects.get(round=made, unit=org["nursing"]))
    assert dict(found[recognition.pk]) == {"ideas": 2, "actions": 1, "stories": 1}
    assert dict(found[vision.pk]) == {"ideas": 1}
    assert set(found) == {recognition.pk, vision.pk}
    ward_a = results.doing(made, RoundUnit.objects.get(round=made, name="Ward A"))
    assert dict(ward_a[recognition.pk]) == {"ideas": 1, "actions": 1}
