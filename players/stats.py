"""Records, head-to-heads, titles and the ranking chart, computed from slim match rows.

Pure functions: no queries. The views fetch one query of rows (``Match.objects....rows()``, or
objects that carry the same attributes) and hand them here, so every page costs the same number of
queries however many matches a player has played.

A row needs ``id``, ``player1_id``, ``player2_id``, ``winner_side`` (1, 2 or None), ``status``,
``level`` (tournament level code), ``surface``, ``year``, ``round``; the helpers for ordering and
ranks also read ``sequence`` and ``date`` (see ``matches.chronology``), ``p1_rank``, ``p2_rank``.

The head-to-head rule, which the pages state in words (``RULE``):

* counted: every tour-level event in the data — Grand Slams, Masters 1000, the ATP Finals, the
  Next Gen Finals and other season-ending finals, the ATP Tour (250/500), the Olympics and the Davis
  Cup; Challenger, ITF, exhibition, junior and team-tennis matches, and events whose level the data
  does not give, are not counted, nor are qualifying rounds; titles are tour-level finals won;
* walkovers and abandoned matches are left out of every record (W-L and head-to-head), and the
  page says how many were left out; retirements and defaults count as a win and a loss;
* a season's win-loss record follows the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from matches.models import Level, Round, Status, Surface

COUNTED_LEVELS = frozenset(
    {
        Level.GRAND_SLAM,
        Level.MASTERS,
        Level.FINALS,
        Level.NEXTGEN_FINALS,
        Level.OTHER_FINALS,
        Level.ATP_500,
        Level.ATP_250,
        Level.TOUR,
        Level.OLYMPICS,
        Level.DAVIS_CUP,
    }
)
# Qualifying is played before the event proper: like the lower levels, it is not in the records.
# The Davis Cup's Qualifiers (imported as Q1) are ties of the competition itself, and count.
QUALIFYING_ROUNDS = frozenset({Round.Q1, Round.Q2, Round.Q3, Round.Q4})
COUNTED_STATUSES = frozenset({Status.COMPLETED, Status.RETIRED, Status.DEFAULTED})
LEFT_OUT_STATUSES = frozenset({Status.WALKOVER, Status.ABANDONED})
# Team events have no champion of their own in a rubber's final.
NO_TITLE_LEVELS = frozenset({Level.DAVIS_CUP})

RULE = (
    "every tour-level match Baseline holds counts — Grand Slams, Masters 1000, the ATP Finals, "
    "ATP 250 and 500 events, the Olympics, the Davis Cup and the Next Gen Finals; qualifying, "
    "Challenger, ITF, exhibition and junior matches do not. Retirements and defaults count as a win "
    "and a loss. "
    "Walkovers and abandoned matches are left out of every record, head-to-heads and season "
    "win-loss records alike."
)

COUNTED, WALKOVER, ABANDONED, OTHER_LEVEL, UNPLAYED = "counted", "walkover", "abandoned", "other", "unplayed"


def classify(row) -> str:
    """Why a match does or does not count in a record: one of ``counted``, ``walkover``,
    ``abandoned``, ``other`` (a level that is not counted) or ``unplayed`` (scheduled or live)."""
    return classify_fields(row.status, row.winner_side, row.level, row.round)


def classify_match(match) -> str:
    """``classify`` for a ``Match`` fetched with its edition and tournament (no query here)."""
    return classify_fields(match.status, match.winner_side, match.edition.tournament.level, match.round)


def classify_fields(status, winner_side, level, round_code) -> str:
    if status == Status.WALKOVER:
        return WALKOVER
    if status == Status.ABANDONED:
        return ABANDONED
    if status not in COUNTED_STATUSES or winner_side not in (1, 2):
        return UNPLAYED
    if level not in COUNTED_LEVELS or (round_code in QUALIFYING_ROUNDS and level != Level.DAVIS_CUP):
        return OTHER_LEVEL
    return COUNTED


def counts(row) -> bool:
    return classify(row) == COUNTED


def entered_by_hand(rows, coverage) -> int:
    """How many of ``rows`` a record counts from seasons not held in full: matches an editor entered
    (``coverage``: ``matches.coverage.held_seasons()``)."""
    return sum(1 for row in rows if not coverage.holds(row.year) and counts(row))


def side_of(row, player_id) -> int | None:
    if row.player1_id == player_id:
        return 1
    if row.player2_id == player_id:
        return 2
    return None


@dataclass
class Record:
    """Wins and losses, from one player's side."""

    wins: int = 0
    losses: int = 0

    @property
    def played(self) -> int:
        return self.wins + self.losses

    @property
    def win_pct(self) -> int | None:
        return round(100 * self.wins / self.played) if self.played else None

    def __str__(self) -> str:
        return f"{self.wins}\u2013{self.losses}"


