"""Importing the ATP data (Jeff Sackmann's tennis_atp CSV files): players, matches, rankings.

``import_paths(paths)`` is the entry point, used by ``manage.py import_atp``; it returns an
``ImportReport`` with counts per kind of record and every rejected row as ``file:line: reason``.
"""

from .report import ImportReport
from .service import import_paths

__all__ = ["ImportReport", "import_paths"]
