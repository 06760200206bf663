"""Reading the data's score column into a result: the score, the status and the format it implies.

The winner and the loser are always the data's. The score is read with the one strict parser
(``matches.scores``), after the data's own words are translated (``Walkover`` is ``W/O``, ``Default``
is ``DEF``, ``Played and unfinished`` / ``Played and abandoned`` are ``ABD``). What the parser cannot
read is never a reason to lose the result:

* a score that fits another format than the row's ``best_of`` says (four sets "best of 3", two
  straight sets "best of 5", one pro set) is stored with the format it fits, with a warning;
* a last set stopped where no set ends (``4-6 6-3 4-0``) is a retirement the data did not mark: stored
  with ``RET``, with a warning;
* anything else — ``UNK``, ``NA``, ``?-?``, ``6-4?``, the 31-point sets of 1968, sets decided by a
  tiebreak at 5-all or 8-all in the 1970s (``6-5``, ``9-8``), tiebreak points on a set that had none —
  keeps the result with no parsed score and the text as written (``Match.score_text``), which readers
  see as "score not known (UNK in the data)" or the text "as written in the data". The status comes
  from the words in the text (RET, W/O, DEF, ABD), else the match is completed.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from matches.models import STATUS_FOR_ENDING, Status
from matches.scores import ABANDONED, DEFAULTED, RETIRED, WALKOVER, Score, ScoreError

FORMATS = (3, 5, 1)
# The data's words for endings, translated before parsing (case-insensitive, at the end of the text).
_PHRASES = [
    (re.compile(r"\s*played and (?:unfinished|abandoned)$", re.IGNORECASE), f" {ABANDONED}"),
    (re.compile(r"\s*\bdefault$", re.IGNORECASE), f" {DEFAULTED}"),
    (re.compile(r"^walkover$", re.IGNORECASE), WALKOVER),
]
# Words that say how a match ended even when its games cannot be read.
_STATUS_WORDS = [
    (re.compile(r"\b(?:abd|abn|abandoned|unfinished)\b", re.IGNORECASE), Status.ABANDONED),
    (re.compile(r"(?:\bw/o\b|\bwo\b|walkover)", re.IGNORECASE), Status.WALKOVER),
    (re.compile(r"\b(?:def|default)\b", re.IGNORECASE), Status.DEFAULTED),
    (re.compile(r"\bret\b", re.IGNORECASE), Status.RETIRED),
]

# Warning reasons (the summary counts warnings by these).
FORMAT_FIXED = "best_of corrected from the score"
RETIREMENT_UNMARKED = "retirement not marked"
LOSER_WINS = "score reads as a win for the listed loser"
NOT_KNOWN = "score not known"
AS_WRITTEN = "score kept as written"


@dataclass(frozen=True)
class ScoreReading:
    score: Score | None
    status: str
    best_of: int
    text: str = ""  # the data's text when ``score`` is None
    reason: str = ""  # why there is a warning ('' when none)
    warning: str = ""


@lru_cache(maxsize=32768)  # scores repeat; a reading never changes
def read_score(text: str, best_of: int | None) -> ScoreReading:
    """The result the score column gives, for a row whose ``best_of`` is 1, 3 or 5 (``None`` when the
    row's own value is unreadable)."""
    raw = " ".join((text or "").split())[:80]  # Match.score_text holds 80 characters
    cleaned = raw
    for pattern, replacement in _PHRASES:
        cleaned = pattern.sub(replacement, cleaned)
    stated = best_of if best_of in FORMATS else 3
    tried = [best_of] if best_of in FORMATS else []
    for candidate in tried + [f for f in FORMATS if f not in tried]:
        try:
            score = Score.parse(cleaned, best_of=candidate)
        except ScoreError:
            continue
        reading = _fit(score, candidate, raw, first=candidate == best_of)
        if reading is None:
            continue
        if candidate != best_of and not reading.warning:
            said = f"best_of {best_of}" if best_of else "no readable best_of"
            reading = ScoreReading(
                reading.score,
                reading.status,
                candidate,
                reason=FORMAT_FIXED,
                warning=f"score '{raw}' is a best-of-{candidate} result but the row says {said}: "
                f"imported as best of {candidate}",
            )
        return reading
    if not raw or not re.search(r"\d", raw):
        what = f"'{raw}'" if raw else "none"
        return ScoreReading(
            None,
            _status_from_words(raw),
            stated,
            text=raw,
            reason=NOT_KNOWN,
            warning=f"score {what} in the data: the result is imported with the score marked not known",
        )
    return ScoreReading(
        None,
        _status_from_words(raw),
        stated,
        text=raw,
        reason=AS_WRITTEN,
        warning=f"score '{raw}' is not one Baseline can read: the result is imported with the score "
        "as written",
    )


def _fit(score: Score, best_of: int, raw: str, *, first: bool) -> ScoreReading | None:
    """The reading if ``score`` is a result in a best-of-``best_of`` match, else None. Only the row's
    own format (``first``) may read as a win for the loser or as an unmarked retirement."""
    if score.ending:
        return ScoreReading(score, STATUS_FOR_ENDING[score.ending], best_of)
    needed = best_of // 2 + 1
    won = score.sets_won()
    if score.winner == 1 and won[0] == needed:
        return ScoreReading(score, Status.COMPLETED, best_of)
    if not first:
        return None
    if score.winner == 2 and won[1] == needed:
        return ScoreReading(
            score,
            Status.COMPLETED,
            best_of,
            reason=LOSER_WINS,
            warning=f"score '{raw}' reads as a win for the listed loser; imported with the winner the data "
            "names",
        )
    last = score.sets[-1] if score.sets else None
    if last is not None and last not in score.completed_sets and _in_progress(last):
        retired = Score(score.sets, RETIRED)
        return ScoreReading(
            retired,
            Status.RETIRED,
            best_of,
            reason=RETIREMENT_UNMARKED,
            warning=f"score '{raw}' stops before the match was won, with no ending: imported as '{retired}'",
        )
    return None


# Sets that ended one game apart when the tiebreak was played at 5-all or 8-all (1969-1979): a last
# set reading 6-5 or 9-8 may be finished, so it is not read as a retirement.
_OLD_TIEBREAK_SETS = {(6, 5), (9, 8)}


def _in_progress(set_score) -> bool:
    """Whether a set that is not finished can only be a set still being played: level, or a leader
    short of six games, or an advantage set one game apart (not 6-5 or 9-8, see above). A 31-24 set
    (the points scoring of 1968) is none of these."""
    if set_score.match_tiebreak:
        return False
    high, low = max(set_score.games1, set_score.games2), min(set_score.games1, set_score.games2)
    if (high, low) in _OLD_TIEBREAK_SETS:
        return False
    return high == low or high <= 5 or (high >= 6 and high - low == 1)


def _status_from_words(raw: str) -> str:
    for pattern, status in _STATUS_WORDS:
        if pattern.search(raw):
            return status
    return Status.COMPLETED
