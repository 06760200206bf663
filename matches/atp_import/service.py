"""``import_paths()``: the whole import, file by file, each file in its own transaction.

A file is either imported completely or not at all, so after a crash the next run picks up from the
first file that did not finish (and finds the earlier ones unchanged). What every file needs (the
stored players' ids) is loaded once per run, in ``ImportContext``.
"""

import gc
import time
from contextlib import contextmanager

from django.db import transaction

from pagecache.generation import changed as pages_changed
from players.models import Player

from . import writes
from .csvfiles import MATCHES, PLAYERS, RANKINGS, FileError, find_files, read_rows
from .planner import PlannerStatistics
from .players import import_players
from .rankings import import_rankings
from .report import ImportReport
from .results import import_matches

IMPORTERS = {PLAYERS: import_players, MATCHES: import_matches, RANKINGS: import_rankings}


class ImportContext:
    """Stored keys that many files need, loaded once per run and dropped when a file changes them."""

    def __init__(self):
        self._players = None

    def players(self) -> dict[int, int]:
        """The data's player id -> stored pk."""
        if self._players is None:
            stored = Player.objects.filter(source_id__isnull=False).order_by()
            self._players = dict(stored.values_list("source_id", "id"))
        return self._players

    def forget_players(self) -> None:
        self._players = None


def import_paths(paths, *, progress: writes.Progress = writes.no_progress) -> ImportReport:
    """Import the ATP files found in ``paths`` (files and folders), players first, then matches,
    then rankings, whatever order they are given in. Files that cannot be read are listed in
    ``report.file_errors``; rows that cannot be imported in ``report.rejected``."""
    report = ImportReport()
    context = ImportContext()
    statistics = PlannerStatistics()
    data_files, report.file_errors = find_files(paths)
    with collector_paused():
        for data_file in data_files:
            _import_file(data_file, report, context, progress)
            with report.timed("planner statistics"):
                statistics.after_file(report)
    with report.timed("planner statistics"):
        statistics.at_end()
    return report


@contextmanager
def collector_paused():
    """The import makes millions of short-lived objects and next to no reference cycles; the
    garbage collector's full passes over them took a third of a history import (measured, see
    docs/benchmarks.md). Reference counting still frees everything; one collection at the end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()


def _import_file(data_file, report, context, progress) -> None:
    started = time.perf_counter()
    try:
        with report.timed("reading files"):
            rows = read_rows(data_file)
    except FileError as error:
        report.file_errors.append(f"{data_file}: {error}")
        return
    try:
        with transaction.atomic():
            IMPORTERS[data_file.kind](data_file, rows, report, progress=progress, context=context)
            # Cached pages go out of date as the file's transaction commits. Statements sent through
            # Django's cursors say so by themselves; PostgreSQL's COPY does not.
            pages_changed()
    finally:
        if data_file.kind == PLAYERS:
            context.forget_players()  # written, or rolled back: read them again either way
    report.files.append((str(data_file), data_file.kind, time.perf_counter() - started))
