"""Building-block assessments through the API: the same services and rules as the pages
(tandem/assessments: access.py, services.py, results.py); an answer leaves nothing that
ties the person to their ratings, and a hidden results cell carries no number.

make_team: Erin (executive) and Sam (senior leader) at the top of Harbor Health; Maria
(manager), Sid (supervisor), Fay and Cal (frontline) in Nursing/Ward 4B. `ward` adds six
more to Ward 4B: ten asked in a round on the ward, twice the minimum group of 5. The
program office sits at Harbor Health, outside the ward: not asked.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest

from tandem.api.models import IdempotentRequest
from tandem.assessments import services
from tandem.assessments.models import (
    AGAINST_LIMIT,
    Answered,
    Rating,
    Round,
    RoundUnit,
    Status,
    Submission,
)
from tandem.capture.models import BuildingBlock
from tandem.people.models import Level, Person, User
from tests.api.conftest import API, field_errors
from tests.api.test_voice import scalars
from tests.assessments import block_ids, choices, minimums, opened, plan, today
from tests.factories import PASSWORD, make_person, make_program_office, make_unit
from tests.voice.test_anonymity import assert_nothing_points_to_the_author, everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward(team):
    minimums(5, text_min=10)
    for n in range(6):
        make_person(f"Nurse {n}", unit=team["frontline"].unit, manager=team["supervisor"])
    return team


def ratings(score=4, **overrides) -> list[dict]:
    """A rating for every block (`score`), as the API takes them; `b3={...}` changes the
    third block's."""
    found = [{"block": pk, "score": score, "against": ""} for pk in block_ids()]
    for key, change in overrides.items():
        found[int(key[1:]) - 1].update(change)
    return found


def new_round(**fields) -> dict:
    return {
        "title": "Building blocks, spring",
        "units": [make_unit("Harbor Health/Nursing/Ward 4B").pk],
        "who": "everyone",
        "opens_on": str(today()),
        "closes_on": str(today() + timedelta(days=14)),
        **fields,
    }


def answers_kept() -> tuple[int, int, int]:
    return Submission.objects.count(), Rating.objects.count(), Answered.objects.count()


def post_with_key(caller, path: str, body: dict, key: str):
    headers = {**caller.headers, "Idempotency-Key": key}
    return caller.client.post(
        API + path, json.dumps(body), content_type="application/json", headers=headers
    )


# --- who may do what ----------------------------------------------------------------------

ROLES = ["program_office", "asked", "leader_above", "outsider", "no_person", "nobody"]
EXPECTED = {
    "list": [200, 200, 200, 200, 200, 401],
    "create": [201, 403, 403, 403, 403, 401],
    "open": [200, 404, 404, 404, 404, 401],
    "close": [200, 403, 403, 403, 403, 401],
    "questions": [403, 200, 403, 403, 403, 401],
    "questions_draft": [403, 404, 404, 404, 404, 401],
    "answer": [403, 201, 403, 403, 403, 401],
    "results": [200, 403, 200, 403, 403, 401],
    "results_draft": [400, 404, 404, 404, 404, 401],
}
# What the list shows each: (rounds listed, rounds to answer).
LISTED = {
    "program_office": ({"open", "draft"}, set()),
    "asked": (set(), {"open"}),
    "leader_above": ({"open"}, set()),
    "outsider": (set(), set()),
    "no_person": (set(), set()),
}
CASES = [
    pytest.param(role, action, codes[i], id=f"{role}-{action}")
    for action, codes in EXPECTED.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("role", "action", "expected"), CASES)
