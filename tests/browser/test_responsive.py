"""Pages fit a 320 px phone, work without JavaScript, reserve space for images and print cleanly."""

import pytest

from .conftest import SIGNED_IN_PAGES, sign_in

pytestmark = pytest.mark.browser

OVERFLOW = """() => {
  const root = document.scrollingElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > root.clientWidth + 0.5)
    .filter(el => !el.closest(".visually-hidden, .skip-link"))
    .slice(0, 5)
    .map(el => `<${el.tagName.toLowerCase()} class="${el.className}">`
      + ` right edge ${Math.round(el.getBoundingClientRect().right)}px`);
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}"""

IMAGES = "els => els.map(e => [e.outerHTML.slice(0, 120), e.hasAttribute('width'), e.hasAttribute('height')])"


def visit_every_page(site, new_context, live_server, **options):
    """Yield (name, page) for every page type: signed-out pages in one context, signed-in in another."""
    anonymous = new_context(**options).new_page()
    signed_in_context = new_context(**options)
    sign_in(signed_in_context, site.reader, live_server.url)
    signed_in = signed_in_context.new_page()
    for name, url in site.urls.items():
        page = signed_in if name in SIGNED_IN_PAGES else anonymous
        response = page.goto(url)
        assert response.ok, f"{url} answered {response.status}"
        yield name, page


def test_no_page_scrolls_sideways_at_320px(site, new_context, live_server):
    too_wide = {}
    for name, page in visit_every_page(
        site, new_context, live_server, viewport={"width": 320, "height": 640}
    ):
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            too_wide[name] = overflow
    assert not too_wide, "pages wider than a 320 px screen:\n" + "\n".join(
        f"- {name}: {o['scrollWidth']}px > {o['clientWidth']}px; {'; '.join(o['wide'])}"
        for name, o in too_wide.items()
    )


def test_pages_render_fully_without_javascript_and_size_every_image(site, new_context, live_server):
    """The HTML alone is the page: text, score boxes and quotes need no script, and every image says
    how big it is so the text does not jump as images load. (One pass over the pages for both.)"""
    unsized, images = [], 0
    for name, page in visit_every_page(site, new_context, live_server, java_script_enabled=False):
        assert page.locator("h1").count() == 1, f"{name} should have one h1 without JavaScript"
        assert page.locator("main").inner_text().strip(), f"{name} shows nothing without JavaScript"
        for html, has_width, has_height in page.eval_on_selector_all("img", IMAGES):
            images += 1
            if not (has_width and has_height):
                unsized.append(f"- {name}: {html}")
        if name == "story":
            story = page
            body = story.locator(".story-body")
            assert body.get_by_text("pulled off one of the biggest wins of his career").is_visible()
            score_box = story.locator(".score-box").first
            assert score_box.is_visible()
            assert "Cameron Norrie" in score_box.inner_text()
            assert story.locator(".story-quotes").get_by_text("This win is so big for me.").is_visible()
            assert story.locator(".quote").count() == 6
    assert images, "no page showed an image, so no image was checked"
    assert not unsized, "images without width and height:\n" + "\n".join(unsized)


def test_story_print_stylesheet_hides_header_and_footer(site, page):
    page.goto(site.urls["story"])
    page.emulate_media(media="print")

    assert page.locator(".site-header").is_hidden()
    assert page.locator(".site-footer").is_hidden()
    assert page.locator(".story-title").is_visible()
    assert page.locator(".story-body").is_visible()


HEADER = """() => {
  const header = document.querySelector(".site-header");
  const brand = document.querySelector(".brand").getBoundingClientRect();
  const visible = [...header.querySelectorAll("a, summary, button")]
    .filter(el => el.checkVisibility({visibilityProperty: true}))
    .map(el => el.getBoundingClientRect());
  return {
    height: header.getBoundingClientRect().height,
    brandHeight: brand.height,
    rows: new Set(visible.map(r => Math.round(r.top + r.height / 2))).size,
    scrollWidth: document.scrollingElement.scrollWidth,
  };
}"""


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("signed_in", [False, True], ids=["signed out", "signed in"])
def test_header_is_one_row_on_phones_with_a_menu_that_opens(site, new_context, live_server, width, signed_in):
    context = new_context(viewport={"width": width, "height": 700})
    if signed_in:
        sign_in(context, site.reader, live_server.url)
    page = context.new_page()
    page.goto(site.urls["story"])

    header = page.evaluate(HEADER)
    assert header["rows"] == 1, header
    assert header["height"] < 64, header  # it was 108 px when "Search" wrapped
    assert header["scrollWidth"] <= width, header
    assert page.get_by_role("link", name="Search", exact=True).first.is_visible()

    nav = page.get_by_role("navigation", name="Main")
    assert not nav.get_by_role("link", name="Players").is_visible()
    menu = page.locator(".menu > summary")
    menu.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")  # a <details>: opens by keyboard, no script needed
    for name in ("News", "Players", "Tournaments"):
        assert nav.get_by_role("link", name=name).is_visible()
    account = "Following" if signed_in else "Sign in"
    assert page.locator(".account").get_by_role("link", name=account).is_visible()
    assert page.evaluate(HEADER)["scrollWidth"] <= width


def test_header_shows_every_section_in_the_row_on_a_desktop(site, page):
    page.goto(site.urls["home"])

    assert page.evaluate(HEADER)["rows"] == 1
    assert not page.locator(".menu > summary").is_visible()
    nav = page.get_by_role("navigation", name="Main")
    for name in ("News", "Players", "Tournaments", "Search"):
        assert nav.get_by_role("link", name=name).is_visible()
    assert page.get_by_role("link", name="Sign in").is_visible()
