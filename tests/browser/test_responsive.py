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
