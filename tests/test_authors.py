"""Bylines are authors: each has a page with their published stories and a feed, and stories link
to them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleStatus
from authors.models import Author
from tests.factories import ArticleFactory, AuthorFactory, BylineFactory
from tests.test_admin import _article_form


@pytest.fixture
def jane(db):
    return AuthorFactory(
        name="Jane Court", slug="jane-court", role="Tennis correspondent", bio="Covers the tour."
    )


@pytest.mark.django_db
def test_story_byline_links_each_author_in_order(client, jane):
    story = ArticleFactory()
    sam = AuthorFactory(name="Sam Line")
    BylineFactory(article=story, author=sam, position=2)
    BylineFactory(article=story, author=jane, position=1)

    html = client.get(story.get_absolute_url()).content.decode()

    assert (
        f'By <a href="/authors/jane-court/" rel="author">Jane Court</a> and '
        f'<a href="{sam.get_absolute_url()}" rel="author">Sam Line</a>'
    ) in html
    assert '<meta property="article:author" content="http://127.0.0.1:8000/authors/jane-court/">' in html


@pytest.mark.django_db
def test_author_page_lists_their_published_stories_only(client, jane):
    mine = BylineFactory(author=jane, article__title="Norrie's comeback").article
    BylineFactory(author=jane, article__title="A draft of mine", article__status=ArticleStatus.DRAFT)
    BylineFactory(
        author=jane,
        article__title="Tomorrow's story",
        article__publish_at=timezone.now() + timedelta(hours=2),
    )
    ArticleFactory(title="Someone else's story")

    html = client.get("/authors/jane-court/").content.decode()

    assert (
        "<h1" in html
        and "Jane Court" in html
        and "Tennis correspondent" in html
        and "Covers the tour." in html
    )
    assert mine.get_absolute_url() in html
    for hidden in ("A draft of mine", "Tomorrow&#x27;s story", "Someone else"):
        assert hidden not in html
    feed = '<link rel="alternate" type="application/atom+xml" title="Baseline: stories by Jane Court"'
    assert f'{feed} href="/feeds/authors/jane-court/">' in html
    assert '<a href="/feeds/authors/jane-court/">' in html  # visible too
    assert '"@type": "ProfilePage"' in html and '"jobTitle": "Tennis correspondent"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 30])
def test_author_page_is_paginated_and_its_queries_do_not_grow(
    client, jane, size, django_assert_max_num_queries
):
    for _ in range(size):
        BylineFactory(author=jane)
    with django_assert_max_num_queries(3):
        response = client.get("/authors/jane-court/")
    assert len(response.context["page"].object_list) == min(size, 20)
    if size > 20:
        assert 'rel="next" href="?page=2"' in response.content.decode()
        assert len(client.get("/authors/jane-court/?page=2").context["page"].object_list) == size - 20


@pytest.mark.django_db
def test_authors_index_links_every_author(client, jane, django_assert_max_num_queries):
    AuthorFactory(name="Sam Line", slug="sam-line")
    with django_assert_max_num_queries(1):
        html = client.get("/authors/").content.decode()
    assert '<a href="/authors/jane-court/">Jane Court</a>' in html
    assert '<a href="/authors/sam-line/">Sam Line</a>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/authors/nobody/", "/authors/%3Cscript%3E/", "/feeds/authors/nobody/"])
def test_unknown_authors_are_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_author_feed_has_their_stories_with_their_name(client, jane):
    BylineFactory(author=jane, article__title="Norrie's comeback")
    ArticleFactory(title="Not hers")
    xml = client.get("/feeds/authors/jane-court/").content.decode()
    assert "<title>Baseline: stories by Jane Court</title>" in xml
    assert "Norrie&#x27;s comeback" in xml or "Norrie's comeback" in xml
    assert "Not hers" not in xml
    assert (
        "<author><name>Jane Court</name><uri>http://127.0.0.1:8000/authors/jane-court/</uri></author>" in xml
    )


@pytest.mark.django_db
def test_site_feed_entries_name_their_authors(client, jane, django_assert_max_num_queries):
    story = ArticleFactory(title="Two bylines")
    BylineFactory(article=story, author=jane, position=1)
    BylineFactory(article=story, author__name="Sam Line", position=2)
    for _ in range(5):
        BylineFactory()
    with django_assert_max_num_queries(3):
        xml = client.get("/feeds/latest/").content.decode()
    assert "<author><name>Jane Court and Sam Line</name></author>" in xml


@pytest.mark.django_db
def test_the_demo_story_has_no_invented_author(demo):
    assert list(demo.bylines.all()) == []
    assert not Author.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_free_text_bylines_become_authors():
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0011_bylines_are_authors")])
    apps = executor.loader.project_state([("articles", "0011_bylines_are_authors")]).apps
    Article = apps.get_model("articles", "Article")
    common = {"body": "x", "status": "published", "publish_at": timezone.now()}
    Article.objects.create(title="One", slug="one", byline="By Jane Court and Sam Line", **common)
    Article.objects.create(title="Two", slug="two", byline="jane court, Alex Net & Sam Line", **common)
    Article.objects.create(title="Three", slug="three", byline="", **common)

    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0013_remove_free_text_byline")])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from articles.models import Article as Current

    assert sorted(Author.objects.values_list("name", "slug")) == [
        ("Alex Net", "alex-net"),
        ("Jane Court", "jane-court"),
        ("Sam Line", "sam-line"),
    ]
    assert [a.name for a in Current.objects.get(slug="one").byline_authors] == ["Jane Court", "Sam Line"]
    assert [a.name for a in Current.objects.get(slug="two").byline_authors] == [
        "Jane Court",
        "Alex Net",
        "Sam Line",
    ]
    assert Current.objects.get(slug="three").byline_authors == []


@pytest.mark.django_db
def test_writer_picks_authors_for_a_byline_in_the_admin(client, writer, jane):
    sam = AuthorFactory(name="Sam Line")
    client.force_login(writer)
    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "byline", "field_name": "author", "term": "jan"},
    )
    assert found.status_code == 200
    assert [r["text"] for r in found.json()["results"]] == ["Jane Court"]

    data = _article_form(
        **{
            "bylines-TOTAL_FORMS": "2",
            "bylines-0-author": str(sam.pk),
            "bylines-0-position": "2",
            "bylines-1-author": str(jane.pk),
            "bylines-1-position": "1",
        }
    )
    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    assert [a.name for a in Article.objects.get().byline_authors] == ["Jane Court", "Sam Line"]


@pytest.mark.django_db
def test_editor_adds_an_author_with_a_staff_account(client, editor, writer):
    client.force_login(editor)
    form = client.get(reverse("admin:authors_author_add")).content.decode()
    assert f'<option value="{writer.pk}">writer</option>' in form
    response = client.post(
        reverse("admin:authors_author_add"),
        {"name": "Jane Court", "slug": "jane-court", "role": "Correspondent", "user": writer.pk},
    )
    assert response.status_code == 302
    assert Author.objects.get().user == writer
