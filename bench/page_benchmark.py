"""Render reader pages in-process and report the time, CPU, size and SQL queries of each.

    DATABASE_URL=sqlite:////tmp/history.sqlite3 .venv/bin/python bench/page_benchmark.py
    DATABASE_URL=... .venv/bin/python bench/page_benchmark.py --only player --runs 50
    DATABASE_URL=... .venv/bin/python bench/page_benchmark.py /tournaments/wimbledon/2024/ /matches/1/
    DATABASE_URL=... .venv/bin/python bench/page_benchmark.py --profile "tournaments index"

No server and no network: each page goes through Django's test client with production settings
(DEBUG off, no cache and the page cache off: every request renders the page), after ten untimed
requests (``--warmup``: templates loaded, the connection opened, and on PostgreSQL the page's
statements prepared and their plans settled, as on a server that has been up a while). Point
``DATABASE_URL`` at a database that holds the data: the demo plus the whole history
(docs/performance.md says how to build one); nothing is written.

With no URLs, the script measures every page type on the list below, the ones that grow with the
history first among them; a page whose object is not in the database is reported and skipped. It
prints, per page: the status, the size of the HTML, the number of queries, the median, fastest and
slowest wall time of a request and the median CPU time of this process per request. The machine
may be shared, so the load average is printed before and after: CPU time is the steadier figure on
SQLite; on PostgreSQL it leaves out the database server's work, so compare wall times there.

``--profile NAME`` runs one page (the first whose name contains NAME) under cProfile instead and
prints the functions that took the most time (cumulative; ``PROFILE_SORT=tottime`` for their own time,
``PROFILE_CALLERS=deepcopy`` to also print who called the functions matching that pattern).
"""

import argparse
import cProfile
import gc
import logging
import os
import pstats
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORY = "/news/norrie-stuns-world-no-1-alcaraz-at-the-paris-masters/"

# (name, path): a path, or a function of nothing returning one (None if the database lacks it).
PAGES = [
    ("home", "/"),
    ("story", STORY),
    ("news", "/news/"),
    ("news, section", "/news/section/report/"),
    ("corrections", "/corrections/"),
    ("players index", "/players/"),
    ("players index: Spain", "/players/?country=Spain"),
    ("player: Federer", "/players/roger-federer/"),
    ("player: Federer, all seasons", "/players/roger-federer/?year=all"),
    ("player: Federer, all, last page", lambda: last_results_page("roger-federer")),
    ("player: Sinner", "/players/jannik-sinner/"),
    ("player: Norrie", "/players/cameron-norrie/"),
    ("h2h: Djokovic v Nadal", "/players/novak-djokovic/vs/rafael-nadal/"),
    ("match: Paris 2025, Norrie d. Alcaraz", lambda: match_url("paris-masters", 2025, "R32")),
    ("match: Wimbledon 2024 final", lambda: match_url("wimbledon", 2024, "F")),
    ("match: Wimbledon 1980 final", lambda: match_url("wimbledon", 1980, "F")),
    ("tournaments index", "/tournaments/"),
    ("tournaments: ATP Tour A to Z", "/tournaments/level/atp-tour/"),
    ("tournaments: Davis Cup years", "/tournaments/level/davis-cup/"),
    ("tournaments: Davis Cup 1981", "/tournaments/level/davis-cup/1981/"),
    ("tournament: Wimbledon", "/tournaments/wimbledon/"),
    ("tournament: Wimbledon stories", "/tournaments/wimbledon/news/"),
    ("edition: Wimbledon 2024", "/tournaments/wimbledon/2024/"),
    ("edition: Wimbledon 1968", "/tournaments/wimbledon/1968/"),
    ("edition: Paris 2025", "/tournaments/paris-masters/2025/"),
    ("search: federer", "/search/?q=federer"),
    ("search: wimbledon 2024", "/search/?q=wimbledon+2024"),
    ("search: auger-aliassime", "/search/?q=auger-aliassime"),
    ("search: spain", "/search/?q=spain"),
    ("authors", "/authors/"),
    ("author", lambda: first_author_url()),
    ("feed: latest", "/feeds/latest/"),
    ("feed: player (Norrie)", "/feeds/players/cameron-norrie/"),
    ("feed: tournament (Wimbledon)", "/feeds/tournaments/wimbledon/"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap: stories", "/sitemap-stories.xml"),
    ("sitemap: players", "/sitemap-players.xml"),
    ("sitemap: players, page 3", "/sitemap-players.xml?p=3"),
    ("sitemap: tournaments", "/sitemap-tournaments.xml"),
    ("sitemap: levels", "/sitemap-levels.xml"),
    ("sitemap: topics", "/sitemap-topics.xml"),
]


def match_url(slug, year, round_code):
    from matches.models import Match

    match = (
        Match.objects.filter(edition__tournament__slug=slug, edition__year=year, round=round_code)
        .order_by("id")
        .first()
    )
    return match.get_absolute_url() if match else None


def last_results_page(slug):
    """The last page of a player's results over every season: the oldest matches."""
    from matches.models import Match
    from players.models import Player
    from players.views import RESULTS_PER_PAGE

    player = Player.objects.filter(slug=slug).first()
    if player is None:
        return None
    count = Match.objects.for_player(player).count()
    return f"{player.get_absolute_url()}?year=all&page={max(1, -(-count // RESULTS_PER_PAGE))}"


def first_author_url():
    from authors.models import Author

    author = Author.objects.order_by("id").first()
    return author.get_absolute_url() if author else None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="*", help="paths to measure instead of the list of pages")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=10,
        help="untimed requests per page first (default 10: PostgreSQL prepares a statement on its "
        "third use and settles on a plan after five more)",
    )
    parser.add_argument("--only", help="only the pages whose name contains this text")
    parser.add_argument("--profile", metavar="NAME", help="profile the first page whose name has NAME")
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        parser.error("set DATABASE_URL to a database that holds the data")

    os.environ.setdefault("SECRET_KEY", "page-benchmark-only")
    os.environ["DEBUG"] = ""
    os.environ["LOG_REQUESTS"] = "0"  # the request log's line a request, on stdout
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # Quiet: the 404s of pages a database lacks, and whitenoise's note about a missing STATIC_ROOT.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="No directory at")
    pages = [(url, url) for url in args.urls] or [
        (name, url) for name, url in PAGES if not args.only or args.only.lower() in name.lower()
    ]
    if args.profile:
        pages = [(name, url) for name, url in PAGES if args.profile.lower() in name.lower()][:1]
        if not pages:
            parser.error(f"no page named like {args.profile!r}")
    with production_like():
        if args.profile:
            profile(*pages[0])
        else:
            run(pages, args.runs, args.warmup)


