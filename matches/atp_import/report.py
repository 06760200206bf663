"""What an import did: counts per kind of record, and every row it rejected or warns about."""

from dataclasses import dataclass, field

KINDS = ("players", "tournaments", "editions", "matches", "stats", "rankings")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass
class ImportReport:
    counts: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in KINDS})
    rejected: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
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

    def reject(self, kind: str, path, line: int, reason: str) -> None:
        self.counts[kind].rejected += 1
        self.rejected.append(f"{path}:{line}: {reason}")

    def leave_for_editors(self, kind: str, count: int) -> None:
        if count:
            self.left_for_editors[kind] = self.left_for_editors.get(kind, 0) + count
            self.counts[kind].updated -= count

    def warn(self, path, line: int, message: str) -> None:
        self.warnings.append(f"{path}:{line}: warning: {message}")

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
        return lines