def test_permission_matrix(api_as, anonymous, ward, outsider, role, action, expected):
    """An open round on Ward 4B and a draft. Fay is asked; Sam leads above the ward (not
    asked: he sits at Harbor Health); Olly works in Finance; a robot has a login and no
    person."""
    office = make_program_office()
    people = {
        "program_office": office,
        "asked": ward["frontline"],
        "leader_above": ward["senior"],
        "outsider": outsider,
        "no_person": User.objects.create_user("robot@harbor.example", PASSWORD),
    }
    caller = anonymous if role == "nobody" else api_as(people[role])
    live = opened(office, ward["frontline"].unit)
    draft = services.save_round(office.user, plan(ward["frontline"].unit, title="Autumn"))
    rounds = Round.objects.count()
    kept = answers_kept()

    response = {
        "list": lambda: caller.get("/assessments"),
        "create": lambda: caller.post("/assessments", new_round()),
        "open": lambda: caller.post(f"/assessments/{draft.pk}/open"),
        "close": lambda: caller.post(f"/assessments/{live.pk}/close"),
        "questions": lambda: caller.get(f"/assessments/{live.pk}/questions"),
        "questions_draft": lambda: caller.get(f"/assessments/{draft.pk}/questions"),
        "answer": lambda: caller.post(f"/assessments/{live.pk}/answers", {"ratings": ratings()}),
        "results": lambda: caller.get(f"/assessments/{live.pk}/results"),
        "results_draft": lambda: caller.get(f"/assessments/{draft.pk}/results"),
    }[action]()

    assert response.status_code == expected, response.content
    done = expected in (200, 201)
    live.refresh_from_db()
    draft.refresh_from_db()
    assert Round.objects.count() == rounds + (action == "create" and done)
    assert (draft.status == Status.OPEN) is (action == "open" and done)
    assert (live.status == Status.CLOSED) is (action == "close" and done)
    assert answers_kept() == ((1, 12, 1) if action == "answer" and done else kept)
    if action == "list" and done:
        body = response.json()
        names = {live.pk: "open", draft.pk: "draft"}
        listed = {names[item["id"]] for item in body["items"]}
        to_answer = {names[item["id"]] for item in body["to_answer"]}
        assert (listed, to_answer) == LISTED[role]
        assert body["count"] == len(listed)
    if expected == 404:
        assert response.json()["detail"] == "No such assessment round."
    if expected == 403 and action in ("create", "open", "close"):
        assert response.json()["detail"] == "Only the program office runs assessment rounds."
    if expected == 403 and action == "answer":
        assert response.json()["detail"] == "You were not asked in this round."
    if expected == 401:
        assert response["WWW-Authenticate"] == "Bearer"


def test_a_leader_sees_the_results_of_their_own_part_only(api_as, ward):
    """Maria (Ward 4B) and Nora (Ward 5, a manager) in a round on Nursing: each starts at
    their own ward and may not read Nursing's nor the other ward's."""
    office = make_program_office()
    nora = make_person("Nora Nurse", unit="Harbor Health/Nursing/Ward 5", level=Level.MANAGER)
    round_ = opened(office, make_unit("Harbor Health/Nursing"))
    nursing, ward_4b, ward_5 = (
        RoundUnit.objects.get(round=round_, name=name) for name in ("Nursing", "Ward 4B", "Ward 5")
    )
    url = f"/assessments/{round_.pk}/results"

    mine = api_as(nora).get(url).json()
    assert mine["unit"] == {"path": ward_5.path, "name": "Ward 5"}
    assert mine["units"] == [{"path": ward_5.path, "name": "Ward 5"}]
    assert api_as(nora).get(url, unit=nursing.path).status_code == 403
    assert api_as(nora).get(url, unit=ward_4b.path).status_code == 403
    assert api_as(ward["manager"]).get(url).json()["unit"]["name"] == "Ward 4B"
    office = api_as(office)
    assert office.get(url).json()["unit"]["name"] == "Harbor Health"  # the round's top
    office_view = office.get(url, unit=nursing.path).json()
    assert [row["unit"]["name"] for row in office_view["rows"]] == [
        "Nursing",
        "Ward 4B",
        "Ward 5",
    ]


# --- writing and running a round ----------------------------------------------------------