def production_like():
    """DEBUG off and no cache, as a server with the page cache switched off (``PAGE_CACHE=0``: the
    page cache still reads its generation, one query a page); static files from ``static/`` (no
    collectstatic needed), any host accepted."""
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return override_settings(
        ALLOWED_HOSTS=["*"],
        PAGE_CACHE=False,
        STORAGES=storages,
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
    )


def machine():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select 'SQLite ' || sqlite_version()")
        else:
            cursor.execute("show server_version")
        version = cursor.fetchone()[0]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{version}, {os.cpu_count()} cores, load average {load}"


def run(pages, runs, warmup=1):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print(f"{machine()}; {runs} timed requests a page after {warmup} untimed")
    columns = ("status", 6), ("KB", 6), ("queries", 7), ("median", 8), ("min", 8), ("max", 8), ("CPU", 8)
    print(f"{'page':<38} " + " ".join(f"{name:>{width}}" for name, width in columns))
    client = Client()
    for name, url in pages:
        if callable(url):
            url = url()
        if url is None:
            print(f"{name:<38} (not in this database)")
            continue
        for _ in range(max(1, warmup)):
            response = client.get(url)
        gc.collect()  # the garbage of the page before is not this page's to collect
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries)  # read now: the next request empties the connection's log
        times, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        print(
            f"{name[:38]:<38} {response.status_code:>6} {len(response.content) / 1024:>6.0f} "
            f"{query_count:>7} {statistics.median(times):>6.1f}ms {min(times):>6.1f}ms "
            f"{max(times):>6.1f}ms {statistics.median(cpu):>6.1f}ms"
        )
    print(f"load average afterwards {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def profile(name, url):
    from django.test import Client

    if callable(url):
        url = url()
    client = Client()
    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        client.get(url)
    profiler.disable()
    print(f"{name}: {url}, 5 requests")
    stats = pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
    stats.print_stats(40)
    if os.environ.get("PROFILE_CALLERS"):
        stats.print_callers(os.environ["PROFILE_CALLERS"])


if __name__ == "__main__":
    main()
