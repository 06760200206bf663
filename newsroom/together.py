"""A page's independent questions asked together: one round trip to PostgreSQL instead of one each.

A page asks its database a handful of questions that do not wait on each other's answers: once a
player's id is known, their matches, ranking weeks, stories and quotes. Asked one after another,
each costs a round trip: the query goes out and the worker waits for the answer before sending the
next. With the database on another machine every round trip is the network's latency (0.2–1 ms in
a data centre), so the story page's ten questions cost ten of them. ``evaluate`` sends them all at
once in psycopg's pipeline mode, with the Sync that ends the batch, and reads the answers in order:
one round trip for the lot.

    rows = Statement(sql, params)             # a raw statement: its rows are ``rows.result``
    evaluate(stories, quotes, rows)           # querysets come back evaluated (``list(stories)``)

Each statement still goes through Django's cursor (the query log, the page cache's write watch, the
error wrapping), so the tests' query counts count them as before. Elsewhere (SQLite), and with
``DATABASE_PIPELINE=0`` (a pooler that cannot take several statements before a Sync), they are
simply run one by one. A queryset with ``prefetch_related`` runs its prefetches afterwards, as usual.

It saves waiting, not work: the database runs the same statements, and on one machine, where a
round trip costs little more than the system calls that make it, a page takes about as long
(``bench/latency_proxy.py`` puts a network between them; figures in docs/performance.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.constants import MULTI


class Statement:
    """Raw SQL whose rows are ``result`` once evaluated: a list of tuples, or what ``convert``
    makes of that list."""

    __slots__ = ("sql", "params", "convert", "result")

    def __init__(self, sql, params=(), convert=None):
        self.sql, self.params, self.convert, self.result = sql, params, convert, None

    def answer(self, rows):
        self.result = self.convert(rows) if self.convert else rows

    def run(self, cursor):
        cursor.execute(self.sql, self.params)
        self.answer(cursor.fetchall())

    def fetch(self, using="default"):
        """Run it alone and return ``result``."""
        with connections[using].cursor() as cursor:
            self.run(cursor)
        return self.result


def evaluate(*items, using="default"):
    """Evaluate querysets (their result cache filled, as ``list()`` would) and ``Statement``s, on
    PostgreSQL in a single round trip; anything else (a list already at hand) is left as it is.
    Returns ``items``."""
    connection = connections[using]
    pending = [
        item
        for item in items
        if isinstance(item, Statement) or (isinstance(item, QuerySet) and item._result_cache is None)
    ]
    if len(pending) < 2 or connection.vendor != "postgresql" or not settings.DATABASE_PIPELINE:
        _one_by_one(pending, connection)
        return items
    sent = []  # (item, compiler or None, sql, params)
    for item in pending:
        if isinstance(item, Statement):
            sent.append((item, None, item.sql, item.params))
            continue
        compiler = item.query.get_compiler(using=item.db)
        try:
            sql, params = compiler.as_sql()
        except (EmptyResultSet, FullResultSet):
            sql = None
        if not sql or item.db != using:  # nothing to ask (an empty ``__in``), or another database
            item._fetch_all()
            continue
        sent.append((item, compiler, sql, params))
    if len(sent) < 2:
        _one_by_one([item for item, *_ in sent], connection)
        return items
    connection.ensure_connection()
    cursors = [connection.cursor() for _ in sent]
    answers = []
    try:
        with connection.wrap_database_errors:
            # Leaving the pipeline sends its Sync and reads every answer, after which the cursors
            # hold their rows: fetching inside would ask the server to flush, a round trip more.
            with connection.connection.pipeline():
                for cursor, (_, _, sql, params) in zip(cursors, sent, strict=True):
                    cursor.execute(sql, params)
            answers = [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()
    for (item, compiler, _, _), rows in zip(sent, answers, strict=True):
        if compiler is None:
            item.answer(rows)
        else:
            _fill(item, compiler, rows)
    return items


def _one_by_one(items, connection):
    for item in items:
        if isinstance(item, Statement):
            with connection.cursor() as cursor:
                item.run(cursor)
        else:
            item._fetch_all()


def _fill(queryset, compiler, rows):
    """Evaluate ``queryset`` from ``rows``, the answer to the SQL ``compiler`` made: Django's own
    iterable builds the models (or values), its converters and ``select_related`` included."""
    if compiler.has_extra_select:  # columns the ordering needed, which Django drops
        rows = [row[: compiler.col_count] for row in rows]

    def execute_sql(result_type=MULTI, chunked_fetch=False, chunk_size=None):
        if result_type != MULTI:
            raise ValueError(result_type)
        return [rows]

    compiler.execute_sql = execute_sql
    query = queryset.query
    answered = query.__class__.__new__(query.__class__)
    answered.__dict__ = query.__dict__.copy()
    answered.get_compiler = lambda using=None, connection=None, elide_empty=True: compiler
    queryset._query = answered  # not the setter: it would make a values_list() give dicts
    try:
        queryset._fetch_all()
    finally:
        queryset._query = query