@dataclass
class LeftOut:
    """The matches a record leaves out, and why."""

    walkovers: int = 0
    abandoned: int = 0
    other_levels: int = 0

    @property
    def total(self) -> int:
        return self.walkovers + self.abandoned + self.other_levels

    def __bool__(self) -> bool:
        return bool(self.total)

    def add(self, reason: str) -> None:
        if reason == WALKOVER:
            self.walkovers += 1
        elif reason == ABANDONED:
            self.abandoned += 1
        elif reason == OTHER_LEVEL:
            self.other_levels += 1

    def describe(self) -> str:
        """'1 walkover and 2 abandoned matches left out', or '' when nothing was."""
        parts = []
        if self.walkovers:
            parts.append(f"{self.walkovers} walkover{'s' if self.walkovers != 1 else ''}")
        if self.abandoned:
            parts.append(f"{self.abandoned} abandoned match{'es' if self.abandoned != 1 else ''}")
        if self.other_levels:
            plural = "es" if self.other_levels != 1 else ""
            parts.append(f"{self.other_levels} match{plural} below tour level")
        if not parts:
            return ""
        text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"{text} left out"


SURFACE_ORDER = [Surface.HARD, Surface.CLAY, Surface.GRASS, Surface.CARPET]


@dataclass
class Summary:
    """A player's record over some rows: overall, by surface (in a fixed order) and what was left out."""

    record: Record = field(default_factory=Record)
    by_surface: dict[str, Record] = field(default_factory=dict)
    left_out: LeftOut = field(default_factory=LeftOut)

    @property
    def surfaces(self) -> list[tuple[str, Record]]:
        """(surface label, record) for every surface played on, hard first; unknown surfaces last."""
        known = [(s.label, self.by_surface[s.value]) for s in SURFACE_ORDER if s.value in self.by_surface]
        unknown = self.by_surface.get("")
        return known + ([("Surface not recorded", unknown)] if unknown else [])


def player_summary(rows, player_id) -> Summary:
    """Win-loss for ``player_id`` over ``rows`` (rows they did not play in are ignored)."""
    summary = Summary()
    for row in rows:
        side = side_of(row, player_id)
        if side is None:
            continue
        reason = classify(row)
        if reason != COUNTED:
            summary.left_out.add(reason)
            continue
        surface_record = summary.by_surface.setdefault(row.surface or "", Record())
        for record in (summary.record, surface_record):
            if row.winner_side == side:
                record.wins += 1
            else:
                record.losses += 1
    return summary


def head_to_head(rows, a_id, b_id) -> Summary:
    """The record of ``a_id`` against ``b_id``: wins are a's, losses are b's wins."""
    return player_summary([r for r in rows if {r.player1_id, r.player2_id} == {a_id, b_id}], a_id)


def seasons(rows) -> list[int]:
    """The years with matches, newest first."""
    return sorted({row.year for row in rows if row.year}, reverse=True)


def filter_rows(rows, *, year: int | None = None, surface: str | None = None) -> list:
    return [
        row
        for row in rows
        if (year is None or row.year == year) and (surface is None or (row.surface or "") == surface)
    ]


def surfaces_played(rows) -> list[str]:
    present = {row.surface for row in rows if row.surface}
    return [s.value for s in SURFACE_ORDER if s.value in present]


def sort_key(row):
    """The one chronological order (``matches.chronology``): the stored sequence (event week, then
    round), then the day when known, then the id."""
    return (row.sequence, row.date or date.min, row.id)


def newest_first(rows) -> list:
    return sorted(rows, key=sort_key, reverse=True)


def titles(rows, player_id) -> list:
    """Tour-level finals the player won, newest first (a title won by walkover is still a title; team
    events such as the Davis Cup have no individual title; Challenger and ITF titles are not tour
    titles)."""
    won = [
        row
        for row in rows
        if row.round == Round.F
        and row.level in COUNTED_LEVELS
        and row.level not in NO_TITLE_LEVELS
        and row.winner_side is not None
        and row.winner_side == side_of(row, player_id)
        and row.status in (Status.COMPLETED, Status.RETIRED, Status.DEFAULTED, Status.WALKOVER)
    ]
    return newest_first(won)


def rank_at_latest_match(rows, player_id):
    """(rank, row) from the newest match with a rank recorded for the player, or None."""
    for row in newest_first(rows):
        side = side_of(row, player_id)
        rank = {1: row.p1_rank, 2: row.p2_rank}.get(side)
        if rank:
            return rank, row
    return None


