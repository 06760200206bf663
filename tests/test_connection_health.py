"""A kept PostgreSQL connection is checked without a round trip, and one the server closed is
replaced (newsroom/postgresql/base.py)."""

import select
import time
from unittest import mock

import pytest
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper as DjangosWrapper

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the backend is PostgreSQL's (CI runs the suite on it)")


def test_a_quiet_kept_connection_is_usable_without_asking_the_database():
    connection.ensure_connection()
    with mock.patch.object(DjangosWrapper, "is_usable", side_effect=AssertionError("asked SELECT 1")):
        assert connection.is_usable()


def test_a_connection_the_server_closed_is_found_unusable_and_replaced():
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    other = connection.get_new_connection(connection.get_connection_params())
    other.autocommit = True
    other.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    deadline = time.monotonic() + 5  # the server's notice reaches the socket
    socket = connection.connection.fileno()
    while not select.select([socket], [], [], 0.05)[0] and time.monotonic() < deadline:
        pass
    assert not connection.is_usable()
    connection.health_check_done = False  # a new request (django.db.close_old_connections)
    with connection.cursor() as cursor:  # checked first, found closed, connected anew
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
