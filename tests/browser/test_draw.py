"""The draw in a real browser: one round at a time on a 320 px phone, rounds side by side with lines on
a desktop, the round tabs working without JavaScript."""

import pytest
from playwright.sync_api import expect

from .test_responsive import OVERFLOW

pytestmark = pytest.mark.browser

VISIBLE_ROUNDS = "() => [...document.querySelectorAll('.draw .bracket-round')].filter(r => r.offsetParent)"
HEADINGS = f"() => ({VISIBLE_ROUNDS})().map(r => r.querySelector('h3').textContent)"
LINES = """() => [...document.querySelectorAll('#draw-f .bracket-cell')].map(
  cell => getComputedStyle(cell, '::before').display)"""


def test_a_phone_shows_one_round_at_a_time_and_the_tabs_move_between_rounds(site, new_context):
    page = new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False).new_page()
    page.goto(site.urls["draw"])
    main_draw = page.locator("section.draw").first

    assert page.evaluate(HEADINGS) == ["Quarter-final", "Qualifying 1st round"]
    assert page.evaluate(OVERFLOW) is None
    tabs = main_draw.locator(".bracket-tabs li")
    boxes = [tabs.nth(i).bounding_box() for i in range(tabs.count())]
    assert len({round(box["y"]) for box in boxes}) == 1, "the round tabs fit one row at 320 px"
    assert all(box["height"] >= 24 and box["width"] >= 24 for box in boxes)
    quarter = main_draw.locator("#draw-qf")
    expect(quarter).to_contain_text("C. Alcaraz")
    expect(quarter).to_contain_text("w/o")

    main_draw.get_by_role("link", name="F", exact=True).click()
    assert page.evaluate(HEADINGS)[0] == "Final"
    final = main_draw.locator("#draw-f")
    expect(final).to_be_visible()
    expect(quarter).to_be_hidden()
    # To be played: "v" and no winner.
    expect(final.locator(".bm-v")).to_have_text("v")
    expect(final.locator(".won-mark")).to_have_count(0)
    assert page.evaluate(OVERFLOW) is None

    final.get_by_role("link", name="← Semi-final").click()
    assert page.evaluate(HEADINGS)[0] == "Semi-final"
    assert set(page.evaluate(LINES)) <= {"none"}, "no lines between rounds on a phone"


def test_a_desktop_shows_the_rounds_side_by_side_joined_by_lines(site, new_context):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(site.urls["draw"])

    assert page.evaluate(HEADINGS)[:3] == ["Quarter-final", "Semi-final", "Final"]
    rounds = page.locator(".draw .bracket-round")
    tops = {round(rounds.nth(i).bounding_box()["y"]) for i in range(3)}
    assert len(tops) == 1, "the rounds stand side by side"
    assert set(page.evaluate(LINES)) == {"block"}
    # Each semi-final sits level with the middle of the two quarter-finals it came from.
    qf = page.locator("#draw-qf .bm")
    sf = page.locator("#draw-sf .bm").first
    top, bottom, middle = qf.nth(0).bounding_box(), qf.nth(1).bounding_box(), sf.bounding_box()
    assert abs((top["y"] + bottom["y"] + bottom["height"]) / 2 - (middle["y"] + middle["height"] / 2)) < 3
    assert page.evaluate(OVERFLOW) is None


def test_the_match_box_links_to_the_match_and_the_names_to_the_players(site, page):
    page.goto(site.urls["draw"])
    semi = page.locator("#draw-sf .bracket-cell").first
    semi.get_by_role("link", name="C. Alcaraz", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carlos Alcaraz")
    page.go_back()
    semi.get_by_role("link", name="C. Alcaraz d. F. Fritz 7–6(3) 6–4").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Carlos Alcaraz d.")
