"""``import_paths()``: the whole import, file by file, each file in its own transaction.

A file is either imported completely or not at all, so after a crash the next run picks up from the
first file that did not finish (and finds the earlier ones unchanged).
"""

import time

from django.db import transaction

from pagecache.generation import changed as pages_changed

from . import writes
from .csvfiles import MATCHES, PLAYERS, RANKINGS, FileError, find_files, read_rows
from .players import import_players
from .rankings import import_rankings
from .report import ImportReport
from .results import import_matches

IMPORTERS = {PLAYERS: import_players, MATCHES: import_matches, RANKINGS: import_rankings}


def import_paths(paths, *, progress: writes.Progress = writes.no_progress) -> ImportReport:
    """Import the ATP files found in ``paths`` (files and folders), players first, then matches,
    then rankings, whatever order they are given in. Files that cannot be read are listed in
    ``report.file_errors``; rows that cannot be imported in ``report.rejected``."""
    report = ImportReport()
    data_files, report.file_errors = find_files(paths)
    for data_file in data_files:
        started = time.perf_counter()
        try:
            rows = read_rows(data_file)
        except FileError as error:
            report.file_errors.append(f"{data_file}: {error}")
            continue
        with transaction.atomic():
            IMPORTERS[data_file.kind](data_file, rows, report, progress=progress)
            # Cached pages go out of date as the file's transaction commits. Statements sent through
            # Django's cursors say so by themselves; PostgreSQL's COPY does not.
            pages_changed()
        report.files.append((str(data_file), data_file.kind, time.perf_counter() - started))
    return report
