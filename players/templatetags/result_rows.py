"""The long lists of a player's page and a head-to-head, as HTML: results rows, titles, meetings.

Federer's page lists 103 titles and 25 results, Djokovic v Nadal 60 meetings; through the template
engine (a dozen filters, three ``{% url %}`` and an include per row) these rows took most of each
page's time. Written here as strings they cost a tenth of it. They say exactly what the templates
said: the same filters compute each figure (``matches.templatetags.tennis``,
``players.templatetags.players_tags``), every text is escaped, each kind of URL is reversed once
(``newsroom.links``). No query: the rows carry what the view fetched (``Match.objects.for_results``).
"""

from functools import lru_cache
from html import escape

from django import template
from django.utils.safestring import mark_safe

from matches.chronology import When
from matches.models import Level, Round, Status, Surface, score_from_winner
from matches.templatetags.tennis import keep_sets, score_for
from newsroom.links import url_maker

from .players_tags import opponent_rank, record_note

register = template.Library()

# Labels by code: a dict look-up rather than a model's get_FOO_display(), which rebuilds its
# choices for every call (a third of the time of a list of 103 titles).
LEVEL_LABELS = dict(Level.choices)
ROUND_LABELS = dict(Round.choices)
STATUS_LABELS = dict(Status.choices)
SURFACE_LABELS = dict(Surface.choices)


class _Links:
    def __init__(self):
        self.edition = url_maker("matches:edition", "slug", "year")
        self.match = url_maker("matches:detail", "id")
        self.player = url_maker("players:detail", "slug")
        self.h2h = url_maker("players:h2h", "slug", "slug")

    def edition_link(self, edition):
        url = self.edition(edition.tournament.slug, edition.year)
        return f'<a href="{escape(url)}">{escape(str(edition))}</a>'

    def player_link(self, player, text=None):
        return f'<a href="{escape(self.player(player.slug))}">{escape(text or player.name)}</a>'

    def match_link(self, match, html):
        return f'<a href="{self.match(match.pk)}">{html}</a>'


def _when(match) -> str:
    edition = match.edition
    return _when_html(match.date, edition.start_date, edition.year)


@lru_cache(maxsize=4096)
def _when_html(day, start_date, year) -> str:
    """When a match was played (``Match.played``), as a results row says it: formatted once a
    process for each day a row can show."""
    when = When.of(day, start_date, year)
    if not when.value:
        return ""
    return f' · <time datetime="{escape(when.iso)}">{escape(when.short)}</time>'


def _event_cell(links, match, *, surface=False) -> str:
    """The event (linked), the round and when it was played: '<td>Wimbledon 2024<br>F · …</td>'."""
    round_label = escape(ROUND_LABELS.get(match.round, match.round))
    on = match.edition.surface
    extra = f" · {escape(SURFACE_LABELS.get(on, on))}" if surface and on else ""
    return (
        f"<td>{links.edition_link(match.edition)}<br><small>"
        f'<abbr title="{round_label}">{escape(match.round)}</abbr>{extra}{_when(match)}</small></td>'
    )


def _note(match, *, line_break=True) -> str:
    note = record_note(match)
    if not note:
        return ""
    return f'{"<br>" if line_break else " "}<small class="not-counted">{escape(note)}</small>'


def _mark(match, player) -> str:
    if match.winner_side:
        if match.won_by(player):
            return '<abbr class="result-mark won" title="Won">W</abbr>'
        return '<abbr class="result-mark lost" title="Lost">L</abbr>'
    if match.status == Status.ABANDONED:
        return '<span class="result-mark">–</span>'
    return f'<span class="result-mark">{escape(STATUS_LABELS.get(match.status, match.status))}</span>'


@register.simple_tag
def player_result_rows(results, player):
    """A player's results table: event, opponent with their rank then and the head-to-head link,
    the result from the player's side and why it does not count, if it does not."""
    links = _Links()
    rows = []
    for match in results:
        opp = match.opponent_of(player)
        if opp is not None:
            rank = opponent_rank(match, player)
            then = '<span class="visually-hidden"> at the time</span>'
            rank_html = f' <small class="rank">No {int(rank)}{then}</small>' if rank else ""
            h2h = escape(links.h2h(player.slug, opp.slug))
            who = (
                f'{links.player_link(opp)}{rank_html}<br><small><a href="{h2h}">Head-to-head'
                f'<span class="visually-hidden"> with {escape(opp.name)}</span></a></small>'
            )
        else:
            who = "Not named" if match.is_finished else "To be decided"
        score = keep_sets(score_for(match, player)) or "Match details"
        result = f"{_mark(match, player)} {links.match_link(match, score)}{_note(match)}"
        rows.append(
            f'<tr>{_event_cell(links, match)}<th scope="row">{who}</th><td class="score">{result}</td></tr>'
        )
    return mark_safe("\n".join(rows))


@register.simple_tag
def title_items(titles):
    """A player's titles (``Match.objects.final_lines``): the edition, its level, the final's score
    from the winner's side and the opponent."""
    links = _Links()
    items = []
    for final in titles:
        event = escape(f"{final.edition_name or final.tournament_name} {final.year}")
        level = escape(LEVEL_LABELS.get(final.level, final.level))
        score = keep_sets(score_from_winner(final.score, final.winner_side, final.score_text))
        loser = "p1" if final.winner_side == 2 else "p2"
        slug = getattr(final, f"{loser}_slug")
        against = ""
        if slug:
            name = f"{getattr(final, f'{loser}_first_name')} {getattr(final, f'{loser}_last_name')}".strip()
            against = f' v <a href="{escape(links.player(slug))}">{escape(name)}</a>'
        items.append(
            f'<li><a href="{escape(links.edition(final.tournament_slug, final.year))}">{event}</a> '
            f'<span class="meta">{level}</span> — final '
            f'<a href="{links.match(final.id)}">{score or "won"}</a>{against}</li>'
        )
    return mark_safe("\n".join(items))


@register.simple_tag
def meeting_rows(matches, player):
    """Every meeting of a head-to-head: event (with the surface), winner, score from ``player``'s
    side."""
    links = _Links()
    rows = []
    for match in matches:
        winner = match.winner
        if winner is not None:
            who = links.player_link(winner, winner.short_name)
        else:
            who = escape(STATUS_LABELS.get(match.status, match.status))
        score = keep_sets(score_for(match, player)) or "Match details"
        rows.append(
            f'<tr>{_event_cell(links, match, surface=True)}<th scope="row">{who}{_note(match)}</th>'
            f'<td class="score">{links.match_link(match, score)}</td></tr>'
        )
    return mark_safe("\n".join(rows))
