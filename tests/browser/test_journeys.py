"""Whole journeys in a real browser: a reader following links through the data, an editor writing and
publishing a story in the admin, and a reader signing up to follow a player."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, ArticleStatus
from players.models import Follow

pytestmark = pytest.mark.browser

STORY_TITLE = "Norrie stuns world No 1 Alcaraz 4–6 6–3 6–4 at the Paris Masters"


def test_reader_goes_from_home_to_story_player_head_to_head_and_match(site, page):
    page.goto("/")
    page.get_by_role("link", name=STORY_TITLE).first.click()
    expect(page).to_have_url(re.compile(re.escape(site.urls["story"]) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(STORY_TITLE)

    page.locator(".story-body").get_by_role("link", name="Cameron Norrie", exact=True).first.click()
    expect(page).to_have_url(re.compile("/players/cameron-norrie/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cameron Norrie")

    page.get_by_role("link", name="Head-to-head with Carlos Alcaraz").first.click()
    expect(page).to_have_url(re.compile("/players/cameron-norrie/vs/carlos-alcaraz/$"))

    page.get_by_role("link", name=re.compile("4–6 6–3 6–4")).first.click()
    expect(page).to_have_url(re.compile(re.escape(site.urls["match"]) + "$"))
    expect(page.locator("main")).to_contain_text("4–6")
    score_box = page.locator(".score-box").first
    expect(score_box).to_contain_text("Cameron Norrie")
    expect(score_box).to_contain_text("Carlos Alcaraz")


def test_editor_writes_a_story_with_live_preview_and_publishes_it(site, editor_user, new_context):
    match = site.match
    editor = new_context().new_page()
    editor.goto("/admin/")
    editor.get_by_label("Username").fill("editor")
    editor.get_by_label("Password").fill("an-editor-password")
    editor.get_by_role("button", name="Log in").click()
    expect(editor.locator("#site-name")).to_contain_text("Baseline newsroom")

    editor.goto("/admin/articles/article/add/")
    editor.locator("#id_title").press_sequentially("Norrie on beating Alcaraz")
    expect(editor.locator("#id_slug")).to_have_value("norrie-on-beating-alcaraz")  # prepopulated by JS
    editor.locator("#id_standfirst").fill("The Brit explains his biggest win of the year.")
    body = editor.locator("textarea#id_body")
    body.fill(
        f"[[player:cameron-norrie]] beat the world No 1 in Paris.\n\n[[match:{match.pk}]]\n\nMore to follow."
    )
    editor.locator("#id_quotes-0-text").fill("I told myself I deserved to be in this moment.")
    choose_in_autocomplete(editor, "id_quotes-0-speaker", "Norrie", "Cameron Norrie")
    editor.get_by_role("button", name="Save and continue editing").click()
    expect(editor.locator(".messagelist")).to_contain_text("was added successfully")

    reference = editor.locator(".field-reference .readonly").first.inner_text().strip()
    assert re.fullmatch(r"\[\[quote:\d+\]\]", reference), reference
    body = editor.locator("textarea#id_body")
    body.fill(body.input_value() + f"\n\n{reference}\n")

    preview = editor.locator(".markdownx-preview")
    expect(preview.locator('a.ref-player[href="/players/cameron-norrie/"]')).to_have_text("Cameron Norrie")
    expect(preview.locator(".score-box")).to_contain_text("Carlos Alcaraz")
    expect(preview.locator(".quote")).to_contain_text("I told myself I deserved to be in this moment.")

    editor.locator("#id_status").select_option(ArticleStatus.PUBLISHED)
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    story = Article.objects.get(slug="norrie-on-beating-alcaraz")
    assert story.is_published

    reader = new_context().new_page()
    reader.goto("/")
    reader.get_by_role("link", name="Norrie on beating Alcaraz").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Norrie on beating Alcaraz")
    expect(reader.locator(".story-body .score-box")).to_contain_text("Carlos Alcaraz")
    expect(reader.locator(".story-body .quote")).to_contain_text(
        "I told myself I deserved to be in this moment"
    )
    expect(reader.locator(".story-body a.ref-player")).to_have_attribute("href", "/players/cameron-norrie/")


def choose_in_autocomplete(page, select_id, typed, option):
    """Pick an option in one of the admin's select2 autocomplete boxes, as an editor would."""
    page.locator(f'.select2-selection[aria-labelledby="select2-{select_id}-container"]').click()
    page.keyboard.type(typed)  # select2 puts the focus in its search box
    page.locator(".select2-results__option", has_text=option).click()
    expect(page.locator(f"#select2-{select_id}-container")).to_contain_text(option)


