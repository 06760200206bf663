"""Querysets compiled to SQL once per process, then run again with new values.

Turning a queryset into SQL (its joins, ``select_related``, ``only()`` and ordering) costs the
reader pages more than running the SQL: 2.6 ms against 0.4 ms for a story's own row. A page asks
the same few questions on every request with different values (this slug, this story's id, these
twenty match ids), so the SQL can be kept:

    STORY_QUOTES = Prepared(lambda article_id: Quote.objects.filter(article_id=article_id)...)
    quotes = STORY_QUOTES(article.pk)     # an ordinary, lazy QuerySet

``build`` must be a pure function of its arguments: everything that varies between calls
(``timezone.now()`` included) is an argument. Arguments are ints, strings, booleans, dates,
datetimes, None, or lists/tuples of those (``pk__in``); a list is cut to its distinct values, in
order, as Django's ``__in`` does. A queryset is compiled once per database and *shape* of the
arguments (their types, which are None, the lengths of the lists).

On a shape's first call the queryset is compiled with the values given and again with each
argument changed in turn, to learn which query parameters carry which argument. Anything it cannot
account for — an argument that changes the SQL rather than a parameter, a parameter derived from
an argument in a way it does not know (``icontains`` wraps it in ``%``), a lookup that matches
nothing whatever the values (an empty list) — and that shape is compiled every time, exactly as
Django would; so is a parameter the build works out from an argument (``year - 2``): pass such a
value as an argument of its own. Each shape is checked once more with other values before it is
kept. A ``build`` that reads a value of its own which changes between calls (the clock) is a
mistake, and raises ``ValueError`` on its first call, in the tests.

What comes back is a QuerySet of the built kind (models, ``values()``, ``values_list()``), its
prefetches included. Chaining more onto it (``filter()``, a slice, ``count()``) compiles normally:
the kept SQL is used only to evaluate the queryset as built.
"""

from __future__ import annotations

import datetime
import threading

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models.sql import Query

_UNPREPARED = object()  # a shape compiled on every call
MAX_SHAPES = 256  # per prepared queryset; past it the kept shapes are dropped and learnt again
_SCALARS = (bool, int, str, datetime.datetime, datetime.date, type(None))


class PreparedQuery(Query):
    """A Query evaluated with kept SQL. Any copy made to chain more onto it is a plain Query."""

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        kept = self._prepared_compiler
        if (using or connection.alias) == kept.using and elide_empty:
            compiler = _compiler_class(type(kept)).__new__(_compiler_class(type(kept)))
            compiler.__dict__ = kept.__dict__.copy()
            # This thread's connection: the one compiled with may belong to another thread.
            compiler.connection = connection or connections[using]
            compiler._prepared_sql = (self._prepared_sql, self._prepared_params)
            return compiler
        return super().get_compiler(using, connection, elide_empty)

    def clone(self):
        obj = super().clone()
        obj.__class__ = Query
        for name in ("_prepared_compiler", "_prepared_sql", "_prepared_params"):
            obj.__dict__.pop(name, None)
        return obj


_COMPILER_CLASSES = {}


def _compiler_class(cls):
    """``cls`` (a backend's SQLCompiler) answering ``as_sql()`` with the kept SQL and new values."""
    try:
        return _COMPILER_CLASSES[cls]
    except KeyError:

        def as_sql(self, with_limits=True, with_col_aliases=False):
            return self._prepared_sql

        def get_converters(self, expressions):
            # The columns' converters depend on the columns and the database: worked out once.
            kept = self._prepared_converters
            key = (self.connection.alias, len(expressions))
            if key not in kept:
                kept[key] = cls.get_converters(self, expressions)
            return kept[key]

        kept = _COMPILER_CLASSES[cls] = type(
            f"Prepared{cls.__name__}", (cls,), {"as_sql": as_sql, "get_converters": get_converters}
        )
        return kept


