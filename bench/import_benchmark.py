"""Benchmark ``import_atp``: migrate a fresh database, import the ATP files, then import them again.

    .venv/bin/python bench/import_benchmark.py ../shared/data/atp ../shared/data/atp-history

Takes files and folders, as ``import_atp`` does. For each run it prints the wall time per kind of
file (and the slowest files), the time per phase of the import (reading the files, checking rows,
loading and comparing stored records, writing), the CPU time of the process, the load average, the
peak RSS and the database size. By default the database is a new SQLite file in a temporary folder,
deleted afterwards; ``--database-url`` points it at another database, which must be a throwaway one
(say ``createdb bench`` … ``dropdb bench``): the import writes into it.
"""

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="ATP CSV files or folders")
    parser.add_argument("--database-url", help="a throwaway database (default: a temporary SQLite file)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        db_file = Path(folder) / "bench.sqlite3"
        # Before django.setup(): the settings read DATABASE_URL once. Never the project's db.sqlite3.
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{db_file}"
        os.environ.setdefault("SECRET_KEY", "import-benchmark-only")
        os.environ["DEBUG"] = ""  # DEBUG keeps every query in memory and would inflate the RSS
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        run(args.paths, db_file if not args.database_url else None)


def run(paths, db_file):
    from django.core.management import call_command
    from django.db import connection

    from matches.atp_import import import_paths

    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {connection.vendor}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")

    for label in ("first run", "second run"):
        started, cpu_started = time.perf_counter(), time.process_time()
        report = import_paths(paths)
        total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        print(f"\n{label}:")
        by_kind = {}
        for _, kind, seconds in report.files:
            files, spent = by_kind.get(kind, (0, 0.0))
            by_kind[kind] = (files + 1, spent + seconds)
        for kind, (files, spent) in by_kind.items():
            print(f"  {kind} files: {files}, {spent:.1f} s")
        slowest = sorted(report.files, key=lambda f: -f[2])[:3]
        print(
            "  slowest files:",
            ", ".join(f"{Path(path).name} {seconds:.1f} s" for path, _, seconds in slowest),
        )
        print(f"  phases: {'wall':>44} {'CPU':>7}")
        for phase, seconds in sorted(report.phases.items(), key=lambda item: -item[1]):
            print(f"    {phase:<46}{seconds:>6.1f} s {report.phases_cpu[phase]:>5.1f} s")
        # On a shared machine the wall time depends on the neighbours; the CPU time much less so.
        print(f"  total: {total:.1f} s wall, {cpu:.1f} s CPU in this process, load average {load()}")
        for kind, counts in report.counts.items():
            print(
                f"  {kind:<12} created {counts.created:>6}  updated {counts.updated:>6}  "
                f"unchanged {counts.unchanged:>6}  rejected {counts.rejected:>4}"
            )
        print(f"  rejected rows: {len(report.rejected)}, warnings: {len(report.warnings)}")
        for title, counter in (
            ("rejected", report.rejected_by_reason),
            ("warnings", report.warnings_by_reason),
        ):
            for reason, n in counter.most_common():
                print(f"    {title}: {n:>5}  {reason}")
        if report.file_errors:
            print("  files that could not be read:", *report.file_errors, sep="\n    ")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
        print(f"  peak RSS so far: {peak:.0f} MB", flush=True)

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            print(f"\ndatabase size: {cursor.fetchone()[0] / 1024 / 1024:.1f} MB")
    connection.close()  # the last connection checkpoints SQLite's write-ahead log into the file
    if db_file is not None:
        size = sum(p.stat().st_size for p in db_file.parent.glob(db_file.name + "*"))
        print(f"\ndatabase file: {size / 1024 / 1024:.1f} MB")


def load():
    return " ".join(f"{n:.1f}" for n in os.getloadavg())


if __name__ == "__main__":
    main()
