"""Figures as of a match (players.asof) and the seasons held (matches.coverage): pure functions."""

import itertools
from datetime import date

import pytest

from matches import chronology
from matches.coverage import Coverage, describe_years
from matches.models import Level, Status
from players import asof, stats

A, B, C = 1, 2, 3
_ids = itertools.count(1)
HELD = Coverage(frozenset(range(2020, 2025)))


def row(p1=A, p2=B, winner=1, *, start, round_order=7, level=Level.ATP_250, status=Status.COMPLETED, **ranks):
    return stats.MatchRow(
        id=next(_ids),
        player1_id=p1,
        player2_id=p2,
        winner_side=winner,
        status=status,
        round="R32",
        round_order=round_order,
        sequence=chronology.sequence(start, None, start.year, round_order),
        date=None,
        p1_rank=ranks.get("p1_rank"),
        p2_rank=ranks.get("p2_rank"),
        edition_id=start.toordinal(),
        year=start.year,
        start_date=start,
        surface="Hard",
        level=level,
        tournament_name="Open",
    )


@pytest.mark.parametrize(
    ("years", "text"),
    [
        ([], ""),
        ([2024], "2024"),
        ([1968, 1969, 1970], "1968\u20131970"),
        ([1968, 1969, 2021, 2024], "1968\u20131969, 2021 and 2024"),
    ],
)
def test_held_seasons_read_as_ranges(years, text):
    assert describe_years(years) == text


@pytest.mark.parametrize(
    ("first", "last", "entered", "phrase"),
    [
        (2021, 2024, 0, ""),
        (2019, 2024, 0, "in the seasons Baseline holds: 2020\u20132024"),
        (2021, 2025, 1, "in the seasons Baseline holds: 2021\u20132024, and 1 match entered by hand"),
        (2025, 2025, 2, "in the 2 matches entered by hand (no season held in full)"),
    ],
)
def test_a_career_figure_says_which_seasons_it_counts(first, last, entered, phrase):
    assert HELD.phrase(first, last, entered=entered) == phrase


def test_rank_at_the_time_is_the_entry_lists_else_the_ranking_week_before():
    match = row(start=date(2024, 6, 3), p1_rank=31)
    assert asof.rank_at(match, 1, {B: (date(2024, 5, 27), 4)}) == asof.RankAt(31)
    assert asof.rank_at(match, 2, {B: (date(2024, 5, 27), 4)}) == asof.RankAt(4, date(2024, 5, 27))
    assert asof.rank_at(match, 2, {}) is None


def test_head_to_head_before_leaves_out_the_match_and_later_meetings():
    first = row(A, B, 1, start=date(2023, 3, 6))
    second = row(B, A, 1, start=date(2023, 8, 7))
    match = row(A, B, 1, start=date(2024, 6, 3))
    later = row(B, A, 1, start=date(2024, 9, 2))
    box = asof.fact_box([later, match, second, first], match, coverage=HELD)
    assert str(box.h2h_before.record) == "1\u20131"
    assert str(box.h2h_after.record) == "2\u20131"


def test_an_earlier_round_of_the_same_event_is_before_a_later_one_and_not_the_reverse():
    start = date(2024, 11, 11)
    round_robin = row(B, A, 1, start=start, round_order=9, level=Level.FINALS)
    final = row(A, B, 1, start=start, round_order=13, level=Level.FINALS)
    assert asof.before([round_robin, final], final) == [round_robin]
    assert asof.before([round_robin, final], round_robin) == []


def test_season_going_in_counts_that_season_before_the_match_only():
    rows = [
        row(A, C, 1, start=date(2023, 12, 4)),  # last season
        row(A, C, 1, start=date(2024, 1, 8)),
        row(C, A, 1, start=date(2024, 2, 5)),
        row(A, C, 2, start=date(2024, 3, 4), status=Status.WALKOVER),  # left out
    ]
    match = row(A, B, 1, start=date(2024, 6, 3))
    later = row(A, C, 1, start=date(2024, 7, 1))
    box = asof.fact_box([*rows, match, later], match, coverage=HELD)
    assert str(box.p1.season.record) == "1\u20131"
    assert box.p1.season.left_out.walkovers == 1
    assert box.p1.season_held and box.p1.season_year == 2024


