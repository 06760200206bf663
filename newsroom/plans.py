"""Searches planned for their own words on PostgreSQL, every time.

With ``DATABASE_PREPARE`` a connection prepares each statement the second time it sends it, and
after five executions PostgreSQL may keep one generic plan for every value. That is what makes a
page's queries cheap: they are planned once a connection. It is wrong for a text search, whose rows
depend on the words: a generic plan cannot know that ``LIKE '%federer%'`` matches one player in
66,000, and for the reader's search it walked every player in ranking order looking for him (95 ms)
where a plan made for the words scans the names and sorts the one it finds (11 ms).

So a request that searches (``?q=`` on the site's search and the admin's lists, ``?term=`` in the
admin's autocomplete) runs on a connection that prepares nothing while it is answered: PostgreSQL
plans each of its queries for the words given. Its other queries lose nothing they need, and every
other request keeps its prepared statements.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections

SEARCH_PARAMETERS = ("q", "term")


@contextmanager
def planned_each_time(using: str = DEFAULT_DB_ALIAS):
    """Inside, the connection prepares no statement (psycopg's ``prepare_threshold`` None), so
    PostgreSQL plans every query for its own values. Nothing to do elsewhere."""
    connection = connections[using]
    if connection.vendor != "postgresql" or "prepare_threshold" not in connection.settings_dict.get(
        "OPTIONS", {}
    ):
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    before = raw.prepare_threshold
    raw.prepare_threshold = None
    try:
        yield
    finally:
        if connection.connection is raw:  # not replaced meanwhile (a lost connection)
            raw.prepare_threshold = before


class SearchPlansMiddleware:
    """A request with search words is answered with ``planned_each_time()``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and any(request.GET.get(name) for name in SEARCH_PARAMETERS):
            with planned_each_time():
                return self.get_response(request)
        return self.get_response(request)
