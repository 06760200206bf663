"""Reading one row of a matches file: the tournament, the edition, the match and both players' stats.

Everything is checked before anything is saved. A row is rejected only when its result cannot be
read: no tournament id or name, an unknown player, the same player on both sides, a round we do not
know. Everything else the row says imports, with a warning when the data reads oddly: the score (see
``score_reading``), a level or entry code the data dictionary does not define (imported without it),
a number that is not one (left empty).

Codes: the data dictionary's levels (tour, Challenger, ITF by prize money, exhibitions, juniors,
team tennis) are translated in ``LEVELS``; the ATP Finals (id 605) and the NextGen Finals are both
'F' in the data and are told apart here, as are the Olympics, which the data marks 'A' before 2024.
Davis Cup ties are all round 'RR' in the data: they take the stage their name gives
(``davis_cup_round``).
"""

import re
from dataclasses import dataclass, field

from matches.models import ROUND_ORDER, Entry, Level, Round, Surface
from newsroom.text import fold

from .csvfiles import STAT_COLUMNS, RowError, to_date, to_int
from .names import tournament_key, tournament_name
from .score_reading import read_score

LEVELS = {
    "G": Level.GRAND_SLAM,
    "M": Level.MASTERS,
    "A": Level.TOUR,
    "F": Level.FINALS,
    "D": Level.DAVIS_CUP,
    "O": Level.OLYMPICS,
    "C": Level.CHALLENGER,
    "S": Level.ITF,
    "10": Level.ITF_10,
    "15": Level.ITF_15,
    "25": Level.ITF_25,
    "E": Level.EXHIBITION,
    "J": Level.JUNIORS,
    "T": Level.TEAM,
}
ATP_FINALS_KEY = "605"  # 'Masters' (1970-1989, marked 'M'), 'Masters Cup', 'Tour Finals'
SURFACES = {value.lower(): value for value in Surface.values}
# The data's spellings of entry codes: 'Alt' and 'ALT' are alternates, 'W' is a wild card.
ENTRIES = {code: code for code in Entry.values} | {"ALT": Entry.ALTERNATE, "W": Entry.WILD_CARD}
DAVIS_CUP_STAGES = {
    "F": Round.F,
    "SF": Round.SF,
    "QF": Round.QF,
    "RR": Round.RR,
    "R1": Round.FIRST,
    "R2": Round.SECOND,
    "R3": Round.THIRD,
    "PR": Round.PRELIMINARY,
    "PO": Round.PLAY_OFF,
    "CR": Round.CHALLENGE,
}
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
_DAVIS_CUP_RE = re.compile(r"^Davis Cup (?P<zone>\S+) (?P<stage>[A-Z]{2}|R\d)\b")

# Warning reasons that are not about the score (see score_reading for those).
UNKNOWN_CODE = "code not in the data dictionary"
UNREADABLE_VALUE = "value that is not a number or date"


@dataclass
class MatchRow:
    line: int
    tournament_key: str  # one key per real event (names.tournament_key)
    tournament: dict
    edition_key: str  # the full tourney_id
    edition: dict
    source_id: str
    match: dict  # Match values, but for edition_id and sequence (set once the edition is stored)
    stats: dict[int, dict] = field(default_factory=dict)  # player pk -> MatchStats values
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (reason, message)


