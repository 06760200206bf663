"""The content generation pushed to each process by PostgreSQL, instead of read on every request.

A trigger (migration ``0002``) sends ``NOTIFY pagecache_generation, '<value>'`` whenever the row
changes, in the same transaction: PostgreSQL delivers it when that transaction commits, never
before, so a listener never learns a generation before the data behind it are visible. Each process
keeps one connection of its own that listens; serving a hit (``pagecache.fastpath``) then costs one
non-blocking read of that connection's socket instead of a round trip to the database and the
server's work for a query.

Where the listening connection has no answer to give, the caller reads the database as before:

* before the first request of a process (the connection is made, ``LISTEN`` sent, and only then the
  row read, so no change can fall between the two);
* after this process wrote content itself (so a reader's next request to this process never misses
  the write, whether its notification has come back yet or not);
* after a notification this module cannot read (the row deleted or the table truncated);
* while the connection is lost (a database restart): it is made again at most once a second, and
  meanwhile every request reads the database as before, which is also how the page cache notices
  that the database is down and serves its last good copies.

Delivery to other processes is as fast as PostgreSQL passes the notification on at commit (well
under a millisecond on one host); ``PAGE_CACHE_LISTEN=0`` reads the database on every hit instead.
"""

import contextlib
import logging
import os
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from . import generation

log = logging.getLogger("pagecache")

CHANNEL = "pagecache_generation"
RETRY_SECONDS = 1.0


class Listener:
    def __init__(self):
        self.pid = None
        self.raw = None
        self.value = None  # the generation as last announced; None: ask the database
        self.retry_at = 0.0

    def enabled(self):
        """Listening is for PostgreSQL, between requests; inside a transaction (a test's) the
        listening connection would not see what the transaction sees."""
        connection = connections[DEFAULT_DB_ALIAS]
        return (
            connection.vendor == "postgresql"
            and not connection.in_atomic_block
            and getattr(settings, "PAGE_CACHE_LISTEN", True)
        )

    def generation(self):
        """The generation now, as announced, or None when the caller must read the database."""
        if self.pid != os.getpid():  # a forked worker: the parent's connection is not ours
            self.pid, self.raw, self.value = os.getpid(), None, None
        if self.raw is None and not self.connect():
            return None
        try:
            pgconn = self.raw.pgconn
            pgconn.consume_input()  # what has arrived, without waiting
            while (notify := pgconn.notifies()) is not None:
                self.heard(notify.extra.decode())
        except Exception:  # the connection was lost: the database restarted, or went away
            self.drop()
            return None
        return self.value

    def heard(self, payload):
        try:
            self.value = int(payload)
        except ValueError:  # the row deleted or the table emptied: read it afresh
            self.value = None
            self.drop()

    def connect(self):
        if time.monotonic() < self.retry_at:
            return False
        django = connections[DEFAULT_DB_ALIAS]
        try:
            raw = django.get_new_connection(django.get_connection_params())
            raw.autocommit = True
            raw.execute(f"LISTEN {CHANNEL}")
            row = raw.execute(f"SELECT value FROM {generation.TABLE} WHERE id = 1").fetchone()
        except Exception:
            self.retry_at = time.monotonic() + RETRY_SECONDS
            log.warning("Cannot listen for page cache changes: reading the database instead.", exc_info=True)
            return False
        self.raw, self.value = raw, (row[0] if row else None)
        return True

    def drop(self):
        raw, self.raw = self.raw, None
        if raw is not None:
            with contextlib.suppress(Exception):
                raw.close()

    def settle(self, value):
        """The generation the caller read from the database after this module had none to give."""
        if self.raw is not None:
            self.value = value

    def forget(self):
        """This process wrote: its next request reads the database."""
        self.value = None


LISTENER = Listener()
