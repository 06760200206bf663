"""Django's PostgreSQL backend, with a health check that costs no round trip, and text searches
planned for their words.

**Health check.** With ``CONN_HEALTH_CHECKS`` Django asks a kept connection ``SELECT 1`` before the
first query of every request that uses it: one more round trip to the database a page, 4 % of the
time of a player page on PostgreSQL when the workers and the database share the cores. A connection
PostgreSQL has closed (a restart, a terminated backend) announces it: the server sends its notice
and closes the socket, which becomes readable. So a kept connection whose socket has nothing to
read, and which is neither closed nor broken nor inside a transaction, is taken as usable without
asking; anything else is asked with ``SELECT 1``, as Django would. A server that vanished without a
word (a cable pulled) is found at the first query, as it was by ``SELECT 1``. The page cache's
generation read stays the health check where it comes first (``pagecache.generation.current``).

**Searches.** With ``DATABASE_PREPARE`` a connection prepares each statement the third time it sends
it, and after five executions PostgreSQL may keep one generic plan for every value: that is what
makes a page's queries cheap. It is wrong for a text search, whose rows depend on the words: a
generic plan cannot know that ``LIKE '%federer%'`` matches one player in 66,000, and for the
reader's search it walked every player in ranking order (95 ms) where a plan made for the word scans
the names (11 ms). So a statement with ``LIKE`` in it (``contains``, ``icontains``, ``startswith``…:
the site's search, the admin's search and autocomplete) is never prepared, whatever page sends it.

**Parsed statements kept.** psycopg turns a statement's ``%s`` placeholders into PostgreSQL's
``$1``… once and keeps the result, but only for statements of 50 parameters or fewer: a player
page's related stories (its latest matches and events, each listed in several subqueries) has 104,
a story's 51, and parsing them again cost 5 % of a player page. It keeps them up to 256 parameters
here (``MAX_CACHED_STATEMENT_PARAMS``); still only statements of 4 KB or less, and 128 of them a
process, as psycopg does.
"""

import select

import psycopg._queries
from django.db.backends.postgresql import base
from psycopg import pq

psycopg._queries.MAX_CACHED_STATEMENT_PARAMS = 256


class SearchesUnpreparedCursor(base.ServerBindingCursor):
    """Django's cursor with server-side parameters; a ``LIKE`` statement is planned every time."""

    def execute(self, query, params=None, *, prepare=None, **kwargs):
        if prepare is None and isinstance(query, str) and "LIKE " in query:
            prepare = False
        return super().execute(query, params, prepare=prepare, **kwargs)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if params.get("cursor_factory") is base.ServerBindingCursor:
            params["cursor_factory"] = SearchesUnpreparedCursor
        return params

    def is_usable(self):
        raw = self.connection
        if raw is None:
            return False
        try:
            if raw.closed or raw.broken or raw.info.transaction_status != pq.TransactionStatus.IDLE:
                return super().is_usable()
            poller = select.poll()
            poller.register(raw.fileno(), select.POLLIN)
            if poller.poll(0):  # something arrived unasked: a shutdown notice, or the socket closed
                return super().is_usable()
        except Exception:  # its socket is gone
            return False
        return True
