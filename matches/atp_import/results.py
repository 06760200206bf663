"""Importing a matches file: tournaments, then editions, then matches, then their stats.

Each step loads only the stored records the file names (by their keys, in batches), decides per
record whether to create, update or leave it, and writes in bulk; the next step reloads the keys it
needs (``bulk_create`` does not return ids on every database). So a file's work is proportional to
the file, not to the history already stored. Matches are found by ``source_id`` only, so a match an
editor entered is never overwritten: a hand-entered tournament with the same name ('Paris Masters')
is adopted, as is a hand-entered edition of an adopted tournament in the same year, and a
hand-entered match with the same players in the same round of an edition (the one-match-per-pairing
rule of ``Match``; round robins aside): adopting fills only its empty fields. Every row written goes
through ``writes.update``'s version rule (``newsroom.locking``): a row an editor saved since it was
read is left as the editor saved it, and counted.

A tournament's name, level and usual surface are its newest edition's: a file of an older season
never renames a tournament (each edition keeps the name it had that year, ``Edition.name``). Every
match gets its place in the one chronology (``matches.chronology``) from its edition's stored week;
when an edition's week changes, the matches an editor added to it are re-sequenced too.
"""

from operator import itemgetter

from django.db.models import CharField, ExpressionWrapper, F, Max, Q

from matches import chronology
from matches.models import Edition, Level, Match, MatchStats, Tournament
from newsroom.text import ascii_slug, name_key, unique_slug

from . import sync, writes
from .csvfiles import RowError
from .match_rows import STAT_FIELDS, MatchRow, parse_match
from .report import ImportReport

TOURNAMENT_FIELDS = ("name", "level", "surface")
EDITION_FIELDS = ("tournament_id", "year", "name", "start_date", "surface", "draw_size")
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
    "score_text",
    "best_of",
    "duration_minutes",
)
# Fields written from player 1's side: not filled into a hand-entered match whose sides are swapped.
SIDED = ("player1", "player2", "p1_", "p2_", "winner_side", "score")
# The data says only "A" for ATP 250 and 500 events: an editor's more precise level stays.
PRECISE_LEVELS = {Level.TOUR: (Level.ATP_250, Level.ATP_500)}
SLUG_LENGTH = Tournament._meta.get_field("slug").max_length
BATCH = 2000  # keys per "IN (…)" lookup


def import_matches(data_file, rows, report: ImportReport, *, progress=writes.no_progress, context) -> None:
    players = context.players()
    accepted: dict[str, MatchRow] = {}
    with report.timed("matches: checking rows"):
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

    with report.timed("matches: loading and comparing stored records"):
        tournaments = _sync_tournaments(match_rows, report, progress)
        editions = _sync_editions(match_rows, tournaments, data_file, report, progress)
        match_rows = [r for r in match_rows if r.edition_key in editions]
        for match_row in match_rows:
            for reason, warning in match_row.warnings:
                report.warn(data_file, match_row.line, warning, reason=reason)
        matches = _sync_matches(match_rows, editions, data_file, report, progress)
        _sync_stats([r for r in match_rows if r.source_id in matches], matches, editions, report, progress)


def _write(report, model, to_create, to_update, progress, what):
    """Insert and update; rows an editor saved since they were read are left (and reported)."""
    with report.timed("matches: writing"):
        writes.insert(model, to_create, progress=progress, desc=f"saving {what}")
        left = writes.update(model, to_update, progress=progress, desc=f"updating {what}")
    report.leave_for_editors(what, left)


def in_batches(queryset, field: str, keys):
    """``queryset`` filtered on ``field`` in ``keys``, a batch of keys per query. Unordered unless
    the queryset says otherwise: the models' default orderings join other tables to sort (a match
    sorts by its edition's year and tournament's name), which cost more than the lookup itself."""
    if not queryset.query.order_by:
        queryset = queryset.order_by()
    keys = list(keys)
    for start in range(0, len(keys), BATCH):
        yield from queryset.filter(**{f"{field}__in": keys[start : start + BATCH]})


