"""Rate limits for forms that guess at passwords or send e-mail, counted in Django's cache.

A ``Limit`` allows ``count`` attempts per ``seconds`` for one key: a client address, an account name
or an e-mail address. Windows are fixed (the counter resets when the window ends), which is cheap —
one ``add`` and one ``incr`` in the cache — and good enough against guessing: an attacker gets at
most twice the count across a window boundary. Keys are hashed, so no address or e-mail is stored
in the cache in clear.

    LOGIN_BY_IP = Limit("login-ip", count=30, seconds=15 * 60)
    if LOGIN_BY_IP.exceeded(client_ip(request)):
        return too_many_attempts(request, "accounts/login.html", {...}, LOGIN_BY_IP)

Usable by any view (the admin sign-in too): ``check(request, [(limit, value), ...])`` counts an
attempt against every key and returns the first limit exceeded, or None.

The counts live in the cache — the ``ratelimit`` cache if settings define one, else the default.
With the local-memory cache each process counts on its own, so production uses Redis
(``REDIS_URL``), where every process shares the counts.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.shortcuts import render


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int

    def _key(self, value: str) -> str:
        window = int(time.time() // self.seconds)
        digest = hashlib.sha256(f"{self.name}:{value}".encode()).hexdigest()[:32]
        return f"ratelimit:{self.name}:{digest}:{window}"

    def hit(self, value: str) -> int:
        """Count one attempt for ``value``; returns the attempts in this window, this one included."""
        cache = counts()
        key = self._key(value.strip().lower())
        # add() is atomic: only the first attempt in a window creates the counter.
        if cache.add(key, 1, timeout=self.seconds + 5):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=self.seconds + 5)
            return 1

    def exceeded(self, value: str) -> bool:
        """Count an attempt and say whether it goes over the limit."""
        return self.hit(value) > self.count

    @property
    def wait_minutes(self) -> int:
        """The longest wait before the window resets, in whole minutes (at least one)."""
        return max(1, -(-self.seconds // 60))


def counts():
    return caches["ratelimit"] if "ratelimit" in settings.CACHES else cache


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the address our own proxies saw (``TRUSTED_PROXIES``).

    Only the entries our proxies appended to X-Forwarded-For are trusted; anything further left
    was sent by the client and could be anything."""
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def check(request, limits):
    """Count one attempt against each ``(limit, value)`` pair (empty values are skipped); return the
    first limit exceeded, or None. Every pair is counted, so a burst is throttled on all keys."""
    over = None
    for limit, value in limits:
        if value and limit.exceeded(value) and over is None:
            over = limit
    return over


def too_many_attempts(request, template, context, limit):
    """The form page again, with a clear message, as HTTP 429 with Retry-After."""
    minutes = limit.wait_minutes
    context = {
        **context,
        "rate_limited": (
            f"Too many attempts. For your security, please wait {minutes} minute"
            f"{'s' if minutes != 1 else ''} and try again."
        ),
    }
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(limit.seconds)
    return response