class _Shape:
    """One compiled shape: the queryset as first built, its compiler after ``as_sql()``, the SQL,
    and how to fill each parameter: a constant, or (argument, element, adapter)."""

    __slots__ = ("queryset", "compiler", "sql", "params", "slots")

    def __init__(self, queryset, compiler, sql, params, slots):
        self.queryset, self.compiler, self.sql, self.params, self.slots = (
            queryset,
            compiler,
            sql,
            params,
            slots,
        )

    def fill(self, args):
        params = list(self.params)
        for position, (index, element, adapt) in self.slots:
            value = args[index] if element is None else args[index][element]
            params[position] = adapt(value) if adapt else value
        return tuple(params)


class Prepared:
    def __init__(self, build):
        self.build = build
        self._shapes = {}
        self._switches = frozenset()  # the arguments whose value is written into the SQL itself
        self._lock = threading.Lock()
        self.__doc__ = getattr(build, "__doc__", None)

    def _key(self, args, using):
        return (
            using,
            *(_shape_of(a) for a in args),
            *(args[index] for index in sorted(self._switches)),
        )

    def __call__(self, *args, using="default"):
        args = tuple(tuple(dict.fromkeys(a)) if isinstance(a, (list, tuple)) else a for a in args)
        key = self._key(args, using)
        shape = self._shapes.get(key)
        if shape is None:
            switches = self._switches
            shape = self._prepare(args, using)
            with self._lock:
                if len(self._shapes) >= MAX_SHAPES or self._switches != switches:
                    self._shapes.clear()
                self._shapes[self._key(args, using)] = shape
        if shape is _UNPREPARED:
            return self.build(*args)
        # Shallow copies: copy.copy() of a QuerySet would evaluate it (its __getstate__).
        kept = shape.queryset
        queryset = kept.__class__.__new__(kept.__class__)
        queryset.__dict__ = kept.__dict__.copy()
        query = PreparedQuery.__new__(PreparedQuery)
        query.__dict__ = kept.query.__dict__.copy()
        query._prepared_compiler = shape.compiler
        query._prepared_sql = shape.sql
        query._prepared_params = shape.fill(args)
        queryset._query = query  # not the setter: it would make a values_list() give dicts
        return queryset

    def _prepare(self, args, using):
        connection = connections[using]
        first = self._compile(args, using)
        if first is None:
            return _UNPREPARED
        queryset, compiler, sql, params = first
        again = self._compile(args, using)
        if again is None or again[2:] != (sql, params):
            raise ValueError(
                f"{self.build!r} gives different SQL for the same arguments: it reads a value of its "
                "own that changes between calls (the time?); pass that value as an argument"
            )
        slots = []
        for index, value in enumerate(args):
            if value is None or value == () or isinstance(value, bool) or index in self._switches:
                continue
            if isinstance(value, tuple) and len({type(v) for v in value} - {bool}) != 1:
                return _UNPREPARED  # None in a list (Django leaves it out), or mixed types
            probe = _probe(value)
            other = self._compile((*args[:index], probe, *args[index + 1 :]), using)
            if other is None:
                return _UNPREPARED
            if other[2] != sql:
                if isinstance(value, tuple):
                    return _UNPREPARED
                # Written into the SQL (a slice's LIMIT): each value of it is a shape of its own.
                self._switches |= {index}
                continue
            if len(other[3]) != len(params):
                return _UNPREPARED
            for position, (was, now) in enumerate(zip(params, other[3], strict=True)):
                if was == now and type(was) is type(now):
                    continue
                slot = _slot(connection, value, probe, was, now)
                if slot is None:
                    return _UNPREPARED
                element, adapt = slot
                slots.append((position, (index, element, adapt)))
        # Every parameter filled from an argument must have been seen to change with it, and each
        # argument's slots must reproduce the first compile exactly.
        shape = _Shape(queryset, compiler, sql, params, slots)
        if shape.fill(args) != tuple(params):
            return _UNPREPARED
        # And the kept SQL filled with other values must be what Django compiles for them: a value
        # the build works out from an argument (n // 10000, which the first probe left as it was)
        # fails this, and is compiled every time.
        for index, value in enumerate(args):
            if value is None or value == () or isinstance(value, bool) or index in self._switches:
                continue
            other_args = (*args[:index], _probe(value, far=True), *args[index + 1 :])
            other = self._compile(other_args, using)
            if other is None or other[2] != sql or shape.fill(other_args) != other[3]:
                return _UNPREPARED
        compiler._prepared_converters = {}  # shared by the copies that run it (get_converters)
        return shape

    def _compile(self, args, using):
        queryset = self.build(*args)
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except (EmptyResultSet, FullResultSet):
            return None
        if not sql:
            return None
        return queryset, compiler, sql, tuple(params)


