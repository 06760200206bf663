"""The score of a tennis match as one value object.

``Score.parse()`` is the only parser in the project: the admin form, the importer, the model field and
the templates all go through it. Scores are written from the first-named player's point of view, the
way the tours publish them (the winner first for a finished match)::

    >>> s = Score.parse("4-6 6-3 6-4")
    >>> str(s), s.display, s.winner
    ('4-6 6-3 6-4', '4–6 6–3 6–4', 1)

Grammar (tokens separated by spaces):

* a set ``6-4``; a tiebreak set ``7-6(5)`` where the bracket holds the loser's tiebreak points;
* a match tiebreak in place of a deciding set ``[10-8]`` (``[[10-8]]`` is read as the same);
* an ending as the last token: ``RET`` (retired), ``W/O`` (walkover, alone), ``DEF`` (defaulted),
  ``ABD`` (abandoned, no winner); ``Walkover`` and ``Default`` are read as ``W/O`` and ``DEF``;
* a one-set match (best of 1) may be a pro set, first to 8 or 10 games with two clear (``10-7``):
  a score of one such set is a finished match.

Parsing is strict: every set but the last must be finished and anything unreadable raises
``ScoreError`` with a message that names the problem. ``check_result()`` then checks that a score
fits a result (a finished match has a winner, the winner is the side named).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

EN_DASH = "\u2013"

RETIRED, WALKOVER, DEFAULTED, ABANDONED = "RET", "W/O", "DEF", "ABD"
ENDINGS = {
    RETIRED: "retired",
    WALKOVER: "walkover",
    DEFAULTED: "defaulted",
    ABANDONED: "abandoned",
}
ENDING_ALIASES = {
    "RET": RETIRED,
    "RET.": RETIRED,
    "W/O": WALKOVER,
    "WO": WALKOVER,
    "DEF": DEFAULTED,
    "DEF.": DEFAULTED,
    "DEFAULT": DEFAULTED,
    "WALKOVER": WALKOVER,
    "ABD": ABANDONED,
    "ABN": ABANDONED,
}

_SET_RE = re.compile(r"^(\d{1,2})-(\d{1,2})(?:\((\d{1,2})\))?$")
_MATCH_TB_RE = re.compile(r"^\[{1,2}(\d{1,2})-(\d{1,2})\]{1,2}$")


class ScoreError(ValueError):
    """A score string that cannot be read. The message says what is wrong, for an editor."""


@dataclass(frozen=True)
class SetScore:
    """Games won by each side in one set; ``tiebreak`` is the loser's tiebreak points if one was played.

    A match tiebreak (``[10-8]``) is stored as points in ``games`` with ``match_tiebreak`` set.
    """

    games1: int
    games2: int
    tiebreak: int | None = None
    match_tiebreak: bool = False

    @property
    def finished(self) -> bool:
        """Finished under the usual rules (sets to six games); see ``Score`` for short sets."""
        high, low = max(self.games1, self.games2), min(self.games1, self.games2)
        if self.match_tiebreak:
            return (high == 10 and low <= 8) or (high > 10 and high - low == 2)
        if self.tiebreak is not None:
            return high - low == 1 and high >= 7
        if high == 6 and low <= 4:
            return True
        if high == 7 and low in (5, 6):
            return True
        # Final sets without a tiebreak run on until one side leads by two (70-68 at Wimbledon 2010).
        return high > 7 and high - low == 2

    def tiebreak_points(self) -> tuple[int | None, int | None]:
        """The tiebreak points each side won, as far as the score tells (winner's are implied)."""
        if self.tiebreak is None:
            return None, None
        winner_points = max(7, self.tiebreak + 2)
        return (winner_points, self.tiebreak) if self.games1 > self.games2 else (self.tiebreak, winner_points)

    def canonical(self) -> str:
        if self.match_tiebreak:
            return f"[{self.games1}-{self.games2}]"
        text = f"{self.games1}-{self.games2}"
        return f"{text}({self.tiebreak})" if self.tiebreak is not None else text

    def display(self) -> str:
        return self.canonical().replace("-", EN_DASH)


@dataclass(frozen=True)
class Score:
    sets: tuple[SetScore, ...] = field(default_factory=tuple)
    ending: str | None = None

    # --- parsing -------------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str, *, best_of: int | None = None, in_progress: bool = False) -> Score:
        """Read a score string. ``best_of`` (3 or 5) lets the parser check the number of sets;
        ``in_progress`` allows a match that has no winner yet (a live score)."""
        if text is None:
            raise ScoreError("The score is empty.")
        if cls is Score:
            # Scores repeat (a season holds a few thousand distinct ones) and a Score never
            # changes: each text is read once per process.
            return _parse_cached(str(text), best_of, in_progress)
        return cls._parse(str(text), best_of=best_of, in_progress=in_progress)

    @classmethod
    def _parse(cls, text: str, *, best_of: int | None, in_progress: bool) -> Score:
        cleaned = " ".join(text.replace(EN_DASH, "-").replace("\u2014", "-").split())
        if not cleaned:
            raise ScoreError("The score is empty.")
        tokens = cleaned.split(" ")
        ending = None
        if tokens[-1].upper() in ENDING_ALIASES:
            ending = ENDING_ALIASES[tokens.pop().upper()]
        sets = []
        for position, token in enumerate(tokens, start=1):
            if token.upper() in ENDING_ALIASES:
                raise ScoreError(f"'{token}' can only come at the end of the score.")
            sets.append(cls._parse_set(token, position))
        score = cls(tuple(sets), ending)
        score._check(best_of=best_of, in_progress=in_progress)
        return score

    @staticmethod
    def _parse_set(token: str, position: int) -> SetScore:
        where = f"Set {position} ('{token}')"
        match = _MATCH_TB_RE.match(token)
        if match:
            return SetScore(int(match[1]), int(match[2]), match_tiebreak=True)
        match = _SET_RE.match(token)
        if not match:
            if re.match(r"^\d{1,2}-$", token) or re.match(r"^-?\d{1,2}$", token):
                raise ScoreError(f"{where} is incomplete: write both players' games, like 6-4.")
            if "(" in token and not token.endswith(")"):
                raise ScoreError(f"{where} has an unclosed tiebreak bracket: write it like 7-6(5).")
            if token.startswith("["):
                raise ScoreError(f"{where} is not a match tiebreak: write it like [10-8].")
            raise ScoreError(f"{where} is not a set score: write games like 6-4 or 7-6(5).")
        games1, games2 = int(match[1]), int(match[2])
        tiebreak = int(match[3]) if match[3] is not None else None
        if tiebreak is not None and abs(games1 - games2) != 1:
            raise ScoreError(f"{where} has tiebreak points, but a tiebreak set ends one game apart (7-6).")
        return SetScore(games1, games2, tiebreak)

    def _check(self, *, best_of: int | None, in_progress: bool) -> None:
        if self.ending == WALKOVER:
            if self.sets:
                raise ScoreError("A walkover (W/O) has no games: write W/O alone.")
            return
        if not self.sets and self.ending is None:
            raise ScoreError("The score is empty.")
        if best_of and best_of not in (1, 3, 5):
            raise ScoreError(f"Best of {best_of} is not a match format: use 1, 3 or 5.")
        for position, set_score in enumerate(self.sets, start=1):
            last = position == len(self.sets)
            if set_score.match_tiebreak and not last:
                raise ScoreError(f"Set {position} is a match tiebreak, which can only be the last set.")
            # The last set may be unfinished: a live score, a retirement, or (in published data)
            # a retirement written without RET. Whether that fits the match is checked by
            # ``check_result``.
            if not last and not self._set_finished(set_score):
                raise ScoreError(
                    f"Set {position} ('{set_score.canonical()}') is not a finished set: a set is won "
                    "6-4 or better, 7-5, or 7-6 with a tiebreak."
                )
            if (
                set_score.tiebreak is not None
                and self.short_sets
                and max(set_score.games1, set_score.games2) != 4
            ):
                raise ScoreError(f"Set {position} ('{set_score.canonical()}') has an impossible tiebreak.")
            if (
                set_score.tiebreak is not None
                and not self.short_sets
                and max(set_score.games1, set_score.games2) < 7
            ):
                raise ScoreError(
                    f"Set {position} ('{set_score.canonical()}') has tiebreak points, "
                    "but a tiebreak set is won 7-6."
                )
        if best_of:
            needed = best_of // 2 + 1
            won1, won2 = self.sets_won()
            if max(won1, won2) > needed or len(self.sets) > best_of:
                raise ScoreError(f"Too many sets for best of {best_of}: a player needs only {needed}.")
            if max(won1, won2) == needed and len(self.completed_sets) < len(self.sets):
                raise ScoreError("The score goes on after the match was won.")
        if in_progress and self.ending:
            raise ScoreError("A match in progress has no ending (RET, W/O, DEF, ABD).")

    @cached_property
    def short_sets(self) -> bool:
        """Sets to four games (Fast4, as at the Next Gen Finals): every set stops at 4 games."""
        played = [s for s in self.sets if not s.match_tiebreak]
        return (
            bool(played)
            and max(max(s.games1, s.games2) for s in played) == 4
            and all(max(s.games1, s.games2) <= 4 for s in played)
            and any(self._short_set_finished(s) for s in played)
        )

    @staticmethod
    def _short_set_finished(set_score: SetScore) -> bool:
        high, low = max(set_score.games1, set_score.games2), min(set_score.games1, set_score.games2)
        return high == 4 and (low <= 2 or (low == 3 and set_score.tiebreak is not None))

    @cached_property
    def pro_set(self) -> bool:
        """A one-set match played as a pro set: first to 8 or 10 games, two clear (8-5, 10-7). A set
        of 6 or 7 games, or an advantage set (9-7), reads as usual."""
        if len(self.sets) != 1 or self.sets[0].match_tiebreak or self.sets[0].tiebreak is not None:
            return False
        only = self.sets[0]
        high, low = max(only.games1, only.games2), min(only.games1, only.games2)
        return 8 <= high <= 10 and high - low >= 2

    def _set_finished(self, set_score: SetScore) -> bool:
        if self.short_sets and not set_score.match_tiebreak:
            return self._short_set_finished(set_score)
        return set_score.finished or self.pro_set

    def check_result(self, *, winner: int | None, best_of: int | None = None, finished: bool = True) -> None:
        """Check that the score fits a match result: a finished match has a winner, and the score
        gives the match to the side named as winner (1 or 2). Raises ``ScoreError``."""
        if not finished:
            return
        decided = self.winner
        if decided is None and self.ending != ABANDONED:
            needed = f" best of {best_of} needs {best_of // 2 + 1} sets for a winner;" if best_of else ""
            raise ScoreError(
                f"The score is not a finished match:{needed} complete it, or end it with RET, DEF or ABD."
            )
        needed = best_of // 2 + 1 if best_of else 0
        if best_of and (max(self.sets_won()) > needed or len(self.sets) > best_of):
            raise ScoreError(f"Too many sets for best of {best_of}: a player needs only {needed}.")
        if best_of and self.ending is None and max(self.sets_won()) < needed:
            raise ScoreError(
                f"The match is not finished: best of {best_of} needs {needed} sets for a winner."
            )
        if winner and decided and decided != winner:
            raise ScoreError(
                f"The score reads as a win for player {decided}, but player {winner} is named the winner: "
                "write the score from player 1's side."
            )

    # --- reading -------------------------------------------------------------------------------
    def sets_won(self) -> tuple[int, int]:
        won = [0, 0]
        for set_score in self.completed_sets:
            won[(1 if set_score.games1 > set_score.games2 else 2) - 1] += 1
        return won[0], won[1]

    @property
    def winner(self) -> int | None:
        """1 or 2: the side that won the match; ``None`` for an abandoned or unfinished match.

        For RET, W/O and DEF the first-named player is the winner, as in every published score.
        Otherwise the side that won more sets, once the last set is finished."""
        if self.ending == ABANDONED:
            return None
        if self.ending in (RETIRED, WALKOVER, DEFAULTED):
            return 1
        if len(self.completed_sets) < len(self.sets):
            return None
        won1, won2 = self.sets_won()
        if won1 == won2:
            return None
        return 1 if won1 > won2 else 2

    @cached_property
    def completed_sets(self) -> tuple[SetScore, ...]:
        return tuple(s for s in self.sets if self._set_finished(s))

    def swapped(self) -> Score:
        """The same score from the other player's side."""
        return Score(
            tuple(SetScore(s.games2, s.games1, s.tiebreak, s.match_tiebreak) for s in self.sets), self.ending
        )

    # --- formatting ----------------------------------------------------------------------------
    def __str__(self) -> str:
        parts = [s.canonical() for s in self.sets]
        if self.ending:
            parts.append(self.ending)
        return " ".join(parts)

    @property
    def display(self) -> str:
        """The score for readers: en-dashes, and endings in words."""
        parts = [s.display() for s in self.sets]
        if self.ending:
            parts.append(ENDINGS[self.ending])
        return " ".join(parts)

    @property
    def ending_label(self) -> str:
        return ENDINGS.get(self.ending, "") if self.ending else ""

    def __bool__(self) -> bool:
        return bool(self.sets or self.ending)


@lru_cache(maxsize=32768)
def _parse_cached(text: str, best_of: int | None, in_progress: bool) -> Score:
    return Score._parse(text, best_of=best_of, in_progress=in_progress)
