"""Writing records in bulk: multi-row INSERTs for new records, UPDATEs of only the changed columns.

Why not ``bulk_create``/``bulk_update``? Measured on the 2024 files (docs/benchmarks.md):
``bulk_create`` spent about three quarters of the import preparing values one at a time in the SQL
compiler (66,000 players × 20 columns), and ``bulk_update`` builds a ``CASE WHEN`` expression per row
and column, which took seconds for the 2,600 players whose current rank changes. ``insert()`` sends the
same multi-row ``INSERT … VALUES (…), (…)`` that ``bulk_create`` does, in batches sized by the
backend (``bulk_batch_size``: 999 parameters per statement on SQLite), filling the same defaults and
adapting dates and value objects with the fields' own ``get_db_prep_save``. As with ``bulk_create``,
``save()`` is not called and no signals are sent, and no ids come back: callers reload the keys.

Versions (``newsroom.locking``): the import keeps the rule every writer of a versioned row keeps.

* Every row it changes gets ``version = version + 1``, ``changed_at`` now and ``changed_by`` empty
  (nobody: the data). An editor's form opened before the import is then stale: saving it is refused
  and shows what the import changed, instead of quietly putting the old values back.
* It writes a row only if the row is still at the version it read (``… WHERE id = %s AND version =
  %s``): a row an editor saved while the file was being imported is left as the editor saved it and
  counted in the report, never overwritten. Running the import again compares it afresh.

Callers pass ``(pk, changes, version_read)`` for versioned models; ``update`` returns how many rows
it left because their version had moved.
"""

import sqlite3
from collections.abc import Callable, Iterable
from enum import Enum
from itertools import islice

from django.db import connections, router
from django.utils import timezone

BATCH_SIZE = 1000
_PLAIN = (int, str, bool, float, type(None))

# A progress wrapper with tqdm's signature: progress(iterable, desc=..., total=..., unit=...).
Progress = Callable[..., Iterable]


def no_progress(iterable, desc="", total=None, unit=""):
    return iterable


def insert(model, rows: list[dict], *, progress: Progress = no_progress, desc: str = "") -> None:
    """Insert ``rows``, dicts of field attname -> value. A field a row leaves out gets its default,
    ``auto_now``/``auto_now_add`` fields the current time."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {f.attname: _prepared(f, now if _stamped(f) else f.get_default(), connection) for f in fields}
    quote = connection.ops.quote_name
    into = f"{quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"

    specs = [(f.attname, f, defaults[f.attname]) for f in fields]
    plain = _PLAIN

    def prepared_row(row):
        values = []
        for attname, field, default in specs:
            if attname not in row:
                values.append(default)
                continue
            value = row[attname]
            values.append(value if type(value) in plain else _prepared(field, value, connection))
        return values

    values = (prepared_row(row) for row in progress(rows, desc=desc, total=len(rows), unit="row"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg quotes parameters client-side, parsing the query text each time: for a
            # 20,000-parameter INSERT that parsing took longer than the database. COPY has no query.
            with cursor.cursor.copy(f"COPY {into} FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        batch_size = max(1, min(BATCH_SIZE, _parameters_per_statement(connection) // len(fields)))
        placeholders = ["%s"] * len(fields)
        for batch in _batched(values, batch_size):
            sql = f"INSERT INTO {into} " + connection.ops.bulk_insert_sql(fields, [placeholders] * len(batch))
            cursor.execute(sql, [value for row in batch for value in row])


def update(model, rows: list[tuple], *, progress: Progress = no_progress, desc: str = "") -> int:
    """Write ``(pk, changes)`` rows, or ``(pk, changes, version_read)`` for a versioned model,
    ``changes`` mapping field attnames to new values. Only the changed columns are written (and
    ``auto_now`` fields, as ``save()`` would); rows are few after the first import, so one prepared
    UPDATE per shape of change is run with ``executemany``. Returns the number of rows left alone
    because another writer changed them since they were read (see the module docstring)."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    by_name = {f.attname: f for f in meta.concrete_fields}
    versioned = "version" in by_name
    now = timezone.now()
    stamped = [f for f in meta.concrete_fields if _stamped(f, add=False)]
    if versioned:
        stamped.append(by_name["changed_at"])
    stamps = {f.attname: _prepared(f, now, connection) for f in stamped}
    shapes: dict[tuple, list] = {}
    for row in progress(rows, desc=desc, total=len(rows), unit="row"):
        pk, changed = row[0], row[1]
        seen = row[2] if versioned and len(row) > 2 else None
        names = tuple(sorted(changed))
        values = [_prepared(by_name[name], changed[name], connection) for name in names]
        params = [*values, *stamps.values(), pk]
        if seen is not None:
            params.append(seen)
        shapes.setdefault((names, seen is not None), []).append(params)
    quote = connection.ops.quote_name
    written = 0
    with connection.cursor() as cursor:
        for (names, checked), params in shapes.items():
            assignments = [f"{quote(by_name[name].column)} = %s" for name in [*names, *stamps]]
            where = f"{quote(meta.pk.column)} = %s"
            if versioned:
                version, editor = quote(by_name["version"].column), quote(by_name["changed_by_id"].column)
                assignments += [f"{version} = {version} + 1", f"{editor} = NULL"]
                if checked:
                    where += f" AND {version} = %s"
            sql = f"UPDATE {quote(meta.db_table)} SET {', '.join(assignments)} WHERE {where}"
            for start in range(0, len(params), BATCH_SIZE):
                cursor.executemany(sql, params[start : start + BATCH_SIZE])
                written += max(cursor.rowcount, 0)
    return len(rows) - written


def _parameters_per_statement(connection) -> int:
    """How many parameters one statement may carry. Django assumes 999 on SQLite, the limit of
    SQLite before 3.32; the library in use says its own (32,766 or more since), and fewer, longer
    statements insert faster (docs/benchmarks.md)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        getlimit = getattr(connection.connection, "getlimit", None)  # Python 3.11+
        if getlimit is not None:
            return getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535


def _stamped(field, add=True) -> bool:
    return getattr(field, "auto_now", False) or (add and getattr(field, "auto_now_add", False))


def _prepared(field, value, connection):
    # Plain values need no adapting; dates, times and value objects go through the field.
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Enum):  # TextChoices members are str subclasses: store their value
        return value.value
    return field.get_db_prep_save(value, connection)


def _batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch
