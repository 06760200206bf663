"""Finding the ATP CSV files, telling their kinds apart by header, and reading their values.

A file's kind comes from its header row, never from its name: ``atp_players.csv`` renamed to
``players-2025.csv`` still imports as players. Files may be gzip-compressed (``.csv.gz``), as the
history folder is; tour-level, qualifying/Challenger and Futures files share one header (in any
column order).

Values are read strictly: a value that is present but unreadable raises ``RowError`` (the caller
decides whether that loses the row or only the value), an empty value is ``None``.
"""

import csv
import gzip
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

PLAYERS, MATCHES, RANKINGS = "players", "matches", "rankings"
# Players first (matches and rankings refer to them), then matches, then rankings.
IMPORT_ORDER = (PLAYERS, MATCHES, RANKINGS)

PLAYER_COLUMNS = ["player_id", "name_first", "name_last", "hand", "dob", "ioc", "height", "wikidata_id"]
RANKING_COLUMNS = ["ranking_date", "rank", "player", "points"]
STAT_COLUMNS = ["ace", "df", "svpt", "1stIn", "1stWon", "2ndWon", "SvGms", "bpSaved", "bpFaced"]
MATCH_COLUMNS = [
    "tourney_id",
    "tourney_name",
    "surface",
    "draw_size",
    "tourney_level",
    "tourney_date",
    "match_num",
    "winner_id",
    "winner_seed",
    "winner_entry",
    "loser_id",
    "loser_seed",
    "loser_entry",
    "score",
    "best_of",
    "round",
    "minutes",
    *(f"w_{column}" for column in STAT_COLUMNS),
    *(f"l_{column}" for column in STAT_COLUMNS),
    "winner_rank",
    "winner_rank_points",
    "loser_rank",
    "loser_rank_points",
]


class RowError(ValueError):
    """A row that cannot be imported; the message is the reason shown in the summary."""


class FileError(Exception):
    """A file that cannot be read at all: missing, unreadable, or with a header we do not know."""


@dataclass(frozen=True)
class DataFile:
    path: Path
    kind: str

    def __str__(self):
        return str(self.path)


def kind_of(header: list[str]) -> str | None:
    """The kind of file a header row announces, or ``None``."""
    header = [column.strip() for column in header]
    if header == PLAYER_COLUMNS:
        return PLAYERS
    if header == RANKING_COLUMNS:
        return RANKINGS
    if header[:1] == ["tourney_id"] and set(MATCH_COLUMNS) <= set(header):
        return MATCHES
    return None


def find_files(paths) -> tuple[list[DataFile], list[str]]:
    """The data files under ``paths`` (files, or folders whose ``.csv`` and ``.csv.gz`` files are
    taken), in import order, and the errors for paths that cannot be read. A folder's other CSV files
    are errors too: an unknown header is never skipped silently.

    The order: players, then matches, then rankings; matches files newest season first (by the year
    in the file name), so that a tournament is created under its current name and gets the slug
    readers will use ('brisbane', not 'adelaide', for the event that moved there in 2009). The
    result does not depend on the order otherwise."""
    found, errors = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = sorted(p for p in path.iterdir() if is_csv(p) and p.is_file())
            if not candidates:
                errors.append(f"{path}: no CSV files (.csv or .csv.gz) in this folder")
        elif path.is_file():
            candidates = [path]
        else:
            errors.append(f"{path}: no such file or folder")
            continue
        for candidate in candidates:
            try:
                found.append(DataFile(candidate, _read_kind(candidate)))
            except FileError as error:
                errors.append(f"{candidate}: {error}")
    unique = {data_file.path.resolve(): data_file for data_file in found}
    ordered = sorted(unique.values(), key=_import_position)
    return ordered, errors


_YEAR_RE = re.compile(r"(?:18|19|20)\d\d")


def _import_position(data_file: DataFile):
    years = _YEAR_RE.findall(data_file.path.name)
    newest_first = -int(years[-1]) if data_file.kind == MATCHES and years else 0
    return (IMPORT_ORDER.index(data_file.kind), newest_first, str(data_file.path))


def is_csv(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".csv") or name.endswith(".csv.gz")


def _open(path: Path):
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _read_kind(path: Path) -> str:
    try:
        with _open(path) as handle:
            header = next(csv.reader(handle), [])
    except (OSError, EOFError, UnicodeDecodeError, csv.Error) as error:
        raise FileError(f"cannot be read ({error})") from error
    kind = kind_of(header)
    if kind is None:
        shown = ",".join(header)[:80]
        raise FileError(f"unknown header '{shown}': expected an ATP players, matches or rankings file")
    return kind


def read_rows(data_file: DataFile) -> list[tuple[int, dict[str, str]]]:
    """Every data row with the line it ends on (the header is line 1), values stripped."""
    try:
        with _open(data_file.path) as handle:
            reader = csv.reader(handle)
            header = [column.strip() for column in next(reader, [])]
            width = len(header)
            unnamed = [i for i, name in enumerate(header) if not name]
            rows = []
            for values in reader:
                if not values:
                    continue  # a blank line
                if len(values) < width:
                    values += [""] * (width - len(values))
                # Values past the header's last column are ignored, as csv.DictReader would keep
                # them under None.
                row = dict(zip(header, map(str.strip, values), strict=False))
                if unnamed:
                    row.pop("", None)
                rows.append((reader.line_num, row))
            return rows
    except (OSError, EOFError, UnicodeDecodeError, csv.Error) as error:
        raise FileError(f"cannot be read ({error})") from error


# --- values ------------------------------------------------------------------------------------
_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


# Most numbers in the files are small (stats, seeds, ranks): looked up rather than converted.
SMALL_NUMBERS = {str(n): n for n in range(20000)}


def to_int(value: str, what: str) -> int | None:
    if not value:
        return None
    small = SMALL_NUMBERS.get(value)
    if small is not None:
        return small
    try:
        number = float(value) if "." in value else int(value)
    except ValueError:
        raise RowError(f"{what} '{value}' is not a number") from None
    if number != int(number) or number < 0:
        raise RowError(f"{what} '{value}' is not a whole number")
    return int(number)


def required_int(value: str, what: str) -> int:
    number = to_int(value, what)
    if number is None:
        raise RowError(f"{what} is missing")
    return number


def to_date(value: str, what: str, *, partial_ok: bool = False) -> date | None:
    """YYYYMMDD. With ``partial_ok`` a date the data only knows in part ('19870000') or an impossible
    one reads as unknown (``None``); otherwise it is an error."""
    parsed = _parse_date(value or "")
    if parsed is None and not partial_ok:
        raise RowError(f"{what} '{value}' is not a date (YYYYMMDD)")
    return parsed


@lru_cache(maxsize=65536)  # a rankings file repeats each of its weeks some two thousand times
def _parse_date(value: str) -> date | None:
    found = _DATE_RE.match(value)
    try:
        return date(int(found[1]), int(found[2]), int(found[3])) if found else None
    except ValueError:
        return None


def required_date(value: str, what: str) -> date:
    if not value:
        raise RowError(f"{what} is missing")
    return to_date(value, what)
