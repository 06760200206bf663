"""On PostgreSQL, the statements a page sends again are planned once a connection (server-side
parameters, prepared on their second use: settings ``DATABASE_PREPARE``)."""

import pytest
from django.db import connection

from articles.models import Article
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
