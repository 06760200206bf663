"""The record rules in players.stats: pure functions over slim rows, no database."""

import itertools
from datetime import date, timedelta

import pytest

from matches import chronology
from matches.models import Level, Status, Surface
from players import stats

A, B, C = 1, 2, 3
_ids = itertools.count(1)


def row(
    p1=A,
    p2=B,
    winner=1,
    status=Status.COMPLETED,
    level=Level.ATP_250,
    surface=Surface.HARD,
    year=2024,
    round="R32",
    round_order=7,
    day=None,
    p1_rank=None,
    p2_rank=None,
    id=None,
    tournament="Open",
    start=None,
):
    start = start or date(year, 6, 3)
    return stats.MatchRow(
        id=id or next(_ids),
        player1_id=p1,
        player2_id=p2,
        winner_side=winner,
        status=status,
        round=round,
        round_order=round_order,
        sequence=chronology.sequence(start, day, year, round_order),
        date=day,
        p1_rank=p1_rank,
        p2_rank=p2_rank,
        edition_id=1,
        year=year,
        start_date=start,
        surface=surface,
        level=level,
        tournament_name=tournament,
    )


@pytest.mark.parametrize(
    ("status", "winner", "level", "reason"),
    [
        (Status.COMPLETED, 1, Level.GRAND_SLAM, stats.COUNTED),
        (Status.RETIRED, 2, Level.MASTERS, stats.COUNTED),
        (Status.DEFAULTED, 1, Level.ATP_500, stats.COUNTED),
        (Status.COMPLETED, 1, Level.TOUR, stats.COUNTED),
        (Status.COMPLETED, 1, Level.FINALS, stats.COUNTED),
        (Status.COMPLETED, 1, Level.OLYMPICS, stats.COUNTED),
        (Status.COMPLETED, 1, Level.DAVIS_CUP, stats.COUNTED),
        (Status.WALKOVER, 1, Level.GRAND_SLAM, stats.WALKOVER),
        (Status.ABANDONED, None, Level.ATP_250, stats.ABANDONED),
        (Status.COMPLETED, 1, Level.CHALLENGER, stats.OTHER_LEVEL),
        (Status.COMPLETED, 1, Level.ITF, stats.OTHER_LEVEL),
        (Status.SCHEDULED, None, Level.ATP_250, stats.UNPLAYED),
        (Status.LIVE, None, Level.ATP_250, stats.UNPLAYED),
    ],
)
def test_classify_applies_the_head_to_head_rule(status, winner, level, reason):
    assert stats.classify(row(status=status, winner=winner, level=level)) == reason


def test_record_counts_retirements_and_defaults_but_not_walkovers_or_abandoned():
    rows = [
        row(winner=1),
        row(winner=2, status=Status.RETIRED),
        row(winner=1, status=Status.DEFAULTED),
        row(winner=1, status=Status.WALKOVER),
        row(winner=None, status=Status.ABANDONED),
    ]
    summary = stats.player_summary(rows, A)
    assert (summary.record.wins, summary.record.losses) == (2, 1)
    assert (summary.left_out.walkovers, summary.left_out.abandoned) == (1, 1)
    assert summary.left_out.describe() == "1 walkover and 1 abandoned match left out"


def test_record_is_read_from_the_players_side_whichever_slot_they_are_in():
    rows = [row(p1=A, p2=B, winner=1), row(p1=B, p2=A, winner=1), row(p1=C, p2=A, winner=2)]
    assert str(stats.player_summary(rows, A).record) == "2\u20131"
    assert str(stats.player_summary(rows, B).record) == "1\u20131"


def test_record_ignores_matches_the_player_did_not_play():
    assert stats.player_summary([row(p1=B, p2=C)], A).record.played == 0


def test_record_by_surface_lists_surfaces_hard_first_and_leaves_out_unplayed_ones():
    rows = [
        row(surface=Surface.GRASS, winner=1),
        row(surface=Surface.HARD, winner=2),
        row(surface=Surface.HARD, winner=1),
        row(surface="", winner=1),
    ]
    summary = stats.player_summary(rows, A)
    assert [(label, str(rec)) for label, rec in summary.surfaces] == [
        ("Hard", "1\u20131"),
        ("Grass", "1\u20130"),
        ("Surface not recorded", "1\u20130"),
    ]


def test_head_to_head_counts_only_matches_between_the_two():
    rows = [
        row(p1=A, p2=B, winner=1, surface=Surface.CLAY),
        row(p1=B, p2=A, winner=1, surface=Surface.HARD),
        row(p1=B, p2=A, winner=1, status=Status.WALKOVER),
        row(p1=A, p2=C, winner=1),
    ]
    h2h = stats.head_to_head(rows, A, B)
    assert (h2h.record.wins, h2h.record.losses) == (1, 1)
    assert h2h.left_out.walkovers == 1
    assert dict(h2h.surfaces)["Clay"].wins == 1
    assert dict(h2h.surfaces)["Hard"].losses == 1
    mirrored = stats.head_to_head(rows, B, A)
    assert (mirrored.record.wins, mirrored.record.losses) == (1, 1)


