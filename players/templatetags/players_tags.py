"""Template helpers for player pages: they format what the view computed and never run a query."""

from datetime import date

from django import template
from django.utils import dateformat, formats
from django.utils.safestring import mark_safe

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


@register.simple_tag
def ranking_week_rows(entries):
    """The rows of a ranking chart's week-by-week table, newest week first: one row a week, so a
    long career's thousand weeks are formatted here rather than through the template engine. The
    cells are dates and whole numbers (``int`` ranks), which hold nothing to escape."""
    months = {month: dateformat.format(date(2000, month, 1), "M") for month in range(1, 13)}
    # A rank under 1,000 reads as its digits in any locale; only larger ones may be grouped.
    number = {rank: formats.localize(int(rank)) for rank in {rank for _, rank in entries if rank >= 1000}}
    return mark_safe(
        "".join(
            f'<tr><th scope="row"><time datetime="{week.isoformat()}">{week.day} {months[week.month]} '
            f'{week.year}</time></th><td class="num">{number.get(rank) or int(rank)}</td></tr>'
            for week, rank in reversed(entries)
        )
    )
