"""The page cache: anonymous readers' pages served whole from memory, never stale.

**What is shared.** A GET or HEAD from a reader with no session and no messages (no session cookie,
no ``messages`` cookie, no ``Authorization``), to any address outside ``PAGE_CACHE_SKIP`` (the admin,
/accounts/, /editor/, /following/, /healthz). Such a reader is signed out, so the page is the one
every signed-out reader gets. It is stored only if it says so itself: a 200 (or a 301), no cookie set,
no ``private``/``no-store``/``no-cache``, no ``Vary`` beyond ``Cookie`` and ``Accept-Encoding``, no
CSRF token and no message shown, no CSP nonce used. Signed-in readers and staff never get a stored
page and never add one; what they get says ``Cache-Control: private, no-store``.

**Never stale.** An entry is served only if it was rendered at the current content generation
(``pagecache.generation``: one row read per request, moved on after every write) by the same build of
the code, and before its expiry: ``PAGE_CACHE_TTL`` at most, and never past the next scheduled
publication or midnight (``pagecache.schedule``). The generation is read *before* rendering, so a page
rendered while a write commits is filed under the older number and never served.

**Survives its dependencies.** If the database cannot be read, the last good copy of the page (kept
``PAGE_CACHE_STALE_TTL``) is served, marked ``X-Cache: STALE``; a page with no copy gets a 503 with
``Retry-After``, never a 500. No write can happen while the database is down, so the copy is as new
as the data. Shared-cache (Redis) errors are misses.

**Headers.** Shared pages: ``PAGE_CACHE_CONTROL`` (public, a short ``max-age`` no longer than the
entry's freshness, ``stale-while-revalidate``, ``stale-if-error``) and an ``ETag``; with
``ConditionalGetMiddleware`` above this one, a matching ``If-None-Match`` gets a 304. ``X-Cache`` says
HIT, MISS, STALE or BYPASS. ``PAGE_CACHE=0`` switches storing off (benchmarks of uncached pages) and
keeps the headers.
"""

import logging
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import cc_delim_re, set_response_etag

from . import generation, schedule
from .store import LOCAL, SHARED, Entry, build_id, page_key, stale_ttl

log = logging.getLogger("pagecache")

STORED_STATUSES = {200, 301}
FAST_PATH_KEY = "pagecache.entry"  # what pagecache.fastpath learns a repeat of this request from
SHAREABLE_VARY = {"cookie", "accept-encoding"}
NOT_STORED_HEADERS = {"cache-control", "x-cache", "expires", "age"}
DEFAULT_CONTROL = "public, max-age={max_age}, stale-while-revalidate=300, stale-if-error=86400"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.page_cache = "bypass"
        if request.path.startswith(_passthrough()):  # static files and media keep their own headers
            return self.get_response(request)
        key = shared_key(request)
        if key is None:
            response = private(self.get_response(request))
            response.headers["X-Cache"] = "BYPASS"
            return response
        if not getattr(settings, "PAGE_CACHE", True):
            request.page_cache = "off"
            response = self.get_response(request)
            return public(response, _ttl()) if shareable(request, response) else private(response)
        return self.cached(request, key)

    def cached(self, request, key):
        now = timezone.now()
        stamp = now.timestamp()
        try:
            current = generation.current()
        except DatabaseError:
            _warn("The content generation cannot be read: serving the last good copies of pages.")
            current = None
        local = LOCAL.get(key)
        if current is not None and local is not None and local.fresh(current, stamp):
            request.environ[FAST_PATH_KEY] = (key, local)
            return serve(request, local, "hit", stamp)
        shared = SHARED.get(key)
        if current is not None and shared is not None and shared.fresh(current, stamp):
            LOCAL.set(key, shared)
            request.environ[FAST_PATH_KEY] = (key, shared)
            return serve(request, shared, "hit", stamp)
        last_good = _newest(local, shared, stamp)
        if current is None and last_good is not None:
            return serve(request, last_good, "stale", stamp)

        request._page_cache_last_good = last_good
        response = self.get_response(request)
        if request.page_cache == "stale":  # answered by process_exception
            return response
        if response.status_code >= 500 and last_good is not None:
            return serve(request, last_good, "stale", stamp)
        if not shareable(request, response):
            response.headers["X-Cache"] = "BYPASS"
            return private(response)
        request.page_cache = "miss"
        expires = stamp + _ttl()
        if current is not None:
            try:
                expires = min(expires, schedule.next_change(current, now).timestamp())
            except DatabaseError:
                return public(response, 0)
            request.environ[FAST_PATH_KEY] = (key, store(key, response, current, expires, stamp))
        response.headers["X-Cache"] = "MISS"
        return public(response, expires - stamp)

    def process_exception(self, request, exception):
        """A database that went away while the page was being made: the last good copy, else 503."""
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        _warn(f"Database unavailable while serving {request.path}: {exception}")
        last_good = getattr(request, "_page_cache_last_good", None)
        if last_good is not None:
            return serve(request, last_good, "stale", time.time())
        return service_unavailable()