def test_the_program_office_writes_opens_and_closes_a_round(api_as, ward):
    office = api_as(make_program_office())
    made = office.post("/assessments", new_round(who="sample", sample_percent=50))
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "draft" and body["who"] == "sample" and body["sample_percent"] == 50
    assert [u["name"] for u in body["units"]] == ["Ward 4B"]
    assert body["asked"] == 10  # would be, opened now: the sample is drawn when it opens
    pk = body["id"]

    opened_ = office.post(f"/assessments/{pk}/open")
    assert opened_.status_code == 200, opened_.content
    assert opened_.json()["status"] == "open" and opened_.json()["asked"] == 5
    again = office.post(f"/assessments/{pk}/open")
    assert field_errors(again) == {"status": "This round is open or closed already."}

    closed = office.post(f"/assessments/{pk}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert field_errors(office.post(f"/assessments/{pk}/close")) == {
        "status": "Only an open round can be closed."
    }


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"title": "  "}, "title", "Give the round a title"),
        ({"units": []}, "units", "Choose at least one unit"),
        ({"units": [987_654]}, "units", "There is no unit with id 987654."),
        ({"who": "sample"}, "sample_percent", "which share of people is asked"),
        ({"who": "sample", "sample_percent": 100}, "sample_percent", "less than or equal"),
        ({"who": "everybody"}, "who", "everyone"),
        ({"closes_on": str(today() - timedelta(days=1))}, "closes_on", "has passed"),
        (
            {
                "opens_on": str(today() + timedelta(days=9)),
                "closes_on": str(today() + timedelta(days=3)),
            },
            "closes_on",
            "on or after",
        ),  # fmt: skip
        ({"opens_on": "tomorrow"}, "opens_on", "YYYY-MM-DD"),
        ({"status": "open"}, "status", "not writable"),
    ],
)
def test_a_bad_round_is_refused_naming_the_field_and_nothing_is_saved(
    api_as, ward, fields, field, reason
):
    response = api_as(make_program_office()).post("/assessments", new_round(**fields))
    assert reason in field_errors(response)[field]
    assert not Round.objects.exists()


def test_a_round_that_asks_nobody_does_not_open(api_as, ward):
    office = make_program_office()
    empty = services.save_round(office.user, plan(make_unit("Harbor Health/Empty")))
    response = api_as(office).post(f"/assessments/{empty.pk}/open")
    assert "Nobody with a login" in field_errors(response)["units"]
    empty.refresh_from_db()
    assert empty.status == Status.DRAFT and not empty.invitations.exists()


def test_creating_a_round_with_an_idempotency_key_twice_makes_one(api_as, ward):
    office = api_as(make_program_office())
    first = post_with_key(office, "/assessments", new_round(), "round-1")
    replay = post_with_key(office, "/assessments", new_round(), "round-1")
    assert first.status_code == replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true" and replay.json() == first.json()
    assert Round.objects.count() == 1


@pytest.mark.parametrize("bad", ["abc", "0", str(2**63)])
def test_a_round_id_must_be_a_positive_number(api_as, ward, bad):
    assert "round_id" in field_errors(api_as(ward["frontline"]).get(f"/assessments/{bad}/results"))


# --- answering --------------------------------------------------------------------------------


def test_someone_asked_reads_the_questions_answers_once_and_the_list_says_so(api_as, ward):
    round_ = opened(make_program_office(), ward["frontline"].unit)
    fay = api_as(ward["frontline"])
    questions = fay.get(f"/assessments/{round_.pk}/questions")
    assert questions.status_code == 200 and questions["Cache-Control"].count("no-store")
    body = questions.json()
    assert [b["id"] for b in body["blocks"]] == block_ids()
    assert body["blocks"][0].keys() == {"id", "slug", "name", "hint"}
    assert [s["score"] for s in body["scale"]] == [1, 2, 3, 4, 5, None]
    assert body["scale"][0]["words"] == "Works against service"
    assert body["scale"][-1]["words"] == "Don't know"
    assert body["open"] and not body["answered"]
    assert fay.get("/assessments").json()["to_answer"] == [
        {
            "id": round_.pk,
            "title": round_.title,
            "closes_on": str(round_.closes_on),
            "answered": False,
        }  # fmt: skip
    ]

    sent = fay.post(
        f"/assessments/{round_.pk}/answers",
        {"ratings": ratings(b1={"score": None}, b6={"score": 1, "against": " Sales bonus. "})},
    )
    assert sent.status_code == 201, sent.content
    assert "no-store" in sent["Cache-Control"]
    assert sent.json() == {
        "round": {"id": round_.pk, "title": round_.title},
        "answered": True,
        "min_group": 5,
    }
    kept = {r.block_id: (r.score, r.against) for r in Rating.objects.all()}
    assert kept[block_ids()[0]] == (None, "")
    assert kept[block_ids()[5]] == (1, "Sales bonus.")
    assert fay.get(f"/assessments/{round_.pk}/questions").json()["answered"]
    assert fay.get("/assessments").json()["to_answer"][0]["answered"]


