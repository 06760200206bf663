"""Where cached pages are kept: this process's memory in front of a shared cache.

An ``Entry`` is a whole response (status, headers, body) with the generation it was rendered at
(``pagecache.generation``), the build of the code and templates that rendered it, and the time after
which it is no longer served fresh (``expires``). Entries stay after that — up to
``PAGE_CACHE_STALE_TTL`` — as the last good copy, served only when the page cannot be rendered (the
database is down).

* ``LOCAL``: a least-recently-used dict in this process, ``PAGE_CACHE_LOCAL_MB`` at most. A hit here
  costs a dict lookup.
* ``SHARED``: Django's cache (``PAGE_CACHE_ALIAS``, Redis in production), so a page rendered by one
  worker serves every worker and app server, and its last good copy survives restarts. Skipped when
  that cache is local memory (it would only copy ``LOCAL``). Its errors are misses: a page is rendered
  instead.
"""

import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

log = logging.getLogger("pagecache")

FORMAT = "page/1"  # the shape of a stored entry: a new shape is a new key, never an unreadable value


class Entry(NamedTuple):
    generation: int
    build: str
    expires: float  # Unix time
    stored: float
    status: int
    headers: tuple  # (name, value) pairs
    body: bytes

    def fresh(self, generation, now):
        return self.generation == generation and self.build == build_id() and now < self.expires

    @property
    def size(self):
        return len(self.body) + 64 * len(self.headers) + 200


def page_key(scheme, host, full_path, accept_encoding):
    """One entry per address as a reader asked for it (query string included: pages print it in
    their forms), per host and scheme (absolute links), and per encoding family (a compressed body
    must not reach a client that cannot read it)."""
    encoding = "br" if "br" in accept_encoding else "gzip" if "gzip" in accept_encoding else "identity"
    digest = hashlib.blake2b(f"{scheme}://{host}{full_path}".encode(), digest_size=16).hexdigest()
    return f"{FORMAT}:{encoding}:{digest}"


@cache
def build_id():
    """The code and templates serving this process: a page rendered by another release (an app server
    not yet upgraded, or one already upgraded) is never served as fresh. ``PAGE_CACHE_RELEASE`` names
    the release outright; otherwise it is a digest of the project's Python files and templates and of
    the static files manifest, read once at start."""
    if release := os.environ.get("PAGE_CACHE_RELEASE"):
        return release
    base = Path(settings.BASE_DIR)
    digest = hashlib.blake2b(digest_size=8)
    files = []
    for folder in sorted(base.iterdir()):
        is_code = (folder / "__init__.py").exists() and folder.name != "tests"
        if is_code or folder.name == "templates":
            files += [p for p in folder.rglob("*") if p.suffix in (".py", ".html", ".txt", ".xml")]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        files.append(manifest)
    for path in sorted(files):
        # Named within the project; the manifest by its name alone, wherever STATIC_ROOT is (every
        # app server of a release must agree, whatever its folders).
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class LocalTier:
    """Entries in this process's memory, least recently used dropped first, at most ``max_bytes``."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.bytes = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def set(self, key, entry):
        if entry.size > self.max_bytes // 4:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            self.entries[key] = entry
            self.bytes += entry.size
            while self.bytes > self.max_bytes:
                _, dropped = self.entries.popitem(last=False)
                self.bytes -= dropped.size

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.bytes = 0

    def __len__(self):
        return len(self.entries)


class SharedTier:
    """Entries in Django's cache, kept ``PAGE_CACHE_STALE_TTL`` so the last good copy outlives a
    restart. A cache error is logged and treated as a miss."""

    @property
    def cache(self):
        alias = getattr(settings, "PAGE_CACHE_ALIAS", "default")
        if not alias or alias not in settings.CACHES:
            return None
        backend = caches[alias]
        return None if isinstance(backend, LocMemCache) else backend

    def get(self, key):
        backend = self.cache
        if backend is None:
            return None
        try:
            value = backend.get(key)
            return Entry(*value) if value is not None else None
        except Exception:  # an unreachable cache, or a value from another shape: a miss
            _warn("read")
            return None

    def set(self, key, entry):
        backend = self.cache
        if backend is None:
            return
        try:
            backend.set(key, tuple(entry), timeout=stale_ttl())
        except Exception:
            _warn("write")


_warned = [0.0]


def _warn(what):
    """Say so when the shared page cache fails, once a minute at most (it fails on every request)."""
    now = time.monotonic()
    if now - _warned[0] > 60:
        _warned[0] = now
        log.warning("Shared page cache unavailable (%s): pages are rendered instead.", what, exc_info=True)


def stale_ttl():
    return int(getattr(settings, "PAGE_CACHE_STALE_TTL", 24 * 60 * 60))


LOCAL = LocalTier(int(getattr(settings, "PAGE_CACHE_LOCAL_MB", 64)) * 1024 * 1024)
SHARED = SharedTier()


def clear_local():
    """Forget this process's entries (tests; the shared cache needs no clearing: see ``bump``)."""
    LOCAL.clear()
