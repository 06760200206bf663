"""Site-wide figures kept until the content changes (pagecache.memo): never older than the data."""

import pytest
from django.db import transaction

from matches.coverage import held_seasons
from matches.models import Level
from tests.factories import EditionFactory, TournamentFactory

pytestmark = pytest.mark.django_db(transaction=True)  # writes commit, as a reader's server sees them


def imported(year):
    return EditionFactory(
        tournament=TournamentFactory(level=Level.GRAND_SLAM), year=year, source_id=f"{year}-520"
    )


def test_a_kept_figure_costs_one_read_of_the_generation(django_assert_num_queries):
    imported(2024)
    assert held_seasons().years == {2024}
    with django_assert_num_queries(1):
        assert held_seasons().years == {2024}


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
