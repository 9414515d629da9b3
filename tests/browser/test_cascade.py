"""The program office launches a team whose leader is not aligned: warned, and on the list."""

from playwright.sync_api import expect

from tandem.programs.models import Stage, UnitStage
from tandem.programs.services.cascade import set_stage
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_person, make_program_office, make_team, make_unit
from tests.programs.helpers import align, make_program


def test_launching_a_team_with_an_unaligned_leader_puts_it_on_the_launched_ahead_list(page):
    team = make_team()
    office = make_program_office()
    surgeon = make_person("Dana Day", unit="Harbor Health/Surgery/Day surgery", level="manager")
    make_unit("Harbor Health/Finance/Payroll")
    program = make_program(office, make_unit("Harbor Health"))
    align(program, team["executive"])
    align(program, surgeon)
    for to in (Stage.LEADER_ALIGNED, Stage.MANAGERS_BRIEFED):
        set_stage(office.user, program, surgeon.unit, to, by=office)
    set_stage(office.user, program, program.root_unit, Stage.LEADER_ALIGNED, by=office)
    ward = team["manager"].unit
    log_in(page, office)
    page.goto("/program/cascade/")
    for stage in ("leader aligned", "managers briefed", "team launched"):
        page.get_by_role("button", name=f"Mark {stage}: Ward 4B").click()
        page.wait_for_load_state()

    warning = page.locator(".message.warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(
        "Ward 4B is launched while its leader Maria Manager is not aligned"
    )
    risks = page.locator("#launched-ahead")
    expect(risks.get_by_text("Harbor Health/Nursing/Ward 4B")).to_be_visible()
    assert UnitStage.objects.get(program=program, unit=ward).stage == Stage.TEAM_LAUNCHED
    expect(page.locator(f"#unit-{ward.pk} .status")).to_have_text("Team launched")
    screenshot(page, "cascade")


def test_the_cascade_fits_a_phone(phone):
    team = make_team()
    office = make_program_office()
    for ward in ("Ward 5C", "Night team", "Day surgery ward with a long name"):
        make_unit(f"Harbor Health/Nursing/{ward}")
    program = make_program(office, make_unit("Harbor Health"))
    set_stage(office.user, program, team["manager"].unit, Stage.LEADER_ALIGNED, by=office)
    log_in(phone, office)
    phone.goto("/program/cascade/")
    expect(phone.locator("#launched-ahead-definition")).to_be_visible()
    region = phone.get_by_role("region", name="Units by level, scrolls sideways")
    expect(region).to_have_attribute("tabindex", "0")
    wide = phone.evaluate(
        """() => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.table-scroll'))
          .slice(0, 8).map(e => `${e.tagName}.${e.className}`)"""
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, wide
    # Every stage button is a comfortable tap target.
    for box in phone.locator(".moves button").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"
    ):
        assert box >= 44
    screenshot(phone, "cascade-phone")