def shared_key(request):
    """The key of the shared page this request may get, or None if it is personal or never cached."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(_skipped()):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:  # Django answers 400 further down
        return None
    return page_key(
        request.scheme, host, request.get_full_path(), request.META.get("HTTP_ACCEPT_ENCODING", "")
    )


def shareable(request, response):
    """Whether this response to a signed-out reader is the one every signed-out reader would get."""
    if response.status_code not in STORED_STATUSES or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    vary = {field.strip().lower() for field in cc_delim_re.split(response.get("Vary", "")) if field.strip()}
    if vary - SHAREABLE_VARY:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds this reader's CSRF token
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):  # a message shown to this reader
        return False
    # django-csp: a nonce used in the page belongs to this response's header only.
    return getattr(request, "_csp_nonce", None) is None


def store(key, response, current, expires, stamp):
    if not response.has_header("ETag"):
        set_response_etag(response)
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS
    )
    entry = Entry(current, build_id(), expires, stamp, response.status_code, headers, response.content)
    LOCAL.set(key, entry)
    SHARED.set(key, entry)
    return entry


def serve(request, entry, state, stamp):
    response = HttpResponse(entry.body, status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    if state == "stale":
        response.headers["Cache-Control"] = "no-cache"
    else:
        public(response, entry.expires - stamp)
    response.headers["X-Cache"] = state.upper()
    request.page_cache = state
    return response


def public(response, seconds_fresh):
    control = getattr(settings, "PAGE_CACHE_CONTROL", DEFAULT_CONTROL)
    max_age = max(0, min(int(seconds_fresh), int(getattr(settings, "PAGE_CACHE_MAX_AGE", 60))))
    response.headers["Cache-Control"] = control.format(max_age=max_age)
    return response


def private(response):
    response.headers.setdefault("Cache-Control", "private, no-store")
    return response


def service_unavailable():
    response = HttpResponse(render_to_string("503.html"), status=503)
    response.headers["Retry-After"] = "5"
    response.headers["Cache-Control"] = "no-store"
    return response


def _newest(local, shared, stamp):
    copies = [entry for entry in (local, shared) if entry is not None and stamp - entry.stored < stale_ttl()]
    return max(copies, key=lambda entry: entry.stored, default=None)


def _ttl():
    return int(getattr(settings, "PAGE_CACHE_TTL", 600))


def _skipped():
    return tuple(getattr(settings, "PAGE_CACHE_SKIP", ("/admin/", "/accounts/")))


def _passthrough():
    return tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix and prefix != "/")


_warned = [0.0]


def _warn(message):
    """Outages fail every request: say so every ten seconds, not thousands of times."""
    now = time.monotonic()
    if now - _warned[0] > 10:
        _warned[0] = now
        log.warning(message)
