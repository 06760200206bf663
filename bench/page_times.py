"""Render pages in-process and report the time, size and SQL queries of each: no server, no network.

    DATABASE_URL=sqlite:////path/to/history.sqlite3 .venv/bin/python bench/page_times.py

Point ``DATABASE_URL`` at a database with the data loaded (the demo plus the 1968–2021 history and
2024: see docs/benchmarks.md for how to build one). Each page is fetched once to warm up, then
``--runs`` times with Django's test client; the median and the slowest run are printed, with the
HTML size and the number of queries. The cache is cleared before every run, so these are uncached
render times (the page cache, where there is one, only makes them faster).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAGES = [
    ("home", "/"),
    ("story", "/news/norrie-stuns-world-no-1-alcaraz-at-the-paris-masters/"),
    ("news", "/news/"),
    ("players index", "/players/"),
    ("player: Federer", "/players/roger-federer/"),
    ("player: Federer, all seasons", "/players/roger-federer/?year=all"),
    ("player: Sinner", "/players/jannik-sinner/"),
    ("head-to-head: Djokovic v Nadal", "/players/novak-djokovic/vs/rafael-nadal/"),
    ("match: Norrie d. Alcaraz", "match:paris-masters/2025/R32"),
    ("tournaments index", "/tournaments/"),
    ("tournament: Wimbledon", "/tournaments/wimbledon/"),
    ("edition: Wimbledon 2024", "/tournaments/wimbledon/2024/"),
    ("search: federer", "/search/?q=federer"),
    ("search: wimbledon 2024", "/search/?q=wimbledon+2024"),
    ("feed", "/feeds/latest/"),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", help="only pages whose name contains this text")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    # DEBUG serves static files without collectstatic; it also logs queries, a little slower.
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from matches.models import Match

    client = Client()
    print(f"{'page':<34}{'median':>9}{'slowest':>9}{'KB':>7}{'queries':>9}")
    for name, url in PAGES:
        if args.only and args.only not in name:
            continue
        if url.startswith("match:"):
            slug, year, round_code = url.split(":")[1].split("/")
            match = Match.objects.filter(
                edition__tournament__slug=slug, edition__year=int(year), round=round_code
            ).first()
            if match is None:
                print(f"{name:<34}  (not in this database)")
                continue
            url = match.get_absolute_url()
        response = client.get(url)
        if response.status_code != 200:
            print(f"{name:<34}  HTTP {response.status_code}")
            continue
        times = []
        for _ in range(args.runs):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
        size = len(response.content) / 1024
        print(
            f"{name:<34}{statistics.median(times):>7.1f}ms{max(times):>7.1f}ms{size:>7.0f}{len(queries):>9}"
        )


if __name__ == "__main__":
    main()
