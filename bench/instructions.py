"""Count the CPU instructions a reader page costs, under valgrind: a figure that does not move
with what else the machine is doing (wall and CPU times on a shared 2-core machine move by ±20 %
from one minute to the next).

    DATABASE_URL=sqlite:////tmp/bench2024.sqlite3 .venv/bin/python bench/instructions.py
    DATABASE_URL=... .venv/bin/python bench/instructions.py /players/jannik-sinner/ --requests 20

Needs valgrind (Debian: ``apt-get install valgrind``). Each page is requested in-process through
Django's test client with production settings and the page cache off (as ``page_benchmark.py``),
five times to warm up, then ``--requests`` times with valgrind's counting switched on
(``callgrind_control``); printed: millions of instructions a request. Python under valgrind runs
about fifty times slower: a page of 10 requests takes some 15 seconds.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORY = "/news/norrie-stuns-world-no-1-alcaraz-at-the-paris-masters/"
DEFAULT_PAGES = [STORY, "/players/jannik-sinner/", "match:paris-masters/2025/R32"]


def measure(path, requests):
    """Run in the child, under valgrind: warm up, count ``requests`` requests, exit."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("SECRET_KEY", "instructions-benchmark-only")
    os.environ["DEBUG"] = ""
    os.environ["LOG_REQUESTS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.test import Client
    from page_benchmark import match_url, production_like

    with production_like():
        if path.startswith("match:"):
            slug, year, round_code = path[len("match:") :].split("/")
            path = match_url(slug, int(year), round_code)
        client = Client()
        for _ in range(5):
            client.get(path)
        subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], capture_output=True, check=False)
        for _ in range(requests):
            client.get(path)
        subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], capture_output=True, check=False)
    print(f"PATH {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help=f"pages (default: {', '.join(DEFAULT_PAGES)})")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return measure(args.child, args.requests)
    if not shutil.which("valgrind"):
        parser.error("valgrind is not installed (apt-get install valgrind)")
    if "DATABASE_URL" not in os.environ:
        parser.error("set DATABASE_URL to a database that holds the data")
    for path in args.paths or DEFAULT_PAGES:
        found = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                "--callgrind-out-file=/dev/null",
                sys.executable,
                __file__,
                "--child",
                path,
                "--requests",
                str(args.requests),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        collected = re.search(r"Collected : (\d+)", found.stderr)
        shown = re.search(r"PATH (\S+)", found.stdout)
        if not collected or not shown:
            print(f"{path}: failed\n{found.stderr[-2000:]}")
            continue
        print(f"{shown[1]:<62} {int(collected[1]) / args.requests / 1e6:7.1f} M instructions a request")


if __name__ == "__main__":
    main()
