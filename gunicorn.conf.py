"""gunicorn settings for Baseline: ``gunicorn -c gunicorn.conf.py newsroom.wsgi``.

Each value can be set from the environment (shown beside it), so one file serves every app server.
Requests are logged by Django, one JSON line each (newsroom/requestlog.py), so gunicorn's own access
log is off; its error log goes to stderr.
"""

import gc
import multiprocessing
import os

# Where to listen (GUNICORN_BIND, or PORT for platforms that set it).
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"

# Sync workers: one request at a time each. Pages from the cache take well under a millisecond, so
# a few workers per core keep up with a lot of readers; rendering ones wait on the database.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"

# A request still running after this long is killed (its worker restarted); requests are short.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5

# Load Django once in the master, then fork: workers start fast and share the loaded code's memory.
# No database or cache connection is opened at import, and post_fork closes any that were.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"

# Restart a worker after this many requests (0: never), to bound memory in a long-running process.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10

accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The proxies allowed to say a request came over HTTPS (X-Forwarded-Proto): the load balancer.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


# Python's cyclic garbage collector: a rendered page allocates tens of thousands of objects, and
# with the default threshold (700) each page set off several collections, the older generations
# walking every object of the loaded code. The loaded code is frozen out of collections in the
# master (when_ready, before the fork: the workers also share those pages of memory longer), and
# the youngest generation is collected every 3,000 allocations (GUNICORN_GC_THRESHOLD: the three
# thresholds of gc.set_threshold). Every 10,000 cost as little in all but paused a player page for up
# to 5 ms at a time (its p99 rose by as much); every 3,000, for 1.5 ms at most.
GC_THRESHOLD = tuple(int(n) for n in os.environ.get("GUNICORN_GC_THRESHOLD", "3000,10,100").split(","))


def when_ready(server):
    # With the app preloaded, what every worker's first request would do (the URLconf, the
    # templates) is done once here, before the fork (newsroom/warmup.py).
    if preload_app:
        try:
            from newsroom.warmup import warm_up

            server.log.info("Warmed up: %d templates compiled before forking the workers", warm_up())
        except Exception:  # a worker does the same on its first request anyway
            server.log.warning(
                "Warm-up failed: the workers will do it on their first requests", exc_info=True
            )
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    from django.db import connections

    connections.close_all()
    gc.set_threshold(*GC_THRESHOLD)
