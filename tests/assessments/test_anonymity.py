"""Assessment answers, tested as an attacker would: answer through the page, then read
every row the database gained or changed, and every log line, for anything that points
to the person; then, on random small organizations, combine every figure any results
view shows and check that no group of fewer than the minimum can be worked out, and
that answers are filed under groups of at least the minimum."""

from __future__ import annotations

import logging
import random
from collections import Counter, defaultdict

import pytest
from django.db import models, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.assessments import results, services
from tandem.assessments.models import Answered, Invitation, Rating, Round, RoundUnit, Submission
from tandem.capture.models import BuildingBlock
from tandem.people.models import OrgUnit, Person, User
from tests.assessments import block_ids, choices, minimums, opened, plan
from tests.factories import make_person, make_program_office, make_unit
from tests.voice.test_anonymity import (
    FROM_THE_ATTACKERS_VIEW,
    assert_nothing_points_to_the_author,
    everything,
    who,
)

pytestmark = pytest.mark.django_db

NURSING = "Harbor Health/Nursing"
STEP = OrgUnit.steplen


# --- what is written ------------------------------------------------------------------


def test_nothing_written_for_an_answer_points_to_the_person(team, client, caplog, settings):
    settings.TANDEM_NOTIFY_BY_EMAIL = True
    minimums(3)
    made = opened(make_program_office(), team["frontline"].unit)
    author = team["frontline"]
    client.force_login(author.user)
    client.get(f"/assessments/{made.pk}/answer/")  # the form: the session exists
    session_key = client.session.session_key
    traces, ids = who(author, client)
    before = everything()
    caplog.set_level(logging.DEBUG)

    form = {f"block_{b.pk}": "4" for b in BuildingBlock.objects.all()}
    recognition = BuildingBlock.objects.get(slug="recognition")
    form[f"block_{recognition.pk}"] = "1"
    form[f"against_{recognition.pk}"] = "The bonus pays for sales only."
    sent = client.post(f"/assessments/{made.pk}/answer/", form, **FROM_THE_ATTACKERS_VIEW)
    assert sent.status_code == 200

    after = everything()
    added = {table for table, _ in set(after) - set(before)}
    assert {"assessments_submission", "assessments_rating", "assessments_answered"} <= added
    assert_nothing_points_to_the_author(before, after, traces, ids, session_key)
    for (table, _), row in after.items():  # no time of day for anything answered
        if table.startswith("assessments_") and (table, _) not in before:
            assert not any(hasattr(v, "hour") for v in row.values()), (table, row)
    answered = next(row for (t, _), row in after.items() if t == "assessments_answered")
    assert set(answered) == {"id", "key", "round_id"}
    assert answered["key"] == services.answered_key(author, made)  # keyed: not the person
    logged = caplog.text
    for trace in [*traces, "The bonus pays for sales only."]:
        assert trace not in logged, trace
    # Who was asked is kept (the invitation, from the opening), not what they answered.
    assert Invitation.objects.filter(round=made, person=author).exists()
    assert services.has_answered(author, made)


def test_no_table_of_answers_refers_to_a_person_a_login_or_a_time():
    for model in (Submission, Rating, Answered):
        for field in model._meta.concrete_fields:
            assert not (
                isinstance(field, models.ForeignKey) and field.related_model in (Person, User)
            ), (model, field)
            assert not isinstance(field, models.DateField), (model, field)  # DateTimeField too
    assert not any(f.is_relation and f.related_model is Submission for f in Answered._meta.fields)


def _sequential(model) -> bool:
    return model._meta.pk.get_internal_type() in {"AutoField", "BigAutoField", "SmallAutoField"}


def test_whose_answers_are_which_cannot_be_read_from_the_order_of_the_rows():
    """Whoever holds the database and the secret key can tell who answered (the keyed
    hash: needed to answer once and to remind). If the `Answered` rows and the `Rating`
    rows were both numbered as they are written, sorting both by id would pair each
    person with their ratings. At least one of them must carry no order."""
    assert not (_sequential(Answered) and _sequential(Rating))


# --- results combined across views ----------------------------------------------------


def _view(round_, path: str) -> results.Results:
    return results.results(round_, RoundUnit.objects.get(round=round_, path=path))


