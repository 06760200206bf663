"""The fact box of a match: the queries behind ``players.asof.fact_box``.

Three queries whatever the careers: both players' slim rows (the match's season and the two before,
for the season records and streaks, plus every earlier meeting), the ranking weeks for a player
the match's entry list does not rank, and the seasons held (``matches.coverage``).
"""

from newsroom.together import Statement
from players import asof
from players.models import RankingEntry

from .coverage import Coverage, held_seasons
from .models import Match
from .rows import fact_box_rows

STREAK_SEASONS = 2  # seasons before the match's own that a streak may reach back into


def fact_box_question(match: Match) -> Statement | None:
    """The rows a fact box of ``match`` (fetched with its edition) reads, as a statement a page
    may ask with its other questions (``newsroom.together``); None when no player is named."""
    ids = [pk for pk in (match.player1_id, match.player2_id) if pk]
    if not ids:
        return None
    return fact_box_rows(ids, since_year=match.edition.year - STREAK_SEASONS, up_to_sequence=match.sequence)


def fact_box(
    match: Match, *, question: Statement | None = None, coverage: Coverage | None = None
) -> asof.FactBox | None:
    """The as-of-the-match figures for ``match`` (fetched with its edition), or None when no
    player is named. ``question``: its ``fact_box_question``, already evaluated or not."""
    question = question or fact_box_question(match)
    if question is None:
        return None
    rows = question.result if question.result is not None else question.fetch()
    match_row = next((row for row in rows if row.id == match.pk), None)
    if match_row is None:
        return None
    unranked = [
        pk
        for pk, rank in ((match.player1_id, match.p1_rank), (match.player2_id, match.p2_rank))
        if pk and not rank
    ]
    day = match.date or match.edition.start_date
    ranking_weeks = RankingEntry.objects.newest_on_or_before(unranked, day) if unranked else {}
    return asof.fact_box(
        rows,
        match_row,
        ranking_weeks=ranking_weeks,
        coverage=coverage if coverage is not None else held_seasons(),
    )
