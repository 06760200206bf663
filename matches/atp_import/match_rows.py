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
from functools import lru_cache

from matches.models import ROUND_ORDER, Entry, Level, Round, Surface
from newsroom.text import fold

from .csvfiles import SMALL_NUMBERS, STAT_COLUMNS, RowError, to_date, to_int
from .names import EVENT_NAMES, tournament_key, tournament_name
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
W_STATS = tuple(f"w_{column}" for column in STAT_COLUMNS)
L_STATS = tuple(f"l_{column}" for column in STAT_COLUMNS)
STAT_NAMES = tuple(STAT_FIELDS.values())
NUMBER_COLUMNS = (
    "best_of",
    "minutes",
    "draw_size",
    *(f"{side}_{what}" for side in ("winner", "loser") for what in ("seed", "rank", "rank_points")),
)
_TOURNEY_ID_RE = re.compile(r"^(\d{4})-(\S+)$")
_DAVIS_CUP_RE = re.compile(r"^Davis Cup (?P<zone>\S+) (?P<stage>[A-Z]{1,2}|R\d)\b")

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
    event = _event(
        row["tourney_id"], row["tourney_name"], row["tourney_level"], row["surface"], row["tourney_date"]
    )
    if isinstance(event, str):
        raise RowError(event)
    key, level, tournament, edition_name, year, start_date, event_warnings = event
    warnings: list[tuple[str, str]] = list(event_warnings)
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
    numbers = _numbers(row, NUMBER_COLUMNS, warnings)
    best_of = numbers["best_of"]
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
        "score": reading.score,
        "score_text": reading.text,
        "best_of": reading.best_of,
        "duration_minutes": numbers["minutes"],
    }
    for side, prefix in ((1, "winner"), (2, "loser")):
        match[f"p{side}_seed"] = numbers[f"{prefix}_seed"]
        match[f"p{side}_entry"] = _entry(row[f"{prefix}_entry"], prefix, warnings)
        match[f"p{side}_rank"] = numbers[f"{prefix}_rank"]
        match[f"p{side}_rank_points"] = numbers[f"{prefix}_rank_points"]
    stats = {}
    for player, columns in ((winner, W_STATS), (loser, L_STATS)):
        if any(row[column] for column in columns):  # most older rows have none
            values = _numbers(row, columns, warnings)
            stats[player] = {name: values[column] for column, name in zip(columns, STAT_NAMES, strict=True)}
    return MatchRow(
        line=line,
        tournament_key=key,
        tournament=tournament,
        edition_key=row["tourney_id"],
        edition={
            "year": year,
            "name": edition_name,
            "start_date": start_date,
            "surface": tournament["surface"],
            "draw_size": numbers["draw_size"],
        },
        source_id=f"{row['tourney_id']}-{match_num}",
        match=match,
        stats=stats,
        warnings=warnings,
    )


@lru_cache(maxsize=4096)
def _event(tourney_id, tourney_name, code, surface_name, tourney_date):
    """What every row of one event shares, read once per event: (tournament key, level, tournament
    values, the edition's name, year, start date, warnings), or the reason the rows cannot be
    imported. The tournament values are shared between the event's rows: read, never change them."""
    found = _TOURNEY_ID_RE.match(tourney_id)
    if not found:
        return f"tourney_id '{tourney_id}' does not start with a year (YYYY-)"
    if not tourney_name:
        return "tourney_name is missing"
    warnings = []
    name = tournament_name(tourney_name)
    level = LEVELS.get(code, "")
    if code and not level:
        warnings.append((UNKNOWN_CODE, f"unknown tourney_level '{code}': imported without a level"))
    key = tournament_key(tourney_id, davis_cup=level == Level.DAVIS_CUP)
    level = refined_level(level, key, name)
    surface = SURFACES.get(surface_name.lower(), "") if surface_name else ""
    if surface_name and not surface:
        warnings.append((UNKNOWN_CODE, f"unknown surface '{surface_name}': imported without a surface"))
    start_date = to_date(tourney_date, "tourney_date", partial_ok=True)
    if start_date is None:
        warnings.append(
            (UNREADABLE_VALUE, f"tourney_date '{tourney_date}' is not a date: the week is not known")
        )
    tournament = {"name": EVENT_NAMES.get(key, name), "level": level, "surface": surface}
    return key, level, tournament, name, int(found[1]), start_date, tuple(warnings)


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


def _numbers(row, columns, warnings) -> dict:
    """Whole numbers from ``columns`` of the row: an empty one is None, and so is one that is not a
    number, with a warning. Small numbers (most of them) are looked up rather than converted."""
    values = {}
    for column in columns:
        value = row[column]
        if not value:
            values[column] = None
            continue
        number = SMALL_NUMBERS.get(value)
        if number is None:
            try:
                number = to_int(value, column)
            except RowError as error:
                warnings.append((UNREADABLE_VALUE, f"{error}: left empty"))
        values[column] = number
    return values


def _player(row: dict, prefix: str, players: dict[int, int]) -> int:
    value = row[f"{prefix}_id"]
    if not value:
        raise RowError(f"{prefix}_id is missing")
    source_id = int(value) if value.isdigit() else to_int(value, f"{prefix}_id")
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
