"""Site-wide figures kept until the content changes (pagecache.memo): never older than the data."""

import select
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from matches.coverage import held_seasons
from matches.models import Level
from pagecache import generation
from pagecache.listen import LISTENER
from tests.factories import EditionFactory, TournamentFactory

pytestmark = pytest.mark.django_db(transaction=True)  # writes commit, as a reader's server sees them


def imported(year):
    return EditionFactory(
        tournament=TournamentFactory(level=Level.GRAND_SLAM), year=year, source_id=f"{year}-520"
    )


def test_a_kept_figure_costs_one_read_of_the_generation_or_none_on_postgresql():
    imported(2024)
    assert held_seasons().years == {2024}
    with CaptureQueriesContext(connection) as queries:
        assert held_seasons().years == {2024}
    assert all(generation.TABLE in query["sql"] for query in queries)
    # PostgreSQL tells each process the generation (pagecache.listen): nothing to read.
    assert len(queries) == (0 if connection.vendor == "postgresql" else 1)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_write_announced_by_another_process_is_seen_by_the_next_reader():
    imported(2024)
    assert held_seasons().years == {2024}
    other = connection.get_new_connection(connection.get_connection_params())
    other.autocommit = True
    other.execute(f"UPDATE {generation.TABLE} SET value = value + 1 WHERE id = 1")
    bumped = other.execute(f"SELECT value FROM {generation.TABLE} WHERE id = 1").fetchone()[0]
    other.close()
    deadline = time.monotonic() + 5
    while LISTENER.generation() != bumped and time.monotonic() < deadline:
        select.select([LISTENER.raw.fileno()], [], [], 0.05)
    with CaptureQueriesContext(connection) as queries:
        assert held_seasons().years == {2024}
    assert [query for query in queries if generation.TABLE not in query["sql"]]  # computed again


def test_a_committed_write_is_seen_by_the_next_reader():
    imported(2024)
    assert held_seasons().years == {2024}
    imported(1990)
    assert held_seasons().years == {1990, 2024}


def test_inside_a_transaction_the_figure_is_computed_afresh():
    imported(2024)
    held_seasons()
    with transaction.atomic():
        imported(1990)
        assert held_seasons().years == {1990, 2024}