def test_reader_follows_norrie_while_signed_out_by_creating_an_account(site, page):
    page.goto(site.urls["player"] + "?year=2025")
    page.get_by_role("button", name="Follow Cameron Norrie").click()
    expect(page.locator(".intent")).to_contain_text("Sign in to follow Cameron Norrie")
    page.get_by_role("link", name="Create an account").click()

    page.get_by_label("Username").fill("newfan")
    page.get_by_label("Email").fill("newfan@example.com")
    page.get_by_label("Password", exact=True).fill("grass-court-7-6")
    page.get_by_label("Password confirmation").fill("grass-court-7-6")
    page.get_by_role("button", name="Create account and follow").click()

    # Back where they were, following, told so: no need to find the button again.
    expect(page).to_have_url(re.compile(r"/players/cameron-norrie/\?year=2025$"))
    expect(page.locator(".messages")).to_contain_text("You are signed in")
    expect(page.locator(".messages")).to_contain_text("You follow Cameron Norrie")
    expect(page.get_by_role("button", name="Unfollow Cameron Norrie")).to_be_visible()
    assert Follow.objects.filter(user__username="newfan", player=site.norrie).exists()

    page.goto("/following/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Following")
    expect(page.get_by_role("link", name=STORY_TITLE)).to_be_visible()


def test_reader_follows_while_signed_out_by_signing_in_without_javascript(site, new_context):
    """The whole journey with JavaScript off: plain forms carry the intent through sign-in."""
    page = new_context(java_script_enabled=False, viewport={"width": 360, "height": 740}).new_page()
    page.goto(site.urls["player"])
    page.get_by_role("button", name="Follow Cameron Norrie").click()
    assert not Follow.objects.filter(player=site.norrie).exclude(user=site.reader).exists()

    page.get_by_label("Username").fill("follower")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in and follow").click()
    expect(page.locator(".form-errors")).to_be_visible()  # a mistake keeps the intent
    Follow.objects.filter(user=site.reader).delete()
    page.get_by_label("Password").fill("a-follower-password")
    page.get_by_role("button", name="Sign in and follow").click()

    expect(page).to_have_url(re.compile(r"/players/cameron-norrie/$"))
    expect(page.locator(".messages")).to_contain_text("You follow Cameron Norrie")
    expect(page.get_by_role("button", name="Unfollow Cameron Norrie")).to_be_visible()
    assert Follow.objects.filter(user=site.reader, player=site.norrie).exists()


def test_reader_chooses_alerts_and_changes_password_from_the_account_page(site, new_context, live_server):
    from .conftest import sign_in

    context = new_context(viewport={"width": 360, "height": 740})
    sign_in(context, site.reader, live_server.url)
    page = context.new_page()
    page.goto("/accounts/")
    page.get_by_role("link", name="Choose players and alerts on Following").click()
    page.get_by_label("Digest for Cameron Norrie").select_option("weekly")
    page.get_by_role("button", name="Save alerts").click()
    expect(page.locator(".messages")).to_contain_text("Your alert choices are saved.")
    assert Follow.objects.get(user=site.reader, player=site.norrie).digest == "weekly"

    page.goto("/accounts/")
    page.get_by_role("link", name="Change your password").click()
    page.get_by_label("Old password").fill("a-follower-password")
    page.get_by_label("New password", exact=True).fill("hard-court-7-5")
    page.get_by_label("New password confirmation").fill("hard-court-7-5")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".messages")).to_contain_text("Your password is changed.")
