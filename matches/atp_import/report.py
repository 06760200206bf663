"""What an import did: counts per kind of record, and every row it rejected or warns about."""

import re
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

KINDS = ("players", "tournaments", "editions", "matches", "stats", "rankings")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


def category(text: str) -> str:
    """A message with its particulars (quoted values, numbers) blanked: rows grouped by reason."""
    return re.sub(r"\d+", "N", re.sub(r"'[^']*'", "'…'", text))


@dataclass
class ImportReport:
    counts: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in KINDS})
    rejected: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejected_by_reason: Counter = field(default_factory=Counter)
    warnings_by_reason: Counter = field(default_factory=Counter)
    # Hand-entered records (no source_id) the data matched (by name; editions by tournament and year)
    # and adopted: they got a source_id and their empty fields filled.
    adopted: dict[str, int] = field(
        default_factory=lambda: {"players": 0, "tournaments": 0, "editions": 0, "matches": 0}
    )
    ranks_refreshed: int = 0
    # Records an editor saved while their file was being imported: left as the editor saved them.
    left_for_editors: dict[str, int] = field(default_factory=dict)
    files: list[tuple[str, str, float]] = field(default_factory=list)  # path, kind, seconds
    file_errors: list[str] = field(default_factory=list)
    # Seconds spent per phase ('matches: writing'), wall clock and CPU of this process, each
    # phase's own time: a phase timed inside another is not counted in the outer one too.
    phases: Counter = field(default_factory=Counter)
    phases_cpu: Counter = field(default_factory=Counter)
    _timing: list = field(default_factory=list, repr=False)

    @contextmanager
    def timed(self, phase: str):
        self._pause_outer()
        self._timing.append([phase, time.perf_counter(), time.process_time()])
        try:
            yield
        finally:
            _, wall, cpu = self._timing.pop()
            self.phases[phase] += time.perf_counter() - wall
            self.phases_cpu[phase] += time.process_time() - cpu
            if self._timing:
                self._timing[-1][1:] = [time.perf_counter(), time.process_time()]

    def _pause_outer(self) -> None:
        if self._timing:
            outer, wall, cpu = self._timing[-1]
            self.phases[outer] += time.perf_counter() - wall
            self.phases_cpu[outer] += time.process_time() - cpu

    def reject(self, kind: str, path, line: int, reason: str) -> None:
        self.counts[kind].rejected += 1
        self.rejected.append(f"{path}:{line}: {reason}")
        self.rejected_by_reason[category(reason)] += 1

    def leave_for_editors(self, kind: str, count: int) -> None:
        if count:
            self.left_for_editors[kind] = self.left_for_editors.get(kind, 0) + count
            self.counts[kind].updated -= count

    def warn(self, path, line: int, message: str, *, reason: str = "") -> None:
        self.warnings.append(f"{path}:{line}: warning: {message}")
        self.warnings_by_reason[reason or category(message)] += 1

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values()) or bool(self.ranks_refreshed)

    def summary_lines(self) -> list[str]:
        lines = [f"{'':<12}{'created':>9}{'updated':>9}{'unchanged':>11}{'rejected':>10}"]
        for kind, c in self.counts.items():
            lines.append(f"{kind:<12}{c.created:>9}{c.updated:>9}{c.unchanged:>11}{c.rejected:>10}")
        adopted = ", ".join(f"{n} {kind}" for kind, n in self.adopted.items() if n)
        if adopted:
            lines.append(f"Hand-entered records adopted by the data (empty fields filled): {adopted}")
        left = ", ".join(f"{n} {kind}" for kind, n in self.left_for_editors.items())
        if left:
            lines.append(
                f"Changed by an editor during the import, so left as they saved them: {left} "
                "(run the import again to compare them with the data)"
            )
        if self.ranks_refreshed:
            lines.append(f"Current rank updated for {self.ranks_refreshed} players")
        if not self.changed:
            unchanged = sum(c.unchanged for c in self.counts.values())
            lines.append(f"Nothing changed: 0 created, 0 updated, {unchanged} unchanged.")
        if self.rejected:
            lines.append(f"Rejected rows ({len(self.rejected)}):")
            lines.extend(self.rejected)
        if self.warnings:
            lines.append(f"Warnings ({len(self.warnings)}):")
            lines.extend(self.warnings)
        for title, counter in (
            ("Rejected rows", self.rejected_by_reason),
            ("Warnings", self.warnings_by_reason),
        ):
            if counter:
                lines.append(f"{title} by reason:")
                lines.extend(f"{n:>8}  {reason}" for reason, n in counter.most_common())
        return lines