def test_matches_below_tour_level_are_left_out_and_reported():
    summary = stats.player_summary([row(level=Level.CHALLENGER), row()], A)
    assert summary.record.played == 1
    assert summary.left_out.describe() == "1 match below tour level left out"


def test_left_out_describes_nothing_when_nothing_was_left_out():
    left_out = stats.LeftOut()
    assert not left_out
    assert left_out.describe() == ""


def test_left_out_uses_plurals_and_lists():
    assert (
        stats.LeftOut(walkovers=2, abandoned=3, other_levels=1).describe()
        == "2 walkovers, 3 abandoned matches and 1 match below tour level left out"
    )


def test_win_percentage_is_rounded_and_none_without_matches():
    assert stats.Record(2, 1).win_pct == 67
    assert stats.Record().win_pct is None


def test_seasons_are_newest_first_and_filters_pick_year_and_surface():
    rows = [row(year=2023), row(year=2024, surface=Surface.CLAY), row(year=2024)]
    assert stats.seasons(rows) == [2024, 2023]
    assert len(stats.filter_rows(rows, year=2024)) == 2
    assert len(stats.filter_rows(rows, year=2024, surface=Surface.CLAY)) == 1
    assert stats.surfaces_played(rows) == [Surface.HARD, Surface.CLAY]


def test_titles_are_finals_won_including_walkovers_but_not_davis_cup_or_lost_finals():
    won = row(round="F", round_order=13, winner=1, year=2024)
    by_walkover = row(round="F", round_order=13, winner=1, status=Status.WALKOVER, year=2023)
    lost = row(round="F", round_order=13, winner=2)
    davis = row(round="F", round_order=13, winner=1, level=Level.DAVIS_CUP)
    semi = row(round="SF", round_order=11, winner=1)
    assert stats.titles([semi, by_walkover, lost, davis, won], A) == [won, by_walkover]


def test_rank_at_latest_match_reads_the_players_own_rank_from_the_newest_match():
    older = row(p1=A, p1_rank=40, day=date(2024, 3, 1), tournament="Indian Wells")
    newer = row(p1=B, p2=A, p1_rank=3, p2_rank=31, day=date(2024, 11, 1), tournament="Paris Masters")
    rank, latest = stats.rank_at_latest_match([older, newer], A)
    assert rank == 31
    assert latest.tournament_name == "Paris Masters"
    assert stats.rank_at_latest_match([row(p1=A)], A) is None


def test_newest_first_orders_by_event_week_then_round_whatever_days_are_known():
    early = row(start=date(2024, 1, 1), day=date(2024, 1, 7), round_order=13)
    semi = row(day=date(2024, 6, 8), round_order=11)
    final = row(day=None, round_order=13)
    assert stats.newest_first([early, semi, final]) == [final, semi, early]


def test_ranking_chart_puts_number_one_at_the_top_and_describes_itself():
    weeks = [date(2024, 1, 1) + timedelta(weeks=n) for n in range(4)]
    chart = stats.ranking_chart(list(zip(weeks, [4, 2, 1, 2], strict=True)))
    ys = [float(point.split(",")[1]) for point in chart.points.split()]
    assert ys[2] == min(ys)  # No 1 is drawn highest
    assert ys[0] == max(ys)
    assert (
        chart.description
        == "ATP ranking from 1 Jan 2024 (No 4) to 22 Jan 2024 (No 2), best in those weeks No 1 on 15 Jan 2024"
    )
    assert chart.y_ticks[0].label == "1"


def test_ranking_chart_sorts_weeks_and_handles_one_entry_and_none():
    assert stats.ranking_chart([]) is None
    one = stats.ranking_chart([(date(2024, 12, 30), 31)])
    assert (
        one.description
        == "ATP ranking from 30 Dec 2024 (No 31) to 30 Dec 2024 (No 31), best in those weeks No 31"
    )
    chart = stats.ranking_chart([(date(2024, 2, 1), 10), (date(2024, 1, 1), 20)])
    assert chart.first == (date(2024, 1, 1), 20)


def test_ranking_chart_axis_covers_a_wide_range_with_few_ticks():
    weeks = [date(2020, 1, 6) + timedelta(weeks=n) for n in range(250)]
    chart = stats.ranking_chart([(w, 150 + n) for n, w in enumerate(weeks)])
    assert 2 <= len(chart.y_ticks) <= 6
    assert [t.label for t in chart.x_ticks] == ["2021", "2022", "2023", "2024"]
    assert all(chart.top <= t.position <= chart.bottom for t in chart.y_ticks)


def test_qualifying_rounds_and_lower_level_finals_do_not_count():
    qualifying = row(round="Q2", round_order=3, level=Level.MASTERS)
    assert stats.classify(qualifying) == stats.OTHER_LEVEL
    challenger_final = row(round="F", round_order=18, level=Level.CHALLENGER)
    tour_final = row(round="F", round_order=18, level=Level.ATP_250)
    assert stats.titles([challenger_final, tour_final], A) == [tour_final]


def test_davis_cup_qualifier_ties_count():
    assert stats.classify(row(round="Q1", round_order=1, level=Level.DAVIS_CUP)) == stats.COUNTED
