"""newsroom.prepared: a queryset compiled once gives the rows Django would give, for any values."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, ArticleStatus
from matches.models import Match
from newsroom import prepared
from newsroom.prepared import Prepared

from .factories import ArticleFactory, MatchFactory, PlayerFactory

pytestmark = pytest.mark.django_db


def compiles(query):
    """How many times ``query`` compiles SQL (its first call of a shape probes several times)."""
    return mock.patch.object(query, "_compile", wraps=query._compile)


def test_the_rows_follow_the_values_and_the_sql_is_compiled_once_a_shape():
    a, b = ArticleFactory(slug="first"), ArticleFactory(slug="second")
    by_slug = Prepared(lambda slug: Article.objects.filter(slug=slug).order_by()[:1])
    assert list(by_slug("first")) == [a]
    with compiles(by_slug) as spy:
        assert list(by_slug("second")) == [b]
        assert list(by_slug("first")) == [a]
        assert list(by_slug("none")) == []
    assert spy.call_count == 0


def test_a_story_scheduled_for_later_appears_when_its_time_comes():
    now = timezone.now()
    story = ArticleFactory(slug="later", publish_at=now + timedelta(minutes=5))
    readers = Prepared(lambda slug, now: Article.objects.published(now).filter(slug=slug))
    assert list(readers("later", now)) == []
    assert list(readers("later", now + timedelta(minutes=6))) == [story]


def test_a_build_that_reads_the_clock_itself_is_refused():
    ArticleFactory()
    reads_clock = Prepared(lambda slug: Article.objects.filter(slug=slug, publish_at__lte=timezone.now()))
    with pytest.raises(ValueError, match="pass that value as an argument"):
        reads_clock("story")


def test_lists_of_ids_of_any_length_duplicates_and_none():
    matches = [MatchFactory() for _ in range(4)]
    by_ids = Prepared(lambda ids: Match.objects.filter(pk__in=ids).order_by("pk"))
    ids = [m.pk for m in matches]
    assert list(by_ids(ids)) == matches
    assert list(by_ids([ids[2], ids[0], ids[2]])) == [matches[0], matches[2]]
    assert list(by_ids(ids[1:2])) == [matches[1]]
    assert list(by_ids([])) == []
    assert list(by_ids([ids[3], ids[2], ids[1]])) == matches[1:], "newest first: consecutive ids"
    assert list(by_ids([ids[0], None])) == [matches[0]]
    # Lists of ids are kept as SQL; an empty one (no SQL at all) and one holding None are not.
    kept = {
        (key[1][0], type(None) in key[1][1]): shape is not prepared._UNPREPARED
        for key, shape in by_ids._shapes.items()
    }
    assert kept == {
        (4, False): True,
        (2, False): True,
        (1, False): True,
        (3, False): True,
        (0, False): False,
        (2, True): False,
    }


def test_values_lists_stay_tuples_and_a_limit_in_the_sql_is_a_shape_of_its_own():
    player = PlayerFactory()
    for _ in range(5):
        MatchFactory(player1=player)
    rows = Prepared(
        lambda player_id, limit: (
            Match.objects.filter(player1=player_id).order_by("pk").values_list("pk", "score")[:limit]
        )
    )
    assert [len(rows(player.pk, limit)) for limit in (2, 4, 2, 5)] == [2, 4, 2, 5]
    assert all(isinstance(row, tuple) and len(row) == 2 for row in rows(player.pk, 3))


def test_chaining_onto_a_prepared_queryset_compiles_what_was_asked():
    player = PlayerFactory(last_name="Norrie")
    MatchFactory(player1=player, score="6-4 6-4")
    MatchFactory(player1=player, score="6-1 6-1")
    of_player = Prepared(lambda player_id: Match.objects.filter(player1=player_id).order_by("pk"))
    of_player(player.pk)
    queryset = of_player(player.pk)
    assert queryset.count() == 2
    assert [str(m.score) for m in queryset.filter(score="6-1 6-1")] == ["6-1 6-1"]
    assert len(queryset[:1]) == 1
    assert len(list(queryset)) == 2


def test_what_it_cannot_account_for_is_compiled_every_time_and_still_right():
    ArticleFactory(title="Norrie wins")
    ArticleFactory(title="Alcaraz loses")
    search = Prepared(lambda word: Article.objects.filter(Q(title__icontains=word)).order_by("pk"))
    assert [a.title for a in search("norrie")] == ["Norrie wins"]
    assert [a.title for a in search("alcaraz")] == ["Alcaraz loses"]
    assert set(search._shapes.values()) == {prepared._UNPREPARED}


def test_only_plain_values_are_arguments():
    by_player = Prepared(lambda player: Match.objects.filter(player1=player))
    with pytest.raises(TypeError):
        by_player(PlayerFactory())


def test_drafts_stay_out_of_what_readers_get():
    now = timezone.now()
    ArticleFactory(slug="draft", status=ArticleStatus.DRAFT)
    readers = Prepared(lambda slug, now: Article.objects.published(now).filter(slug=slug))
    assert list(readers("draft", now)) == []


@pytest.mark.django_db(transaction=True)
def test_a_queryset_compiled_in_one_thread_runs_on_the_connection_of_another():
    import threading

    from django.db import connection

    story = ArticleFactory(slug="threads")
    by_slug = Prepared(lambda slug: Article.objects.filter(slug=slug))
    assert list(by_slug("threads")) == [story]
    found, errors = [], []

    def read():
        try:
            found.extend(by_slug("threads"))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert errors == [] and found == [story]


def test_a_parameter_worked_out_from_an_argument_is_compiled_every_time():
    """``n // 10000`` does not change with a small step of ``n``: kept SQL would give every later call
    the first call's rows. The second, farther check sees it, and the shape is compiled every time."""
    from matches.models import Edition

    from .factories import EditionFactory

    EditionFactory(year=2024)
    EditionFactory(year=1975)
    since = Prepared(lambda n: Edition.objects.filter(year__gte=n // 10000).order_by("year"))
    assert [e.year for e in since(2024)] == [1975, 2024]
    assert [e.year for e in since(20_240_000)] == [2024]
    assert set(since._shapes.values()) == {prepared._UNPREPARED}
