"""How incoming values meet stored ones, and the bulk writes that follow.

The rules, shared by every kind of record:

* the data fills and corrects, it never erases: an empty incoming value leaves a stored value alone;
* a hand-entered record the data adopts (it had no ``source_id``) only has its empty fields filled;
* names that differ only in accents or case ('Baez' / 'Báez') keep the stored spelling: an editor's
  accent is not a correction to undo;
* only records whose values change are written, in batches, so a second run writes nothing.

New records are inserted with ``executemany`` rather than ``bulk_create``: for the 66,000 players and
92,000 ranking rows, ``bulk_create`` spent three quarters of the import preparing values one by one
in the SQL compiler, and on SQLite it may send only 999 parameters (52 players) per statement.
``insert()`` fills the same defaults ``bulk_create`` would and adapts values with the fields' own
``get_db_prep_save``; see docs/benchmarks.md for the figures.
"""

from collections.abc import Callable, Iterable
from itertools import islice

from django.db import connections, router
from django.utils import timezone

from newsroom.text import fold

BATCH_SIZE = 1000
_PLAIN = (int, str, bool, float, type(None))

Progress = Callable[..., Iterable]


def no_progress(iterable, desc="", total=None, unit=""):
    return iterable


def is_blank(value, blanks=()) -> bool:
    return value is None or value == "" or value in blanks


def changes(current: dict, incoming: dict, *, fill_only=False, loose=(), blanks=None) -> dict:
    """The incoming values that should replace stored ones, by field.

    ``loose`` names text fields compared accent- and case-insensitively; ``blanks`` gives values per
    field that mean "unknown" (a player's hand 'U') and so count as empty on both sides."""
    blanks = blanks or {}
    changed = {}
    for name, new in incoming.items():
        old = current.get(name)
        empty = blanks.get(name, ())
        if new == old or is_blank(new, empty):
            continue
        if fill_only and not is_blank(old, empty):
            continue
        if name in loose and old and fold(old) == fold(new):
            continue
        changed[name] = new
    return changed


def chunked(items, size):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def insert(model, rows: list[dict], *, progress: Progress = no_progress, desc: str = "") -> None:
    """Insert ``rows`` (dicts of field attname -> value) in batches. Fields a row leaves out get
    their default, and ``auto_now``/``auto_now_add`` fields the current time. No ids come back:
    callers reload the keys they need. Like ``bulk_create``, no ``save()`` and no signals."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {f.attname: now if _stamped(f) else f.get_default() for f in fields}
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    fixed = {f.attname: _prepared(f, defaults[f.attname], connection) for f in fields}
    chunks = list(chunked(rows, BATCH_SIZE))
    with connection.cursor() as cursor:
        for chunk in progress(chunks, desc=desc, total=len(chunks), unit="batch"):
            cursor.executemany(
                sql,
                [
                    [
                        _prepared(f, row[f.attname], connection) if f.attname in row else fixed[f.attname]
                        for f in fields
                    ]
                    for row in chunk
                ],
            )


def update(model, rows: list[tuple[int, dict]], *, progress: Progress = no_progress, desc: str = "") -> None:
    """Write ``(pk, changes)`` rows, where ``changes`` maps field attnames to new values. Only the
    changed columns are written (and ``auto_now`` fields, as ``save()`` would); rows changing the
    same columns share one ``executemany``."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    by_name = {f.attname: f for f in meta.concrete_fields}
    now = timezone.now()
    stamps = {
        f.attname: _prepared(f, now, connection) for f in meta.concrete_fields if _stamped(f, add=False)
    }
    shapes: dict[tuple[str, ...], list] = {}
    for pk, changed in rows:
        shapes.setdefault(tuple(sorted(changed)), []).append((pk, changed))
    batches = [(names, chunk) for names, shaped in shapes.items() for chunk in chunked(shaped, BATCH_SIZE)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for names, chunk in progress(batches, desc=desc, total=len(batches), unit="batch"):
            columns = [*names, *(name for name in stamps if name not in names)]
            sql = "UPDATE {} SET {} WHERE {} = %s".format(
                quote(meta.db_table),
                ", ".join(f"{quote(by_name[name].column)} = %s" for name in columns),
                quote(meta.pk.column),
            )
            cursor.executemany(
                sql,
                [
                    [
                        *(_prepared(by_name[name], changed[name], connection) for name in names),
                        *(stamps[name] for name in columns[len(names) :]),
                        pk,
                    ]
                    for pk, changed in chunk
                ],
            )


def _stamped(field, add=True) -> bool:
    return getattr(field, "auto_now", False) or (add and getattr(field, "auto_now_add", False))


def _prepared(field, value, connection):
    # Plain values need no adapting; dates, times and value objects go through the field.
    return value if type(value) in _PLAIN else field.get_db_prep_save(value, connection)