def _records(queryset, columns, field, keys):
    return [
        dict(zip(columns, values, strict=True))
        for values in in_batches(queryset.values_list(*columns), field, keys)
    ]


def _sync_tournaments(match_rows, report, progress) -> dict[str, int]:
    """Tournament pk by key, creating or updating the tournaments the rows name."""
    counts = report.counts["tournaments"]
    newest = {}  # key -> (year, incoming values) of the newest edition in this file
    for match_row in match_rows:
        year = match_row.edition["year"]
        if match_row.tournament_key not in newest or year > newest[match_row.tournament_key][0]:
            newest[match_row.tournament_key] = (year, match_row.tournament)
    columns = ("id", "source_id", *TOURNAMENT_FIELDS, "version")
    by_source = {r["source_id"]: r for r in _records(Tournament.objects.all(), columns, "source_id", newest)}
    by_name = {}
    for values in Tournament.objects.filter(source_id__isnull=True).order_by("id").values_list(*columns):
        record = dict(zip(columns, values, strict=True))
        by_name.setdefault(name_key(record["name"]), record)
    stored_years = dict(
        Edition.objects.filter(tournament_id__in=[r["id"] for r in by_source.values()])
        .order_by()
        .values("tournament_id")
        .annotate(newest=Max("year"))
        .values_list("tournament_id", "newest")
    )
    slugs = _taken_slugs(
        [
            ascii_slug(values["name"], SLUG_LENGTH)
            for key, (_, values) in newest.items()
            if key not in by_source
        ]
    )
    to_create, to_update = [], []
    for key, (year, incoming) in newest.items():
        record, adopted = by_source.get(key), False
        if record is None:
            record = by_name.pop(name_key(incoming["name"]), None)
            adopted = record is not None
        if record is None:
            slug = unique_slug(ascii_slug(incoming["name"], SLUG_LENGTH), slugs, SLUG_LENGTH)
            to_create.append({**incoming, "source_id": key, "slug": slug})
            continue
        if year < stored_years.get(record["id"], year):
            # An older season: the tournament keeps its newest edition's name, level and surface.
            counts.unchanged += 1
            continue
        if record["level"] in PRECISE_LEVELS.get(incoming["level"], ()):
            incoming = {**incoming, "level": record["level"]}
        changed = sync.changes(record, incoming, fill_only=adopted, loose=("name",))
        if adopted:
            changed["source_id"] = key
            report.adopted["tournaments"] += 1
        _count(counts, to_update, record, changed)
    counts.created += len(to_create)
    _write(report, Tournament, to_create, to_update, progress, "tournaments")
    stored = in_batches(Tournament.objects.values_list("source_id", "id"), "source_id", newest)
    return dict(stored)


def _taken_slugs(bases) -> set[str]:
    """The stored slugs a new slug built on one of ``bases`` could clash with."""
    taken = set()
    bases = sorted(set(bases))
    for start in range(0, len(bases), 200):
        condition = Q()
        for base in bases[start : start + 200]:
            condition |= Q(slug=base) | Q(slug__startswith=f"{base}-")
        taken.update(Tournament.objects.filter(condition).order_by().values_list("slug", flat=True))
    return taken