def _in_the_ward(ward):
    return opened(make_program_office(), ward["frontline"].unit)


BAD_ANSWERS = [
    pytest.param(lambda: ratings()[:11], "ratings", "or choose “Don't know”", id="missing-block"),
    pytest.param(
        lambda: ratings(b2={"score": 6}), "ratings.1.score", "less than or equal to 5", id="score-6"
    ),  # fmt: skip
    pytest.param(
        lambda: ratings(b2={"score": 0}),
        "ratings.1.score",
        "greater than or equal to 1",
        id="score-0",
    ),  # fmt: skip
    pytest.param(
        lambda: ratings(b2={"score": "4"}), "ratings.1.score", "valid integer", id="score-text"
    ),  # fmt: skip
    pytest.param(
        lambda: [{"block": block_ids()[0], "against": ""}],
        "ratings.0.score",
        "required",
        id="no-score",
    ),  # fmt: skip
    pytest.param(
        lambda: ratings(b3={"block": 987_654}),
        "ratings.2.block",
        "no building block with id 987654",
        id="unknown-block",
    ),  # fmt: skip
    pytest.param(
        lambda: ratings(b3={"block": block_ids()[0]}),
        "ratings.2.block",
        "rated twice",
        id="block-twice",
    ),  # fmt: skip
    pytest.param(
        lambda: ratings(b4={"against": "x" * (AGAINST_LIMIT + 1)}),
        "ratings.3.against",
        "at most 1000",
        id="text-too-long",
    ),  # fmt: skip
    pytest.param(
        lambda: ratings(b4={"person": 1}), "ratings.3.person", "Unknown field", id="extra-field"
    ),  # fmt: skip
]


@pytest.mark.parametrize(("body", "field", "reason"), BAD_ANSWERS)
def test_a_bad_answer_is_refused_naming_the_field_and_nothing_is_kept(
    api_as, ward, body, field, reason
):
    round_ = _in_the_ward(ward)
    response = api_as(ward["frontline"]).post(
        f"/assessments/{round_.pk}/answers", {"ratings": body()}
    )
    assert reason in field_errors(response)[field]
    assert answers_kept() == (0, 0, 0)
    assert not services.has_answered(ward["frontline"], round_)


def test_a_closed_round_takes_no_answer(api_as, ward):
    round_ = _in_the_ward(ward)
    services.close_round(None, round_)
    response = api_as(ward["frontline"]).post(
        f"/assessments/{round_.pk}/answers", {"ratings": ratings()}
    )
    assert "is closed; answers are no longer taken" in field_errors(response)["round"]
    assert answers_kept() == (0, 0, 0)


def test_answering_twice_is_refused_and_the_first_answers_stay(api_as, ward):
    round_ = _in_the_ward(ward)
    fay = api_as(ward["frontline"])
    url = f"/assessments/{round_.pk}/answers"
    assert fay.post(url, {"ratings": ratings(4)}).status_code == 201
    again = fay.post(url, {"ratings": ratings(1)})
    assert "You answered this round already" in field_errors(again)["round"]
    assert answers_kept() == (1, 12, 1)
    assert set(Rating.objects.values_list("score", flat=True)) == {4}


