"""A player's career high and the ranking weeks it is counted from (``players.career``)."""

from datetime import date

import pytest

from players.career import CareerHigh, RankingsHeld, career_high
from players.models import RankingEntry
from tests.factories import PlayerFactory, RankingEntryFactory

W1, W2, W3 = date(2024, 6, 3), date(2024, 6, 10), date(2024, 6, 17)


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([(W1, 2), (W2, 1), (W3, 1)], CareerHigh(1, W2)),  # the first week at the best rank
        ([(W3, 1), (W1, 2), (W2, 1)], CareerHigh(1, W2)),  # whatever the order
        ([(W1, 40)], CareerHigh(40, W1)),
        ([(W1, None), (W2, 12)], CareerHigh(12, W2)),
        ([], None),
    ],
)
def test_career_high_is_the_best_rank_and_the_first_week_it_was_held(entries, expected):
    assert career_high(entries) == expected


@pytest.mark.parametrize(
    ("held", "text"),
    [
        (RankingsHeld(date(2024, 1, 1), date(2024, 12, 30), (2024,)), "weeks of 2024 (1 Jan – 30 Dec 2024)"),
        (
            RankingsHeld(date(1973, 8, 27), date(2024, 12, 30), (*range(1973, 2022), 2024)),
            "weeks of 1973–2021 and 2024 (27 Aug 1973 – 30 Dec 2024)",
        ),
    ],
)
def test_the_weeks_held_are_described_by_years_and_span(held, text):
    assert held.describe() == text


@pytest.mark.django_db
def test_weeks_held_are_found_in_one_query_gaps_included(django_assert_num_queries):
    for week in (date(2019, 1, 7), date(2020, 12, 28), date(2024, 1, 1), date(2024, 12, 30)):
        RankingEntryFactory(week=week)
    with django_assert_num_queries(1):
        held = RankingEntry.objects.held()
    assert held == RankingsHeld(date(2019, 1, 7), date(2024, 12, 30), (2019, 2020, 2024))


@pytest.mark.django_db
def test_no_weeks_held_is_none():
    PlayerFactory()
    assert RankingEntry.objects.held() is None