def _sync_editions(match_rows, tournaments, data_file, report, progress) -> dict[str, tuple]:
    """(pk, start_date, year) of each edition by tourney_id. An edition whose tournament already has
    another imported edition that year cannot be stored (one edition per tournament and year): its
    rows are rejected."""
    counts = report.counts["editions"]
    first_rows = {}
    for match_row in match_rows:
        first_rows.setdefault(match_row.edition_key, match_row)
    columns = ("id", "source_id", *EDITION_FIELDS, "version")
    by_source = {r["source_id"]: r for r in _records(Edition.objects.all(), columns, "source_id", first_rows)}
    years = {r.edition["year"] for r in first_rows.values()}
    by_year = {}
    same_years = Edition.objects.filter(year__in=years).order_by("id")
    for record in _records(same_years, columns, "tournament_id", set(tournaments.values())):
        by_year.setdefault((record["tournament_id"], record["year"]), record)
    to_create, to_update, clashes, moved = [], [], {}, []
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
        changed = sync.changes(record, incoming, fill_only=adopted, loose=("name",))
        if adopted:
            changed["source_id"] = key
            by_source[key] = record
            report.adopted["editions"] += 1
        if "start_date" in changed or "year" in changed:
            moved.append(record["id"])
        _count(counts, to_update, record, changed)
    for match_row in match_rows:
        if match_row.edition_key in clashes:
            reason = (
                f"edition {match_row.edition_key} clashes with edition {clashes[match_row.edition_key]} "
                "(same tournament and year)"
            )
            report.reject("matches", data_file, match_row.line, reason)
    counts.created += len(to_create)
    _write(report, Edition, to_create, to_update, progress, "editions")
    wanted = set(first_rows) - set(clashes)
    stored = in_batches(
        Edition.objects.values_list("source_id", "id", "start_date", "year"), "source_id", wanted
    )
    editions = {source_id: (pk, start_date, year) for source_id, pk, start_date, year in stored}
    # The week of an event changed: the matches an editor added to it follow (the file's own
    # matches get their sequence below).
    for edition in Edition.objects.filter(pk__in=moved):
        edition.resequence_matches()
    return editions


def _sync_matches(match_rows, editions, data_file, report, progress) -> dict[str, int]:
    """Match pk by source_id. The stored matches are loaded by edition (a few ids per file rather
    than a key per match), and those the file names but that an editor moved to another edition by
    their source_id. A stored match whose values all equal the incoming ones is left alone without
    looking further: most of a second run. A new row repeating a stored or earlier row's pairing
    (the same players in the same round of the edition) is rejected, unless the stored match was
    entered by hand, which the row then adopts."""
    counts = report.counts["matches"]
    columns = ("id", "source_id", *MATCH_FIELDS, "version")
    compared = slice(2, 2 + len(MATCH_FIELDS))
    keys = [r.source_id for r in match_rows]
    existing = _stored_matches(editions, keys, columns)
    taken = _pairings(editions, existing.values(), columns)
    values_of = itemgetter(*MATCH_FIELDS)
    to_create, to_update, adopted = [], [], {}
    for match_row in match_rows:
        edition_id, start_date, year = editions[match_row.edition_key]
        incoming = match_row.match  # this row's own dict: completed here
        incoming["edition_id"] = edition_id
        incoming["sequence"] = chronology.sequence(start_date, None, year, incoming["round_order"])
        score = incoming["score"]
        incoming["score"] = str(score) if score else ""  # compared as the stored text
        stored = existing.get(match_row.source_id)
        if stored is not None:
            if stored[compared] == values_of(incoming):
                counts.unchanged += 1
                continue
            record = dict(zip(columns, stored, strict=True))
            _count(counts, to_update, record, sync.changes(record, incoming))
            continue
        key = _pairing(incoming, team=match_row.tournament["level"] == Level.DAVIS_CUP)
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
            changed["source_id"] = other["source_id"] = match_row.source_id
            adopted[match_row.source_id] = other["id"]
            report.adopted["matches"] += 1
            _count(counts, to_update, other, changed)
            continue
        to_create.append({**incoming, "source_id": match_row.source_id})
        if key:
            taken[key] = {"source_id": match_row.source_id, "line": match_row.line}
    counts.created += len(to_create)
    _write(report, Match, to_create, to_update, progress, "matches")
    ids = {key: values[0] for key, values in existing.items()}
    ids.update(adopted)
    if to_create:
        created = [row["source_id"] for row in to_create]
        ids.update(
            (key, values[1])
            for key, values in _stored_matches(editions, created, ("source_id", "id")).items()
        )
    return ids