def parse_match(row: dict, line: int, players: dict[int, int]) -> MatchRow:
    """A matches-file row, checked; ``players`` maps the data's player ids to stored pks."""
    warnings: list[tuple[str, str]] = []
    tourney_id = row["tourney_id"]
    found = _TOURNEY_ID_RE.match(tourney_id)
    if not found:
        raise RowError(f"tourney_id '{tourney_id}' does not start with a year (YYYY-)")
    if not row["tourney_name"]:
        raise RowError("tourney_name is missing")
    year = int(found[1])
    name = tournament_name(row["tourney_name"])
    code = row["tourney_level"]
    level = LEVELS.get(code, "")
    if code and not level:
        warnings.append((UNKNOWN_CODE, f"unknown tourney_level '{code}': imported without a level"))
    key = tournament_key(tourney_id, davis_cup=level == Level.DAVIS_CUP)
    level = refined_level(level, key, name)
    surface = SURFACES.get(row["surface"].lower(), "") if row["surface"] else ""
    if row["surface"] and not surface:
        warnings.append((UNKNOWN_CODE, f"unknown surface '{row['surface']}': imported without a surface"))
    round_code = row["round"]
    if round_code not in ROUND_ORDER:
        raise RowError(f"unknown round '{round_code}'")
    if level == Level.DAVIS_CUP:
        round_code = davis_cup_round(row["tourney_name"], round_code)
    match_num = row["match_num"]
    if not match_num:
        raise RowError("match_num is missing")

    winner, loser = (_player(row, side, players) for side in ("winner", "loser"))
    if winner == loser:
        raise RowError("the winner and the loser are the same player")
    number = _Numbers(row, warnings)
    best_of = number("best_of")
    if best_of is not None and best_of not in (1, 3, 5):
        warnings.append(
            (UNREADABLE_VALUE, f"best_of '{row['best_of']}' is not 1, 3 or 5: read from the score")
        )
        best_of = None
    reading = read_score(row["score"], best_of)
    if reading.warning:
        warnings.append((reading.reason, reading.warning))
    match = {
        "round": round_code,
        "round_order": ROUND_ORDER[round_code],
        "player1_id": winner,
        "player2_id": loser,
        "winner_side": 1,
        "status": reading.status,
        "score": reading.score or "",
        "score_text": reading.text,
        "best_of": reading.best_of,
        "duration_minutes": number("minutes"),
    }
    for side, prefix in ((1, "winner"), (2, "loser")):
        match[f"p{side}_seed"] = number(f"{prefix}_seed")
        match[f"p{side}_entry"] = _entry(row[f"{prefix}_entry"], prefix, warnings)
        match[f"p{side}_rank"] = number(f"{prefix}_rank")
        match[f"p{side}_rank_points"] = number(f"{prefix}_rank_points")
    stats = {}
    for player, side in ((winner, "w"), (loser, "l")):
        values = {name: number(f"{side}_{col}") for col, name in STAT_FIELDS.items()}
        if any(value is not None for value in values.values()):
            stats[player] = values
    start_date = to_date(row["tourney_date"], "tourney_date", partial_ok=True)
    if start_date is None:
        warnings.append(
            (UNREADABLE_VALUE, f"tourney_date '{row['tourney_date']}' is not a date: the week is not known")
        )
    return MatchRow(
        line=line,
        tournament_key=key,
        tournament={"name": name, "level": level, "surface": surface},
        edition_key=tourney_id,
        edition={
            "year": year,
            "name": name,
            "start_date": start_date,
            "surface": surface,
            "draw_size": number("draw_size"),
        },
        source_id=f"{tourney_id}-{match_num}",
        match=match,
        stats=stats,
        warnings=warnings,
    )


def refined_level(level: str, key: str, name: str) -> str:
    """What the data's level means for this event: the ATP Finals and the NextGen Finals are both
    'F'; other 'F' events are other season-ending finals; the Olympics are 'A' before 2024."""
    folded = fold(name)
    if "next gen" in folded or "nextgen" in folded:
        return Level.NEXTGEN_FINALS
    if key == ATP_FINALS_KEY:
        return Level.FINALS
    if level == Level.FINALS:
        return Level.OTHER_FINALS
    if "olympics" in folded and level in (Level.TOUR, Level.OLYMPICS):
        return Level.OLYMPICS
    return level


def davis_cup_round(tourney_name: str, round_code: str) -> str:
    """A Davis Cup tie's round from its name ('Davis Cup WG F: FRA vs USA' is a final, 'Davis Cup QLS
    R1: …' the qualifiers' first round), when the data gives the generic 'RR'; else the data's."""
    found = _DAVIS_CUP_RE.match(tourney_name)
    if round_code != Round.RR or not found:
        return round_code
    if found["zone"] == "QLS" and found["stage"] == "R1":
        return Round.Q1
    return DAVIS_CUP_STAGES.get(found["stage"], round_code)


class _Numbers:
    """Whole numbers from the row; one that is not a number is left empty, with a warning."""

    def __init__(self, row, warnings):
        self.row, self.warnings = row, warnings

    def __call__(self, column):
        try:
            return to_int(self.row[column], column)
        except RowError as error:
            self.warnings.append((UNREADABLE_VALUE, f"{error}: left empty"))
            return None


def _player(row: dict, prefix: str, players: dict[int, int]) -> int:
    value = row[f"{prefix}_id"]
    source_id = to_int(value, f"{prefix}_id")
    if source_id is None:
        raise RowError(f"{prefix}_id is missing")
    pk = players.get(source_id)
    if pk is None:
        raise RowError(f"unknown player id {source_id} ({prefix}_id): import the players file first")
    return pk


def _entry(value: str, prefix: str, warnings) -> str:
    if not value:
        return ""
    code = ENTRIES.get(value.upper())
    if code is None:
        warnings.append((UNKNOWN_CODE, f"unknown entry code '{value}' ({prefix}_entry): imported without it"))
        return ""
    return code
