"""The rows of the tournaments tables (the index, a level's page, a tournament's editions), as HTML.

A level's page lists a hundred tournaments, each with three links; through the template engine (an
include a row, three ``{% url %}`` each) the rows took two thirds of the page's time. Written here
as strings, every text escaped and each kind of URL reversed once (``newsroom.links``), they take a
few milliseconds. No query: the rows carry what the view annotated
(``matches.views.with_latest_and_champion``).
"""

from html import escape

from django import template
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe

from matches.models import score_from_winner
from newsroom.links import url_maker

from .tennis import keep_sets

register = template.Library()


@register.simple_tag
def tournament_rows(tournaments, years=False):
    """One ``<tr>`` a tournament: its name (linked) and city, its latest edition (with ``years``, the
    first and latest: '1990–2024'), its newest champion with the year when it is not the latest
    edition's."""
    tournament_url = url_maker("matches:tournament", "slug")
    edition_url = url_maker("matches:edition", "slug", "year")
    player_url = url_maker("players:detail", "slug")
    rows = []
    for t in tournaments:
        name = f'<a href="{escape(tournament_url(t.slug))}">{escape(t.name)}</a>'
        if t.city and t.city != t.name:
            name += f' <small class="meta">{escape(t.city)}</small>'
        if t.latest_year:
            held = f'<a href="{escape(edition_url(t.slug, t.latest_year))}">{int(t.latest_year)}</a>'
            first = getattr(t, "first_year", None)
            if years and first and first != t.latest_year:
                held = f"{int(first)}–{held}"
        else:
            held = "–"
        champion = getattr(t, "champion", None)
        if champion is not None:
            winner = f'<a href="{escape(player_url(champion.slug))}">{escape(champion.name)}</a>'
            if t.champion_year != t.latest_year:
                winner += f' <small class="meta">({int(t.champion_year)})</small>'
        else:
            winner = "–"
        rows.append(f'<tr><th scope="row">{name}</th><td>{held}</td><td>{winner}</td></tr>')
    return mark_safe("\n".join(rows))


@register.simple_tag
def edition_rows(editions):
    """A tournament's editions (Wimbledon has 57): the year and start, the champion, the runner-up
    and the final's score, the number of matches. ``edition.final`` is the final the view found (or
    None); ``edition.match_count`` its annotation."""
    edition_url = url_maker("matches:edition", "slug", "year")
    player_url = url_maker("players:detail", "slug")
    match_url = url_maker("matches:detail", "id")
    rows = []
    for edition in editions:
        url = escape(edition_url(edition.tournament.slug, edition.year))
        year = f'<a href="{url}">{int(edition.year)}</a>'
        if edition.start_date:
            day = edition.start_date
            year += f'<br><small><time datetime="{day.isoformat()}">{date_format(day, "j M")}</time></small>'
        final = edition.final
        champion = against = "–"
        if final is not None:
            winner, loser = final.winner, final.loser
            if winner is not None:
                champion = f'<a href="{escape(player_url(winner.slug))}">{escape(winner.name)}</a>'
            score = keep_sets(score_from_winner(final.score, final.winner_side, final.score_text))
            against = f'<a href="{match_url(final.pk)}">{score or "Match details"}</a>'
            if loser is not None:
                against = f'd. <a href="{escape(player_url(loser.slug))}">{escape(loser.name)}</a> {against}'
        rows.append(
            f'<tr><th scope="row">{year}</th><td>{champion}</td><td>{against}</td>'
            f'<td class="num">{int(edition.match_count)}</td></tr>'
        )
    return mark_safe("\n".join(rows))
