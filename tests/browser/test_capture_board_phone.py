"""The idea board and the record lists on a 390-px phone: short columns with counts, a
readable confirmation that takes the focus after a move, a reason asked before parking,
and nothing wider than the screen."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tandem.capture.models import Idea
from tandem.notifications.models import Notification
from tests.browser.conftest import log_in, screenshot, watch_csp
from tests.factories import make_action, make_idea, make_story, make_team

CONTRAST = """(el) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const style = getComputedStyle(el);
  const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_board_on_a_phone_collapses_columns_and_focuses_the_confirmation(phone):
    team = make_team()
    problems = watch_csp(phone)
    for i in range(14):
        make_idea(team["frontline"], title=f"Longer night lights in corridor {i} of the ward")
    make_idea(team["colleague"], title="Greet every visitor", status="trying")
    log_in(phone, team["manager"])
    phone.goto("/board/")
    proposed = phone.locator('section[data-status="proposed"]')
    expect(proposed.locator("h2")).to_have_text("Proposed 14 ideas")
    expect(phone.locator('section[data-status="trying"] h2')).to_have_text("Trying 1 idea")
    expect(proposed.locator("article")).to_have_count(10)
    show_all = proposed.get_by_role("link", name="Show all 14")
    expect(show_all).to_be_visible()
    assert show_all.bounding_box()["height"] >= 44
    assert fits(phone)

    first = proposed.locator("article").first
    title = first.locator("h3").inner_text()
    assert first.get_by_role("button", name="→ Trying").bounding_box()["height"] >= 44
    first.get_by_role("button", name="→ Trying").click()
    done = phone.get_by_role("status")
    expect(done).to_have_text(f"Moved “{title}” to trying.")
    expect(done).to_be_focused()
    expect(done).to_be_in_viewport()
    # One box that wraps as a block (not an inline span overlapping its own lines), in ink.
    assert done.evaluate("(el) => el.getClientRects().length") == 1
    assert done.evaluate(CONTRAST) >= 4.5
    expect(phone.locator('section[data-status="trying"] h2')).to_have_text("Trying 2 ideas")
    assert fits(phone)
    screenshot(phone, "idea-board-phone")

    proposed.get_by_role("link", name="Show all 13").click()
    expect(proposed.locator("article")).to_have_count(13)
    # The keyboard goes on from the first card loaded.
    expect(proposed.locator("article").nth(10).locator("h3 a")).to_be_focused()
    expect(proposed.get_by_role("link", name="Show all 13")).to_have_count(0)
    assert fits(phone)
    assert not problems, problems


def test_parking_on_a_phone_asks_why_and_tells_the_authors(phone):
    team = make_team()
    idea = make_idea(team["frontline"], title="Night lights in corridors")
    log_in(phone, team["manager"])
    phone.goto("/board/")
    card = phone.locator(f"#card-{idea.pk}")
    card.get_by_text("→ Parked…").click()
    reason = card.get_by_label("Why park it? The authors are told.")
    expect(reason).to_be_visible()
    reason.fill("No budget until April.")
    expect(card.locator(".counter")).to_have_text("22 / 2,000")
    card.get_by_role("button", name="Park it").click()
    expect(phone.get_by_role("status")).to_have_text("Moved “Night lights in corridors” to parked.")
    assert Idea.objects.get(pk=idea.pk).status == "parked"
    told = Notification.objects.get(recipient=team["frontline"])
    assert told.text.endswith("Reason: No budget until April.")
    assert fits(phone)


def test_the_lists_fit_a_phone_and_keep_their_headings_in_order(phone):
    team = make_team()
    me = team["frontline"]
    long_word = "Notifications" * 12
    make_idea(me, title=f"Idea {long_word}", description=long_word * 3)
    make_action(me, what=f"Action {long_word}", for_whom=long_word[:150])
    make_story(me, what_happened=long_word * 3, customer_words=long_word)
    log_in(phone, me)
    for url in ("/ideas/", "/stories/", "/actions/", "/board/"):
        phone.goto(url)
        assert fits(phone), url
        results = Axe().run(phone, options={"runOnly": ["heading-order"]})
        assert results.response["violations"] == [], url
