"""Figures as of a match: what was true when it was played, never what is true today.

Pure functions over the slim rows of ``players.stats`` (no queries): the caller fetches both players'
rows up to the match and hands them here with the ranks it found and the seasons held
(``matches.coverage``). Everything is computed from data, never typed by an editor:

* each player's **rank at the time**: the rank the match's own entry list gives (tennis_atp's rank
  "as of the tourney_date"), else the newest ranking week on or before the match — shown with its
  week, since that may be some time before;
* the **head-to-head before** the match (every earlier meeting held, hand-entered ones included) and
  **after** it;
* each player's **season win-loss going in** (the same counting rule as every record);
* the **streak** the result ended or extended: wins in a row in counted matches, overall or at the
  match's level, shown only where the data shows it — every season from the streak's start to the
  match is held (a gap could hide a loss), and the streak started with a loss the data holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matches.coverage import Coverage
from matches.models import Level

from . import stats

MIN_STREAK = 3
# Streaks are counted at these levels on their own ("17 wins in a row at Masters 1000 events").
STREAK_LEVELS = {
    Level.GRAND_SLAM: "at Grand Slams",
    Level.MASTERS: "at Masters 1000 events",
    Level.FINALS: "at the Tour Finals",
}


@dataclass(frozen=True)
class RankAt:
    """A rank as of a match: from the match's entry list (``week`` None), or a ranking week."""

    rank: int
    week: date | None = None

    @property
    def from_ranking_week(self) -> bool:
        return self.week is not None

    def __str__(self) -> str:
        return f"No {self.rank}"


@dataclass(frozen=True)
class Streak:
    """``length`` counted wins in a row going into the match (``scope`` '' for all counted matches,
    else e.g. 'at Masters 1000 events'); the match ``ended`` it, or extended it by one."""

    length: int
    scope: str
    ended: bool

    @property
    def after(self) -> int:
        return self.length if self.ended else self.length + 1


@dataclass
class Going:
    """One player's figures going into the match."""

    player_id: int | None
    rank: RankAt | None
    season: stats.Summary
    season_year: int
    season_held: bool
    streak: Streak | None


@dataclass
class FactBox:
    year: int
    p1: Going
    p2: Going
    h2h_before: stats.Summary  # from player 1's side
    h2h_after: stats.Summary
    counted: bool  # whether this match itself counts in the records
    winner_side: int | None
    h2h_coverage: str  # '' or 'in the seasons Baseline holds: …'

    @property
    def sides(self) -> tuple[Going, Going]:
        return self.p1, self.p2

    @property
    def rank_gap(self) -> int | None:
        if self.p1.rank and self.p2.rank:
            return abs(self.p1.rank.rank - self.p2.rank.rank)
        return None

    @property
    def upset(self) -> bool:
        """The winner was ranked below the loser at the time."""
        if not (self.rank_gap and self.winner_side):
            return False
        winner, loser = (self.p1, self.p2) if self.winner_side == 1 else (self.p2, self.p1)
        return winner.rank.rank > loser.rank.rank


def rank_at(match_row, side: int, ranking_weeks: dict[int, tuple[date, int]]) -> RankAt | None:
    """The rank of the player on ``side`` as of the match: the entry list's, else the newest ranking
    week on or before the match (``ranking_weeks``: player id -> (week, rank), found by the caller)."""
    rank = match_row.p1_rank if side == 1 else match_row.p2_rank
    if rank:
        return RankAt(rank)
    player_id = match_row.player1_id if side == 1 else match_row.player2_id
    found = ranking_weeks.get(player_id)
    return RankAt(found[1], found[0]) if found else None


def is_before(row, match_row) -> bool:
    """Played before ``match_row`` (``matches.chronology``): an earlier event week or round, or the
    same round of the same week on an earlier known day. Two matches of one round robin with no
    days known are neither before nor after each other."""
    if row.sequence != match_row.sequence:
        return row.sequence < match_row.sequence
    return bool(row.date and match_row.date and row.date < match_row.date)


