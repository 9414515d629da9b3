"""The program office uploads the org chart in a real browser: a bad file, then a good one."""

import re

from playwright.sync_api import expect

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
    expect(page.locator("#expected-header")).to_have_text(HEADER)

    choose_file(page, BAD)
    page.get_by_role("button", name="Import").click()
    report = page.locator("#import-report")
    expect(report).to_be_visible()
    expect(report).to_contain_text("Nothing was changed: 4 problems in the file")
    rows = report.locator("tbody tr")
    expect(rows).to_have_count(4)
    # The line number, then (the next cell) the problem.
    expect(rows.nth(0)).to_have_text(
        re.compile(r"^3\s+email 'sam@harbor' is not a valid email"), use_inner_text=True
    )
    expect(rows.nth(1)).to_have_text(re.compile(r"^4\s+unknown level 'boss'"), use_inner_text=True)
    expect(report).to_contain_text(
        "manager_employee_id 'HH-9' is neither in the file nor in Tandem"
    )
    expect(report).to_contain_text("unit 'Harbor Health//Ward 4B' has an empty part")
    assert not Person.objects.filter(employee_id__startswith="HH-").exists()
    screenshot(page, "import-report")

    choose_file(page, GOOD)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Imported 4 rows")).to_be_visible()
    summary = page.locator("#import-report")
    expect(summary).to_contain_text(re.compile(r"Created\s+4\b"), use_inner_text=True)
    expect(summary).to_contain_text(re.compile(r"Unchanged\s+0\b"), use_inner_text=True)
    assert Person.objects.get(employee_id="HH-3").name == "田中 愛子"
    screenshot(page, "import-summary")
