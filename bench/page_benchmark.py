"""Benchmark reader pages in-process: render each URL many times and report the time and queries.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/page_benchmark.py \\
        /tournaments/wimbledon/2024/ /matches/123/

The database must already hold the data (``manage.py migrate`` and ``manage.py import_atp
../shared/data/atp`` into the same ``DATABASE_URL``); nothing is written. Each URL is fetched once to
warm up (template loading, the first connection), then ``--repeat`` times through Django's test
client with no cache; the script prints the status, the size of the page, the number of queries,
the median, fastest and slowest wall time of a request, and the median CPU time of the process per
request (steadier than wall time on a shared machine; it leaves out time waiting for the database
server, so compare PostgreSQL runs by wall time).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+", help="paths on the site, e.g. /tournaments/wimbledon/2024/")
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per URL (default 50)")
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        parser.error("set DATABASE_URL to a database that holds the imported data")

    os.environ.setdefault("SECRET_KEY", "page-benchmark-only")
    os.environ["DEBUG"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    run(args.urls, args.repeat)


def run(urls, repeat):
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    print(f"{connection.vendor}, {os.cpu_count()} cores; {repeat} timed requests per URL after one warm-up")
    columns = ("status", 6), ("KB", 6), ("queries", 7), ("median", 8), ("min", 8), ("max", 8), ("CPU", 8)
    print(f"{'URL':<42} " + " ".join(f"{name:>{width}}" for name, width in columns))
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": plain}
    dummy_cache = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    # As in production (DEBUG off), but no collectstatic needed and no page served from a cache.
    with override_settings(ALLOWED_HOSTS=hosts, STORAGES=storages, CACHES=dummy_cache):
        client = Client()
        for url in urls:
            response = client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            query_count = len(queries)  # read now: the next request empties the connection's log
            times, cpu = [], []
            for _ in range(repeat):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            print(
                f"{url:<42} {response.status_code:>6} {len(response.content) / 1024:>6.0f} "
                f"{query_count:>7} {statistics.median(times):>6.1f}ms {min(times):>6.1f}ms "
                f"{max(times):>6.1f}ms "
                f"{statistics.median(cpu):>6.1f}ms"
            )


if __name__ == "__main__":
    main()
