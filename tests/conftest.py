"""Shared fixtures: named users (reader, writer, editor), the demo newsroom, factories."""

import pytest
from django.contrib.auth.models import Group, User

from tests import factories


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


@pytest.fixture
def fast_passwords(settings):
    """Hashing a password the real way takes a third of a second per user: for tests that make several."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
