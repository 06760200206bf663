"""Keeping the database's planner statistics current while an import fills the tables.

PostgreSQL plans a query from the statistics ANALYZE gathers. A table filled by this import has none
(or stale ones), and the planner then guesses: for "the matches of these 170 editions" it guessed a
fifth of the table and scanned all of it, for every file (measured: most of the time spent loading
stored records on a first history import). So, on PostgreSQL, a table is analysed again whenever
the import has grown it by half since it was last analysed, and every table the import wrote to is
analysed at the end, for the pages that read them next. On SQLite, ``PRAGMA optimize`` at the end
does the same where SQLite thinks it worth it.
"""

from django.db import connection

from matches.models import Edition, Match, MatchStats, Tournament
from players.models import Player, RankingEntry

MODELS = {
    "players": Player,
    "tournaments": Tournament,
    "editions": Edition,
    "matches": Match,
    "stats": MatchStats,
    "rankings": RankingEntry,
}
GROWTH = 0.5  # analyse again once a table has grown by half
SMALLEST = 2000  # rows written before a table is worth analysing


class PlannerStatistics:
    def __init__(self):
        self.analysed_at = dict.fromkeys(MODELS, 0)  # rows this run had created at the last ANALYZE
        self.created = dict.fromkeys(MODELS, 0)
        self.written = set()

    def after_file(self, report) -> None:
        """Analyse the tables this run has grown enough since their last analysis (PostgreSQL)."""
        due = []
        for kind in MODELS:
            counts = report.counts[kind]
            if counts.created or counts.updated:
                self.written.add(kind)
            self.created[kind] = counts.created
            grown = counts.created - self.analysed_at[kind]
            if grown >= max(SMALLEST, GROWTH * self.analysed_at[kind]):
                due.append(kind)
        if due and connection.vendor == "postgresql":
            self._analyse(due)

    def at_end(self) -> None:
        if not self.written:
            return
        if connection.vendor == "postgresql":
            self._analyse(sorted(self.written))
        elif connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA optimize")

    def _analyse(self, kinds) -> None:
        with connection.cursor() as cursor:
            for kind in kinds:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(MODELS[kind]._meta.db_table)}")
                self.analysed_at[kind] = self.created[kind]