def before(rows, match_row) -> list:
    """The rows played before ``match_row``."""
    return [row for row in rows if row.id != match_row.id and is_before(row, match_row)]


def season_going_in(prior, player_id, match_row) -> stats.Summary:
    """The player's season up to the match, from ``prior`` (the rows played before it)."""
    earlier = [row for row in prior if row.year == match_row.year]
    return stats.player_summary(earlier, player_id)


def win_streak(
    prior_newest, player_id, match_row, coverage: Coverage, *, level: str | None = None
) -> int | None:
    """Counted wins in a row going into the match (at ``level`` only, if given), or None when the
    data cannot show it: no earlier loss held, or a season since that loss is not held.
    ``prior_newest``: the rows played before the match, newest first."""
    wins = 0
    for row in prior_newest:
        if stats.side_of(row, player_id) is None or not stats.counts(row):
            continue
        if level is not None and row.level != level:
            continue
        if row.winner_side == stats.side_of(row, player_id):
            wins += 1
            continue
        # The loss that started the run: every season from it to the match must be held.
        return wins if coverage.covers(row.year, match_row.year) else None
    return None


def streak(prior_newest, player_id, match_row, coverage: Coverage) -> Streak | None:
    """The longest run the result ended or extended (overall, or at the match's level), if notable.
    ``prior_newest``: the rows played before the match, newest first."""
    side = stats.side_of(match_row, player_id)
    if side is None or not stats.counts(match_row):
        return None
    ended = match_row.winner_side != side
    found = []
    overall = win_streak(prior_newest, player_id, match_row, coverage)
    if overall is not None:
        found.append(Streak(overall, "", ended))
    scope = STREAK_LEVELS.get(match_row.level)
    if scope:
        at_level = win_streak(prior_newest, player_id, match_row, coverage, level=match_row.level)
        if at_level is not None and (overall is None or at_level > overall):
            found.append(Streak(at_level, scope, ended))
    notable = [s for s in found if (s.length if s.ended else s.after) >= MIN_STREAK]
    return max(notable, key=lambda s: (s.length, bool(s.scope)), default=None)


def fact_box(rows, match_row, *, ranking_weeks=None, coverage: Coverage) -> FactBox:
    """Everything the fact box shows about ``match_row``, from ``rows`` (both players' rows up to and
    including the match; more is harmless)."""
    ranking_weeks = ranking_weeks or {}
    a, b = match_row.player1_id, match_row.player2_id
    meetings = [row for row in rows if a and b and {row.player1_id, row.player2_id} == {a, b}]
    earlier = before(meetings, match_row)
    h2h_before = stats.head_to_head(earlier, a, b)
    h2h_after = stats.head_to_head([*earlier, match_row], a, b)
    prior = before(rows, match_row)  # once for both players: the rows played before the match
    prior_newest = stats.newest_first(prior)
    sides = []
    for side, player_id in ((1, a), (2, b)):
        sides.append(
            Going(
                player_id=player_id,
                rank=rank_at(match_row, side, ranking_weeks),
                season=season_going_in(prior, player_id, match_row) if player_id else stats.Summary(),
                season_year=match_row.year,
                season_held=coverage.holds(match_row.year),
                streak=streak(prior_newest, player_id, match_row, coverage) if player_id else None,
            )
        )
    firsts = [min((r.year for r in rows if stats.side_of(r, p) is not None), default=None) for p in (a, b)]
    firsts = [year for year in firsts if year]
    entered = stats.entered_by_hand(earlier, coverage)
    return FactBox(
        year=match_row.year,
        p1=sides[0],
        p2=sides[1],
        h2h_before=h2h_before,
        h2h_after=h2h_after,
        counted=stats.counts(match_row),
        winner_side=match_row.winner_side,
        h2h_coverage=coverage.phrase(max(firsts), match_row.year, entered=entered) if firsts else "",
    )
