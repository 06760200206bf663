"""Slim match rows of players, in SQL: what ``MatchQuerySet.rows()`` returns, for the two pages
that read them on every request (a player's page, a match's fact box).

The same columns, names and order as ``rows()`` (``MatchQuerySet.ROW_FIELDS``; the surface is the
edition's, else the tournament's; newest first in the one order of ``latest_first()``), as named
tuples. Written as SQL because compiling the ORM's query (its annotations, the Case and the joins)
took longer than running it; ``tests/test_match_pages.py`` holds the two to the same rows.

A player's rows read only the matches: the columns a row takes from its edition and tournament come
from ``edition_columns``, every edition's, kept in the process until the content changes
(``pagecache.memo``). Joining them took most of the query's time for a long career: with the
history, PostgreSQL built hash tables of all 8,000 editions and 4,000 tournaments for Federer's
1,545 matches (15 ms against 5 ms without the joins; SQLite 12–15 ms against 8–10 ms).
"""

from collections import namedtuple
from datetime import date

from django.db import connection

from newsroom.together import Statement
from pagecache.memo import per_generation

from .models import Edition, Match, MatchQuerySet, Tournament

Row = namedtuple("Row", MatchQuerySet.ROW_FIELDS)


def _match_columns():
    q = connection.ops.quote_name
    # The match's own columns of ROW_FIELDS (edition_id the last); the edition's and the tournament's follow.
    return ", ".join(f"m.{q(name)}" for name in MatchQuerySet.ROW_FIELDS[:12])


def _edition_columns_sql():
    q = connection.ops.quote_name
    return (
        f"e.{q('year')}, e.{q('start_date')}, "
        f"CASE WHEN e.{q('surface')} = '' THEN t.{q('surface')} ELSE e.{q('surface')} END, "
        f"t.{q('level')}, t.{q('name')}"
    )


def _order():
    q = connection.ops.quote_name
    return f"ORDER BY m.{q('sequence')} DESC, m.{q('date')} DESC NULLS LAST, m.id DESC"


def _sql(where):
    q = connection.ops.quote_name
    return (
        f"SELECT {_match_columns()}, {_edition_columns_sql()} "
        f"FROM {q(Match._meta.db_table)} m "
        f"INNER JOIN {q(Edition._meta.db_table)} e ON m.edition_id = e.id "
        f"INNER JOIN {q(Tournament._meta.db_table)} t ON e.tournament_id = t.id "
        f"WHERE {where} {_order()}"
    )


@per_generation
def edition_columns() -> dict[int, tuple]:
    """{edition id: (year, start date, surface, level, tournament name)}, a row's columns from its
    edition and tournament (the surface the edition's, else the tournament's), for every edition:
    one query, kept until the content changes."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id, {_edition_columns_sql()} FROM {q(Edition._meta.db_table)} e "
            f"INNER JOIN {q(Tournament._meta.db_table)} t ON e.tournament_id = t.id"
        )
        return {pk: (year, _day(start), *rest) for pk, year, start, *rest in cursor.fetchall()}


def _day(value):
    """A date column's value: SQLite gives ISO text ('2024-11-02'), PostgreSQL a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _as_rows(found) -> list[Row]:
    return [Row(*row[:8], _day(row[8]), *row[9:13], _day(row[13]), *row[14:]) for row in found]


def _rows(where, params) -> Statement:
    return Statement(_sql(where), params, _as_rows)


def _with_editions(found) -> list[Row]:
    editions = edition_columns()
    if any(row[11] not in editions for row in found):  # an edition newer than the kept ones
        editions = edition_columns.uncached()
    return [Row(*row[:8], _day(row[8]), *row[9:], *editions[row[11]]) for row in found]


def player_rows(player_id) -> Statement:
    """Every match of a player: ``Match.objects.for_player(player).rows()``, as a statement to
    evaluate (``newsroom.together``) with the page's other questions."""
    q = connection.ops.quote_name
    return Statement(
        f"SELECT {_match_columns()} FROM {q(Match._meta.db_table)} m "
        f"WHERE (m.player1_id = %s OR m.player2_id = %s) {_order()}",
        [player_id, player_id],
        _with_editions,
    )


def fact_box_rows(player_ids, *, since_year, up_to_sequence) -> Statement:
    """The matches of ``player_ids`` (one or two) from ``since_year`` on, and with two players
    every meeting of theirs, up to ``up_to_sequence``: the rows of a fact box
    (``matches.facts``), as a statement to evaluate."""
    marks = ", ".join(["%s"] * len(player_ids))
    recent, params = "e.year >= %s", [since_year]
    if len(player_ids) == 2:
        a, b = player_ids
        recent += " OR (m.player1_id = %s AND m.player2_id = %s) OR (m.player1_id = %s AND m.player2_id = %s)"
        params += [a, b, b, a]
    where = f"(m.player1_id IN ({marks}) OR m.player2_id IN ({marks})) AND ({recent}) AND m.sequence <= %s"
    return _rows(where, [*player_ids, *player_ids, *params, up_to_sequence])
