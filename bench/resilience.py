"""Readers, an editor, and PostgreSQL and Redis going away under them: what readers get, what is lost.

    .venv/bin/python bench/resilience.py --database-url postgres://postgres@127.0.0.1:5432/baseline_bench

What it runs:

1. the database: ``migrate``, ``load_demo``, an editor (staff, may change stories) and a reader
   account; ``collectstatic``;
2. a Redis of its own (``redis-server`` on ``--redis-port``, nothing saved to disk), so stopping it
   disturbs nobody else;
3. gunicorn with ``gunicorn.conf.py`` and production settings (DEBUG off, the page cache on, Redis,
   ``--workers`` sync workers) on ``--port``;
4. traffic: ``--readers`` signed-out readers fetching reader pages in turn (home, story, player,
   match, edition, indexes, feed, sitemap), one signed-in reader on /following/, and an editor who,
   signed in to the admin, appends "Edit N." to the demo story's body and saves, again and again. A
   save is *confirmed* when the admin answers with its redirect; right after each confirmed save a
   signed-out request for the story must show it (else it counts as a stale read);
5. the outages: after a steady spell, PostgreSQL is restarted in immediate mode (``--pg-restart``,
   the system cluster by default; ``--private-pg PORT`` makes a throwaway cluster instead), then,
   once the site has recovered, Redis is stopped for ``--redis-down`` seconds and started again.

It prints, per phase, the responses by status for each kind of client, how many pages were served
as last good copies (``X-Cache: STALE``), the confirmed edits missing from the story at the end (lost
edits), stale reads after a confirmed edit, whether the signed-in reader and the editor were ever
signed out, the recovery time after each outage (the first confirmed edit and the first fresh page
after the dependency is back), and whether any gunicorn worker had to be restarted.
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG_BIN = Path("/usr/lib/postgresql/15/bin")


@dataclass
class Result:
    at: float
    who: str  # "anonymous", "signed-in", "editor", "check"
    status: int  # 0: no answer (connection refused or reset)
    cache: str = ""
    ms: float = 0.0


@dataclass
class Log:
    results: list = field(default_factory=list)
    confirmed: dict = field(default_factory=dict)  # edit number -> time confirmed
    attempted: int = 0
    stale_reads: list = field(default_factory=list)
    signed_out: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, result):
        with self.lock:
            self.results.append(result)


# --- HTTP clients ---------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A client with its own cookies that does not follow redirects."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path, data=None, timeout=10):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return 0, {}, ""

    def csrf(self):
        return next((c.value for c in self.jar if c.name.endswith("csrftoken")), "")

    def sign_in(self, path, username, password):
        status, _, html = self.request(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        data = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
        status, headers, _ = self.request(path, data)
        if status != 302:
            raise SystemExit(f"Could not sign in as {username} at {path}: HTTP {status}")


# --- the actors -----------------------------------------------------------------------------------


def reader(base, urls, log, stop, offset):
    browser = Browser(base)
    i = offset
    while not stop.is_set():
        started = time.monotonic()
        status, headers, _ = browser.request(urls[i % len(urls)])
        now = time.monotonic()
        log.add(Result(now, "anonymous", status, headers.get("X-Cache", ""), (now - started) * 1000))
        i += 1


def signed_in_reader(base, log, stop, username, password):
    browser = Browser(base)
    browser.sign_in("/accounts/login/", username, password)
    while not stop.is_set():
        status, headers, _ = browser.request("/following/")
        log.add(Result(time.monotonic(), "signed-in", status))
        if status == 302 and "login" in headers.get("Location", ""):
            log.signed_out["reader"] += 1
            browser.sign_in("/accounts/login/", username, password)
        time.sleep(0.05)


def editor(base, story_id, story_url, log, stop, username, password):
    sys.path.insert(0, str(ROOT))
    from tests.admin_forms import read_form

    browser = Browser(base)
    browser.sign_in("/admin/login/", username, password)
    change = f"/admin/articles/article/{story_id}/change/"
    anonymous = Browser(base)
    number = 0
    while not stop.is_set():
        status, headers, html = browser.request(change)
        log.add(Result(time.monotonic(), "editor", status))
        if status == 302 and "login" in headers.get("Location", ""):
            log.signed_out["editor"] += 1
            browser.sign_in("/admin/login/", username, password)
            continue
        if status != 200:
            time.sleep(0.2)
            continue
        form = read_form(html, "article_form")
        number += 1
        log.attempted = number
        form["body"] = [form["body"][0].rstrip() + f"\n\nEdit {number}."]
        form["_save"] = ["Save"]
        status, headers, _ = browser.request(change, form)
        log.add(Result(time.monotonic(), "editor", status))
        if status == 302 and headers.get("Location", "").rstrip("/").endswith("/admin/articles/article"):
            log.confirmed[number] = time.monotonic()
            status, headers, page = anonymous.request(story_url)
            log.add(Result(time.monotonic(), "check", status, headers.get("X-Cache", "")))
            if f"Edit {number}." not in page:
                log.stale_reads.append((number, status, headers.get("X-Cache", "")))
        time.sleep(0.3)


# --- the services ---------------------------------------------------------------------------------


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def as_postgres(command):
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivatePostgres:
    """A throwaway cluster on its own port, for runs that must not touch the system one."""

    def __init__(self, port):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="baseline-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"

    def start(self):
        run(as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"]))
        self.ctl("start", "-w", "-o", f"-p {self.port} -k {self.dir}")
        run(["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "baseline"])
        return f"postgres://postgres@127.0.0.1:{self.port}/baseline"

    def ctl(self, *args):
        return run(
            as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), *args])
        )

    def restart_command(self):
        return as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w"]
            + ["restart", "-m", "immediate", "-o", f"-p {self.port} -k {self.dir}"]
        )

    def stop(self):
        try:
            self.ctl("stop", "-m", "fast")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    def __init__(self, port):
        self.port = port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            if (
                subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).returncode
                == 0
            ):
                return
            time.sleep(0.1)
        raise SystemExit("Redis did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


def prepare(database_url, redis_url, editor_name, reader_name, password):
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    env.setdefault("SECRET_KEY", "resilience-benchmark")
    for command in (["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]):
        run([PYTHON, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env)
    script = f"""
