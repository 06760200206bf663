"""Corrections readers can see, and old story addresses that keep working."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleStatus, Correction, OldSlug
from tests.admin_forms import open_form
from tests.factories import ArticleFactory

CORRECTION = "An earlier version said Norrie won in straight sets; he won in three."

pytestmark = pytest.mark.usefixtures("fast_passwords")


@pytest.fixture
def story(db):
    return ArticleFactory(title="Norrie beats Alcaraz", slug="norrie-beats-alcaraz")


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def add_correction(client, story, text=CORRECTION):
    url = reverse("admin:articles_article_change", args=[story.pk])
    form = open_form(client, url)
    form.update({"corrections-TOTAL_FORMS": "1", "corrections-0-text": text})
    form["corrections-0-published_at_0"] = [timezone.localtime().strftime("%Y-%m-%d")]
    form["corrections-0-published_at_1"] = [timezone.localtime().strftime("%H:%M:%S")]
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_an_editor_adds_a_correction_in_the_story_form_and_readers_see_it(
    editor_client, editor, story, client
):
    before = Article.objects.get(pk=story.pk).updated
    add_correction(editor_client, story)
    correction = Correction.objects.get()
    assert correction.created_by == editor
    story.refresh_from_db()
    assert story.updated > before  # the story's "updated" time moves

    html = client.get(story.get_absolute_url()).content.decode()
    assert "Corrections</h2>" in html
    assert "An earlier version said Norrie won in straight sets" in html
    assert re.search(r'href="#corrections">Corrected <time', html)


def test_the_correction_is_in_the_feed_entry_and_the_json_ld(story, client):
    Correction.objects.create(article=story, text=CORRECTION)
    feed = client.get(reverse("feed-latest")).content.decode()
    assert "An earlier version said Norrie won in straight sets" in feed
    html = client.get(story.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": CORRECTION,
            "datePublished": Correction.objects.get().published_at.isoformat(),
        }
    ]


def test_correction_text_is_plain_text_for_readers(story, client):
    Correction.objects.create(article=story, text="<script>alert(1)</script> was wrong")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; was wrong" in html


def test_the_corrections_page_lists_every_correction_newest_first_for_published_stories(db, client):
    older, newer = ArticleFactory(title="Older story"), ArticleFactory(title="Newer story")
    draft = ArticleFactory(title="A draft", status=ArticleStatus.DRAFT)
    now = timezone.now()
    Correction.objects.create(article=older, text="First fix.", published_at=now - timedelta(days=2))
    Correction.objects.create(article=newer, text="Second fix.", published_at=now - timedelta(days=1))
    Correction.objects.create(article=draft, text="Hidden fix.", published_at=now)
    html = client.get("/corrections/").content.decode()
    assert html.index("Second fix.") < html.index("First fix.")
    assert "Hidden fix." not in html
    assert f'href="{newer.get_absolute_url()}#correction-' in html
    assert 'href="/corrections/">Corrections</a>' in client.get("/").content.decode()  # the footer link


def test_the_corrections_page_is_paginated_with_a_fixed_number_of_queries(
    db, client, django_assert_max_num_queries
):
    story = ArticleFactory()
    for n in range(35):
        Correction.objects.create(article=story, text=f"Fix {n}.")
    with django_assert_max_num_queries(6):
        page_one = client.get("/corrections/").content.decode()
    assert "Page 1 of 2" in page_one
    assert "Fix 0." in client.get("/corrections/?page=2").content.decode()


def test_a_story_page_with_corrections_keeps_its_query_count(story, client, django_assert_max_num_queries):
    for n in range(5):
        Correction.objects.create(article=story, text=f"Fix {n}.")
    with django_assert_max_num_queries(12):
        assert client.get(story.get_absolute_url()).status_code == 200


# --- old addresses ---------------------------------------------------------------------------------


def test_a_published_storys_old_slug_is_a_permanent_redirect(story, client):
    story.slug = "norrie-stuns-alcaraz"
    story.save()
    response = client.get("/news/norrie-beats-alcaraz/")
    assert response.status_code == 301
    assert response["Location"] == "/news/norrie-stuns-alcaraz/"


def test_a_chain_of_renames_redirects_in_one_hop(story, client):
    for slug in ("second-slug", "third-slug"):
        story.slug = slug
        story.save()
    for old in ("norrie-beats-alcaraz", "second-slug"):
        response = client.get(f"/news/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/news/third-slug/")


def test_going_back_to_an_old_slug_stops_redirecting_it(story, client):
    story.slug = "second-slug"
    story.save()
    story.slug = "norrie-beats-alcaraz"
    story.save()
    assert client.get("/news/norrie-beats-alcaraz/").status_code == 200
    assert client.get("/news/second-slug/")["Location"] == "/news/norrie-beats-alcaraz/"


def test_a_draft_renamed_leaves_no_redirect(db, client):
    draft = ArticleFactory(slug="draft-one", status=ArticleStatus.DRAFT)
    draft.slug = "draft-two"
    draft.save()
    assert not OldSlug.objects.exists()


def test_a_live_story_wins_over_an_old_slug(story, client):
    story.slug = "renamed"
    story.save()
    ArticleFactory(title="A new story", slug="norrie-beats-alcaraz")  # written by a script, not the admin
    response = client.get("/news/norrie-beats-alcaraz/")
    assert response.status_code == 200
    assert "A new story" in response.content.decode()


def test_the_admin_refuses_a_slug_that_redirects_to_another_story(editor_client, story):
    story.slug = "renamed"
    story.save()
    other = ArticleFactory(status=ArticleStatus.DRAFT)
    url = reverse("admin:articles_article_change", args=[other.pk])
    response = editor_client.post(url, {**open_form(editor_client, url), "slug": "norrie-beats-alcaraz"})
    assert response.status_code == 200
    refusal = "/news/norrie-beats-alcaraz/ was the address of “Norrie beats Alcaraz”"
    assert refusal in response.content.decode()


def test_an_old_slug_of_a_story_no_longer_published_is_a_404(story, client):
    story.slug = "renamed"
    story.save()
    story.status = ArticleStatus.DRAFT
    story.save()
    assert client.get("/news/norrie-beats-alcaraz/").status_code == 404
