"""Reading one row of a matches file: the tournament, the edition, the match and both players' stats.

Everything is checked before anything is saved. Codes the data dictionary defines are translated;
a code it does not (a level, round or entry we do not know) rejects the row rather than being guessed.
"""

import re
from dataclasses import dataclass, field

from matches import chronology
from matches.models import ROUND_ORDER, STATUS_FOR_ENDING, Entry, Level, Status, Surface
from matches.scores import RETIRED, Score, ScoreError

from .csvfiles import STAT_COLUMNS, RowError, required_date, required_int, to_int

LEVELS = {
    "G": Level.GRAND_SLAM,
    "M": Level.MASTERS,
    "A": Level.TOUR,
    "F": Level.FINALS,
    "D": Level.DAVIS_CUP,
    "O": Level.OLYMPICS,
    "C": Level.CHALLENGER,
    "S": Level.ITF,
}
SURFACES = {value.lower(): value for value in Surface.values}
ENTRIES = set(Entry.values)
STAT_FIELDS = dict(
    zip(
        STAT_COLUMNS,
        (
            "aces",
            "double_faults",
            "serve_points",
            "first_serves_in",
            "first_serve_points_won",
            "second_serve_points_won",
            "service_games",
            "break_points_saved",
            "break_points_faced",
        ),
        strict=True,
    )
)
_TOURNEY_ID_RE = re.compile(r"^(\d{4})-(\S+)$")


@dataclass
class MatchRow:
    line: int
    tournament_key: str  # the tourney_id after its "YYYY-" prefix
    tournament: dict
    edition_key: str  # the full tourney_id
    edition: dict
    source_id: str
    match: dict
    stats: dict[int, dict] = field(default_factory=dict)  # player pk -> MatchStats values
    warnings: list[str] = field(default_factory=list)


def parse_match(row: dict, line: int, players: dict[int, int]) -> MatchRow:
    """A matches-file row, checked; ``players`` maps the data's player ids to stored pks."""
    tourney_id = row["tourney_id"]
    found = _TOURNEY_ID_RE.match(tourney_id)
    if not found:
        raise RowError(f"tourney_id '{tourney_id}' does not start with a year (YYYY-)")
    level = LEVELS.get(row["tourney_level"])
    if level is None:
        raise RowError(f"unknown tourney_level '{row['tourney_level']}'")
    surface = SURFACES.get(row["surface"].lower(), "") if row["surface"] else ""
    if row["surface"] and not surface:
        raise RowError(f"unknown surface '{row['surface']}'")
    if not row["tourney_name"]:
        raise RowError("tourney_name is missing")
    round_code = row["round"]
    if round_code not in ROUND_ORDER:
        raise RowError(f"unknown round '{round_code}'")
    match_num = row["match_num"]
    if not match_num:
        raise RowError("match_num is missing")
    best_of = required_int(row["best_of"], "best_of")
    if best_of not in (3, 5):
        raise RowError(f"best_of '{row['best_of']}' is neither 3 nor 5")

    winner, loser = (_player(row, side, players) for side in ("winner", "loser"))
    if winner == loser:
        raise RowError("the winner and the loser are the same player")
    score, status, warning = read_score(row["score"], best_of)
    match = {
        "round": round_code,
        "round_order": ROUND_ORDER[round_code],
        "player1_id": winner,
        "player2_id": loser,
        "winner_side": 1,
        "status": status,
        "score": score,
        "best_of": best_of,
        "duration_minutes": to_int(row["minutes"], "minutes"),
    }
    for side, prefix in ((1, "winner"), (2, "loser")):
        match[f"p{side}_seed"] = to_int(row[f"{prefix}_seed"], f"{prefix}_seed")
        match[f"p{side}_entry"] = _entry(row[f"{prefix}_entry"], prefix)
        match[f"p{side}_rank"] = to_int(row[f"{prefix}_rank"], f"{prefix}_rank")
        match[f"p{side}_rank_points"] = to_int(row[f"{prefix}_rank_points"], f"{prefix}_rank_points")
    stats = {}
    for player, side in ((winner, "w"), (loser, "l")):
        values = {name: to_int(row[f"{side}_{col}"], f"{side}_{col}") for col, name in STAT_FIELDS.items()}
        if any(value is not None for value in values.values()):
            stats[player] = values
    start_date = required_date(row["tourney_date"], "tourney_date")
    match["sequence"] = chronology.sequence(start_date, None, int(found[1]), ROUND_ORDER[round_code])
    return MatchRow(
        line=line,
        tournament_key=found[2],
        tournament={"name": tournament_name(row["tourney_name"]), "level": level, "surface": surface},
        edition_key=tourney_id,
        edition={
            "year": int(found[1]),
            "start_date": start_date,
            "surface": surface,
            "draw_size": to_int(row["draw_size"], "draw_size"),
        },
        source_id=f"{tourney_id}-{match_num}",
        match=match,
        stats=stats,
        warnings=[warning] if warning else [],
    )


def read_score(text: str, best_of: int) -> tuple[Score, str, str | None]:
    """The score, the match status it implies and a warning when the data reads oddly.

    The winner is always the data's: scores are written from the winner's side, so a score that reads
    as a win for the loser is imported as it is, with a warning. A last set left unfinished with no
    ending is a retirement the data did not mark: it is stored with RET, so that score and status agree
    (the admin would refuse a retired match whose score ends in no RET)."""
    try:
        score = Score.parse(text, best_of=best_of)
    except ScoreError as error:
        raise RowError(f"score '{text}': {error}") from None
    if score.ending:
        return score, STATUS_FOR_ENDING[score.ending], None
    if score.winner == 2:
        return (
            score,
            Status.COMPLETED,
            f"score '{text}' reads as a win for the listed loser; imported with the winner the data names",
        )
    if score.winner is None or max(score.sets_won()) < best_of // 2 + 1:
        retired = Score(score.sets, RETIRED)
        return (
            retired,
            Status.RETIRED,
            f"score '{text}' stops before the match was won, with no ending: imported as '{retired}'",
        )
    return score, Status.COMPLETED, None


def _player(row: dict, prefix: str, players: dict[int, int]) -> int:
    source_id = required_int(row[f"{prefix}_id"], f"{prefix}_id")
    pk = players.get(source_id)
    if pk is None:
        raise RowError(f"unknown player id {source_id} ({prefix}_id): import the players file first")
    return pk


def _entry(value: str, prefix: str) -> str:
    code = value.upper()
    if code and code not in ENTRIES:
        raise RowError(f"unknown entry code '{value}' ({prefix}_entry)")
    return code


# The data spells a few names the way no reader would; the import compares names case- and
# accent-insensitively, so a corrected name (here or by an editor) stays corrected.
NAME_FIXES = {"us open": "US Open"}


def tournament_name(name: str) -> str:
    name = name.strip()[:120]
    return NAME_FIXES.get(name.lower(), name)
