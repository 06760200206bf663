"""Shared fixtures: named users (reader, writer, editor), the demo newsroom, factories."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache, caches

from tests import factories


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Each test starts with an empty cache, and counts its rate limits on its own: in a local-memory
    cache of this test process, so that tests running in parallel on one Redis never share counts."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
    }
    cache.clear()
    caches["ratelimit"].clear()
    yield


@pytest.fixture(autouse=True)
def no_listening_connection_left():
    """A test that made this process listen for the page cache's generation (PostgreSQL) leaves no
    connection open after it: the next test starts as a new process would, and the test database
    can be dropped at the end."""
    yield
    from pagecache.listen import LISTENER

    LISTENER.drop()
    LISTENER.value = None


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hashing a password the real way takes a third of a second, per user and per sign-in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reader(db):
    return User.objects.create_user("reader", "reader@example.com", "a-reader-password")


@pytest.fixture
def writer(db):
    user = User.objects.create_user("writer", "writer@example.com", "a-writer-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Writers"))
    return user


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", "editor@example.com", "an-editor-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin", "admin@example.com", "an-admin-password")


@pytest.fixture
def demo(db):
    """The seed story and everything it links to, as ``manage.py load_demo`` writes it."""
    from articles import demo as demo_module

    return demo_module.load()


@pytest.fixture
def published_story(db):
    return factories.ArticleFactory()


@pytest.fixture
def match(db):
    return factories.MatchFactory()
