"""Versions of a story: every save that changes something is kept, with who, when and a readable
diff; any version can be restored, and restoring is itself a new version."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, ArticleStatus
from articles.revisions import Revision
from tests.admin_forms import open_form
from tests.factories import ArticleFactory, PlayerFactory, QuoteFactory

BODY = "Norrie served well.\n\nHe broke in the third set.\n\nAlcaraz was gracious."

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def story(db):
    return ArticleFactory(title="Norrie beats Alcaraz", body=BODY, standfirst="A win in Paris.")


@pytest.fixture
def client_for(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def change_url(story):
    return reverse("admin:articles_article_change", args=[story.pk])


def save(client, story, **changes):
    url = change_url(story)
    response = client.post(url, {**open_form(client, url), **changes})
    assert response.status_code == 302, response.content.decode()[:3000]


def test_each_save_that_changes_something_keeps_a_version_with_who_and_what(client_for, admin_user, story):
    save(client_for, story, body=BODY.replace("the third set", "the deciding set"))
    save(client_for, story, title="Norrie stuns Alcaraz")
    kept = list(Revision.objects.filter(article=story).order_by("number"))
    # The story as it was before versions were kept, then one version per save.
    assert [r.note for r in kept] == ["As it was before versions were kept", "", ""]
    assert kept[-1].user == admin_user
    html = client_for.get(reverse("admin:articles_article_versions", args=[story.pk])).content.decode()
    assert "Version 3" in html and "(current)" in html
    assert "Title" in html and "Body" in html


def test_a_save_that_changes_nothing_keeps_no_version(client_for, story):
    save(client_for, story, title="Norrie stuns Alcaraz")
    count = Revision.objects.filter(article=story).count()
    url = change_url(story)
    form = open_form(client_for, url)
    form["body"] = [form["body"][0].replace("\n", "\r\n")]  # as a browser sends an untouched body
    assert client_for.post(url, form).status_code == 302
    assert Revision.objects.filter(article=story).count() == count


def test_the_history_names_exactly_the_fields_changed(client_for, story):
    save(client_for, story, title="Norrie stuns Alcaraz")
    html = client_for.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    assert "Changed Title." in html
    assert "Body" not in html.split("Changed Title.")[0][-200:]


def test_a_version_shows_the_body_diff_line_by_line_with_words_marked(client_for, story):
    save(client_for, story, body=BODY.replace("the third set", "the deciding set"))
    html = client_for.get(reverse("admin:articles_article_version", args=[story.pk, 2])).content.decode()
    assert "<del>third</del>" in html
    assert "<ins>deciding</ins>" in html
    assert "Alcaraz was gracious." in html  # context around the change
    assert "Compared with version 1" in html


def test_restoring_a_version_brings_its_content_back_as_a_new_version(client_for, admin_user, story):
    norrie = PlayerFactory()
    save(client_for, story, title="Wrong headline", body="A wrong body.", players=[str(norrie.pk)])
    story.refresh_from_db()
    response = client_for.post(
        reverse("admin:articles_article_restore", args=[story.pk, 1]), {"seen_version": story.version}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.title, story.body) == ("Norrie beats Alcaraz", BODY)
    assert list(story.players.all()) == []
    assert "He broke in the third set." in story.body_html
    latest = Revision.objects.filter(article=story).order_by("-number").first()
    assert (latest.number, latest.note, latest.user) == (3, "Restored version 1", admin_user)
    # The published story stays published: restoring is about content, not publishing.
    assert story.status == ArticleStatus.PUBLISHED


def test_a_restore_from_a_stale_page_is_refused(client_for, story):
    save(client_for, story, title="Second headline")
    story.refresh_from_db()
    seen = story.version
    save(client_for, story, title="Third headline")
    response = client_for.post(
        reverse("admin:articles_article_restore", args=[story.pk, 1]), {"seen_version": seen}, follow=True
    )
    assert "Not restored" in response.content.decode()
    assert Article.objects.get(pk=story.pk).title == "Third headline"


def test_a_published_story_is_not_restored_to_a_body_with_broken_references(client_for, story):
    quote = QuoteFactory(article=story)
    save(client_for, story, body=f"[[quote:{quote.pk}]]")
    quote.delete()
    save(client_for, story, body="A new body.")
    story.refresh_from_db()
    response = client_for.post(
        reverse("admin:articles_article_restore", args=[story.pk, 2]),
        {"seen_version": story.version},
        follow=True,
    )
    assert "no longer exists" in response.content.decode()
    assert Article.objects.get(pk=story.pk).body == "A new body."


def test_writers_cannot_restore_a_published_story(client, writer, story):
    client.force_login(writer)
    response = client.post(reverse("admin:articles_article_restore", args=[story.pk, 1]), {"seen_version": 1})
    assert response.status_code == 403
