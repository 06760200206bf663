"""A page's independent questions asked together (newsroom.together): the same answers as asked one
by one, on PostgreSQL in one round trip (psycopg's pipeline), and a failure is Django's error."""

import pytest
from django.db import DatabaseError, connection, transaction
from psycopg import pq

from articles.models import Article
from matches.models import Match
from newsroom.together import Statement, evaluate
from players.models import Player

from .factories import MatchFactory, PlayerFactory

pytestmark = pytest.mark.django_db


def answers(*querysets):
    return [list(queryset) for queryset in querysets]


def test_querysets_and_statements_come_back_as_asked_one_by_one(django_assert_num_queries):
    norrie = PlayerFactory(last_name="Norrie", slug="cameron-norrie")
    alcaraz = PlayerFactory(last_name="Alcaraz", slug="carlos-alcaraz")
    MatchFactory(player1=norrie, player2=alcaraz)

    def questions():
        return (
            Match.objects.select_related("edition__tournament", "player1", "player2").order_by("id"),
            Player.objects.order_by("last_name").values_list("slug", flat=True),
            Player.objects.values("id", "slug").order_by("-last_name"),
            Player.objects.filter(pk__in=[]),  # nothing to ask
            Player.objects.order_by("last_name").distinct().values_list("id", flat=True)[:1],
        )

    expected = answers(*questions())
    asked = questions()
    names = Statement("SELECT slug FROM players_player WHERE id = %s", [norrie.pk], lambda rows: rows[0][0])
    evaluate(*asked, names, ["a list at hand"], None)
    assert all(queryset._result_cache is not None for queryset in asked)
    assert answers(*asked) == expected
    assert expected[1] == ["carlos-alcaraz", "cameron-norrie"]
    match, tournament = asked[0][0], expected[0][0].edition.tournament
    with django_assert_num_queries(0):  # select_related: the rows brought them
        assert (match.player1.slug, match.edition.tournament.name) == ("cameron-norrie", tournament.name)
    assert names.result == "cameron-norrie"


def test_each_statement_is_counted_as_a_query(django_assert_num_queries):
    PlayerFactory()
    with django_assert_num_queries(3):
        evaluate(Player.objects.all(), Player.objects.filter(country="GBR"), Statement("SELECT 1"))


def test_on_postgresql_they_go_out_together():
    if connection.vendor != "postgresql":
        pytest.skip("the pipeline is PostgreSQL's (CI runs the suite on it)")
    PlayerFactory()
    modes = []

    def watch(execute, sql, params, many, context):
        modes.append(connection.connection.pgconn.pipeline_status)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        evaluate(Player.objects.all(), Statement("SELECT 1"), Player.objects.filter(country="GBR"))
    assert modes == [pq.PipelineStatus.ON] * 3
    assert connection.connection.pgconn.pipeline_status == pq.PipelineStatus.OFF


def test_with_the_pipeline_off_they_go_one_by_one(settings):
    """``DATABASE_PIPELINE=0``, for a pooler that cannot take several statements before a Sync."""
    if connection.vendor != "postgresql":
        pytest.skip("the pipeline is PostgreSQL's (CI runs the suite on it)")
    settings.DATABASE_PIPELINE = False
    PlayerFactory(slug="cameron-norrie")
    modes = []

    def watch(execute, sql, params, many, context):
        modes.append(connection.connection.pgconn.pipeline_status)
        return execute(sql, params, many, context)

    players, one = Player.objects.values_list("slug", flat=True), Statement("SELECT 1")
    with connection.execute_wrapper(watch):
        evaluate(players, one)
    assert modes == [pq.PipelineStatus.OFF] * 2
    assert (list(players), one.result) == (["cameron-norrie"], [(1,)])


def test_a_failing_question_raises_djangos_error_and_the_connection_goes_on():
    PlayerFactory(slug="cameron-norrie")
    with pytest.raises(DatabaseError), transaction.atomic():
        evaluate(Player.objects.all(), Statement("SELECT * FROM no_such_table"), Player.objects.all())
    assert list(Player.objects.values_list("slug", flat=True)) == ["cameron-norrie"]


def round_trips(client, url):
    """The round trips to PostgreSQL a request of ``url`` makes: a statement on its own is one, the
    statements of one pipeline are one together."""
    trips = []

    def watch(execute, sql, params, many, context):
        pipeline = connection.connection._pipeline  # psycopg's, while one is open
        if pipeline is None or not trips or trips[-1] is not pipeline:
            trips.append(pipeline or object())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        response = client.get(url)
    assert response.status_code == 200
    return len(trips)


@pytest.mark.django_db(transaction=True)  # outside a transaction, as a server: site-wide figures are kept
def test_story_player_and_match_pages_ask_in_three_round_trips(client, settings):
    """Whatever a page links, its questions go out in three batches: the page's own row, what
    needs only its id, what needs those answers (they were 10, 8 and 7 round trips). Each round
    trip is a network latency once the database is on another machine."""
    if connection.vendor != "postgresql":
        pytest.skip("the pipeline is PostgreSQL's (CI runs the suite on it)")
    from articles import demo

    demo.load()
    settings.PAGE_CACHE = False
    story = Article.objects.get(slug="norrie-stuns-world-no-1-alcaraz-at-the-paris-masters")
    pages = [story.get_absolute_url(), story.match.get_absolute_url(), story.match.player1.get_absolute_url()]
    for url in pages:
        client.get(url)  # the seasons and editions held, read once and kept (pagecache.memo)
    assert [round_trips(client, url) for url in pages] == [3, 3, 3]