def test_a_unit_hidden_among_its_siblings_stays_hidden_when_looked_at_on_its_own():
    """Nursing: Ward A of four, Ward B of three, Ward C of one (filed under Nursing);
    minimum 3. Nursing's view hides Ward B so that Nursing less A and B does not give
    Ward C's one person away; Ward B's own view must not show it either."""
    minimums(3)
    a = [make_person(unit=f"{NURSING}/Ward A") for _ in range(4)]
    b = [make_person(unit=f"{NURSING}/Ward B") for _ in range(3)]
    lone = make_person(unit=f"{NURSING}/Ward C")
    made = opened(make_program_office(), make_unit(NURSING))
    for person in a:
        services.answer(person, made, choices(5))
    for person in b:
        services.answer(person, made, choices(3))
    services.answer(lone, made, choices(1))

    published = _published(made)
    nursing, ward_a, ward_b = (
        make_unit(p).path for p in (NURSING, f"{NURSING}/Ward A", f"{NURSING}/Ward B")
    )
    first = block_ids()[0]
    derived = published[first].get(nursing, 0) - published[first].get(ward_a, 0)
    derived -= published[first].get(ward_b, 0)
    assert derived == 0 or derived >= 3, "Ward C's one answer can be worked out"


def test_texts_of_fewer_than_the_minimum_cannot_be_had_by_subtracting_a_unit_below():
    """Ward A: four answered; Ward B: three asked, one answered; texts from 4. Nursing
    (five answered) shows every text, Ward A its four: the difference is Ward B's one."""
    minimums(3, text_min=4)
    a = [make_person(unit=f"{NURSING}/Ward A") for _ in range(4)]
    b = [make_person(unit=f"{NURSING}/Ward B") for _ in range(3)]
    made = opened(make_program_office(), make_unit(NURSING))
    block = block_ids()[5]
    for n, person in enumerate(a):
        services.answer(person, made, choices(b6=services.Choice(3, f"Rota {n}")))
    services.answer(b[0], made, choices(b6=services.Choice(1, "My manager ignores complaints")))

    shown = {}
    for unit in RoundUnit.objects.filter(round=made):
        found = _view(made, unit.path)
        shown[unit.path] = Counter(
            {text: n for text, n in found.against.get(block, [])}
            if not found.against_hidden
            else {}
        )
    nursing, ward_a = make_unit(NURSING).path, make_unit(f"{NURSING}/Ward A").path
    if shown[nursing] and shown[ward_a]:
        left = shown[nursing] - shown[ward_a]
        assert "My manager ignores complaints" not in left, "one person's words, by subtraction"


# --- random small organizations -------------------------------------------------------


class _Undo(Exception):
    pass


def _random_round(rng: random.Random) -> tuple[Round, int, dict[int, str]]:
    """A random Nursing of 1–3 wards, some with teams, some people in Nursing itself;
    most people answer, some blocks "don't know". Returns the round, its minimum and
    each answer's submission path by the person's invitation path."""
    minimum = rng.choice([3, 4, 5])
    minimums(minimum, text_min=minimum + 1)
    for _ in range(rng.choice([0, 0, rng.randint(1, minimum)])):
        make_person(unit=NURSING)
    for w in range(rng.randint(1, 3)):
        ward = f"{NURSING}/Ward {w}"
        for _ in range(rng.randint(0, minimum + 2)):
            make_person(unit=ward)
        for t in range(rng.choice([0, 0, 1, 2])):
            for _ in range(rng.randint(1, minimum + 1)):
                make_person(unit=f"{ward}/Team {t}")
    if not Person.objects.filter(unit__full_path__startswith=NURSING).exists():
        make_person(unit=NURSING)
    made = services.save_round(None, plan(make_unit(NURSING)))
    services.open_round(None, made)
    made.refresh_from_db()
    ids = block_ids()
    filed = {}
    for invitation in Invitation.objects.filter(round=made).select_related("person"):
        if rng.random() < 0.15:
            continue
        given = {pk: services.Choice(rng.choice([1, 2, 3, 4, 5, 5, 4, None])) for pk in ids}
        filed[invitation.person_id] = (
            invitation.path,
            services.answer(invitation.person, made, given).path,
        )
    return made, minimum, filed


def _parent(path: str) -> str:
    return path[:-STEP]


