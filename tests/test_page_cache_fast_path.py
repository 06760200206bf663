"""Page cache hits answered at the WSGI level (pagecache/fastpath.py): the same answer as Django's,
never stale, never to a signed-in reader."""

import json
import logging
import select
import time
from unittest import mock

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import DatabaseError, close_old_connections, connection
from django.test import RequestFactory

from pagecache import generation
from pagecache.fastpath import FastHits
from pagecache.listen import LISTENER
from tests.factories import ArticleFactory
from tests.test_page_cache import commit, page_cache  # noqa: F401  (a fixture)


class Counted:
    """Django's WSGI handler, counting the requests that reach it."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def site(page_cache):  # noqa: F811
    # As Django's test client does: the test's transaction must survive the request signals.
    request_started.disconnect(close_old_connections)
    django = Counted()
    yield FastHits(django), django
    request_started.connect(close_old_connections)


def cached_story(app, **fields):
    """A story whose page this process has stored and learned (three requests: any worker's
    memory, then a hit through Django, then one before it)."""
    story = ArticleFactory(**fields)
    for _ in range(3):
        get(app, story.get_absolute_url())
    return story, story.get_absolute_url()


def get(app, path, **headers):
    environ = RequestFactory().get(path, headers=headers).environ
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = status
        answer["headers"] = dict(response_headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.mark.django_db
def test_a_repeat_is_answered_before_django_with_the_same_status_headers_and_body(site):
    app, django = site
    story = ArticleFactory(title="Norrie stuns Alcaraz")
    url = story.get_absolute_url()
    assert get(app, url)[1]["X-Cache"] == "MISS"  # rendered and stored
    app.learned.clear()
    status, django_headers, django_body = get(app, url)  # a hit, through Django
    assert django_headers["X-Cache"] == "HIT"
    assert django.calls == 2

    status_fast, headers, body = get(app, url)
    assert django.calls == 2  # answered without Django
    assert (status_fast, headers, body) == (status, django_headers, django_body)
    assert b"Norrie stuns Alcaraz" in body
    for name in ("Content-Security-Policy", "ETag", "Permissions-Policy", "X-Content-Type-Options"):
        assert name in headers
    assert headers["Cache-Control"].startswith("public, max-age=")


@pytest.mark.django_db
def test_after_a_write_the_next_request_gets_the_new_page(site):
    app, django = site
    story, url = cached_story(app, title="First version")
    calls = django.calls
    story.title = "Second version"
    story.save()
    commit()
    _, headers, body = get(app, url)
    assert django.calls == calls + 1
    assert b"Second version" in body
    assert headers["X-Cache"] == "MISS"


@pytest.mark.django_db
def test_a_signed_in_reader_or_a_conditional_request_goes_to_django(site, settings):
    app, django = site
    url = ArticleFactory().get_absolute_url()
    get(app, url)
    get(app, url)
    calls = django.calls
    _, headers, _ = get(app, url, cookie=f"{settings.SESSION_COOKIE_NAME}=abc; csrftoken=x")
    assert headers["X-Cache"] == "BYPASS"
    _, headers, _ = get(app, url, cookie="messages=abc")
    assert headers["X-Cache"] == "BYPASS"
    assert get(app, url, authorization="Basic eDp5")[1]["X-Cache"] == "BYPASS"
    etag = get(app, url, cookie="csrftoken=x")[1]["ETag"]  # other cookies: still the shared page
    status, _, body = get(app, url, if_none_match=etag)
    assert (status[:3], body) == ("304", b"")
    assert django.calls == calls + 4


@pytest.mark.django_db
def test_each_encoding_gets_its_own_answer(site):
    app, _ = site
    url = ArticleFactory(body="A long story. " * 200).get_absolute_url()
    for _ in range(3):
        plain = get(app, url)
        gzipped = get(app, url, accept_encoding="gzip")
    assert "Content-Encoding" not in plain[1]
    assert gzipped[1]["Content-Encoding"] == "gzip"
    assert plain[2] != gzipped[2]


@pytest.mark.django_db
def test_an_unreadable_generation_leaves_the_answer_to_django(site):
    app, django = site
    url = ArticleFactory().get_absolute_url()
    get(app, url)
    get(app, url)
    calls = django.calls
    with mock.patch.object(generation, "current", side_effect=DatabaseError("gone")):
        _, headers, body = get(app, url)
    assert django.calls == calls + 1
    assert headers["X-Cache"] == "STALE"
    assert body


@pytest.mark.django_db
def test_an_expired_entry_is_rendered_again(site, settings):
    app, django = site
    url = ArticleFactory().get_absolute_url()
    get(app, url)
    get(app, url)
    calls = django.calls
    with mock.patch("pagecache.fastpath.time.time", return_value=4e9):
        get(app, url)
    assert django.calls == calls + 1


@pytest.mark.django_db
def test_fast_hits_are_logged(site, caplog):
    app, _ = site
    url = ArticleFactory().get_absolute_url()
    get(app, url)
    get(app, url)
    with caplog.at_level(logging.INFO, logger="newsroom.requests"):
        get(app, url)
    line = json.loads(caplog.records[-1].getMessage())
    assert (line["path"], line["status"], line["cache"]) == (url, 200, "hit")


@pytest.mark.django_db
def test_off_with_the_page_cache(site, settings):
    app, django = site
    settings.PAGE_CACHE = False
    url = ArticleFactory().get_absolute_url()
    for _ in range(3):
        get(app, url)
    assert django.calls == 3


# --- PostgreSQL: the generation announced to each process ------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="LISTEN/NOTIFY is PostgreSQL's (CI runs the suite on it)"
)


def another_process_bumps():
    """A write committed by another process (or psql): a connection of its own."""
    other = connection.get_new_connection(connection.get_connection_params())
    other.autocommit = True
    other.execute(f"UPDATE {generation.TABLE} SET value = value + 1 WHERE id = 1")
    other.close()


def heard(value, seconds=5):
    """Wait (as a reader's next request would, later) until this process has the announcement."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if LISTENER.generation() == value:
            return True
        select.select([LISTENER.raw.fileno()], [], [], 0.05)
    return False


@pytest.fixture
def listening(site):
    LISTENER.drop()
    LISTENER.value = None
    yield site
    LISTENER.drop()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_hit_on_postgresql_asks_the_listening_connection_not_the_database(listening):
    app, django = listening
    url = ArticleFactory(title="Announced").get_absolute_url()
    get(app, url)
    get(app, url)  # learned; the listener reads the generation once
    with (
        mock.patch.object(generation, "current", side_effect=AssertionError("read the database")),
        mock.patch("pagecache.fastpath.read_generation", side_effect=AssertionError("read")),
    ):
        _, headers, body = get(app, url)
    assert headers["X-Cache"] == "HIT" and b"Announced" in body
    calls = django.calls

    another_process_bumps()
    assert heard(generation.current())
    _, headers, _ = get(app, url)
    assert headers["X-Cache"] == "MISS"
    assert django.calls == calls + 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_write_in_this_process_is_on_its_next_request_before_the_announcement(listening):
    app, _ = listening
    story, url = cached_story(app, title="Before the write")
    story.title = "After the write"
    story.save()  # committed: no test transaction here
    with mock.patch.object(LISTENER, "heard"):  # its announcement not yet read
        _, headers, body = get(app, url)
    assert b"After the write" in body and headers["X-Cache"] == "MISS"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_lost_listening_connection_falls_back_to_reading_the_database(listening):
    app, _ = listening
    story, url = cached_story(app, title="Kept")
    LISTENER.raw.close()  # as a database restart would
    another_process_bumps()
    _, headers, _ = get(app, url)
    assert headers["X-Cache"] == "MISS"  # read from the database, not from a stale announcement