def test_answering_refuses_an_idempotency_key_and_keeps_nothing(api_as, ward):
    round_ = _in_the_ward(ward)
    fay = api_as(ward["frontline"])
    response = post_with_key(fay, f"/assessments/{round_.pk}/answers", {"ratings": ratings()}, "k")
    assert "tie you to your ratings" in field_errors(response)["Idempotency-Key"]
    assert answers_kept() == (0, 0, 0) and not IdempotentRequest.objects.exists()


# --- anonymity --------------------------------------------------------------------------------


@pytest.fixture
def quinn(ward):
    """A person whose person and login ids are numbers no count or other id here takes."""
    user = User.objects.create_user("quinn.quiet@harbor.example", PASSWORD, id=90_002)
    return Person.objects.create(
        pk=90_001, employee_id="E90001", name="Quinn Quiet", email="quinn.quiet@harbor.example",
        level=Level.FRONTLINE, unit=ward["frontline"].unit, manager=ward["supervisor"], user=user,
    )  # fmt: skip


def test_no_api_answer_ties_the_person_to_their_ratings(api_as, ward, quinn, caplog):
    """Quinn answers through the API with words of their own; every answer any API
    operation gives them, the program office and the leaders afterwards holds neither the
    submission's id, nor where it was filed, nor anything of Quinn; no row written and no
    log line does either (their token's last use aside)."""
    minimums(3, text_min=3)
    office = make_program_office()
    round_ = opened(office, make_unit("Harbor Health/Nursing"))
    for person in (ward["frontline"], ward["colleague"]):
        services.answer(person, round_, choices(4))
    quinn_api = api_as(quinn)
    before = everything()
    caplog.set_level(logging.DEBUG)
    secret = "The Tuesday rota punishes people who speak up."

    sent = quinn_api.post(
        f"/assessments/{round_.pk}/answers",
        {"ratings": ratings(2, b5={"score": 1, "against": secret})},
    )
    assert sent.status_code == 201, sent.content
    after = everything()
    submission = Submission.objects.exclude(
        pk__in=[pk for table, pk in before if table == "assessments_submission"]
    ).get()
    answers = {"sent": sent.json()}
    answers["list"] = quinn_api.get("/assessments").json()
    answers["questions"] = quinn_api.get(f"/assessments/{round_.pk}/questions").json()
    for name, who in (("office", office), ("sam", ward["senior"]), ("maria", ward["manager"])):
        reader = api_as(who)
        answers[f"{name}_list"] = reader.get("/assessments").json()
        for unit in RoundUnit.objects.filter(round=round_):
            found = reader.get(f"/assessments/{round_.pk}/results", unit=unit.path)
            if found.status_code == 200:
                answers[f"{name}_{unit.name}"] = found.json()
    assert any(secret in json.dumps(a) for a in answers.values())  # the results show it

    traces = [quinn.name, quinn.email, quinn.employee_id, "Quinn", str(submission.pk)]
    for name, answer in answers.items():
        text = json.dumps(answer)
        for trace in traces:
            assert trace not in text, (name, trace)
        numbers = [v for v in scalars(answer) if isinstance(v, int) and not isinstance(v, bool)]
        assert quinn.pk not in numbers and quinn.user_id not in numbers, (name, numbers)
    # Quinn's own side says only that it was kept: not where, not what.
    receipt = json.dumps(answers["sent"])
    assert submission.path not in receipt and secret not in receipt and "ratings" not in receipt
    assert set(answers["sent"]) == {"round", "answered", "min_group"}

    ids = (quinn.pk, quinn.user_id)
    token = quinn.user_id
    assert_nothing_points_to_the_author(
        before, after, [*traces[:4], quinn.user.email], ids, token_user=token
    )
    assert not IdempotentRequest.objects.exists()
    for trace in [*traces, secret]:
        assert trace not in caplog.text, trace


# --- results ------------------------------------------------------------------------------


