"""The newsroom in a real browser: two editors in two sessions save the same story, and the second is
shown the conflict, keeps what they typed, and saves again without undoing the first editor's work;
a form with unsaved changes warns before it is left; a new quote goes into the body in one click."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from articles.models import Article

from .conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def second_editor(editor_user):
    user = User.objects.create_user(
        "ben", "ben@example.com", "a-ben-password", is_staff=True, first_name="Ben", last_name="Okafor"
    )
    user.groups.add(*editor_user.groups.all())
    return user


def editor_page(new_context, user, live_server):
    context = new_context()
    sign_in(context, user, live_server.url)
    return context.new_page()


def test_two_editors_save_the_same_story_and_nothing_is_lost(
    site, editor_user, second_editor, new_context, live_server
):
    change_url = f"/admin/articles/article/{site.story.pk}/change/"
    first = editor_page(new_context, editor_user, live_server)
    second = editor_page(new_context, second_editor, live_server)
    first.goto(change_url)
    second.goto(change_url)  # both forms open on the same version

    first.locator("#id_standfirst").fill("The British No 2 outlasted the world No 1 in three sets.")
    body = first.locator("textarea#id_body")
    body.fill(body.input_value().replace("pulled off", "completed", 1))
    first.get_by_role("button", name="Save and continue editing").click()
    expect(first.locator(".messagelist")).to_contain_text("was changed successfully")

    title = second.locator("#id_title")
    title.fill("Norrie knocks out Alcaraz in Paris")
    second.get_by_role("button", name="Save and continue editing").click()

    conflict = second.locator(".conflict")
    expect(conflict).to_contain_text("Changed by editor since you opened it")
    expect(conflict).to_contain_text("changed by you")
    expect(conflict.locator("tr", has_text="Standfirst")).to_contain_text("changed by them: now in the form")
    expect(second.locator(".errornote")).to_be_visible()
    # What the second editor typed is still there, and the first editor's changes came into the form.
    expect(title).to_have_value("Norrie knocks out Alcaraz in Paris")
    expect(second.locator("#id_standfirst")).to_have_value(
        "The British No 2 outlasted the world No 1 in three sets."
    )
    assert "completed one of the biggest" in second.locator("textarea#id_body").input_value()
    stored = Article.objects.get(pk=site.story.pk)
    assert stored.title != "Norrie knocks out Alcaraz in Paris"

    second.get_by_role("button", name="Save and continue editing").click()
    expect(second.locator(".messagelist")).to_contain_text("was changed successfully")
    stored.refresh_from_db()
    assert stored.title == "Norrie knocks out Alcaraz in Paris"
    assert stored.standfirst == "The British No 2 outlasted the world No 1 in three sets."
    assert "completed one of the biggest" in stored.body

    versions = second.get_by_role("link", name="Versions")
    versions.click()
    expect(second.locator(".versions-table")).to_contain_text("Ben Okafor")
    expect(second.locator(".versions-table tbody tr").first).to_contain_text("Title")


def test_leaving_a_changed_form_asks_first(site, editor_user, new_context, live_server):
    page = editor_page(new_context, editor_user, live_server)
    page.goto(f"/admin/articles/article/{site.story.pk}/change/")
    page.locator("#id_title").press_sequentially(" (updated)")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]


def test_a_new_quote_goes_into_the_body_in_one_click(site, editor_user, new_context, live_server):
    page = editor_page(new_context, editor_user, live_server)
    page.goto("/admin/articles/article/add/")
    page.locator("#id_title").press_sequentially("Norrie on his win")
    body = page.locator("textarea#id_body")
    body.fill("Norrie was delighted.")
    page.locator("#id_quotes-0-text").fill("I told myself I deserved to be in this moment.")
    page.locator("#id_quotes-0-speaker_name").fill("Cameron Norrie")
    page.locator("#quotes-0").get_by_role("button", name=re.compile("Insert")).click()
    expect(body).to_have_value("Norrie was delighted.\n\n[[quote:new-1]]")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    story = Article.objects.get(title="Norrie on his win")
    quote = story.quotes.get()
    assert story.body == f"Norrie was delighted.\n\n[[quote:{quote.pk}]]"
    expect(body).to_have_value(story.body)


def test_removing_a_new_quote_form_keeps_the_bodys_references_right(
    site, editor_user, new_context, live_server
):
    page = editor_page(new_context, editor_user, live_server)
    page.goto("/admin/articles/article/add/")
    body = page.locator("textarea#id_body")
    body.fill("Intro.")
    for _ in range(2):
        page.locator("#quotes-group .add-row a").click()
    page.locator("#quotes-1").get_by_role("button", name=re.compile("Insert")).click()
    page.locator("#quotes-2").get_by_role("button", name=re.compile("Insert")).click()
    expect(body).to_have_value("Intro.\n\n[[quote:new-2]]\n\n[[quote:new-3]]")
    page.locator("#quotes-1 .inline-deletelink").click()
    # The third form is now the second: its reference follows it; the removed one's is flagged.
    expect(body).to_have_value("Intro.\n\n[[quote:new-removed]]\n\n[[quote:new-2]]")
    expect(page.locator("#quotes-1 .field-reference .readonly")).to_have_text("[[quote:new-2]]")
