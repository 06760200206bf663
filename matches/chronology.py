"""When a match was played, as exactly as the data says, and the one order every list uses.

The ATP data gives no match days: ``tourney_date`` is the Monday of the event (or its first day). A
hand-entered match may carry its day. So a match is known to the day, to the week of its event, or
only to the year (an edition without a start date):

    >>> When.of(date(2025, 10, 29), date(2025, 10, 27), 2025).display
    '29 October 2025'
    >>> When.of(None, date(2025, 10, 27), 2025).display
    'week of 27 October 2025'
    >>> When.of(None, None, 2025).display
    '2025'

The order. Within an event the round is the truth: a final comes after a semi-final whatever days
are known. Across events, the event's start (its week) comes first. So every match has a stored
``sequence``::

    sequence = ordinal(event start, else the match day, else 1 January of the year) * 100 + round order

and lists sort by ``(sequence, day, id)`` — newest first is the reverse. "Before this match" is a
smaller sequence, or the same sequence (the same round of the same event, e.g. a round robin) and an
earlier known day. A player's matches never overlap in time, so this order is exact for a player's
results and head-to-heads; across players ("latest results") a long event's final sorts with the
week it started in, the most honest place when its day is not known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DAY, WEEK, YEAR = "day", "week", "year"
ROUND_SLOTS = 100  # room for every round code's position (matches.models.ROUND_ORDER)


def anchor(start_date: date | None, day: date | None, year: int | None) -> date | None:
    """The date a match is ordered by: its event's start, else its own day, else 1 January."""
    if start_date:
        return start_date
    if day:
        return day
    if year:
        return date(year, 1, 1)
    return None


def sequence(start_date: date | None, day: date | None, year: int | None, round_order: int) -> int:
    """The stored sort key of a match (see the module docstring); 0 when nothing dates it."""
    when = anchor(start_date, day, year)
    return (when.toordinal() if when else 0) * ROUND_SLOTS + (round_order or 0)


def week_of(value: int) -> date | None:
    """The anchor date a sequence was made from (for tests and debugging)."""
    ordinal = value // ROUND_SLOTS
    return date.fromordinal(ordinal) if ordinal else None


@dataclass(frozen=True)
class When:
    """The day a match was played, or the week of its event, or its year: as exact as the data."""

    value: date | None
    precision: str  # DAY, WEEK or YEAR
    year: int | None = None

    @classmethod
    def of(cls, day: date | None, start_date: date | None, year: int | None) -> When:
        if day:
            return cls(day, DAY, day.year)
        if start_date:
            return cls(start_date, WEEK, year or start_date.year)
        return cls(None, YEAR, year)

    @property
    def display(self) -> str:
        if self.precision == DAY:
            return f"{self.value.day} {self.value:%B %Y}"
        if self.precision == WEEK:
            return f"week of {self.value.day} {self.value:%B %Y}"
        return str(self.year or "")

    @property
    def short(self) -> str:
        """'29 Oct 2025', 'wk of 27 Oct 2025' or '2025': for tables."""
        if self.precision == DAY:
            return f"{self.value.day} {self.value:%b %Y}"
        if self.precision == WEEK:
            return f"wk of {self.value.day} {self.value:%b %Y}"
        return str(self.year or "")

    @property
    def iso(self) -> str:
        """For ``<time datetime>``: a day, or a year when only the year is known."""
        if self.value:
            return self.value.isoformat()
        return str(self.year or "")

    def __str__(self) -> str:
        return self.display

    def __bool__(self) -> bool:
        return bool(self.value or self.year)