@pytest.fixture
def nursing(ward):
    """A closed round on Nursing: Ward 4B (ten asked, all answered), Ward 5 (two) and Ward
    6 (six, all answered). Ward 5's answers are filed under Nursing (fewer than five
    there); Ward 6 is then hidden too, or Ward 5 would be Nursing less the two others."""
    office = make_program_office()
    small = [make_person(f"Five {n}", unit="Harbor Health/Nursing/Ward 5") for n in range(2)]
    six = [make_person(f"Six {n}", unit="Harbor Health/Nursing/Ward 6") for n in range(6)]
    round_ = opened(office, make_unit("Harbor Health/Nursing"))
    ward_4b = [p for p in Person.objects.filter(unit=ward["frontline"].unit)]
    for person in ward_4b:
        services.answer(person, round_, choices(4, b2=services.Choice(2, "Rota by seniority.")))
    for person in [*small, *six]:
        services.answer(person, round_, choices(2))
    services.close_round(None, round_)
    return {"office": office, "round": round_}


def test_results_show_what_the_page_shows_and_hidden_cells_carry_no_number(api_as, nursing):
    round_ = nursing["round"]
    top = RoundUnit.objects.get(round=round_, name="Nursing")
    response = api_as(nursing["office"]).get(f"/assessments/{round_.pk}/results", unit=top.path)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["minimum"] == 5 and body["text_min"] == 10
    assert [b["id"] for b in body["blocks"]] == block_ids()
    rows = {row["unit"]["name"]: row for row in body["rows"]}
    assert list(rows) == ["Nursing", "Ward 4B", "Ward 5", "Ward 6"]
    top = rows["Nursing"]
    assert (top["asked"], top["answered"], top["rate"], top["hidden"]) == (18, 18, 100, None)
    first = top["cells"][0]  # 10 × 4 and 8 × 2
    assert first == {
        "block": BuildingBlock.objects.order_by("position")[0].slug,
        "hidden": False,
        "mean": round((10 * 4 + 8 * 2) / 18, 2),
        "n": 18,
        "spread": [0, 8, 0, 10, 0],
        "dont_know": 0,
        "change": None,
    }
    assert rows["Ward 4B"]["cells"][0]["mean"] == 4.0 and not rows["Ward 4B"]["hidden"]
    assert rows["Ward 5"]["answered"] is None and rows["Ward 5"]["rate"] is None
    assert "Fewer than 5" in rows["Ward 5"]["hidden"]

    hidden = [cell for row in body["rows"] for cell in row["cells"] if cell["hidden"]]
    hidden_rows = {row["unit"]["name"] for row in body["rows"] if row["cells"][0]["hidden"]}
    assert hidden_rows == {"Ward 5", "Ward 6"} and len(hidden) == 24
    for cell in hidden:
        assert set(cell) == {"block", "hidden", "mean", "n", "spread", "dont_know", "change"}
        assert [v for k, v in cell.items() if k not in ("block", "hidden")] == [None] * 5
        assert not any(
            isinstance(v, int | float) and not isinstance(v, bool) for v in scalars(cell)
        )
    assert body["widest"] == []  # one unit below shown: nothing to compare
    assert body["against"] == [
        {
            "block": body["blocks"][1]["slug"],
            "named": [{"text": "Rota by seniority.", "count": 10}],
        }  # fmt: skip
    ]

    # Ward 6 on its own: its people were asked, too few are shown among its siblings,
    # and what was hidden at Nursing stays hidden here.
    ward_6 = RoundUnit.objects.get(round=round_, name="Ward 6")
    alone = api_as(nursing["office"]).get(f"/assessments/{round_.pk}/results", unit=ward_6.path)
    assert alone.status_code == 200
    assert alone.json()["against"] is None  # six answered: fewer than the ten for texts


def test_an_unknown_unit_is_refused_naming_it(api_as, nursing):
    round_ = nursing["round"]
    response = api_as(nursing["office"]).get(f"/assessments/{round_.pk}/results", unit="ZZZZ9999")
    assert field_errors(response) == {"unit": "That unit was not part of this round."}
