"""Importing a rankings file, then bringing each ranked player's current rank up to date.

``Player.current_rank``/``current_points``/``ranked_on`` are denormalised from the player's newest
``RankingEntry`` so that lists sort by rank cheaply; they are recomputed in one query and written in
bulk for the players whose newest entry says something new.
"""

from django.db.models import Exists, OuterRef, Subquery

from players.models import Player, RankingEntry

from . import sync, writes
from .csvfiles import RowError, required_date, required_int, to_int
from .report import ImportReport

FIELDS = ("rank", "points")


def import_rankings(data_file, rows, report: ImportReport, *, progress=writes.no_progress, context) -> None:
    counts = report.counts["rankings"]
    players = context.players()
    with report.timed("rankings: checking rows"):
        parsed = _parse(data_file, rows, players, report, progress)
    with report.timed("rankings: loading and comparing stored records"):
        _sync(parsed, report, counts, progress)
    with report.timed("rankings: current ranks"):
        report.ranks_refreshed += refresh_current_ranks(progress=progress)


def _parse(data_file, rows, players, report, progress) -> list:
    parsed, seen = [], {}
    for line, row in progress(rows, desc=f"reading {data_file.path.name}", total=len(rows), unit="row"):
        try:
            week = required_date(row["ranking_date"], "ranking_date")
            source_id = required_int(row["player"], "player")
            player_id = players.get(source_id)
            if player_id is None:
                raise RowError(f"unknown player id {source_id}")
            key = (player_id, week)
            if key in seen:
                raise RowError(f"player {source_id} is ranked twice on {week} (first on line {seen[key]})")
            values = {"rank": required_int(row["rank"], "rank"), "points": to_int(row["points"], "points")}
        except RowError as error:
            report.reject("rankings", data_file, line, str(error))
            continue
        seen[key] = line
        parsed.append((key, values))
    return parsed


def _sync(parsed, report, counts, progress) -> None:
    weeks = {week for (_, week), _ in parsed}
    columns = ("id", "player_id", "week", *FIELDS)
    existing = {
        (values[1], values[2]): dict(zip(columns, values, strict=True))
        for values in RankingEntry.objects.filter(week__in=weeks).order_by().values_list(*columns)
    }
    to_create, to_update = [], []
    for (player_id, week), incoming in parsed:
        record = existing.get((player_id, week))
        if record is None:
            to_create.append({**incoming, "player_id": player_id, "week": week})
            continue
        changed = sync.changes(record, incoming)
        if changed:
            to_update.append((record["id"], changed))
            counts.updated += 1
        else:
            counts.unchanged += 1
    counts.created += len(to_create)
    with report.timed("rankings: writing"):
        writes.insert(RankingEntry, to_create, progress=progress, desc="saving rankings")
        writes.update(RankingEntry, to_update, progress=progress, desc="updating rankings")


def refresh_current_ranks(*, progress=writes.no_progress) -> int:
    """Copy every ranked player's newest entry onto the player; returns how many changed."""
    newest = RankingEntry.objects.filter(player=OuterRef("player")).order_by("-week")
    latest = (
        RankingEntry.objects.filter(week=Subquery(newest.values("week")[:1]))
        .values_list("player_id", "rank", "points", "week")
        .order_by()
    )
    columns = ("id", "current_rank", "current_points", "ranked_on", "version")
    ranked = Player.objects.filter(Exists(RankingEntry.objects.filter(player=OuterRef("pk")))).order_by()
    current = {values[0]: dict(zip(columns, values, strict=True)) for values in ranked.values_list(*columns)}
    to_update = []
    for player_id, rank, points, week in latest:
        record = current.get(player_id)
        incoming = {"current_rank": rank, "current_points": points, "ranked_on": week}
        if record is None or all(record[name] == value for name, value in incoming.items()):
            continue
        to_update.append((player_id, incoming, record["version"]))
    left = writes.update(Player, to_update, progress=progress, desc="updating current ranks")
    return len(to_update) - left
