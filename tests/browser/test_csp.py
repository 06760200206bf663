"""The site works under its own Content-Security-Policy, enforced as a reader's or an editor's browser
enforces it: every reader page, and an editor writing a story in the admin (live preview, a quote
put into the body, autocomplete, the calendar, saving, the versions), with nothing blocked.

Every browser test runs under the policy (tests/browser/conftest.py: ``csp_violations``); this module
walks the pages and the editor's tools on purpose, and also reads the console, where Chromium writes
what it refused."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import SIGNED_IN_PAGES, sign_in

pytestmark = pytest.mark.browser


def console_csp_errors(page):
    """Chromium's own console lines about the policy, collected from now on."""
    found = []
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return found


def enforced_policy(response):
    policy = response.headers.get("content-security-policy", "")
    assert policy, f"{response.url} has no Content-Security-Policy"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    return policy


def test_every_reader_page_works_under_the_policy(site, new_context, live_server, csp_violations):
    anonymous = new_context().new_page()
    signed_in_context = new_context()
    sign_in(signed_in_context, site.reader, live_server.url)
    signed_in = signed_in_context.new_page()
    console = console_csp_errors(anonymous) + console_csp_errors(signed_in)
    for name, url in site.urls.items():
        page = signed_in if name in SIGNED_IN_PAGES else anonymous
        response = page.goto(url)
        assert response.ok, f"{name} ({url}) answered {response.status}"
        enforced_policy(response)
        # The stylesheet was allowed: the page is styled, not bare HTML.
        assert page.evaluate("[...document.styleSheets].some((sheet) => sheet.cssRules.length > 20)"), name
    assert not csp_violations and not console, csp_violations + console

    # JSON-LD is a data block: browsers neither run it nor hold it to script-src, so it needs no
    # nonce, and a cached page can be the same bytes for everyone.
    anonymous.goto(site.urls["story"])
    types = anonymous.evaluate(
        "[...document.querySelectorAll('script[type=\"application/ld+json\"]')]"
        ".map((block) => JSON.parse(block.textContent)['@type'])"
    )
    assert "NewsArticle" in types and not csp_violations


def test_an_editor_writes_a_story_under_the_policy(
    site, editor_user, new_context, live_server, csp_violations
):
    context = new_context()
    sign_in(context, editor_user, live_server.url)
    page = context.new_page()
    console = console_csp_errors(page)
    enforced_policy(page.goto(f"/admin/articles/article/{site.story.pk}/change/"))

    # Live preview: markdownx posts the body and shows the story's HTML beside it.
    body = page.locator("textarea#id_body")
    body.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n\nNorrie now faces [[player:carlos-alcaraz]] again in **Turin**.")
    preview = page.locator(".markdownx-preview")
    expect(preview.locator("strong", has_text="Turin")).to_be_visible()
    expect(preview.get_by_role("link", name="Carlos Alcaraz").last).to_be_visible()

    # A quote goes into the body in one click, and the preview shows it as a quote.
    quote = site.story.quotes.first()
    page.locator(".insert-reference").first.click()
    expect(body).to_have_value(re.compile(rf"\[\[quote:{quote.pk}\]\]\s*$"))
    expect(preview.locator("blockquote").last).to_contain_text(quote.text[:30])

    # The admin's own widgets: autocomplete, the calendar, another inline form, a folded section.
    page.locator(".field-players .select2-selection").click()
    page.locator(".select2-search__field").last.fill("Alca")
    expect(page.locator(".select2-results__option", has_text="Alcaraz").first).to_be_visible()
    page.keyboard.press("Escape")
    page.locator(".field-publish_at a[id^='calendarlink']").click()
    expect(page.locator(".calendarbox").first).to_be_visible()
    page.locator(".calendarbox .calendar-cancel a").first.click()
    page.locator("#quotes-group .add-row a").click()
    page.locator("summary", has_text="Hero image").click()
    expect(page.locator("#id_hero_alt")).to_be_visible()

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.get_by_role("link", name="Versions").click()
    page.locator(".versions-table tbody a").first.click()
    expect(page.locator("#content-main")).to_contain_text("Turin")
    assert not csp_violations and not console, csp_violations + console


def test_the_watch_catches_what_the_policy_blocks(transactional_db, page, csp_violations):
    """The check the other tests rely on: an inline style and an inline script are reported."""
    page.goto("/")
    page.evaluate(
        """() => {
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">styled</p>');
        const script = document.createElement("script");
        script.textContent = "window.ran = true";
        document.body.append(script);
    }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None
    blocked = " ".join(csp_violations)
    assert "style-src" in blocked and "script-src" in blocked
    csp_violations.clear()  # expected here: the test must not fail at teardown


def test_a_page_saved_as_an_image_does_not_run_in_the_browser(page, media_root):
    folder = media_root / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "trap.jpg").write_bytes(b"<!doctype html><script>alert(document.cookie)</script>")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto("/media/articles/trap.jpg")
    assert response.headers["content-type"] == "image/jpeg"
    assert page.evaluate("document.contentType") == "image/jpeg"
    assert not dialogs
