"""The org-chart import: what a good file does, and that a bad one changes nothing."""

from __future__ import annotations

import pytest

from tandem.audit.models import AuditEntry
from tandem.people.importer import import_people, parse_csv
from tandem.people.models import OrgUnit, Person, User
from tests.factories import make_person, make_program_office
from tests.people.helpers import BASE, HEADER, csv_bytes, db_state

pytestmark = pytest.mark.django_db


def by_id(employee_id: str) -> Person:
    return Person.objects.select_related("unit", "manager").get(employee_id=employee_id)


@pytest.fixture
def org():
    """Four people already imported, before the file under test arrives."""
    report = import_people(BASE)
    assert report.ok, report.problems
    return report


def refused(data: bytes, **kwargs) -> list[tuple[int, str]]:
    """Import a bad file and return its problems, checking that nothing changed."""
    before = db_state()
    report = import_people(data, **kwargs)
    assert not report.ok
    assert db_state() == before
    return [(p.line, p.message) for p in report.problems]


# --- good files --------------------------------------------------------------------


def test_import_creates_people_units_and_managers_even_when_managers_come_later():
    data = csv_bytes(
        "HH-4,Fay Front,,Staff Nurse,frontline,Harbor Health/Nursing/Ward 4B,HH-3",
        "HH-3,Maria Manager,,Ward Manager,manager,Harbor Health/Nursing/Ward 4B,HH-2",
        "HH-2,Sam Senior,sam@harbor.example,Director,senior leader,Harbor Health/Nursing,HH-1",
        "HH-1,Erin Exec,erin@harbor.example,Chief Executive,executive,Harbor Health,",
    )
    report = import_people(data)
    assert report.ok
    assert (report.rows, report.created, report.updated, report.unchanged) == (4, 4, 0, 0)
    assert report.units_created == 3
    fay = by_id("HH-4")
    assert (fay.name, fay.title, fay.level, fay.email) == (
        "Fay Front",
        "Staff Nurse",
        "frontline",
        "",
    )
    assert fay.unit.full_path == "Harbor Health/Nursing/Ward 4B"
    assert fay.manager.employee_id == "HH-3"
    assert by_id("HH-3").manager.employee_id == "HH-2"
    assert by_id("HH-1").manager is None
    ward = OrgUnit.objects.get(full_path="Harbor Health/Nursing/Ward 4B")
    assert OrgUnit.objects.get_parent(ward).full_path == "Harbor Health/Nursing"
    root = OrgUnit.objects.get(full_path="Harbor Health")
    assert [u.full_path for u in OrgUnit.objects.get_children(root)] == ["Harbor Health/Nursing"]


def test_each_import_records_one_audit_entry_with_the_counts(org):
    entries = AuditEntry.objects.filter(action="imported people")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.object_type == "people.Person"
    assert entry.changes["created"] == 4
    assert entry.changes["units_created"] == 3
    assert entry.actor_label == "system"


def test_audit_entry_names_the_program_office_user_who_imported():
    po = make_program_office()
    import_people(BASE, actor=po.user)
    entry = AuditEntry.objects.get(action="imported people")
    assert entry.actor == po.user
    assert entry.changes["rows"] == 4


def test_reimporting_the_same_file_changes_nothing(org):
    before = dict(Person.objects.values_list("employee_id", "updated_at"))
    units = list(OrgUnit.objects.values_list("pk", "path", "numchild"))
    report = import_people(BASE)
    assert (report.created, report.updated, report.unchanged, report.deactivated) == (0, 0, 4, 0)
    assert report.units_created == 0
    assert dict(Person.objects.values_list("employee_id", "updated_at")) == before
    assert list(OrgUnit.objects.values_list("pk", "path", "numchild")) == units
    assert report.summary() == (
        "4 rows: 0 created, 0 updated, 4 unchanged, 0 deactivated; 0 units created."
    )


def test_changed_file_updates_people_in_place_matched_by_employee_id(org):
    fay_before = by_id("HH-4")
    erin_before = by_id("HH-1")
    lines = BASE.decode().splitlines()[1:4]
    lines.append(
        "HH-4,Fay Fronte,fay@harbor.example,Charge Nurse,supervisor,"
        "Harbor Health/Nursing/Ward 5A,HH-2"
    )
    data = csv_bytes(*lines)
    report = import_people(data)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    assert report.units_created == 1
    fay = by_id("HH-4")
    assert fay.pk == fay_before.pk
    assert (fay.name, fay.email, fay.title, fay.level) == (
        "Fay Fronte",
        "fay@harbor.example",
        "Charge Nurse",
        "supervisor",
    )
    assert fay.unit.full_path == "Harbor Health/Nursing/Ward 5A"
    assert fay.manager.employee_id == "HH-2"
    assert fay.updated_at > fay_before.updated_at
    assert by_id("HH-1").updated_at == erin_before.updated_at
    assert Person.objects.count() == 4


