"""What both players' serve figures say about each player's return and the whole match.

The data (tennis_atp) records each player's serve only: serve points, first serves in, first- and
second-serve points won, break points faced and saved. A player's return is the opponent's serve,
so, for a player facing ``opponent``::

    return points won       = opponent's serve points − first-serve points won − second-serve points won
                              (of the opponent's serve points; double faults are points won on return)
    total points won        = own serve points won + return points won
                              (of both players' serve points)
    break points converted  = opponent's break points faced − saved  (of those faced)

Pure functions of two ``MatchStats`` (or anything with the same attributes). A figure is ``None``
when a number it needs is missing, or when the numbers contradict each other (more serve points
won than played): the page then shows a dash rather than a wrong figure.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ratio:
    """``part`` of ``whole``, with the percentage readers see (rounded; None of nothing)."""

    part: int
    whole: int

    @property
    def pct(self) -> int | None:
        return round(100 * self.part / self.whole) if self.whole else None

    def __str__(self) -> str:
        return f"{self.part}/{self.whole}"


def _known(*values) -> bool:
    return all(value is not None for value in values)


def serve_points_won(stats) -> int | None:
    if stats is None or not _known(stats.first_serve_points_won, stats.second_serve_points_won):
        return None
    return stats.first_serve_points_won + stats.second_serve_points_won


def return_points_won(own, opponent) -> Ratio | None:
    """Points ``own``'s player won on the opponent's serve."""
    if opponent is None or opponent.serve_points is None:
        return None
    won_by_server = serve_points_won(opponent)
    if won_by_server is None or won_by_server > opponent.serve_points:
        return None
    return Ratio(opponent.serve_points - won_by_server, opponent.serve_points)


def total_points_won(own, opponent) -> Ratio | None:
    """Points ``own``'s player won in the whole match, on serve and on return."""
    on_return = return_points_won(own, opponent)
    on_serve = serve_points_won(own)
    if on_return is None or on_serve is None or own.serve_points is None or on_serve > own.serve_points:
        return None
    return Ratio(on_serve + on_return.part, own.serve_points + opponent.serve_points)


def break_points_converted(own, opponent) -> Ratio | None:
    """Break points ``own``'s player won, of those they had (the opponent's faced)."""
    if opponent is None or not _known(opponent.break_points_faced, opponent.break_points_saved):
        return None
    if opponent.break_points_saved > opponent.break_points_faced:
        return None
    return Ratio(opponent.break_points_faced - opponent.break_points_saved, opponent.break_points_faced)
