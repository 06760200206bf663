"""Template helpers for player pages: they format what the view computed and never run a query."""

from django import template

from players import stats

register = template.Library()

NOTES = {
    stats.WALKOVER: "walkover, not counted",
    stats.ABANDONED: "abandoned, not counted",
    stats.OTHER_LEVEL: "below tour level, not counted",
}


@register.filter
def wl(record):
    """A record as readers write it: '12–3'."""
    return str(record) if record is not None else ""


@register.filter
def record_note(match):
    """Why a match is left out of the records, or '' when it counts (or has not been played)."""
    return NOTES.get(stats.classify(stats.row_from_match(match)), "")


@register.filter
def opponent_rank(match, player):
    """The opponent's rank at the time of the match."""
    return {1: match.p2_rank, 2: match.p1_rank}.get(match.side_of(player))