def test_clearing_a_manager_in_the_file_clears_it_in_tandem(org):
    data = BASE.replace(b"Ward 4B,HH-3", b"Ward 4B,")
    report = import_people(data)
    assert report.updated == 1
    assert by_id("HH-4").manager is None


def test_people_missing_from_the_file_stay_active_without_the_flag(org):
    report = import_people(csv_bytes("HH-1,Erin Exec,,Chief Executive,executive,Harbor Health,"))
    assert report.deactivated == 0
    assert Person.objects.filter(active=True).count() == 4


def test_deactivate_missing_deactivates_people_and_logins_but_deletes_nothing(org):
    login = make_person("Lou Login", unit="Harbor Health/Nursing")
    data = BASE.split(b"\n", 1)[0] + b"\n" + b"\n".join(BASE.split(b"\n")[1:4]) + b"\n"
    report = import_people(data, deactivate_missing=True)
    assert report.ok
    assert report.deactivated == 2  # HH-4 and Lou, who was never in the file
    assert Person.objects.count() == 5
    assert not by_id("HH-4").active
    login.refresh_from_db()
    login.user.refresh_from_db()
    assert not login.active
    assert not login.user.is_active
    assert by_id("HH-3").active


def test_deactivated_person_who_reappears_is_reactivated_with_their_login(org):
    user = User.objects.create_user("fay@harbor.example", "x-pass-12345", is_active=False)
    Person.objects.filter(employee_id="HH-4").update(active=False, user=user)
    report = import_people(BASE)
    assert (report.updated, report.reactivated) == (1, 1)
    fay = by_id("HH-4")
    assert fay.active
    fay.user.refresh_from_db()
    assert fay.user.is_active


def test_file_with_a_byte_order_mark_imports():
    report = import_people(csv_bytes("HH-9,Bo Mark,,,frontline,Harbor Health,", bom=True))
    assert report.ok
    assert by_id("HH-9").name == "Bo Mark"


def test_names_in_any_script_are_stored_as_written():
    data = csv_bytes(
        "GR-1,Γιώργος Παπαδόπουλος,,Νοσηλευτής,frontline,Harbor Health/Αθήνα,",
        "JP-1,田中 愛子,aiko@harbor.example,看護師,supervisor,Harbor Health/東京,",
        "AR-1,ليلى حداد,,ممرضة,frontline,Harbor Health/دبي,",
    )
    report = import_people(data)
    assert report.created == 3
    assert by_id("GR-1").name == "Γιώργος Παπαδόπουλος"
    assert by_id("JP-1").unit.full_path == "Harbor Health/東京"
    assert by_id("AR-1").title == "ممرضة"
    assert import_people(data).unchanged == 3


@pytest.mark.parametrize(
    "spelling,level",
    [
        ("senior leader", "senior_leader"),
        ("Senior_Leader", "senior_leader"),
        ("senior-leader", "senior_leader"),
        ("SENIOR LEADER", "senior_leader"),
        ("Frontline", "frontline"),
        (" executive ", "executive"),
    ],
)
def test_level_is_matched_case_insensitively_with_spaces_dashes_or_underscores(spelling, level):
    report = import_people(csv_bytes(f"HH-1,Lee Level,,,{spelling},Harbor Health,"))
    assert report.ok, report.problems
    assert by_id("HH-1").level == level


def test_units_are_created_as_needed_and_existing_ones_reused():
    nursing = OrgUnit.ensure_path("Harbor Health/Nursing")
    report = import_people(
        csv_bytes(
            "HH-1,Ann,,,frontline,Harbor Health/Nursing/Ward 4B,",
            "HH-2,Bea,,,frontline, Harbor Health / Nursing / Ward 4B ,",
            "HH-3,Cy,,,frontline,Harbor Health/Nursing,",
        )
    )
    assert report.units_created == 1
    assert OrgUnit.objects.count() == 3
    assert by_id("HH-3").unit == nursing
    assert by_id("HH-1").unit == by_id("HH-2").unit
    assert OrgUnit.objects.get_parent(by_id("HH-1").unit) == nursing


def test_columns_in_any_order_with_extra_columns_ignored():
    data = csv_bytes(
        "Ward 4B,frontline,HH-1,Ann Able,ann@harbor.example,42,,Staff Nurse",
        header="unit,Level,Employee ID,name,email,shoe_size,manager_employee_id,title",
    )
    data = data.replace(b"Ward 4B", b"Harbor Health/Ward 4B")
    report = import_people(data)
    assert report.ok, report.problems
    ann = by_id("HH-1")
    assert (ann.name, ann.email, ann.title, ann.unit.full_path) == (
        "Ann Able",
        "ann@harbor.example",
        "Staff Nurse",
        "Harbor Health/Ward 4B",
    )


