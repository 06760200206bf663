"""Importing a matches file: tournaments, then editions, then matches, then their stats.

Each step loads the stored keys once, decides per record whether to create, update or leave it, and
writes in bulk; the next step reloads the keys it needs (``bulk_create`` does not return ids on every
database). Matches are found by ``source_id`` only, so a match an editor entered is never touched.
A hand-entered tournament with exactly the same folded name ('Paris Masters') is adopted, as is a
hand-entered edition of an adopted tournament in the same year.
"""

from django.db.models import Q

from matches.models import Edition, Level, Match, MatchStats, Tournament
from newsroom.text import ascii_slug, fold, unique_slug
from players.models import Player

from . import sync, writes
from .csvfiles import RowError
from .match_rows import STAT_FIELDS, MatchRow, parse_match
from .report import ImportReport

TOURNAMENT_FIELDS = ("name", "level", "surface")
EDITION_FIELDS = ("tournament_id", "year", "start_date", "surface", "draw_size")
MATCH_FIELDS = (
    "edition_id",
    "round",
    "round_order",
    "sequence",
    "player1_id",
    "player2_id",
    "p1_seed",
    "p1_entry",
    "p1_rank",
    "p1_rank_points",
    "p2_seed",
    "p2_entry",
    "p2_rank",
    "p2_rank_points",
    "winner_side",
    "status",
    "score",
    "best_of",
    "duration_minutes",
)
# Fields written from player 1's side: not filled into a hand-entered match whose sides are swapped.
SIDED = ("player1", "player2", "p1_", "p2_", "winner_side", "score")
# The data says only "A" for ATP 250 and 500 events: an editor's more precise level stays.
PRECISE_LEVELS = {Level.TOUR: (Level.ATP_250, Level.ATP_500)}
SLUG_LENGTH = Tournament._meta.get_field("slug").max_length


def import_matches(data_file, rows, report: ImportReport, *, progress=writes.no_progress) -> None:
    players = dict(Player.objects.filter(source_id__isnull=False).values_list("source_id", "id"))
    accepted: dict[str, MatchRow] = {}
    for line, row in progress(rows, desc=f"reading {data_file.path.name}", total=len(rows), unit="row"):
        try:
            parsed = parse_match(row, line, players)
            if parsed.source_id in accepted:
                first = accepted[parsed.source_id].line
                raise RowError(f"match {parsed.source_id} appears twice (first on line {first})")
        except RowError as error:
            report.reject("matches", data_file, line, str(error))
            continue
        accepted[parsed.source_id] = parsed
    match_rows = list(accepted.values())

    tournaments = _sync_tournaments(match_rows, report, progress)
    editions = _sync_editions(match_rows, tournaments, data_file, report, progress)
    match_rows = [r for r in match_rows if r.edition_key in editions]
    for match_row in match_rows:
        for warning in match_row.warnings:
            report.warn(data_file, match_row.line, warning)
    matches = _sync_matches(match_rows, editions, data_file, report, progress)
    _sync_stats([r for r in match_rows if r.source_id in matches], matches, report, progress)


def _sync_tournaments(match_rows, report, progress) -> dict[str, int]:
    """Tournament pk by source key, creating or updating the tournaments the rows name."""
    counts = report.counts["tournaments"]
    columns = ("id", "source_id", *TOURNAMENT_FIELDS, "version")
    by_source, by_name, slugs = {}, {}, set(Tournament.objects.values_list("slug", flat=True))
    for values in Tournament.objects.order_by("id").values_list(*columns):
        record = dict(zip(columns, values, strict=True))
        if record["source_id"]:
            by_source[record["source_id"]] = record
        else:
            by_name.setdefault(fold(record["name"]).strip(), record)
    to_create, to_update = [], []
    for key, incoming in _first_by_key(match_rows, "tournament_key", "tournament").items():
        record, adopted = by_source.get(key), False
        if record is None:
            record = by_name.pop(fold(incoming["name"]).strip(), None)
            adopted = record is not None
        if record is None:
            slug = unique_slug(ascii_slug(incoming["name"], SLUG_LENGTH), slugs, SLUG_LENGTH)
            to_create.append({**incoming, "source_id": key, "slug": slug})
            continue
        if record["level"] in PRECISE_LEVELS.get(incoming["level"], ()):
            incoming = {**incoming, "level": record["level"]}
        changed = sync.changes(record, incoming, fill_only=adopted, loose=("name",))
        if adopted:
            changed["source_id"] = key
            report.adopted["tournaments"] += 1
        _count(counts, to_update, record, changed)
    counts.created += len(to_create)
    writes.insert(Tournament, to_create, progress=progress, desc="saving tournaments")
    report.leave_for_editors(
        "tournaments", writes.update(Tournament, to_update, progress=progress, desc="updating tournaments")
    )
    return dict(Tournament.objects.filter(source_id__isnull=False).values_list("source_id", "id"))


