"""Serve the site with gunicorn and load reader pages, each beside the machine's ceiling for it.

    .venv/bin/python bench/serve_benchmark.py --database-url sqlite:////tmp/history.sqlite3
    .venv/bin/python bench/serve_benchmark.py \\
        --database-url postgres://postgres@127.0.0.1:5432/bench --redis-url redis://127.0.0.1:6379/11

The site runs as in production: ``gunicorn -c gunicorn.conf.py newsroom.wsgi`` (sync workers,
``--workers`` of them, 2 by default), DEBUG off, a SECRET_KEY, static files collected into a
temporary STATIC_ROOT (hashed and compressed by WhiteNoise), request logs written to a file. The
database is the one given (nothing is written to it but the page cache's own row); with
``--redis-url`` Redis is the cache. Each page is measured twice: uncached (``PAGE_CACHE=0``, every
request renders the page) and cached (``PAGE_CACHE=1``); ``--cache off`` or ``--cache on`` runs one.

The ceiling: in the same run, the same gunicorn with the same settings serves ``bench/ceiling_app.py``,
a WSGI app that answers each page with the exact status, headers and bytes the site just answered,
from memory. What the site does per second, as a share of what the ceiling does, is how near the
machine's limit the page is.

Load: ``wrk`` (Debian: ``apt-get install wrk``), ``--connections`` (8) connections on two threads for
``--duration`` (10) seconds per page and server, asking for gzip as browsers do; without wrk, a small
Python load generator (threads and ``http.client``) stands in, and the report says so — it is slower
than wrk and shares the CPU, so its figures are lower. Reported per page: the page's size as sent,
requests a second, the median and 99th-percentile latency, errors (non-2xx answers and socket
errors), the server's CPU time per request (its workers' user and system time over the run: steadier
than the wall clock on a shared machine), and the share of the ceiling. The load average is printed
before and after each page.
"""

import argparse
import http.client
import json
import os
import pickle
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
STORY = "/news/norrie-stuns-world-no-1-alcaraz-at-the-paris-masters/"

# (name, path or a function of nothing giving one)
PAGES = [
    ("home", "/"),
    ("story", STORY),
    ("player (Sinner)", "/players/jannik-sinner/"),
    ("player (Federer)", "/players/roger-federer/"),
    ("head-to-head", "/players/novak-djokovic/vs/rafael-nadal/"),
    ("match", "match:paris-masters/2025/R32"),
    ("edition (Wimbledon 2024)", "/tournaments/wimbledon/2024/"),
    ("tournaments", "/tournaments/"),
]
HEADERS = {"Accept-Encoding": "gzip", "User-Agent": "serve-benchmark"}
SKIPPED_HEADERS = {"date", "server", "connection", "transfer-encoding", "keep-alive"}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument(
        "--redis-url", default="", help="Redis as Django's cache (the page cache's shared tier)"
    )
    parser.add_argument("--port", type=int, default=8161, help="the site's port; the ceiling's is the next")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page and server")
    parser.add_argument("--cache", choices=["both", "off", "on"], default="both")
    parser.add_argument("--only", help="only the pages whose name contains this text")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="serve-benchmark-"))
    env = server_env(args, workdir)
    try:
        generator = f"wrk {wrk_version()}" if shutil.which("wrk") else "Python threads (wrk not found)"
        print(f"load generator: {generator}")
        print(
            f"{os.cpu_count()} cores; {args.workers} sync workers; {args.connections} connections; "
            f"{args.duration} s a page; database {redact(args.database_url)}; "
            f"cache {'Redis' if args.redis_url else 'local memory'}"
        )
        collectstatic(env)
        pages = resolve(env, args.only)
        results = []
        modes = {"both": ["off", "on"], "off": ["off"], "on": ["on"]}[args.cache]
        for mode in modes:
            results += run_mode(args, env, workdir, pages, mode)
        report(results)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def redact(url):
    return re.sub(r"//([^:@/]+):[^@/]+@", r"//\1:***@", url)


