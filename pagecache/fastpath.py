"""Page cache hits answered at the WSGI level, before Django builds a request.

A hit through Django's handler costs the request object, the signals and every middleware above the
page cache, all to send bytes and headers that were the same the last time: several times what the
page cache's own work costs (one read of the content generation and a dict lookup). ``FastHits``
wraps the WSGI application and answers a repeat of a request the page cache has already answered
from the same entry, with the same status, headers and body Django sent then.

**What it learns.** When Django answers a ``GET`` from the page cache (``HIT``) or stores what it
rendered (``MISS``), the middleware leaves the entry in the WSGI environ; this wrapper keeps the
final status and headers — those the middleware above the cache added too (security headers, the
policy, the ETag) — under the parts of the request they may depend on: scheme and forwarded scheme,
host and forwarded host, server name and port, script name, path, query string and the encodings
accepted. Nothing else of a signed-out reader's request reaches a shared page (its ``Vary`` allows
only ``Cookie`` and ``Accept-Encoding``).

**What it answers.** A ``GET`` with no session or messages cookie and no ``Authorization`` (the page
cache's own rule), no conditional headers (Django answers those with a 304), and an address learned
as above whose entry is still this process's entry and still fresh: rendered at the current content
generation, by this build, before its expiry. The generation is read from the database on every
request, as the middleware reads it, or, on PostgreSQL, as the database announced it to this
process (``pagecache.listen``): the rule that no page is ever served stale is the same.
``Cache-Control`` is worked out again for the time left, and the request is logged as a hit.

Anything else — another method, a cookie of a signed-in reader, a page not yet learned, an entry
gone out of date, the database unreadable (the middleware then serves the last good copy) — goes to
Django, unchanged. Off with ``DEBUG`` and with ``PAGE_CACHE=0``.
"""

import logging
import time
from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.dispatch import receiver
from django.http.cookie import parse_cookie

from newsroom import requestlog

from . import generation
from .listen import LISTENER
from .middleware import DEFAULT_CONTROL, FAST_PATH_KEY
from .store import LOCAL

REQUEST_FIELDS = (
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
    "HTTP_ACCEPT_ENCODING",
)
# Requests this wrapper leaves to Django whatever it has learned.
PERSONAL = ("HTTP_AUTHORIZATION", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
RECOMPUTED = {"cache-control", "x-cache", "date"}
MAX_LEARNED = 10_000  # addresses (their headers, not their pages); all forgotten at once past this

GENERATION_SQL = f"SELECT value FROM {generation.TABLE} WHERE id = 1"


def read_generation():
    """The content generation, read on the connection this process keeps, as the middleware reads
    it but without Django's cursor wrappers (nothing is written); None if it cannot be read now,
    and Django then reads it its own way (replacing a lost connection, or serving the last good
    copy)."""
    connection = connections[DEFAULT_DB_ALIAS]
    raw = connection.connection
    if raw is None or connection.in_atomic_block or connection.errors_occurred:
        try:
            return generation.current()
        except DatabaseError:
            return None
    try:
        cursor = raw.cursor()
        try:
            cursor.execute(GENERATION_SQL)
            row = cursor.fetchone()
        finally:
            cursor.close()
    except Exception:  # the driver's own error: a lost connection, a restart
        connection.errors_occurred = True  # Django replaces it at the start of its request
        return None
    return row[0] if row else None


class Config(NamedTuple):
    on: bool
    max_age: int
    control: str
    session_cookie: str


@cache
def config():
    """The settings a hit reads, once (again after a test changes settings)."""
    return Config(
        on=not settings.DEBUG and bool(getattr(settings, "PAGE_CACHE", True)),
        max_age=int(getattr(settings, "PAGE_CACHE_MAX_AGE", 60)),
        control=getattr(settings, "PAGE_CACHE_CONTROL", DEFAULT_CONTROL),
        session_cookie=settings.SESSION_COOKIE_NAME,
    )


@receiver(setting_changed)
def _settings_changed(**kwargs):
    config.cache_clear()


class FastHits:
    def __init__(self, application):
        self.application = application
        # request fields -> (page key, when its entry was stored, status line, headers, path as logged)
        self.learned = {}

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "GET" or not config().on:
            return self.application(environ, start_response)
        started = time.perf_counter()
        fields = tuple(map(environ.get, REQUEST_FIELDS))
        known = self.learned.get(fields)
        if known is not None and self.may_share(environ):
            answer = self.answer(known)
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                self.log(known[4], status, started)
                return [body]
        return self.learn(fields, environ, start_response)

    def answer(self, known):
        key, stored, status, headers, _ = known
        entry = LOCAL.get(key)
        if entry is None or entry.stored != stored:  # replaced, or dropped to make room
            return None
        current = LISTENER.generation() if LISTENER.enabled() else None
        if current is None:
            current = read_generation()
            if current is None:  # Django serves the last good copy, or a 503
                return None
            LISTENER.settle(current)
        now = time.time()
        if not entry.fresh(current, now):
            return None
        max_age = max(0, min(int(entry.expires - now), config().max_age))
        control = config().control.format(max_age=max_age)
        return status, [*headers, ("Cache-Control", control), ("X-Cache", "HIT")], entry.body

    @staticmethod
    def may_share(environ):
        if any(name in environ for name in PERSONAL):
            return False
        cookie = environ.get("HTTP_COOKIE")
        if cookie:
            cookies = parse_cookie(cookie)
            if config().session_cookie in cookies or "messages" in cookies:
                return False
        return True

    def learn(self, fields, environ, start_response):
        """Let Django answer, and keep what it answered from the page cache."""

        def noting(status, headers, exc_info=None):
            found = environ.get(FAST_PATH_KEY)
            if found is not None and status[:3] in ("200", "301") and self.may_share(environ):
                kept = [(name, value) for name, value in headers if name.lower() not in RECOMPUTED]
                if not any(name.lower() == "set-cookie" for name, _ in kept):
                    if len(self.learned) >= MAX_LEARNED:
                        self.learned.clear()
                    path = get_script_name(environ).rstrip("/") + get_path_info(environ)
                    key, entry = found
                    self.learned[fields] = (key, entry.stored, status, kept, path)
            return start_response(status, headers, exc_info)

        environ.pop(FAST_PATH_KEY, None)
        return self.application(environ, noting)

    @staticmethod
    def log(path, status, started):
        if requestlog.log.isEnabledFor(logging.INFO):
            requestlog.write("GET", path, int(status[:3]), started, "hit")
