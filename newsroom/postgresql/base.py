"""Django's PostgreSQL backend, with a health check that costs no round trip.

With ``CONN_HEALTH_CHECKS`` Django asks a kept connection ``SELECT 1`` before the first query of
every request that uses it: one more round trip to the database a page, 4 % of the time of a player
page on PostgreSQL when the workers and the database share the cores. A connection PostgreSQL has
closed (a restart, a terminated backend) announces it: the server sends its notice and closes the
socket, which becomes readable. So a kept connection whose socket has nothing to read, and which is
neither closed nor broken nor inside a transaction, is taken as usable without asking; anything
else is asked with ``SELECT 1``, as Django would. A server that vanished without a word (a cable
pulled) is found at the first query, as it was by ``SELECT 1``.

The page cache's generation read stays the health check where it comes first
(``pagecache.generation.current``).
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
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
