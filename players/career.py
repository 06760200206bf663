"""A player's career high, and the ranking weeks it is counted from.

Baseline holds the ranking weeks that were imported (``atp_rankings_*.csv``): the 2024 file alone
gives the weeks of 2024. A best rank over those weeks is the best of those weeks only, so every page
that shows it says which weeks it counts::

    Career high No 1 (first on 10 Jun 2024) in the rankings Baseline holds: weeks of 2024
    (1 Jan – 30 Dec 2024)

``career_high`` is pure (the weekly ranks the player page already fetched for its chart);
``RankingEntry.objects.held()`` finds the weeks held in one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matches.coverage import describe_years

EN_DASH = "\u2013"


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


@dataclass(frozen=True)
class RankingsHeld:
    """The ranking weeks Baseline holds: the first and last, and every year with at least one."""

    first: date
    last: date
    years: tuple[int, ...]

    def describe(self) -> str:
        """'weeks of 2024 (1 Jan – 30 Dec 2024)', 'weeks of 1973–2021 and 2024 (27 Aug 1973 – …)'."""
        first = f"{self.first.day} {self.first:%b}" if self.first.year == self.last.year else _day(self.first)
        return f"weeks of {describe_years(self.years)} ({first} {EN_DASH} {_day(self.last)})"

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class CareerHigh:
    rank: int
    first_week: date  # the first week the player held ``rank``


def career_high(entries) -> CareerHigh | None:
    """The best rank in ``[(week, rank), …]`` and the first week it was held; None without ranks."""
    ranked = [(rank, week) for week, rank in entries if rank]
    if not ranked:
        return None
    rank, week = min(ranked)
    return CareerHigh(rank, week)