def _sync_editions(match_rows, tournaments, data_file, report, progress) -> dict[str, int]:
    """Edition pk by tourney_id. An edition whose tournament already has another imported edition
    that year cannot be stored (one edition per tournament and year): its rows are rejected."""
    counts = report.counts["editions"]
    columns = ("id", "source_id", *EDITION_FIELDS, "version")
    by_source, by_year = {}, {}
    for values in Edition.objects.order_by("id").values_list(*columns):
        record = dict(zip(columns, values, strict=True))
        if record["source_id"]:
            by_source[record["source_id"]] = record
        by_year.setdefault((record["tournament_id"], record["year"]), record)
    to_create, to_update, clashes = [], [], {}
    first_rows = {}
    for match_row in match_rows:
        first_rows.setdefault(match_row.edition_key, match_row)
    for key, match_row in first_rows.items():
        incoming = {"tournament_id": tournaments[match_row.tournament_key], **match_row.edition}
        record, adopted = by_source.get(key), False
        if record is None:
            record = by_year.get((incoming["tournament_id"], incoming["year"]))
            if record is not None and record["source_id"]:
                clashes[key] = record["source_id"]
                continue
            adopted = record is not None
        if record is None:
            to_create.append({**incoming, "source_id": key})
            by_year[(incoming["tournament_id"], incoming["year"])] = {"source_id": key}
            continue
        changed = sync.changes(record, incoming, fill_only=adopted)
        if adopted:
            changed["source_id"] = key
            by_source[key] = record
            report.adopted["editions"] += 1
        _count(counts, to_update, record, changed)
    for match_row in match_rows:
        if match_row.edition_key in clashes:
            reason = (
                f"edition {match_row.edition_key} clashes with edition {clashes[match_row.edition_key]} "
                "(same tournament and year)"
            )
            report.reject("matches", data_file, match_row.line, reason)
    counts.created += len(to_create)
    writes.insert(Edition, to_create, progress=progress, desc="saving editions")
    report.leave_for_editors(
        "editions", writes.update(Edition, to_update, progress=progress, desc="updating editions")
    )
    wanted = set(first_rows) - set(clashes)
    stored = Edition.objects.filter(source_id__isnull=False).values_list("source_id", "id")
    return {key: pk for key, pk in stored if key in wanted}


def _sync_matches(match_rows, editions, data_file, report, progress) -> dict[str, int]:
    """Match pk by source id. The same two players meet once per round of an edition (round robins
    aside, see ``Match``): a new row that repeats a stored or earlier row's pairing is rejected,
    unless the stored match was entered by hand, which the row then adopts (fills its empty fields
    and gives it the source id), as editions and players are adopted."""
    counts = report.counts["matches"]
    columns = ("id", "source_id", *MATCH_FIELDS, "version")
    existing, taken = {}, {}
    stored = Match.objects.filter(Q(source_id__isnull=False) | Q(edition_id__in=set(editions.values())))
    for values in stored.values_list(*columns):
        record = dict(zip(columns, values, strict=True))
        if record["source_id"]:
            existing[record["source_id"]] = record
        if key := _pairing(record):
            taken.setdefault(key, record)
    to_create, to_update = [], []
    for match_row in match_rows:
        incoming = {"edition_id": editions[match_row.edition_key], **match_row.match}
        record = existing.get(match_row.source_id)
        if record is not None:
            _count(counts, to_update, record, sync.changes(record, incoming))
            continue
        key = _pairing(incoming)
        other = taken.get(key) if key else None
        if other is not None and other.get("source_id"):
            line = f" (line {other['line']})" if "line" in other else ""
            reason = f"the same players in the same round as match {other['source_id']}{line}"
            report.reject("matches", data_file, match_row.line, reason)
            continue
        if other is not None:  # entered by hand: adopted
            if other["player1_id"] != incoming["player1_id"]:
                # The editor put the players the other way round: only fill what has no side.
                incoming = {k: v for k, v in incoming.items() if not k.startswith(SIDED)}
            changed = sync.changes(other, incoming, fill_only=True)
            changed["source_id"] = match_row.source_id
            other["source_id"] = match_row.source_id
            report.adopted["matches"] += 1
            _count(counts, to_update, other, changed)
            continue
        to_create.append({**incoming, "source_id": match_row.source_id})
        if key:
            taken[key] = {"source_id": match_row.source_id, "line": match_row.line}
    counts.created += len(to_create)
    writes.insert(Match, to_create, progress=progress, desc="saving matches")
    left = writes.update(Match, to_update, progress=progress, desc="updating matches")
    report.leave_for_editors("matches", left)
    wanted = {r.source_id for r in match_rows}
    stored = Match.objects.filter(source_id__isnull=False).values_list("source_id", "id")
    return {key: pk for key, pk in stored if key in wanted}


def _pairing(values):
    """The key of the one-match-per-pairing rule, or None where it does not apply."""
    p1, p2 = values["player1_id"], values["player2_id"]
    if p1 is None or p2 is None or values["round"] == "RR":
        return None
    return values["edition_id"], values["round"], min(p1, p2), max(p1, p2)


def _sync_stats(match_rows, matches, report, progress) -> None:
    counts = report.counts["stats"]
    columns = ("id", "match_id", "player_id", *STAT_FIELDS.values(), "version")
    existing = {
        (values[1], values[2]): dict(zip(columns, values, strict=True))
        for values in MatchStats.objects.filter(match__source_id__isnull=False).values_list(*columns)
    }
    to_create, to_update = [], []
    for match_row in match_rows:
        match_id = matches[match_row.source_id]
        for player_id, incoming in match_row.stats.items():
            record = existing.get((match_id, player_id))
            if record is None:
                to_create.append({**incoming, "match_id": match_id, "player_id": player_id})
                continue
            _count(counts, to_update, record, sync.changes(record, incoming))
    counts.created += len(to_create)
    writes.insert(MatchStats, to_create, progress=progress, desc="saving stats")
    report.leave_for_editors(
        "stats", writes.update(MatchStats, to_update, progress=progress, desc="updating stats")
    )


def _first_by_key(match_rows, key_attr, values_attr) -> dict[str, dict]:
    first = {}
    for match_row in match_rows:
        first.setdefault(getattr(match_row, key_attr), getattr(match_row, values_attr))
    return first


def _count(counts, to_update, record, changed) -> None:
    if changed:
        record.update(changed)
        to_update.append((record["id"], changed, record["version"]))
        counts.updated += 1
    else:
        counts.unchanged += 1