def _published(round_) -> dict[int, dict[str, int]]:
    """Every cell's count any view shows: block id → path → n (a unit appears as the top
    of its own view and as a row of its parent's)."""
    shown: dict[int, dict[str, int]] = defaultdict(dict)
    for unit in RoundUnit.objects.filter(round=round_):
        found = _view(round_, unit.path)
        for row in found.rows:
            for block, cell in zip(found.blocks, row.cells, strict=True):
                if cell.shown:
                    assert shown[block.pk].get(row.unit.path, cell.n) == cell.n
                    shown[block.pk][row.unit.path] = cell.n
    return shown


def _rolled_back(check) -> None:
    try:
        with transaction.atomic():
            check()
            raise _Undo
    except _Undo:
        pass


EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@EXAMPLES
@given(seed=st.integers(0, 2**32 - 1))
def test_no_view_lets_a_group_below_the_minimum_be_worked_out_from_its_rows(seed):
    """In each view, per block: the top's count less the shown rows' counts is 0 or at
    least the minimum; per view, the same for the people asked behind the rates shown;
    and every answer is filed under the smallest unit around the person with at least
    the minimum asked."""

    def check():
        made, minimum, filed = _random_round(random.Random(seed))
        asked = Counter()
        for path in Invitation.objects.filter(round=made).values_list("path", flat=True):
            for end in range(STEP, len(path) + 1, STEP):
                asked[path[:end]] += 1
        for unit in RoundUnit.objects.filter(round=made):
            found = _view(made, unit.path)
            top, below = found.rows[0], found.rows[1:]
            for i, block in enumerate(found.blocks):
                if not top.cells[i].shown:
                    assert all(not r.cells[i].shown for r in below), (seed, unit.path, block)
                    continue
                assert top.cells[i].n >= minimum
                left = top.cells[i].n - sum(r.cells[i].n for r in below if r.cells[i].shown)
                assert left == 0 or left >= minimum, (seed, unit.path, block.slug, left)
                for r in below:
                    assert not r.cells[i].shown or r.cells[i].n >= minimum
            if top.answered is not None:
                people = top.asked - sum(r.asked for r in below if r.answered is not None)
                assert people == 0 or people >= minimum, (seed, unit.path, people)
            assert all(r.answered is None or r.asked >= minimum for r in found.rows)
        for mine, path in filed.values():
            ups = [mine[:end] for end in range(len(mine), 0, -STEP)]
            big = [p for p in ups if asked[p] >= minimum]
            assert path == (big[0] if big else mine[:STEP]), (seed, mine, path)
            assert asked[path] >= minimum or not big

    _rolled_back(check)


def _derivable(tree: dict[str, list[str]], published: dict[str, int]) -> dict[str, int]:
    """What an attacker works out from published counts with v(P) = own(P) + Σ v(child):
    every term left alone in an equation, and every sum of the terms left unknown, to a
    fixpoint. Keys: a path (the unit's subtree) or ("own", path), or ("rest", path)."""
    known: dict = dict(published)
    found: dict = {}
    changed = True
    while changed:
        changed = False
        for parent, kids in tree.items():
            terms = [*kids, ("own", parent)]
            if parent not in known:
                if all(t in known for t in terms):
                    known[parent] = found[parent] = sum(known[t] for t in terms)
                    changed = True
                continue
            unknown = [t for t in terms if t not in known]
            if not unknown:
                continue
            left = known[parent] - sum(known[t] for t in terms if t in known)
            if len(unknown) == 1:
                known[unknown[0]] = found[unknown[0]] = left
                changed = True
            else:
                found[("rest", parent)] = left
    return found


@EXAMPLES
@given(seed=st.integers(0, 2**32 - 1))
def test_no_combination_of_views_lets_a_group_below_the_minimum_be_worked_out(seed):
    """The attacker reads every view of the round (each unit's own and its parent's,
    as `?unit=` allows) and subtracts: no count of fewer than the minimum comes out."""

    def check():
        made, minimum, _ = _random_round(random.Random(seed))
        tree: dict[str, list[str]] = defaultdict(list)
        for path in RoundUnit.objects.filter(round=made).values_list("path", flat=True):
            tree.setdefault(path, [])
            if len(path) > STEP:
                tree[_parent(path)].append(path)
        for block_id, shown in _published(made).items():
            for what, n in _derivable(tree, shown).items():
                assert n == 0 or n >= minimum, (seed, block_id, what, n)

    _rolled_back(check)
