"""One log line a request, as JSON: time, method, path, status, milliseconds, what the page cache did
(``hit``, ``miss``, ``stale``, ``bypass``, ``off``) and, with ``DEBUG``, how many queries it took.

    {"time": "2025-11-03T18:01:02.345+00:00", "method": "GET", "path": "/", "status": 200,
     "ms": 0.4, "cache": "hit"}

The logger is ``newsroom.requests`` (INFO; ``LOG_REQUESTS=0`` turns it off). The middleware sits
first, so the time includes every other middleware and cache hits are logged too. Paths that carry a
secret (e-mail confirmation, password reset and unsubscribe links) are logged as their URL pattern.
"""

import json
import logging
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection

log = logging.getLogger("newsroom.requests")

SECRET_ARGUMENTS = {"token", "uidb64"}


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not log.isEnabledFor(logging.INFO):
            return self.get_response(request)
        started = time.perf_counter()
        queries = len(connection.queries) if settings.DEBUG else None
        response = self.get_response(request)
        write(
            request.method,
            loggable_path(request),
            response.status_code,
            started,
            getattr(request, "page_cache", "-"),
            None if queries is None else len(connection.queries) - queries,
        )
        return response


def write(method, path, status, started, cache, queries=None):
    """The line itself; also written by ``pagecache.fastpath`` for hits answered before Django."""
    line = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "method": method,
        "path": path,
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "cache": cache,
    }
    if queries is not None:
        line["queries"] = queries
    log.info(json.dumps(line))


def loggable_path(request):
    match = getattr(request, "resolver_match", None)
    if match is not None and SECRET_ARGUMENTS & set(match.kwargs):
        return "/" + match.route
    return request.path
