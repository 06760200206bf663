"""Running the site: /healthz, one log line a request, and pages that survive their database and Redis."""

import json
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from articles.models import ArticleQuerySet
from pagecache import generation, schedule
from pagecache.store import clear_local
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parent.parent
DOWN = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there: every Redis call fails


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True
    clear_local()
    schedule.forget()
    yield
    clear_local()
    schedule.forget()


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "newsroom.cache.TolerantRedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }


def database_down():
    """Every reader query fails as with PostgreSQL stopped: the generation and the stories."""
    return mock.patch.multiple(
        "pagecache.generation", current=mock.Mock(side_effect=DOWN)
    ), mock.patch.object(ArticleQuerySet, "published", side_effect=DOWN)


# --- the database goes away ---------------------------------------------------------------------


@pytest.mark.django_db
def test_with_the_database_down_a_cached_page_is_served_as_it_last_was(page_cache, client):
    story = ArticleFactory(title="Last good headline")
    assert client.get(story.get_absolute_url())["X-Cache"] == "MISS"
    generation_down, stories_down = database_down()
    with generation_down, stories_down:
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Last good headline" in response.content.decode()
    assert response["X-Cache"] == "STALE"
    assert response["Cache-Control"] == "no-cache"  # not to be kept as fresh by a CDN


@pytest.mark.django_db
def test_a_page_whose_rendering_fails_on_the_database_gets_its_last_good_copy(page_cache, client):
    """The generation could still be read (it moved on, so the copy is not fresh), then the database
    went away while the page was being made."""
    ArticleFactory(title="Home before the outage")
    assert client.get("/")["X-Cache"] == "MISS"
    generation.bump_now()
    with mock.patch.object(ArticleQuerySet, "published", side_effect=DOWN):
        response = client.get("/")
    assert response.status_code == 200 and response["X-Cache"] == "STALE"
    assert "Home before the outage" in response.content.decode()