def test_email_title_and_manager_may_be_blank_and_crlf_line_endings_work():
    data = csv_bytes(
        "HH-1,Ann,,,frontline,Harbor Health,", "HH-2,Bo,,,frontline,Harbor Health,", newline="\r\n"
    )
    report = import_people(data)
    assert report.created == 2
    assert by_id("HH-2").email == "" and by_id("HH-2").manager is None


def test_manager_may_be_someone_already_in_tandem_but_not_in_the_file(org):
    report = import_people(csv_bytes("HH-5,New Nurse,,,frontline,Harbor Health/Nursing,HH-3"))
    assert report.created == 1
    assert by_id("HH-5").manager == by_id("HH-3")


def test_blank_lines_are_skipped():
    data = csv_bytes("", "HH-1,Ann,,,frontline,Harbor Health,", "", ",,,,,,")
    report = import_people(data)
    assert (report.rows, report.created) == (1, 1)


# --- bad files: a problem naming the line, and nothing changed -------------------------


def test_unknown_level_names_the_line_and_the_allowed_levels(org):
    data = csv_bytes(
        "HH-5,Ann,,,frontline,Harbor Health,",
        "HH-6,Bo Boss,,,boss,Harbor Health,",
    )
    assert refused(data) == [
        (
            3,
            "unknown level 'boss'; allowed levels: executive, senior leader, manager, "
            "supervisor, frontline",
        )
    ]
    assert not Person.objects.filter(employee_id="HH-5").exists()


def test_duplicate_employee_id_names_both_lines(org):
    data = csv_bytes(
        "HH-5,Ann,,,frontline,Harbor Health,",
        "HH-6,Bo,,,frontline,Harbor Health,",
        "HH-5,Ann Again,,,frontline,Harbor Health,",
    )
    assert refused(data) == [(4, "employee_id 'HH-5' appears twice: on line 2 and on line 4")]


def test_manager_that_exists_nowhere_is_refused(org):
    data = csv_bytes("HH-5,Ann,,,frontline,Harbor Health,HH-404")
    assert refused(data) == [
        (2, "manager_employee_id 'HH-404' is neither in the file nor in Tandem")
    ]


def test_manager_cycle_in_the_file_names_the_lines_and_ids(org):
    data = csv_bytes(
        "HH-5,Ann,,,manager,Harbor Health,HH-7",
        "HH-6,Bo,,,manager,Harbor Health,HH-5",
        "HH-7,Cy,,,manager,Harbor Health,HH-6",
        "HH-8,Di,,,frontline,Harbor Health,HH-5",
    )
    assert refused(data) == [
        (2, "manager cycle: HH-5 (line 2) → HH-7 (line 4) → HH-6 (line 3) → HH-5"),
    ]


def test_someone_managing_themself_is_a_cycle(org):
    data = csv_bytes("HH-5,Ann,,,manager,Harbor Health,HH-5")
    assert refused(data) == [(2, "employee_id 'HH-5' is named as their own manager")]


def test_cycle_through_people_in_tandem_who_are_not_in_the_file_is_refused(org):
    # In Tandem HH-3 reports to HH-2; the file makes HH-2 report to HH-3.
    data = csv_bytes("HH-2,Sam Senior,,,senior leader,Harbor Health/Nursing,HH-3")
    assert refused(data) == [
        (2, "manager cycle: HH-2 (line 2) → HH-3 (in Tandem) → HH-2"),
    ]


def test_missing_required_column_is_reported_on_line_1_by_name(org):
    data = csv_bytes(
        "HH-5,Ann,,,frontline,", header="employee_id,name,email,title,level,manager_employee_id"
    )
    [(line, message)] = refused(data)
    assert line == 1
    assert message.startswith("missing column unit;")


def test_column_given_twice_is_refused(org):
    data = csv_bytes("HH-5,Ann,,,frontline,Harbor Health,,x", header=HEADER + ",Name")
    assert refused(data) == [(1, "column 'name' appears twice in the header")]


def test_malformed_email_is_refused(org):
    data = csv_bytes("HH-5,Ann,ann@@harbor,,frontline,Harbor Health,")
    assert refused(data) == [(2, "email 'ann@@harbor' is not a valid email address")]


def test_file_that_is_not_utf8_names_the_line_of_the_first_bad_byte(org):
    text = (
        HEADER
        + "\nHH-5,Ann,,,frontline,Harbor Health,\nHH-6,José Núñez,,,frontline,Harbor Health,\n"
    )
    [(line, message)] = refused(text.encode("latin-1"))
    assert line == 3
    assert message.startswith("the file is not UTF-8 text (byte 0xE9 cannot be read)")


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_empty_file_is_refused(org, data):
    assert refused(data) == [(1, "the file is empty")]