def _shape_of(value):
    if isinstance(value, tuple):
        return (len(value), frozenset(type(v) for v in value))
    if isinstance(value, bool):  # a switch more often than a value: part of the shape
        return value
    if not isinstance(value, _SCALARS):
        raise TypeError(f"a prepared queryset takes ints, strings, dates and lists of them, not {value!r}")
    return type(value)


def _probe_scalar(value, n=0, far=False):
    """A value of the same type as ``value`` and beyond it (the nth such): distinct probes for
    distinct n, none equal to a value at or below ``value``; ``far``: a second, farther one."""
    if isinstance(value, int):
        return value + (104729 if far else 7919) + n
    if isinstance(value, str):
        return f"{value}{chr(0x1E) if far else chr(0x1F)}{n}"
    if isinstance(value, datetime.datetime):
        return value + datetime.timedelta(days=400 if far else 3, microseconds=n + 1)
    if isinstance(value, datetime.date):
        return value + datetime.timedelta(days=(400 if far else 3) + n)
    raise TypeError(value)


def _probe(value, far=False):
    """A value to compile in place of ``value``: for a list, distinct new values (Django keeps
    distinct values only, so two equal probes would change the SQL), none equal to one of the list's."""
    if isinstance(value, tuple):
        if all(isinstance(v, str) for v in value):
            return tuple(_probe_scalar(v, n, far) for n, v in enumerate(value))
        top = max(value)
        return tuple(_probe_scalar(top, n, far) for n in range(len(value)))
    return _probe_scalar(value, far=far)


def _adapters(connection, value):
    """How a value of this type may have been written into the parameters."""
    ops = connection.ops
    if isinstance(value, datetime.datetime):
        return [None, ops.adapt_datetimefield_value]
    if isinstance(value, datetime.date):
        return [None, ops.adapt_datefield_value]
    return [None]


def _slot(connection, value, probe, was, now):
    """Which element of ``value`` (None: the value itself) fills a parameter that read ``was`` with
    ``value`` and ``now`` with ``probe``, and through which adapter; None if no rule explains it."""
    if isinstance(value, tuple):
        pairs = list(enumerate(zip(value, probe, strict=True)))
    else:
        pairs = [(None, (value, probe))]
    for element, (v, p) in pairs:
        adapters = _adapters(connection, v)
        if type(was) is not type(v) and isinstance(was, type(v)):
            adapters.append(type(was))  # a typed wrapper of the value (PostgreSQL's Int4 for an integer)
        for adapt in adapters:
            a, b = (adapt(v), adapt(p)) if adapt else (v, p)
            if a == was and b == now and type(a) is type(was) and type(b) is type(now):
                return element, adapt
    return None


def keep_prefetched(instance, name, queryset):
    """Evaluate ``queryset`` and keep it as ``instance.<name>.all()``, as ``prefetch_related()``
    would (a reverse foreign key's rows also point back to ``instance``)."""
    field = getattr(type(instance), name).field
    if not field.many_to_many:  # a reverse foreign key: its field is the rows' own
        for row in queryset:
            row._state.fields_cache[field.name] = instance
    else:
        list(queryset)
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
