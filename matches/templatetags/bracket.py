"""The cells of a draw's bracket, as HTML.

A Wimbledon draw has 127 matches, 254 player rows and as many set scores again; through the template
engine the cells alone took 40 ms of CPU a page. Written here as strings (every text escaped, every
number through ``int``) they take a few. The markup is what ``templates/matches/bracket.html`` lays out; the
classes are styled in ``static/css/site.css`` (Draws). No query: slots carry the matches the view
fetched.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from matches.models import Entry
from matches.scores import ABANDONED, DEFAULTED, RETIRED, WALKOVER
from players.models import Player

from .tennis import draw_summary

register = template.Library()

ENDING_SHORT = {RETIRED: "ret.", WALKOVER: "w/o", DEFAULTED: "def.", ABANDONED: "abd."}
ENTRY_LABELS = dict(Entry.choices)
WINNER_MARK = ' <span class="won-mark" role="img" aria-label="winner">✓</span>'
NOT_PLAYED = '<span class="bm-v" aria-hidden="true">v</span>'
EMPTY_CELL = '<li class="bracket-cell empty"><span class="visually-hidden">No match</span></li>'


class _Cells:
    """Writes cells. A reverse() costs more than a cell and a draw has 255 links, so each kind of URL
    is reversed once with a stand-in key and each player's slug or match's id put in its place."""

    def __init__(self):
        self.player_url = reverse("players:detail", args=["0"]).rsplit("0", 1)
        self.match_url = reverse("matches:detail", args=[0]).rsplit("0", 1)

    def url(self, obj):
        if isinstance(obj, Player):
            return escape(f"{self.player_url[0]}{obj.slug}{self.player_url[1]}")
        return f"{self.match_url[0]}{int(obj.pk)}{self.match_url[1]}"

    def player(self, player, seed, entry, unknown="Not named"):
        """A player's name (linked), seed and entry code, as a draw writes them."""
        if player is not None:
            html = f'<a href="{self.url(player)}">{escape(player.short_name)}</a>'
        else:
            html = f'<span class="unknown">{unknown}</span>'
        if seed:
            html += f' <small class="seed"><span class="visually-hidden">seed </span>({int(seed)})</small>'
        if entry:
            label = escape(ENTRY_LABELS.get(entry, entry))
            html += f' <abbr class="entry" title="{label}">{escape(entry)}</abbr>'
        return html

    @staticmethod
    def sets(row):
        parts = []
        for cell in row["sets"]:
            tiebreak = f"<sup>{int(cell['tiebreak'])}</sup>" if cell["tiebreak"] is not None else ""
            won = ' class="set-won"' if cell["won"] else ""
            parts.append(f"<span{won}>{int(cell['games'])}{tiebreak}</span>")
        return "".join(parts)

    def match(self, slot):
        """Two name rows, and beside them the match link: both rows' set scores (or "v" for a match
        to be played), with the result in words for screen readers."""
        match = slot.match
        decided = bool(match.winner_side)
        ending = match.score.ending if match.score else ""
        names, scores = [], []
        rows = slot.rows()
        for position, row in enumerate(rows):
            won = " won" if row["won"] else ""
            unknown = "Not named" if decided else "To be decided"
            name = self.player(row["player"], row["seed"], row["entry"], unknown=unknown)
            if row["won"]:
                name += WINNER_MARK
            names.append(f'<p class="bm-name{won}">{name}</p>')
            sets = self.sets(row)
            if ending and not row["won"] and (decided or position == 1):
                sets += f' <span class="bm-end">{ENDING_SHORT.get(ending, "")}</span>'
            scores.append(f'<span class="bm-sets{won}" aria-hidden="true">{sets}</span>')
        if not ending and not any(row["sets"] for row in rows):
            # No score: "v" for a match to be played; a dash for a result whose score is not held.
            scores = [
                '<span class="bm-v" aria-hidden="true">v</span>'
                if not decided
                else '<span class="bm-v" aria-hidden="true">–</span>'
            ]
        return (
            f'<li class="bracket-cell"><div class="bm{" decided" if decided else ""}">{names[0]}{names[1]}'
            f'<a class="bm-score" href="{self.url(match)}">{"".join(scores)}'
            f'<span class="visually-hidden">{escape(draw_summary(match))}</span></a></div></li>'
        )

    def through(self, slot):
        note = "bye" if slot.is_bye else "result not held"
        return (
            f'<li class="bracket-cell"><div class="bm {slot.kind}">'
            f'<p class="bm-name">{self.player(slot.player, slot.seed, slot.entry)}</p>'
            f'<p class="bm-name bm-note">{note}</p></div></li>'
        )

    @staticmethod
    def open(slot):
        text = "To be decided" if slot.feeds_unfinished else "Not held"
        return (
            f'<li class="bracket-cell"><div class="bm open"><p class="bm-name bm-note">{text}</p></div></li>'
        )


@register.simple_tag(takes_context=True)
def bracket_cells(context, column):
    """Every cell of a bracket column (``matches.draws.Column``), top to bottom. Every text from the
    data goes through ``escape``; numbers through ``int``."""
    cells = context.render_context.setdefault("bracket_cells", _Cells())
    html = []
    for slot in column.slots:
        if slot.is_match:
            html.append(cells.match(slot))
        elif slot.is_bye or slot.is_carried:
            html.append(cells.through(slot))
        elif slot.is_open:
            html.append(cells.open(slot))
        else:
            html.append(EMPTY_CELL)
    return mark_safe("\n".join(html))  # noqa: S308 - built above from escaped text and integers
