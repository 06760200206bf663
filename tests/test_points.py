"""Return points, total points and break points converted, from both players' serve figures
(``matches.points``): the formulas in the module docstring, table-driven."""

from types import SimpleNamespace

import pytest

from matches import points


def serve(sp=None, won1=None, won2=None, faced=None, saved=None):
    return SimpleNamespace(
        serve_points=sp,
        first_serve_points_won=won1,
        second_serve_points_won=won2,
        break_points_faced=faced,
        break_points_saved=saved,
    )


# Sinner d. Alcaraz-like numbers: 80 serve points (38 + 16 won), 90 (40 + 18 won).
A = serve(80, 38, 16, faced=5, saved=3)
B = serve(90, 40, 18, faced=9, saved=6)


@pytest.mark.parametrize(
    ("figure", "own", "opponent", "expected"),
    [
        (points.return_points_won, A, B, (32, 90, 36)),
        (points.return_points_won, B, A, (26, 80, 32)),  # 32.5 rounds as every percentage does
        (points.total_points_won, A, B, (86, 170, 51)),
        (points.total_points_won, B, A, (84, 170, 49)),
        (points.break_points_converted, A, B, (3, 9, 33)),
        (points.break_points_converted, B, A, (2, 5, 40)),
        # Double faults are in the serve points and won by the returner: nothing to add.
        (points.return_points_won, A, serve(60, 30, 10), (20, 60, 33)),
        # No break point faced: 0 of 0, no percentage.
        (points.break_points_converted, A, serve(60, 30, 10, faced=0, saved=0), (0, 0, None)),
    ],
)
def test_figures_from_both_players_serve(figure, own, opponent, expected):
    ratio = figure(own, opponent)
    assert (ratio.part, ratio.whole, ratio.pct) == expected


@pytest.mark.parametrize(
    ("figure", "own", "opponent"),
    [
        (points.return_points_won, A, None),  # no stats for the opponent
        (points.return_points_won, A, serve(80, None, 16)),  # a figure missing
        (points.return_points_won, A, serve(50, 40, 20)),  # more won than played: not a figure
        (points.total_points_won, serve(None, 38, 16), B),
        (points.total_points_won, A, serve(90)),
        (points.break_points_converted, A, serve(90, 40, 18, faced=None, saved=2)),
        (points.break_points_converted, A, serve(90, 40, 18, faced=2, saved=3)),
    ],
)
def test_a_figure_is_none_when_the_numbers_are_missing_or_contradict(figure, own, opponent):
    assert figure(own, opponent) is None


def test_total_points_of_both_players_add_up_to_every_point_played():
    a, b = points.total_points_won(A, B), points.total_points_won(B, A)
    assert a.part + b.part == a.whole == b.whole == A.serve_points + B.serve_points