# --- the ranking chart ------------------------------------------------------------------------


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class RankingChart:
    """Everything the inline SVG needs, in SVG user units (rank 1 at the top)."""

    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    points: str
    first: tuple[date, int]
    last: tuple[date, int]
    best: tuple[date, int]
    best_xy: tuple[float, float]
    last_xy: tuple[float, float]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    entries: list[tuple[date, int]]

    @property
    def right(self) -> int:
        return self.left + self.plot_width

    @property
    def bottom(self) -> int:
        return self.top + self.plot_height

    @property
    def description(self) -> str:
        return (
            f"ATP ranking from {_day(self.first[0])} (No {self.first[1]}) to {_day(self.last[0])} "
            f"(No {self.last[1]}), best in those weeks No {self.best[1]}"
            + (f" on {_day(self.best[0])}" if self.best[0] not in (self.first[0], self.last[0]) else "")
        )


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def _nice_step(span: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if span / step <= 4:
            return step
    return 10000


def ranking_chart(entries, *, width: int = 400, height: int = 200) -> RankingChart | None:
    """Lay out weekly ranks ``[(week, rank), …]`` as a line, rank 1 at the top. None when empty."""
    entries = sorted((week, rank) for week, rank in entries if rank)
    if not entries:
        return None
    left, top, right_margin, bottom_margin = 40, 10, 12, 26
    plot_w, plot_h = width - left - right_margin, height - top - bottom_margin
    ranks = [rank for _, rank in entries]
    best_rank, worst_rank = min(ranks), max(ranks)
    step = _nice_step(max(worst_rank - best_rank, 1))
    low = max(1, (best_rank - 1) // step * step) if best_rank > step else 1
    high = max(-(-worst_rank // step) * step, low + step)
    first_day, last_day = entries[0][0], entries[-1][0]
    days = max((last_day - first_day).days, 1)

    first_ordinal = first_day.toordinal()

    def x(day: date) -> float:
        if first_day == last_day:
            return left + plot_w / 2
        return round(left + plot_w * (day.toordinal() - first_ordinal) / days, 1)

    def y(rank: int) -> float:
        return round(top + plot_h * (rank - low) / (high - low), 1)

    y_ticks = [Tick(y(low), str(low))]
    tick = (low // step + 1) * step
    while tick <= high:
        y_ticks.append(Tick(y(tick), str(tick)))
        tick += step
    best = min(entries, key=lambda e: (e[1], -e[0].toordinal()))
    y_of = {rank: y(rank) for rank in set(ranks)}  # a long career: a thousand weeks, few ranks
    return RankingChart(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_w,
        plot_height=plot_h,
        points=" ".join(f"{x(day)},{y_of[rank]}" for day, rank in entries),
        first=entries[0],
        last=entries[-1],
        best=best,
        best_xy=(x(best[0]), y(best[1])),
        last_xy=(x(entries[-1][0]), y(entries[-1][1])),
        y_ticks=y_ticks,
        x_ticks=_x_ticks(first_day, last_day, x),
        entries=entries,
    )


def _x_ticks(first: date, last: date, x) -> list[Tick]:
    """Month ticks (every quarter) for a span up to two years, otherwise one tick per year."""
    ticks = []
    if (last - first).days <= 731:
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            day = date(year, month, 1)
            if month in (1, 4, 7, 10) and first <= day <= last:
                ticks.append(Tick(x(day), f"{day:%b}" if month != 1 else str(year)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        every = max(1, (last.year - first.year) // 8 + 1)
        for year in range(first.year + 1, last.year + 1, every):
            ticks.append(Tick(x(date(year, 1, 1)), str(year)))
    return ticks


@dataclass(frozen=True)
class MatchRow:
    """The row shape, for callers holding ``Match`` objects rather than ``rows()`` tuples."""

    id: int
    player1_id: int | None
    player2_id: int | None
    winner_side: int | None
    status: str
    round: str
    round_order: int
    sequence: int
    date: date | None
    p1_rank: int | None
    p2_rank: int | None
    edition_id: int
    year: int
    start_date: date | None
    surface: str
    level: str
    tournament_name: str


def row_from_match(match) -> MatchRow:
    """A row from a ``Match`` whose edition and tournament were fetched with it (no query here)."""
    edition = match.edition
    tournament = edition.tournament
    return MatchRow(
        id=match.pk,
        player1_id=match.player1_id,
        player2_id=match.player2_id,
        winner_side=match.winner_side,
        status=match.status,
        round=match.round,
        round_order=match.round_order,
        sequence=match.sequence,
        date=match.date,
        p1_rank=match.p1_rank,
        p2_rank=match.p2_rank,
        edition_id=match.edition_id,
        year=edition.year,
        start_date=edition.start_date,
        surface=edition.surface or tournament.surface,
        level=tournament.level,
        tournament_name=tournament.name,
    )
