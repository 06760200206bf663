"""Which seasons Baseline holds, so that no page presents a partial count as a career.

A season is *held* when the tour-level results of that season were imported from the data (an
edition with a ``source_id`` at a level the records count). Matches an editor enters by hand (the
demo's 2025 matches) are real results, but they do not make their season held: a record over them
is a record over "the matches entered", not over the season.

    >>> Coverage(frozenset({1968, 1969, 1970, 2024})).describe()
    '1968–1970 and 2024'
    >>> Coverage(frozenset({1968, 1969, 1970, 2024})).describe(1969, 2025)
    '1969–1970 and 2024'
    >>> Coverage(frozenset({2024})).phrase(2019, 2025)
    'in the seasons Baseline holds: 2024'

``Coverage.phrase(first)`` is what pages print after a career figure: "in the seasons Baseline
holds: 2019–2021 and 2024", or "" when every season from ``first`` to this one is held. A career is
never complete while a season since the player's first is missing, even one after their last match
held: nothing tells a retirement from a season the site does not hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pagecache.memo import per_generation

EN_DASH = "\u2013"


@dataclass(frozen=True)
class Coverage:
    years: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.years)

    @property
    def first(self) -> int | None:
        return min(self.years) if self.years else None

    @property
    def last(self) -> int | None:
        return max(self.years) if self.years else None

    def holds(self, year: int | None) -> bool:
        return year in self.years

    def within(self, first: int | None = None, last: int | None = None) -> list[int]:
        return sorted(y for y in self.years if (first is None or y >= first) and (last is None or y <= last))

    def missing(self, first: int, last: int) -> list[int]:
        """The seasons from ``first`` to ``last`` that are not held."""
        return [year for year in range(first, last + 1) if year not in self.years]

    def covers(self, first: int, last: int) -> bool:
        return not self.missing(first, last)

    def describe(self, first: int | None = None, last: int | None = None) -> str:
        """The held seasons (between ``first`` and ``last``) as ranges: '1968–2021 and 2024'."""
        return describe_years(self.within(first, last))

    def phrase(self, first: int | None, last: int | None = None, *, entered: int = 0) -> str:
        """What a career figure counted from season ``first`` must say about the seasons it counts:
        '' when every season from ``first`` to ``last`` (this season by default) is held; otherwise
        'in the seasons Baseline holds: …', naming the ``entered`` matches of seasons not held that
        an editor entered by hand."""
        if first is None:
            return ""
        last = last or date.today().year
        if self.covers(first, last):
            return ""
        held = self.describe(first, last)
        by_hand = f"{entered} match{'es' if entered != 1 else ''} entered by hand" if entered else ""
        if not held:
            return f"in the {by_hand} (no season held in full)" if by_hand else "in no season held in full"
        return f"in the seasons Baseline holds: {held}" + (f", and {by_hand}" if by_hand else "")


def describe_years(years) -> str:
    """[1968, 1969, 1970, 2024] -> '1968–1970 and 2024'; [2024] -> '2024'."""
    years = sorted(set(years))
    if not years:
        return ""
    ranges, start, previous = [], years[0], years[0]
    for year in years[1:]:
        if year != previous + 1:
            ranges.append((start, previous))
            start = year
        previous = year
    ranges.append((start, previous))
    parts = [str(a) if a == b else f"{a}{EN_DASH}{b}" for a, b in ranges]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@per_generation
def held_seasons() -> Coverage:
    """The seasons whose tour-level results were imported: one query, which reads every edition (2-4
    ms with the history), so its answer is kept until the content changes (``pagecache.memo``)."""
    from players.stats import COUNTED_LEVELS

    from .models import Edition

    years = (
        Edition.objects.filter(source_id__isnull=False, tournament__level__in=COUNTED_LEVELS)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return Coverage(frozenset(years))
