"""Redis as a cache that may fail: its errors are logged and taken as misses, never raised.

Django's ``RedisCache`` raises when Redis is unreachable, and every user of the cache would then
answer 500: sessions (``cached_db``), rate limits, the page cache. This backend answers as a cache
that has nothing: ``get`` gives the default, ``set``/``delete`` do nothing, ``add`` says it did not
add, ``incr`` raises ``ValueError`` as for a missing key. Sessions then fall back to the database
(nobody is signed out), pages are rendered, and rate limits count nothing until Redis is back (they
fail open: the alternative is refusing every sign-in).

After a failure it does not try again for ``RETRY_AFTER`` seconds, so a Redis that hangs costs one
timeout per process per second, not one per request. Timeouts are short (``OPTIONS``:
``socket_connect_timeout``, ``socket_timeout``, set in settings).
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger("newsroom.cache")

RETRY_AFTER = 1.0


def _tolerant(method, fallback):
    """``method``, answering ``fallback(...)`` instead when Redis fails or failed a moment ago."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            self._failed(method.__name__, error)
            return fallback(*args, **kwargs)

    return wrapper


def _missing(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found (the cache is unavailable).")


def _nothing(*args, **kwargs):
    return None


def _no(*args, **kwargs):
    return False


def _default(key, default=None, version=None):
    return default


class TolerantRedisCache(RedisCache):
    _down_until = 0.0
    _last_logged = 0.0

    def _failed(self, operation, error):
        now = time.monotonic()
        self._down_until = now + RETRY_AFTER
        if now - self._last_logged > 10:
            self._last_logged = now
            log.warning("Redis cache unavailable (%s: %s): carrying on without it.", operation, error)

    get = _tolerant(RedisCache.get, _default)
    set = _tolerant(RedisCache.set, _nothing)
    add = _tolerant(RedisCache.add, _no)
    touch = _tolerant(RedisCache.touch, _no)
    delete = _tolerant(RedisCache.delete, _no)
    has_key = _tolerant(RedisCache.has_key, _no)
    incr = _tolerant(RedisCache.incr, _missing)
    get_many = _tolerant(RedisCache.get_many, lambda keys, *args, **kwargs: {})
    set_many = _tolerant(RedisCache.set_many, lambda data, *args, **kwargs: list(data))
    delete_many = _tolerant(RedisCache.delete_many, _nothing)
    clear = _tolerant(RedisCache.clear, _no)
