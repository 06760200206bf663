"""Template helpers for player pages: they format what the view computed and never run a query."""

from datetime import date
from html import escape

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
    return NOTES.get(stats.classify_match(match), "")


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


@register.simple_tag
def ranking_chart_svg(chart, player):
    """The ranking chart's SVG, as ``players/ranking_chart_svg.html`` writes it (a test holds the two
    equal): its seventy-odd values through the template engine were half a player page's. Numbers
    are written as ``{% localize off %}`` writes them (``str``); every text is escaped."""
    left, bottom = chart.left, chart.bottom
    y_ticks = "".join(
        f'<line x1="{left}" x2="{chart.right}" y1="{tick.position}" y2="{tick.position}"/>'
        f'<text class="chart-label" x="{left - 6}" y="{tick.position}" dy="0.35em" text-anchor="end">'
        f"{escape(str(tick.label))}</text>"
        for tick in chart.y_ticks
    )
    x_ticks = "".join(
        f'<line class="chart-x-tick" x1="{tick.position}" x2="{tick.position}" '
        f'y1="{bottom}" y2="{bottom + 4}"/>'
        f'<text class="chart-label" x="{tick.position}" y="{bottom + 17}" text-anchor="middle">'
        f"{escape(str(tick.label))}</text>"
        for tick in chart.x_ticks
    )
    (best_x, best_y), (last_x, last_y) = chart.best_xy, chart.last_xy
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {chart.width} {chart.height}" width="{chart.width}" '
        f'height="{chart.height}" role="img" aria-labelledby="rank-chart-title rank-chart-desc" '
        'focusable="false">\n'
        f'    <title id="rank-chart-title">ATP ranking of {escape(player.name)}</title>\n'
        f'    <desc id="rank-chart-desc">{escape(chart.description)}</desc>\n'
        f'    <g class="chart-grid" aria-hidden="true">\n'
        f"      {y_ticks}\n"
        f"      {x_ticks}\n"
        f"    </g>\n"
        f'    <polyline class="chart-line" points="{escape(chart.points)}"/>\n'
        f'    <circle class="chart-best" cx="{best_x}" cy="{best_y}" r="4"/>\n'
        f'    <circle class="chart-last" cx="{last_x}" cy="{last_y}" r="4"/>\n'
        f"  </svg>"
    )
