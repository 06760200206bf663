"""Figures computed from the whole site's data, kept in each process until the content changes.

A few figures are the same on every page that shows them and read far more rows than the page does:
the seasons the site holds reads every edition of the history, on every player, match and story
page. ``per_generation`` keeps such a figure with the content generation it was computed at
(``pagecache.generation``) and computes it again once the generation has moved: never older than the
data, in every process, exactly as the page cache itself. Reading the generation is one query by
primary key; on PostgreSQL, the generation the process has been told (``pagecache.listen``) is read
instead, as for a cache hit, and there is no query.

Inside a transaction (an editor's save, a test) the figure is computed afresh: the transaction may
hold writes that the generation does not count until they are committed. If the generation cannot
be read, it is computed afresh too.
"""

from functools import wraps

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from . import generation
from .listen import LISTENER

_kept = {}  # function -> (generation, value)


def per_generation(function):
    """Decorate a function of no arguments that reads only the database."""

    @wraps(function)
    def kept():
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return function()
        try:
            current = _generation()
        except DatabaseError:
            return function()
        found = _kept.get(function)
        if found is not None and found[0] == current:
            return found[1]
        value = function()
        _kept[function] = (current, value)
        return value

    kept.uncached = function
    return kept


def _generation():
    if LISTENER.enabled():
        current = LISTENER.generation()
        if current is not None:
            return current
        current = generation.current()
        LISTENER.settle(current)
        return current
    return generation.current()
