"""``/healthz``: whether this app server can serve, for load balancers and monitoring.

200 while the database answers, 503 when it does not (take the server out of rotation). The cache is
reported but never fails the check: without Redis the site serves on, a little slower. The body is
JSON, e.g. ``{"status": "ok", "database": "ok", "cache": "ok", "page_cache": "on"}``; errors are named
by kind only (the details go to the log), since the address is public.

The check runs first in the middleware stack: a probe over plain HTTP, addressed by the server's own
IP (a Host not in ``ALLOWED_HOSTS``), gets an answer rather than a redirect or a 400, and no session,
cookie or page cache is involved.
"""

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import JsonResponse

log = logging.getLogger("newsroom.health")

PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") == PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)


def healthz(request):
    started = time.perf_counter()
    database = check_database()
    report = {
        "status": "ok" if database == "ok" else "unavailable",
        "database": database,
        "cache": check_cache(),
        "page_cache": "on" if getattr(settings, "PAGE_CACHE", False) else "off",
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }
    response = JsonResponse(report, status=200 if database == "ok" else 503)
    response["Cache-Control"] = "no-store"
    return response


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        log.warning("Health check: database unavailable: %s", error)
        return f"error: {type(error).__name__}"
    return "ok"


def check_cache():
    """A write and a read of the default cache. The tolerant Redis backend turns errors into misses,
    so a cache that is down reads back nothing."""
    backend = caches["default"]
    # A key of this thread's own: app servers probed at the same moment share one Redis, and one
    # server's write must not make another's read look wrong.
    key = f"healthz:probe:{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
    value = str(time.time())
    try:
        backend.set(key, value, 10)
        ok = backend.get(key) == value
    except Exception as error:
        log.warning("Health check: cache unavailable: %s", error)
        return f"error: {type(error).__name__}"
    return "ok" if ok else "unavailable"
