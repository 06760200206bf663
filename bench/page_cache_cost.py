"""What a page costs in-process, through the whole middleware stack, cached and not: no server, no network.

    DATABASE_URL=sqlite:////path/to/history.sqlite3 .venv/bin/python bench/page_cache_cost.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/page_cache_cost.py

Each page is requested through Django's WSGI handler as a signed-out reader (production settings:
DEBUG off, so run ``collectstatic`` first), and the median time of ``--runs`` requests is printed:

* **hit**: served from this process's memory (the usual case);
* **shared hit**: this process's memory emptied before each request, so the page comes from the
  shared cache (Redis with ``REDIS_URL``; without it there is no shared tier and this is a render);
* **render**: ``PAGE_CACHE`` off, the page made from the database each time;
* **bytes**: a WSGI app that returns the same bytes from memory, for scale;

and the cost of reading the content generation alone (one query by primary key). The query count of
a hit is measured too: it must be 1.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAGES = [
    ("home", "/"),
    ("story", "/news/norrie-stuns-world-no-1-alcaraz-at-the-paris-masters/"),
    ("player: Sinner", "/players/jannik-sinner/"),
    ("head-to-head", "/players/jannik-sinner/vs/carlos-alcaraz/"),
    ("tournaments index", "/tournaments/"),
    ("edition: Wimbledon 2024", "/tournaments/wimbledon/2024/"),
    ("feed", "/feeds/latest/"),
]


def environ(path):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "HTTP_ACCEPT_ENCODING": "gzip, deflate, br",
    }


def request(app, path):
    status = []
    body = b"".join(app(environ(path), lambda s, h, *a: status.append((s, dict(h)))))
    return status[0][0], status[0][1], body


def median_us(app, path, runs, before=None):
    times = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        request(app, path)
        times.append((time.perf_counter() - started) * 1e6)
    return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("SECRET_KEY", "page-cache-benchmark")
    os.environ["LOG_REQUESTS"] = "0"
    os.environ["PAGE_CACHE"] = "1"
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from pagecache import generation
    from pagecache.store import SHARED, clear_local

    app = WSGIHandler()
    shared_name = type(SHARED.cache).__name__ if SHARED.cache else "none"
    print(f"database: {connection.vendor}; shared tier: {shared_name}")
    gen_us = []
    for _ in range(args.runs):
        started = time.perf_counter()
        generation.current()
        gen_us.append((time.perf_counter() - started) * 1e6)
    print(f"reading the generation: {statistics.median(gen_us):.0f} µs (median of {args.runs})\n")

    print(f"{'page':<26}{'KB':>6}{'hit':>9}{'shared hit':>12}{'render':>11}{'bytes':>8}  queries on a hit")
    for name, path in PAGES:
        status, headers, body = request(app, path)
        if not status.startswith("200"):
            print(f"{name:<26}  HTTP {status}")
            continue

        def ceiling(environ, start_response, body=body, headers=headers):
            start_response("200 OK", list(headers.items()))
            return [body]

        settings.PAGE_CACHE = True
        request(app, path)
        hit = median_us(app, path, args.runs)
        queries = []

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            request(app, path)
        shared = median_us(app, path, max(20, args.runs // 5), before=clear_local)
        settings.PAGE_CACHE = False
        render = median_us(app, path, max(10, args.runs // 20))
        settings.PAGE_CACHE = True
        raw = median_us(ceiling, path, args.runs)
        print(
            f"{name:<26}{len(body) / 1024:>6.0f}{hit:>7.0f}µs{shared:>10.0f}µs{render / 1000:>9.1f}ms"
            f"{raw:>6.0f}µs  {len(queries)}"
        )


if __name__ == "__main__":
    main()