def test_a_loss_ends_a_streak_at_the_matchs_level():
    masters = [row(B, C, 1, start=date(2024, n, 4), level=Level.MASTERS) for n in range(1, 6)]
    lost_at_250 = row(C, B, 1, start=date(2024, 5, 20))
    first_loss = row(C, B, 1, start=date(2023, 11, 6), level=Level.MASTERS)
    match = row(A, B, 1, start=date(2024, 10, 28), level=Level.MASTERS)
    box = asof.fact_box([first_loss, *masters, lost_at_250, match], match, coverage=HELD)
    assert box.p2.streak == asof.Streak(5, "at Masters 1000 events", ended=True)


def test_a_win_extends_the_overall_streak():
    wins = [row(A, C, 1, start=date(2024, n, 4)) for n in range(2, 6)]
    loss = row(C, A, 1, start=date(2024, 1, 8))
    match = row(A, B, 1, start=date(2024, 6, 3))
    box = asof.fact_box([loss, *wins, match], match, coverage=HELD)
    assert box.p1.streak == asof.Streak(4, "", ended=False)
    assert box.p1.streak.after == 5


def test_no_streak_where_a_season_since_the_last_loss_is_not_held():
    loss = row(C, A, 1, start=date(2023, 1, 9))
    wins = [row(A, C, 1, start=date(2023, n, 4)) for n in range(2, 8)]
    match = row(A, B, 1, start=date(2025, 6, 2))  # 2025 is not held: its earlier matches are unknown
    box = asof.fact_box([loss, *wins, match], match, coverage=HELD)
    assert box.p1.streak is None
    assert not box.p1.season_held


def test_no_streak_when_no_earlier_loss_is_held():
    wins = [row(A, C, 1, start=date(2024, n, 4)) for n in range(1, 6)]
    match = row(A, B, 1, start=date(2024, 6, 3))
    assert asof.fact_box([*wins, match], match, coverage=HELD).p1.streak is None


def test_short_runs_are_not_streaks():
    loss = row(C, A, 1, start=date(2024, 1, 8))
    win = row(A, C, 1, start=date(2024, 2, 5))
    match = row(B, A, 1, start=date(2024, 6, 3))  # A loses: a run of one win ended
    assert asof.fact_box([loss, win, match], match, coverage=HELD).p2.streak is None


def test_rank_gap_and_upset():
    match = row(A, B, 1, start=date(2025, 10, 27), p1_rank=31, p2_rank=1)
    box = asof.fact_box([match], match, coverage=HELD)
    assert box.rank_gap == 30 and box.upset


def test_head_to_head_coverage_counts_from_the_later_debut_and_names_hand_entered_meetings():
    debut_a = row(A, C, 1, start=date(2017, 3, 6))
    debut_b = row(B, C, 1, start=date(2021, 3, 8))
    by_hand = row(B, A, 1, start=date(2025, 6, 30))  # 2025 is not held
    match = row(A, B, 1, start=date(2025, 10, 27))
    box = asof.fact_box([debut_a, debut_b, by_hand, match], match, coverage=HELD)
    assert box.h2h_coverage == "in the seasons Baseline holds: 2021\u20132024, and 1 match entered by hand"


def test_two_round_robin_matches_without_days_are_neither_before_the_other():
    start = date(2024, 1, 1)
    first = row(A, C, 1, start=start, round_order=9)
    second = row(B, A, 1, start=start, round_order=9)
    assert asof.before([first, second], second) == []
    assert asof.fact_box([first, second], second, coverage=HELD).p2.season.record.played == 0