def _pairing(values, *, team=False):
    """The key of the one-match-per-pairing rule, or None where it does not apply. A Davis Cup tie
    may pair two players twice (1984, China v Sri Lanka: each won once): there the key holds the
    result too, so only a row repeating another's result is refused."""
    p1, p2 = values["player1_id"], values["player2_id"]
    if p1 is None or p2 is None or values["round"] == "RR":
        return None
    if team:
        return values["edition_id"], values["round"], p1, p2, values["winner_side"], str(values["score"])
    return values["edition_id"], values["round"], min(p1, p2), max(p1, p2)


def _pairings(editions, stored, columns) -> dict[tuple, dict]:
    """The pairings already taken in the file's editions: by the imported matches loaded (``stored``
    tuples of ``columns``) and by the matches an editor entered there (records, to adopt)."""
    taken = {}
    for values in stored:
        record = dict(zip(columns, values, strict=True))
        for key in (_pairing(record), _pairing(record, team=True)):
            if key:
                taken.setdefault(key, record)
    as_text = tuple("score_text_stored" if name == "score" else name for name in columns)
    by_hand = Match.objects.filter(source_id__isnull=True, edition_id__in=[e[0] for e in editions.values()])
    by_hand = by_hand.annotate(score_text_stored=ExpressionWrapper(F("score"), output_field=CharField()))
    for values in by_hand.order_by("id").values_list(*as_text):
        record = dict(zip(columns, values, strict=True))
        for key in (_pairing(record), _pairing(record, team=True)):
            if key:
                taken.setdefault(key, record)
    return taken


def _stored_matches(editions, keys, columns) -> dict[str, tuple]:
    """The stored matches with these source_ids, as tuples of ``columns``, by source_id. The score
    comes as its stored text: reading it back into a Score would cost more than the comparison."""
    at = columns.index("source_id")
    as_text = tuple("score_text_stored" if name == "score" else name for name in columns)
    matches = Match.objects.annotate(
        score_text_stored=ExpressionWrapper(F("score"), output_field=CharField())
    )
    stored = {}
    # By the editions' source_ids rather than their pks: PostgreSQL then knows it is looking for a
    # few editions (a unique index) and their matches (the edition index); given a list of pks, it
    # over-estimated the rows and scanned the whole table for each file.
    for values in in_batches(
        matches.filter(source_id__isnull=False).values_list(*as_text), "edition__source_id", editions
    ):
        stored[values[at]] = values
    wanted = set(keys)
    missing = [key for key in keys if key not in stored]
    if missing and len(stored) > 0:
        # Matches moved to another edition by an editor are still found by their source_id.
        for values in in_batches(matches.values_list(*as_text), "source_id", missing):
            stored[values[at]] = values
    return {key: values for key, values in stored.items() if key in wanted}


def _sync_stats(match_rows, matches, editions, report, progress) -> None:
    counts = report.counts["stats"]
    stat_fields = tuple(STAT_FIELDS.values())
    columns = ("id", "match_id", "player_id", *stat_fields, "version")
    compared = slice(3, 3 + len(stat_fields))
    values_of = itemgetter(*stat_fields)
    existing = {}
    for values in in_batches(MatchStats.objects.values_list(*columns), "match__edition__source_id", editions):
        existing[(values[1], values[2])] = values
    to_create, to_update = [], []
    for match_row in match_rows:
        match_id = matches[match_row.source_id]
        for player_id, incoming in match_row.stats.items():
            stored = existing.get((match_id, player_id))
            if stored is None:
                to_create.append({**incoming, "match_id": match_id, "player_id": player_id})
                continue
            if stored[compared] == values_of(incoming):
                counts.unchanged += 1
                continue
            record = dict(zip(columns, stored, strict=True))
            _count(counts, to_update, record, sync.changes(record, incoming))
    counts.created += len(to_create)
    _write(report, MatchStats, to_create, to_update, progress, "stats")


def _count(counts, to_update, record, changed) -> None:
    if changed:
        record.update(changed)
        to_update.append((record["id"], changed, record["version"]))
        counts.updated += 1
    else:
        counts.unchanged += 1
