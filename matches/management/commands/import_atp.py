"""``manage.py import_atp PATH…``: import ATP players, matches and rankings CSV files (or folders of them)."""

import sys
from functools import partial

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from matches.atp_import import import_paths


class Command(BaseCommand):
    help = (
        "Import ATP CSV files (Jeff Sackmann's tennis_atp format): players, matches and rankings files, "
        "or folders of them, recognised by their header. Safe to run again: unchanged rows are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="CSV files and/or folders of CSV files")
        parser.add_argument("--no-progress", action="store_true", help="do not show progress bars")

    def handle(self, *args, paths, no_progress, **options):
        show_progress = not no_progress and self.stdout.isatty()
        progress = partial(tqdm, disable=not show_progress, leave=False, file=sys.stdout)
        report = import_paths(paths, progress=progress)
        for path, kind, seconds in report.files:
            self.stdout.write(f"{path}: {kind} imported in {seconds:.1f} s")
        for line in report.summary_lines():
            self.stdout.write(line)
        if report.file_errors:
            for error in report.file_errors:
                self.stderr.write(error)
            raise CommandError(f"{len(report.file_errors)} path(s) could not be read; the rest was imported.")