from django.contrib.auth.models import Group, User
from articles.models import Article
from matches.models import Match
for name, staff in (({editor_name!r}, True), ({reader_name!r}, False)):
    user, _ = User.objects.get_or_create(username=name, defaults={{"email": name + "@example.com"}})
    user.set_password({password!r}); user.is_staff = staff; user.save()
    if staff:
        user.groups.add(Group.objects.get(name="Editors"))
story = Article.objects.published().filter(match__isnull=False).order_by("id").first()
match = story.match
print(story.pk, story.get_absolute_url(), match.get_absolute_url(), match.edition.get_absolute_url(),
      match.player1.get_absolute_url(), match.edition.tournament.get_absolute_url())
"""
    output = run([PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env).stdout.split()
    story_id, *urls = output[-6:]
    return int(story_id), urls, env


def workers_of(master_pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True)
    return sorted(int(pid) for pid in out.stdout.split())


def wait_until_up(base, seconds=30):
    browser = Browser(base)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if browser.request("/healthz")[0] == 200:
            return
        time.sleep(0.2)
    raise SystemExit("gunicorn did not come up")


# --- the report -----------------------------------------------------------------------------------


def summarise(log, phases, outages):
    print("\nResponses by phase (status: count; 0 = no answer)")
    by_phase = defaultdict(lambda: defaultdict(Counter))
    stale = Counter()
    for result in log.results:
        phase = next((name for name, start, end in phases if start <= result.at < end), None)
        if phase is None:
            continue
        by_phase[phase][result.who][result.status] += 1
        if result.cache == "STALE":
            stale[phase] += 1
    for name, start, end in phases:
        print(f"  {name} ({end - start:.1f} s)")
        for who in ("anonymous", "signed-in", "editor", "check"):
            counts = by_phase[name][who]
            if counts:
                total = sum(counts.values())
                errors = sum(n for status, n in counts.items() if status >= 500 or status == 0)
                shown = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))
                print(f"    {who:<10} {total:>6} requests, {errors:>4} errors   ({shown})")
        times = sorted(r.ms for r in log.results if r.who == "anonymous" and start <= r.at < end)
        if times:
            p50, p99 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]
            print(f"    signed-out readers' response time: median {p50:.1f} ms, p99 {p99:.1f} ms")
        if stale[name]:
            print(f"    last good copies served (X-Cache: STALE): {stale[name]}")
    for name, went_at, back_at in outages:
        during = [r for r in log.results if went_at <= r.at <= back_at + 2]
        stale_at = [r.at for r in during if r.who == "anonymous" and r.cache == "STALE"]
        failed_at = [
            r.at for r in during if r.who in ("signed-in", "editor") and (r.status >= 500 or not r.status)
        ]
        down_until = max([went_at, *stale_at, *failed_at])
        fresh = next(
            (
                r.at
                for r in log.results
                if r.at > down_until and r.who == "anonymous" and r.cache in ("HIT", "MISS")
            ),
            None,
        )
        edit = next((t for t in sorted(log.confirmed.values()) if t > down_until), None)
        print(f"\n{name}, times from when it went:")
        print(f"  the command bringing it back returned at {_after(back_at, went_at)}")
        for what, moments in (
            ("last good copies served to signed-out readers", stale_at),
            ("503s to the signed-in reader and the editor", failed_at),
        ):
            if moments:
                print(f"  {what} from {_after(moments[0], went_at)} to {_after(moments[-1], went_at)}")
        print(f"  fresh pages again from {_after(fresh, went_at)}")
        print(f"  the first confirmed edit after that at {_after(edit, went_at)}")


def _after(moment, start):
    return f"+{moment - start:.2f} s" if moment is not None else "never"


def check_lost_edits(env, story_id, log):
    script = f"from articles.models import Article; print(Article.objects.get(pk={story_id}).body)"
    body = run([PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env).stdout
    saved = {int(n) for n in re.findall(r"Edit (\d+)\.", body)}
    lost = sorted(set(log.confirmed) - saved)
    unconfirmed_saved = sorted(saved - set(log.confirmed))
    print(
        f"\nEdits: {log.attempted} attempted, {len(log.confirmed)} confirmed, lost: {len(lost)} {lost or ''}"
    )
    if unconfirmed_saved:
        print(f"  saved, though its confirmation was lost in the outage: {unconfirmed_saved}")
    print(f"Stale reads right after a confirmed edit: {len(log.stale_reads)} {log.stale_reads or ''}")
    print(
        f"Signed out by the outages: reader {log.signed_out['reader']} times, "
        f"editor {log.signed_out['editor']} times"
    )
    return lost


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="an existing PostgreSQL database (it gets the demo data)")
    parser.add_argument(
        "--private-pg", type=int, metavar="PORT", help="make a throwaway cluster on PORT instead"
    )
    parser.add_argument(
        "--pg-restart",
        default="pg_ctlcluster --skip-systemctl-redirect 15 main restart -m immediate",
        help="the command that restarts the database's server (default: the system cluster)",
    )
    parser.add_argument("--redis-port", type=int, default=8145)
    parser.add_argument("--port", type=int, default=8143)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument(
        "--steady", type=float, default=8, help="seconds of traffic before, between and after"
    )
    parser.add_argument("--redis-down", type=float, default=10)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-redis", action="store_true")
    args = parser.parse_args(argv)
    if not (args.database_url or args.private_pg):
        parser.error("give --database-url or --private-pg")

    private_pg = PrivatePostgres(args.private_pg) if args.private_pg else None
    redis = PrivateRedis(args.redis_port)
    scratch = Path(tempfile.mkdtemp(prefix="baseline-resilience-"))
    gunicorn = None
    stop = threading.Event()
    try:
        database_url = private_pg.start() if private_pg else args.database_url
        restart = private_pg.restart_command() if private_pg else args.pg_restart.split()
        redis.start()
        redis_url = f"redis://127.0.0.1:{args.redis_port}/0"
        password = "resilience-password-1"
        story_id, urls, env = prepare(database_url, redis_url, "rs-editor", "rs-reader", password)
        story_url = urls[0]
        reader_urls = [*urls, "/", "/news/", "/players/", "/tournaments/", "/feeds/latest/", "/sitemap.xml"]
        base = f"http://127.0.0.1:{args.port}"
        env = {
            **env,
            "PORT": str(args.port),
            "WEB_CONCURRENCY": str(args.workers),
            "ALLOWED_HOSTS": "127.0.0.1",
            "PAGE_CACHE": "1",
            "LOG_REQUESTS": "0",
        }
        gunicorn = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "newsroom.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(scratch / "gunicorn.log", "w"),  # noqa: SIM115 (closed with the process)
        )
        wait_until_up(base)
        deadline = time.monotonic() + 30
        while len(workers_of(gunicorn.pid)) < args.workers and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = workers_of(gunicorn.pid)
        print(f"gunicorn {args.workers} workers on {base}; database {database_url}; Redis {redis_url}")
        print(f"readers: {args.readers} signed-out on {len(reader_urls)} pages, 1 signed-in, 1 editor")

        log = Log()
        threads = [
            threading.Thread(target=reader, args=(base, reader_urls, log, stop, i), daemon=True)
            for i in range(args.readers)
        ]
        threads.append(
            threading.Thread(
                target=signed_in_reader, args=(base, log, stop, "rs-reader", password), daemon=True
            )
        )
        threads.append(
            threading.Thread(
                target=editor, args=(base, story_id, story_url, log, stop, "rs-editor", password), daemon=True
            )
        )
        for thread in threads:
            thread.start()

        phases, outages = [], []
        mark = time.monotonic()
        time.sleep(args.steady)
        phases.append(("steady", mark, time.monotonic()))

        if not args.skip_postgres:
            mark = time.monotonic()
            started = time.monotonic()
            run(restart)
            back = time.monotonic()
            print(f"PostgreSQL restarted (immediate): the command took {back - started:.2f} s")
            outages.append(("PostgreSQL", started, back))
            time.sleep(args.steady)
            phases.append(("PostgreSQL restart and after", mark, time.monotonic()))

        if not args.skip_redis:
            mark = time.monotonic()
            redis.stop()
            time.sleep(args.redis_down)
            redis.start()
            back = time.monotonic()
            phases.append((f"Redis stopped {args.redis_down:.0f} s", mark, back))
            outages.append(("Redis", mark, back))
            time.sleep(args.steady)
            phases.append(("after Redis is back", back, time.monotonic()))

        stop.set()
        for thread in threads:
            thread.join(15)
        summarise(log, phases, outages)
        lost = check_lost_edits(env, story_id, log)
        restarted = workers != workers_of(gunicorn.pid)
        print(f"gunicorn workers restarted during the run: {'yes' if restarted else 'no'}")
        if restarted:
            lines = (scratch / "gunicorn.log").read_text().splitlines()
            print("\n".join(["gunicorn's log, last lines:", *lines[-30:]]))
        anonymous_errors = sum(
            1 for r in log.results if r.who == "anonymous" and (r.status >= 500 or r.status == 0)
        )
        return 1 if (anonymous_errors or lost or log.stale_reads) else 0
    finally:
        stop.set()
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(30)
        redis.stop()
        if private_pg:
            private_pg.stop()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