@pytest.mark.django_db
def test_a_page_never_cached_gets_a_503_not_a_500(page_cache, client):
    generation_down, stories_down = database_down()
    with generation_down, stories_down:
        response = client.get("/news/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Back in a moment" in response.content.decode()


@pytest.mark.django_db
def test_signed_in_readers_get_a_503_too(client, reader):
    client.force_login(reader)
    with mock.patch.object(ArticleQuerySet, "published", side_effect=DOWN):
        assert client.get("/").status_code == 503


# --- Redis goes away ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_with_redis_down_pages_render_and_readers_stay_signed_in(page_cache, redis_down, reader):
    story = ArticleFactory(title="Still here")
    anonymous = Client()
    for expected in ("MISS", "HIT"):  # the second from this process's memory
        response = anonymous.get(story.get_absolute_url())
        assert response.status_code == 200 and response["X-Cache"] == expected
    signed_in = Client()
    response = signed_in.post("/accounts/login/", {"username": "reader", "password": "a-reader-password"})
    assert response.status_code == 302
    for _ in range(2):  # the session is read back from the database
        response = signed_in.get("/accounts/")
        assert response.status_code == 200 and "Sign out" in response.content.decode()


def test_the_tolerant_cache_answers_as_an_empty_cache(redis_down):
    from django.core.cache import cache

    assert cache.get("x") is None
    assert cache.get("x", "fallback") == "fallback"
    assert cache.set("x", 1) is None
    assert cache.add("x", 1) is False
    assert cache.get_many(["x", "y"]) == {}
    assert cache.get_or_set("x", 5) == 5
    with pytest.raises(ValueError):
        cache.incr("x")


# --- /healthz -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_says_ok_with_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    report = json.loads(response.content)
    assert report["status"] == "ok" and report["database"] == "ok" and report["cache"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_a_probe_addressed_by_ip_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.3.7:8000")
    assert response.status_code == 200


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch("newsroom.health.connection") as connection:
        connection.cursor.side_effect = DOWN
        response = client.get("/healthz")
    assert response.status_code == 503
    report = json.loads(response.content)
    assert report == {**report, "status": "unavailable", "database": "error: OperationalError"}
    assert "127.0.0.1" not in response.content.decode()  # details go to the log, not to the world


@pytest.mark.django_db
def test_healthz_stays_200_when_only_the_cache_is_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["cache"] == "unavailable"


# --- one log line a request ---------------------------------------------------------------------


@pytest.fixture
def request_log(caplog):
    logger = logging.getLogger("newsroom.requests")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="newsroom.requests")
    yield lambda: [json.loads(r.getMessage()) for r in caplog.records if r.name == "newsroom.requests"]
    logger.removeHandler(caplog.handler)


@pytest.mark.django_db
def test_each_request_is_one_json_line(page_cache, client, request_log):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    client.get(story.get_absolute_url())
    client.get("/no-such-page/")
    first, second, missing = request_log()
    assert first["method"] == "GET" and first["path"] == story.get_absolute_url()
    assert first["status"] == 200 and first["cache"] == "miss" and second["cache"] == "hit"
    assert isinstance(first["ms"], float)
    assert missing["status"] == 404
    assert "queries" not in first


@pytest.mark.django_db
def test_with_debug_the_line_counts_queries(settings, client, request_log):
    settings.DEBUG = True
    ArticleFactory()
    client.get("/")
    (line,) = request_log()
    assert line["queries"] > 0


@pytest.mark.django_db
def test_secrets_in_addresses_stay_out_of_the_log(client, request_log):
    client.get("/accounts/email/confirm/a-secret-token-value/")
    (line,) = request_log()
    assert "a-secret-token-value" not in json.dumps(line)
    assert line["path"] == "/accounts/email/confirm/<str:token>/"


@pytest.mark.django_db(transaction=True)
def test_reading_the_generation_replaces_a_connection_lost_since_the_last_request():
    """The generation's query stands in for Django's connection health check: after a database
    restart the kept connection fails once, and the query is sent again on a new one."""
    from django.db import connection

    connection.ensure_connection()
    connection.close_if_unusable_or_obsolete()  # what the start of a request does
    with (
        mock.patch("pagecache.generation._read", side_effect=[DOWN, 42]) as read,
        mock.patch.object(connection, "close", wraps=connection.close) as close,
    ):
        assert generation.current() == 42
    assert read.call_count == 2 and close.call_count == 1


@pytest.mark.django_db
def test_a_generation_that_cannot_be_read_is_an_error_inside_a_transaction():
    with mock.patch("pagecache.generation._read", side_effect=DOWN), pytest.raises(OperationalError):
        generation.current()


# --- gunicorn ------------------------------------------------------------------------------------


def test_gunicorn_logs_its_start_and_its_workers_cleanly(tmp_path):
    """Its own lines (start, address, each worker's boot) print with the worker's pid, no logging errors."""
    env = {
        **{
            key: value
            for key, value in os.environ.items()
            if key not in ("DEBUG", "DATABASE_URL", "REDIS_URL")
        },
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": "gunicorn-test-" + "x" * 50,
        "DEBUG": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_BIND": "127.0.0.1:0",
        "GUNICORN_LOG_LEVEL": "info",
        "WEB_CONCURRENCY": "1",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "newsroom.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            deadline = time.monotonic() + 30
            while "Booting worker" not in log.read_text() and time.monotonic() < deadline:
                assert server.poll() is None, log.read_text()
                time.sleep(0.1)
        finally:
            server.terminate()
            server.wait(10)
    text = log.read_text()
    assert "Logging error" not in text
    assert re.search(r"\[\d+\] \[INFO\] Listening at: http://127\.0\.0\.1:\d+", text), text
    assert re.search(r"\[\d+\] \[INFO\] Booting worker with pid: \d+", text), text
    # The master compiled the templates before forking (newsroom/warmup.py): no worker does it again.
    assert re.search(r"\[INFO\] Warmed up: \d+ templates compiled before forking the workers", text), text


def test_the_warm_up_compiles_every_template_of_the_site(caplog):
    from newsroom.warmup import warm_up

    templates = list((ROOT / "templates").rglob("*.html"))
    with caplog.at_level(logging.WARNING):
        assert warm_up() == len(templates) > 50
    assert not caplog.records


# --- behind a connection pooler ------------------------------------------------------------------


def production_settings(**environ):
    """The settings a server started with this environment would run with, or the error it stops with."""
    env = {
        **{
            key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "PAGE_CACHE"))
        },
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": "pooler-test-" + "x" * 50,
        "DEBUG": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": "postgres://baseline@db.example:6432/baseline",
        **environ,
    }
    code = (
        "import json\n"
        "from django.conf import settings\n"
        "db = settings.DATABASES['default']\n"
        "print(json.dumps({'options': db['OPTIONS'],"
        " 'no_cursors': db.get('DISABLE_SERVER_SIDE_CURSORS', False),"
        " 'listen': settings.PAGE_CACHE_LISTEN, 'pipeline': settings.DATABASE_PIPELINE}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    return result


def test_behind_a_transaction_pooler_nothing_outlives_a_transaction():
    """PgBouncer in transaction mode: no prepared statements, no LISTEN, no server-side cursors."""
    result = production_settings(DATABASE_POOLER="transaction")
    assert result.returncode == 0, result.stderr
    chosen = json.loads(result.stdout)
    assert "prepare_threshold" not in chosen["options"]
    assert "server_side_binding" not in chosen["options"]
    assert chosen["no_cursors"] is True
    assert chosen["listen"] is False
    assert chosen["pipeline"] is True  # a batch holds its server connection until its Sync


def test_without_a_pooler_statements_are_prepared_and_changes_heard():
    chosen = json.loads(production_settings().stdout)
    assert chosen["options"]["prepare_threshold"] == 2
    assert chosen["no_cursors"] is False
    assert chosen["listen"] is True


def test_a_switch_set_by_hand_wins_over_the_pooler_default():
    chosen = json.loads(production_settings(DATABASE_POOLER="transaction", DATABASE_PREPARE="1").stdout)
    assert chosen["options"]["prepare_threshold"] == 2  # PgBouncer 1.21+ with max_prepared_statements


def test_an_unknown_pooler_mode_stops_the_server_with_a_clear_message():
    result = production_settings(DATABASE_POOLER="statement")
    assert result.returncode != 0
    assert "DATABASE_POOLER='statement'" in result.stderr
    assert "transaction" in result.stderr