def test_header_without_data_rows_is_refused_so_nothing_is_deactivated_by_mistake(org):
    assert refused(csv_bytes(), deactivate_missing=True) == [
        (1, "the file has a header but no data rows; there is nothing to import")
    ]


def test_empty_unit_path_segment_is_refused(org):
    data = csv_bytes("HH-5,Ann,,,frontline,Harbor Health//Ward 4B,")
    assert refused(data) == [(2, "unit 'Harbor Health//Ward 4B' has an empty part (part 2 of 3)")]


def test_missing_required_values_are_named(org):
    data = csv_bytes("HH-5,,,,,Harbor Health,", ",Bo,,,frontline,,")
    assert refused(data) == [
        (2, "missing name, level (required on every row)"),
        (3, "missing employee_id, unit (required on every row)"),
    ]


def test_a_short_row_is_missing_its_values(org):
    assert refused(csv_bytes("HH-5,Ann")) == [(2, "missing level, unit (required on every row)")]


def test_value_too_long_for_the_database_is_refused(org):
    data = csv_bytes(f"HH-5,{'A' * 201},,,frontline,Harbor Health,")
    assert refused(data) == [(2, "name is longer than 200 characters")]


def test_unclosed_quote_is_reported_instead_of_swallowing_the_file(org):
    data = csv_bytes('HH-5,"Ann,,,frontline,Harbor Health,', "HH-6,Bo,,,frontline,Harbor Health,")
    assert refused(data) == [
        (2, "missing level, unit (required on every row)"),
        (2, "name contains a line break (is a closing quote missing?)"),
    ]


def test_one_bad_row_among_good_ones_applies_nothing(org):
    data = BASE + b"HH-5,New,,,frontline,Harbor Health,\nHH-6,Bad,,,chief,Harbor Health,\n"
    problems = refused(data)
    assert [line for line, _ in problems] == [7]
    assert Person.objects.count() == 4


def test_all_problems_are_collected_in_line_order(org):
    data = csv_bytes(
        "HH-5,Ann,bad-email,,frontline,Harbor Health,",
        "HH-6,Bo,,,frontline,Harbor Health,HH-404",
        "HH-7,Cy,,,wizard,Harbor Health//X,HH-405",
    )
    problems = refused(data)
    assert [line for line, _ in problems] == [2, 3, 4, 4, 4]
    assert problems[4] == (4, "manager_employee_id 'HH-405' is neither in the file nor in Tandem")


def test_problem_list_is_capped_at_200_with_a_count_of_the_rest(org):
    data = csv_bytes(*[f"X-{i},Name,,,nope,Harbor Health," for i in range(250)])
    before = db_state()
    report = import_people(data)
    assert len(report.problems) == 200
    assert report.problem_count == 250
    assert report.hidden_problems == 50
    assert report.problems[0].line == 2
    assert db_state() == before


def test_importer_cannot_lock_themself_out_with_deactivate_missing(org):
    po = make_program_office()
    problems = refused(BASE, deactivate_missing=True, actor=po.user)
    assert problems == [
        (
            1,
            f"you ({po.employee_id}) are not in the file, so deactivating missing people would "
            "lock you out; add your row or leave “deactivate missing” off",
        )
    ]


def test_parse_step_touches_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        parsed = parse_csv(BASE + b"HH-5,Bad,,,chief,Harbor Health,\n")
    assert len(parsed.rows) == 4
    assert [str(p) for p in parsed.problems] == [
        "line 6: unknown level 'chief'; allowed levels: executive, senior leader, manager, "
        "supervisor, frontline"
    ]


def test_control_characters_are_refused_because_databases_reject_them(org):
    data = csv_bytes("HH-5,A\x00nn,,,frontline,Harbor Health,")
    assert refused(data) == [(2, "name contains the control character U+0000")]


def test_a_field_too_large_for_csv_is_reported_at_its_line(org):
    data = csv_bytes("HH-5,Ann,,,frontline,Harbor Health,", f'HH-6,"{"x" * 140_000}",,,,,')
    assert refused(data) == [
        (3, "the CSV cannot be read here (field larger than field limit (131072))")
    ]


def test_utf16_export_is_reported_as_not_utf8(org):
    data = ("\ufeff" + HEADER + "\n").encode("utf-16-le")
    assert refused(data) == [
        (
            1,
            "the file is not UTF-8 text (byte 0xFF cannot be read); "
            "save the export as “CSV UTF-8” and try again",
        )
    ]