def server_env(args, workdir):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "REDIS_URL", "PAGE_CACHE", "SECURE", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=args.database_url,
        STATIC_ROOT=str(workdir / "static"),
        WEB_CONCURRENCY=str(args.workers),
        GUNICORN_LOG_LEVEL="warning",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    return env


def collectstatic(env):
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def resolve(env, only):
    """The pages' paths, with the match's id looked up in the database."""
    code = (
        "import json, sys\n"
        "from matches.models import Match\n"
        "out = {}\n"
        "for key in json.loads(sys.argv[1]):\n"
        "    slug, year, round_code = key.split(':')[1].split('/')\n"
        "    match = Match.objects.filter(edition__tournament__slug=slug, edition__year=int(year),"
        " round=round_code).order_by('id').first()\n"
        "    out[key] = match.get_absolute_url() if match else None\n"
        "print(json.dumps(out))\n"
    )
    wanted = [path for _, path in PAGES if path.startswith("match:")]
    found = subprocess.run(
        [PYTHON, "-c", "import django; django.setup(); exec(" + repr(code) + ")", json.dumps(wanted)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    urls = json.loads(found.stdout.strip().splitlines()[-1])
    pages = []
    for name, path in PAGES:
        if only and only.lower() not in name.lower():
            continue
        path = urls.get(path, path)
        if path:
            pages.append((name, path))
        else:
            print(f"{name}: not in this database, skipped")
    return pages


class Server:
    """gunicorn with the repository's gunicorn.conf.py, on 127.0.0.1:port."""

    def __init__(self, app, port, env, log, *extra):
        self.port = port
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        config = ["-c", "gunicorn.conf.py"] if (ROOT / "gunicorn.conf.py").exists() else ["-k", "sync"]
        command = [PYTHON, "-m", "gunicorn", *config, "--bind", f"127.0.0.1:{port}", *extra, app]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        self.wait_ready()

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on port {self.port} exited with {self.process.returncode}")
            try:
                status, _, _ = fetch(self.port, "/robots.txt")
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {self.port} did not start")

    def pids(self):
        """The master and its workers."""
        found = [self.process.pid]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(stat.parent.name))
        return found

    def cpu_seconds(self):
        """User and system time of the master and workers so far (from /proc)."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])
        return total / ticks

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=HEADERS)
        response = connection.getresponse()
        return response.status, response, response.read()
    finally:
        connection.close()


def warm_up(port, path, connections, rounds=4):
    """Every worker serves the page a few times before it is measured (templates loaded, statements
    prepared, caches filled), so that a worker's first requests are not timed. Sent ``connections``
    at once: one after the other, the same worker may take them all, and the other's first request
    (a quarter of a second on PostgreSQL) would fall inside the measurement, where it holds up every
    request queued behind it."""

    def client():
        for _ in range(rounds):
            fetch(port, path)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_mode(args, env, workdir, pages, mode):
    """Every page against the site with the page cache ``mode`` ('off' or 'on'), and the ceiling."""
    env = {**env, "PAGE_CACHE": "1" if mode == "on" else "0"}
    label = "cached" if mode == "on" else "uncached"
    log_path = workdir / f"gunicorn-{mode}.log"
    with open(log_path, "ab") as log:
        try:
            return _run_mode(args, env, workdir, pages, mode, label, log)
        except Exception:
            print(f"gunicorn's log, last lines:\n{log_path.read_text(errors='replace')[-3000:]}")
            raise


def _run_mode(args, env, workdir, pages, mode, label, log):
    site = Server("newsroom.wsgi", args.port, env, log)
    captured, results = {}, []
    try:
        for _name, path in pages:
            warm_up(args.port, path, max(args.connections, 2 * args.workers))
            status, response, body = fetch(args.port, path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            headers = [(k, v) for k, v in response.getheaders() if k.lower() not in SKIPPED_HEADERS]
            captured[path] = (f"{status} {response.reason}", headers, body)
            if mode == "on" and (state := response.getheader("X-Cache")) != "HIT":
                print(f"  note: {path} is not served from the page cache (X-Cache: {state})")
        pickle_path = workdir / f"ceiling-{mode}.pickle"
        pickle_path.write_bytes(pickle.dumps(captured))
        ceiling = Server(
            "ceiling_app:app",
            args.port + 1,
            {**env, "CEILING_PAGES": str(pickle_path)},
            log,
            "--pythonpath",
            str(ROOT / "bench"),
        )
        try:
            for name, path in pages:
                encoding = dict((k.lower(), v) for k, v in captured[path][1]).get("content-encoding", "")
                row = {
                    "page": name,
                    "path": path,
                    "mode": label,
                    "bytes": len(captured[path][2]),
                    "encoding": encoding,
                    "load_before": os.getloadavg()[0],
                }
                row["site"] = load(site, path, args)
                row["ceiling"] = load(ceiling, path, args)
                row["load_after"] = os.getloadavg()[0]
                row["share"] = row["site"]["rps"] / row["ceiling"]["rps"] if row["ceiling"]["rps"] else None
                results.append(row)
                print(line(row), flush=True)
        finally:
            ceiling.stop()
    finally:
        site.stop()
    return results


def load(server, path, args):
    """Requests a second, latencies and errors for ``path`` on ``server``, and its CPU per request."""
    url = f"http://127.0.0.1:{server.port}{path}"
    cpu_before = server.cpu_seconds()
    result = run_wrk(url, args) if shutil.which("wrk") else run_python_load(server.port, path, args)
    cpu = server.cpu_seconds() - cpu_before
    result["cpu_ms_per_request"] = 1000 * cpu / result["requests"] if result["requests"] else None
    return result


def wrk_version():
    found = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    match = re.search(r"wrk (\S+)", found.stdout + found.stderr)
    return match[1] if match else "(version unknown)"


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(url, args):
    command = ["wrk", f"-t{min(2, args.connections)}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--latency", "--timeout", "10s"]
    for key, value in HEADERS.items():
        command += ["-H", f"{key}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", out)[1])
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50_ms": _ms(re.search(r"\s50%\s+(\S+)", out)[1]),
        "p99_ms": _ms(re.search(r"\s99%\s+(\S+)", out)[1]),
        "errors": errors + (int(non_2xx[1]) if non_2xx else 0),
    }


def run_python_load(port, path, args):
    """Stand-in for wrk: ``connections`` threads, each sending requests one after the other."""
    latencies, errors = [], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + args.duration

    def worker():
        mine = []
        connection = None
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", path, headers=HEADERS)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
                mine.append((time.perf_counter() - started) * 1000)
            except OSError:
                errors[0] += 1
                connection = None
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) if latencies else None,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] if latencies else None,
        "errors": errors[0],
    }


def line(row):
    site, ceiling = row["site"], row["ceiling"]
    size = f"{row['bytes'] / 1024:.1f} KB{' ' + row['encoding'] if row['encoding'] else ''}"
    cpu = site["cpu_ms_per_request"]
    return (
        f"{row['mode']:<9} {row['page']:<26} {size:>13}  {site['rps']:>8.0f}/s p50 {site['p50_ms']:6.1f} ms "
        f"p99 {site['p99_ms']:6.1f} ms  cpu {cpu:5.2f} ms/req  errors {site['errors']}  |  ceiling "
        f"{ceiling['rps']:>7.0f}/s p99 {ceiling['p99_ms']:5.1f} ms  |  share {row['share']:.3f}  "
        f"(load {row['load_before']:.1f} -> {row['load_after']:.1f})"
    )


def report(results):
    print()
    print("| page | cache | size | req/s | p50 | p99 | CPU/request | ceiling req/s | ceiling p99 | share |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in results:
        site, ceiling = row["site"], row["ceiling"]
        print(
            f"| {row['page']} | {row['mode']} | {row['bytes'] / 1024:.1f} KB | {site['rps']:.0f} | "
            f"{site['p50_ms']:.1f} ms | {site['p99_ms']:.1f} ms | {site['cpu_ms_per_request']:.2f} ms | "
            f"{ceiling['rps']:.0f} | {ceiling['p99_ms']:.1f} ms | {row['share']:.2f} |"
        )


if __name__ == "__main__":
    main()
