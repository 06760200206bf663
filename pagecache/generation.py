"""The content generation: one number, kept in the database, that moves on after every write to content.

Pages are cached with the generation they were rendered at, and an entry is served only while the
generation is still the same (``pagecache.middleware``). So any change anywhere makes every cached
page out of date at once: simple, and provably never stale, at the price of re-rendering pages the
change did not touch. Writes are rare beside reads on a news site, so the price is small.

**Why in the database.** Every process — each gunicorn worker on each app server, the admin, the
import command, a shell — writes through the database, so the database is the one place every
change passes; reading one row by primary key costs about what a Redis ``GET`` does, and it keeps
working, with the cache correct, when Redis is down.

**What moves it.** A wrapper on every database connection (``execute_wrapper``) sees every statement
the site sends, whoever sends it: ``save()``, ``delete()``, ``QuerySet.update()``, bulk and many-to-many
writes, admin actions, raw SQL in the import. Any ``INSERT``, ``UPDATE`` or ``DELETE`` to a table that
is not listed in ``PAGE_CACHE_IGNORE_WRITES`` (sessions, accounts, follows: nothing a shared page
shows) moves the generation — and so does any statement the wrapper cannot read as harmless, since
a needless bump costs a re-render while a missed one would serve stale news. A model added later is
covered without anyone remembering to connect a signal to it. Writes that bypass cursors (PostgreSQL
``COPY`` in the import) or the site altogether (``psql``) call ``changed()`` or run
``manage.py pagecache bump``.

**When it moves: after the commit, never before.** A reader who saw the new number before the data
were committed could render the old data and cache them under the new number. After the commit,
any page rendered from before the change carries an older number and is never served again. Inside a
transaction the bump is registered once with ``transaction.on_commit`` (and dropped if the
transaction rolls back); outside one, it happens right after the statement.
"""

import logging
import re
import time
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.utils import timezone

log = logging.getLogger("pagecache")

TABLE = "pagecache_generation"

# Statements that write nothing. Anything else counts as a write unless it names an ignored table.
_READS = (
    "SELECT",
    "SAVEPOINT",
    "RELEASE",
    "ROLLBACK",
    "BEGIN",
    "COMMIT",
    "SET ",
    "SHOW",
    "PRAGMA",
    "EXPLAIN",
)
_WRITE = re.compile(
    r"(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+[\"`]?(\w+)[\"`]?\s*(?:[(\s]|$)",
    re.IGNORECASE,
)
_DML = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)


@cache
def ignored_tables() -> frozenset[str]:
    """Tables whose writes leave every shared page as it was: the models and apps named in
    ``PAGE_CACHE_IGNORE_WRITES`` (with their many-to-many tables), database cache tables, and the
    generation itself."""
    labels = set(getattr(settings, "PAGE_CACHE_IGNORE_WRITES", ()))
    tables = {TABLE}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        owner = meta.auto_created._meta if meta.auto_created else meta
        if {meta.app_label, meta.label, owner.app_label, owner.label} & labels:
            tables.add(meta.db_table.lower())
    for options in settings.CACHES.values():
        if options.get("BACKEND", "").endswith("DatabaseCache"):
            tables.add(options["LOCATION"].lower())
    return frozenset(tables)


def writes_content(sql: str) -> bool:
    """Whether a statement may change what a reader sees (when unsure: yes)."""
    if isinstance(sql, str) and sql.startswith("SELECT "):  # nearly every statement a page sends
        return False
    head = (sql if isinstance(sql, str) else str(sql)).lstrip(" \t\r\n(")
    start = head[:12].upper()
    if start.startswith(_READS):
        return False
    if start.startswith("WITH"):
        return bool(_DML.search(head))
    match = _WRITE.match(head)
    if match:
        return match.group(1).lower() not in ignored_tables()
    return True


# --- moving the generation on ----------------------------------------------------------------------


def watch_connection(sender, connection, **kwargs):
    """``connection_created`` receiver: watch this connection's writes (once per connection object)."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch_writes)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    alias = context["connection"].alias
    # Only the site's own databases (not the connection Django opens to create a test database).
    if alias in connections.settings and writes_content(sql):
        changed(alias)
    return result


def changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Content changed: cached pages go out of date when the current transaction commits (at once
    outside a transaction). Cheap to call for every statement: a transaction registers one bump
    (one more per savepoint it may roll back on its own)."""
    connection = connections[using]
    bump = _bumper(using)
    if connection.in_atomic_block:
        # A bump already registered does for this write too if it cannot be dropped without this
        # write being rolled back as well: if it was registered under no savepoint that this write is
        # not under. (Rolling back a savepoint drops the callbacks registered under it.)
        active = set(connection.savepoint_ids)
        if not any(
            callback is bump and (sids - {None}) <= active for sids, callback, _ in connection.run_on_commit
        ):
            transaction.on_commit(bump, using=using, robust=True)
    else:
        bump()


@cache
def _bumper(using):
    def bump():
        bump_now(using)

    return bump


def bump_now(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Move the generation on now. A connection lost since the commit is replaced once; a bump that
    still fails is logged (cached pages then live until ``PAGE_CACHE_TTL``) and never raised: the
    write it follows has been committed. Before ``migrate`` has made the table there is nothing to
    bump, and nothing cached either."""
    connection = connections[using]
    for attempt in (1, 2):
        try:
            with connection.cursor() as cursor:
                now = connection.ops.adapt_datetimefield_value(timezone.now())
                cursor.execute(f"UPDATE {TABLE} SET value = value + 1, changed_at = %s WHERE id = 1", [now])
                missing = cursor.rowcount == 0
            if missing:
                _create(using)
            from .listen import LISTENER

            LISTENER.forget()
            return True
        except DatabaseError:
            if not _table_exists(connection):
                return False
            if attempt == 1 and not connection.in_atomic_block and not connection.is_usable():
                connection.close()  # lost since the commit (a database restart): once more, anew
                continue
            log.exception("Could not move the page cache generation on: cached pages may be stale.")
            return False
    return False


def _table_exists(connection):
    try:
        return TABLE in connection.introspection.table_names()
    except DatabaseError:
        return True  # cannot tell: say so in the log


# --- reading it ----------------------------------------------------------------------------------


def current(using: str = DEFAULT_DB_ALIAS) -> int:
    """The generation now. Raises ``DatabaseError`` when the database cannot be read.

    On a cache hit this is the request's only query, and with ``CONN_HEALTH_CHECKS`` Django would
    first send ``SELECT 1`` to check the connection kept from the last request: a second round trip
    to the database, a third of a hit's time on PostgreSQL. So this query is the health check: if it
    fails on a kept connection, the connection is replaced and the query sent once more, which is
    what the health check would have done."""
    connection = connections[using]
    checking = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if checking:
        connection.health_check_done = True
    try:
        return _read(using)
    except DatabaseError:
        if not checking:
            raise
        connection.close()
        return _read(using)


def _read(using):
    for _ in range(2):
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT value FROM {TABLE} WHERE id = 1")
            row = cursor.fetchone()
        if row is not None:
            return row[0]
        _create(using)  # a database emptied by hand, or by a test flush
    raise DatabaseError(f"{TABLE} has no row")


def _create(using):
    """The row, started from the clock in microseconds: a number a removed row never reached, so no
    page cached before it can pass for fresh."""
    try:
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} (id, value) VALUES (1, %s)", [first_value()])
    except IntegrityError:  # another process made it first
        pass


def first_value() -> int:
    return time.time_ns() // 1000
