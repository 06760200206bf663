"""On PostgreSQL, the statements a page sends again are planned once a connection (server-side
parameters, prepared on their third use: settings ``DATABASE_PREPARE``)."""

import pytest
from django.db import connection

from articles.models import Article
from players.models import Player
from players.views import PLAYER

from .factories import ArticleFactory, PlayerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (CI runs the suite on it)")


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_query_sent_again_is_prepared_and_gives_each_values_rows():
    first, second = PlayerFactory(slug="cameron-norrie"), PlayerFactory(slug="carlos-alcaraz")
    assert list(PLAYER("cameron-norrie")) == [first]
    assert list(PLAYER("carlos-alcaraz")) == [second]
    assert list(PLAYER("nobody")) == []
    assert any('"players_player"."slug" = $1' in statement for statement in prepared_statements())


def test_published_stories_by_time_stay_right_when_prepared():
    story = ArticleFactory(slug="norrie")
    for _ in range(3):
        assert list(Article.objects.published().filter(slug="norrie")) == [story]


def test_a_search_is_planned_for_its_words_and_other_pages_stay_prepared(client, settings):
    """A generic plan for ``LIKE '%federer%'`` walked every player in ranking order (newsroom/postgresql):
    a search's statements are never prepared, and the connection prepares again afterwards."""
    settings.PAGE_CACHE = False  # every request reaches the database
    norrie = PlayerFactory(first_name="Cameron", last_name="Norrie", slug="cameron-norrie")
    for _ in range(4):
        response = client.get("/search/", {"q": "norrie"})
        assert norrie.get_absolute_url() in response.content.decode()
    assert not [statement for statement in prepared_statements() if "LIKE" in statement]
    for _ in range(3):
        response = client.get(norrie.get_absolute_url())
        assert response.status_code == 200
    assert any('"players_player"."slug" = $1' in statement for statement in prepared_statements())
    assert connection.connection.prepare_threshold == 2


def test_a_statement_of_many_parameters_is_parsed_once(monkeypatch):
    """A player page's related stories has over a hundred parameters: psycopg parses its
    placeholders once a process, not on every request (newsroom/postgresql)."""
    import psycopg._queries

    parsed_again = []
    uncached = psycopg._queries._query2pg_nocache  # what psycopg calls for a statement it does not keep

    def watch(query, encoding):
        parsed_again.append(query)
        return uncached(query, encoding)

    monkeypatch.setattr(psycopg._queries, "_query2pg_nocache", watch)
    norrie = PlayerFactory(slug="cameron-norrie")
    ids = [norrie.pk, *range(10**6, 10**6 + 118)]
    for _ in range(2):
        assert list(Player.objects.filter(pk__in=ids).values_list("slug", flat=True)) == ["cameron-norrie"]
    assert not [query for query in parsed_again if b"players_player" in query]
