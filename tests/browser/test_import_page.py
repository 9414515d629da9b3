"""The program office uploads the org chart in a real browser: a bad file, then a good one."""

from tandem.people.models import Person
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_program_office

HEADER = "employee_id,name,email,title,level,unit,manager_employee_id"
BAD = "\n".join(
    [
        HEADER,
        "HH-1,Erin Exec,erin@harbor.example,Chief Executive,executive,Harbor Health,",
        "HH-2,Sam Senior,sam@harbor,Director,senior leader,Harbor Health/Nursing,HH-1",
        "HH-3,Maria Manager,,Ward Manager,boss,Harbor Health/Nursing/Ward 4B,HH-2",
        "HH-4,Fay Front,,Staff Nurse,frontline,Harbor Health//Ward 4B,HH-9",
    ]
)
GOOD = "\n".join(
    [
        HEADER,
        "HH-1,Erin Exec,erin@harbor.example,Chief Executive,executive,Harbor Health,",
        "HH-2,Γιώργος Παπαδόπουλος,,Director,senior leader,Harbor Health/Nursing,HH-1",
        "HH-3,田中 愛子,,Ward Manager,manager,Harbor Health/Nursing/Ward 4B,HH-2",
        "HH-4,ليلى حداد,,Staff Nurse,frontline,Harbor Health/Nursing/Ward 4B,HH-3",
    ]
)


def choose_file(page, text: str) -> None:
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}],
    )


def test_program_office_sees_the_problems_of_a_bad_file_then_imports_a_good_one(page):
    lead = make_program_office()
    log_in(page, lead)
    page.get_by_role("link", name="Import").click()
    page.wait_for_url("**/people/import/")
    assert page.locator("#expected-header").inner_text() == HEADER

    choose_file(page, BAD)
    page.get_by_role("button", name="Import").click()
    report = page.locator("#import-report")
    report.wait_for()
    assert "Nothing was changed: 4 problems in the file" in report.inner_text()
    rows = report.locator("tbody tr")
    assert rows.count() == 4
    assert rows.nth(0).inner_text().startswith("3\temail 'sam@harbor' is not a valid email")
    assert rows.nth(1).inner_text().startswith("4\tunknown level 'boss'")
    assert "manager_employee_id 'HH-9' is neither in the file nor in Tandem" in report.inner_text()
    assert "unit 'Harbor Health//Ward 4B' has an empty part" in report.inner_text()
    assert not Person.objects.filter(employee_id__startswith="HH-").exists()
    screenshot(page, "import-report")

    choose_file(page, GOOD)
    page.get_by_role("button", name="Import").click()
    page.get_by_role("heading", name="Imported 4 rows").wait_for()
    summary = page.locator("#import-report").inner_text()
    assert "Created\t4" in summary
    assert "Unchanged\t0" in summary
    assert Person.objects.get(employee_id="HH-3").name == "田中 愛子"
    screenshot(page, "import-summary")
