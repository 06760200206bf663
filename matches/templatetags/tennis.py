"""Template helpers for scores, entries and match statistics. They format what the view fetched;
none runs a query."""

import re

from django import template
from django.contrib.humanize.templatetags.humanize import ordinal
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from matches import points
from matches.models import Entry, score_from_winner
from newsroom.links import url_maker
from newsroom.markup import conditional_escape, format_html

register = template.Library()


@register.filter
def winner_score(match):
    """The score from the winner's side with en-dashes, as readers expect: '4–6 6–3 6–4'. A score
    the data gives but Baseline cannot read shows as the data wrote it, or as not known."""
    if not match.score:
        return match.score_note  # reads score_text only here: a draw's matches leave it deferred
    return score_from_winner(match.score, match.winner_side)


@register.filter
def score_for(match, player):
    """The score from ``player``'s side."""
    score = match.score_for(player)
    return score.display if score else match.score_note_for(player)


@register.filter
def draw_summary(match):
    """A match in words for a draw's match link: 'C. Alcaraz d. N. Djokovic 6–2 6–2 7–6(4)', or
    'C. Norrie v To be decided, scheduled'."""

    def name(player):
        return player.short_name if player else ("Not named" if match.winner_side else "to be decided")

    if match.winner_side:
        winner, loser = (
            (match.player1, match.player2) if match.winner_side == 1 else (match.player2, match.player1)
        )
        return f"{name(winner)} d. {name(loser)} {winner_score(match)}".strip()
    status = match.get_status_display().lower()
    score = f" {match.score.display}" if match.score else ""
    return f"{name(match.player1)} v {name(match.player2)}, {status}{score}"


@register.filter
def entry_label(code):
    try:
        return Entry(code).label
    except ValueError:
        return code


@register.filter
def opponent(match, player):
    return match.opponent_of(player)


@register.filter
def won_by(match, player):
    return match.won_by(player)


@register.filter
def duration(minutes):
    """'2 h 16 min' from 136; '48 min' under the hour."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def _ratio(pct, part, whole, *, pct_first=True):
    """('63%', '50/80') or ('3/5', '60%'): the headline figure and its detail; ('–', '') when missing.
    ``pct`` comes from the MatchStats property, so the percentage is computed in one place."""
    if part is None or whole is None:
        return ("–", "")
    if pct is None:
        return (f"{part}/{whole}", "")
    return (f"{pct}%", f"{part}/{whole}") if pct_first else (f"{part}/{whole}", f"{pct}%")


def _count(value):
    return ("–" if value is None else str(value), "")


SERVE_LINES = [
    ("Aces", lambda s: _count(s.aces)),
    ("Double faults", lambda s: _count(s.double_faults)),
    ("First serve in", lambda s: _ratio(s.first_serve_in_pct, s.first_serves_in, s.serve_points)),
    (
        "First-serve points won",
        lambda s: _ratio(s.first_serve_won_pct, s.first_serve_points_won, s.first_serves_in),
    ),
    (
        "Second-serve points won",
        lambda s: _ratio(s.second_serve_won_pct, s.second_serve_points_won, s.second_serves),
    ),
    (
        "Break points saved",
        lambda s: _ratio(
            s.break_points_saved_pct, s.break_points_saved, s.break_points_faced, pct_first=False
        ),
    ),
    ("Service games", lambda s: _count(s.service_games)),
]


def _pair(figure, *, pct_first=True):
    """A line computed from both players' stats (``matches.points``): (own, opponent) -> cell."""

    def cell(own, opponent):
        ratio = figure(own, opponent) if own is not None else None
        if ratio is None:
            return ("–", "")
        return _ratio(ratio.pct, ratio.part, ratio.whole, pct_first=pct_first)

    return cell


RETURN_LINES = [
    ("Return points won", _pair(points.return_points_won)),
    ("Break points converted", _pair(points.break_points_converted, pct_first=False)),
]
MATCH_LINES = [("Total points won", _pair(points.total_points_won))]
REPORTER_LINES = [
    ("Winners", "winners"),
    ("Unforced errors", "unforced_errors"),
]


@register.inclusion_tag("includes/stats_table.html")
def stats_table(match, stats_pair):
    """Both players' numbers side by side, in three groups: serve, return (from the opponent's serve
    figures) and the whole match. A line neither player has is left out; winners and unforced
    errors appear only when recorded."""
    s1, s2 = stats_pair

    def cell(s, line):
        return ("–", "") if s is None else line(s)

    def shown(lines):
        return [line for line in lines if line[1][0] != "–" or line[2][0] != "–"]

    serve = shown([(label, cell(s1, line), cell(s2, line)) for label, line in SERVE_LINES])
    on_return = shown([(label, line(s1, s2), line(s2, s1)) for label, line in RETURN_LINES])
    whole = shown([(label, line(s1, s2), line(s2, s1)) for label, line in MATCH_LINES])
    for label, attr in REPORTER_LINES:
        v1, v2 = getattr(s1, attr, None), getattr(s2, attr, None)
        if v1 is not None or v2 is not None:
            whole.append((label, _count(v1), _count(v2)))
    groups = [
        (name, lines) for name, lines in (("Serve", serve), ("Return", on_return), ("Match", whole)) if lines
    ]
    return {"match": match, "groups": groups}


_SET_RE = re.compile(r"\b\d{1,2}[\u2013-]\d{1,2}(?:\(\d{1,2}\))?")


@register.filter(needs_autoescape=True)
def keep_sets(text, autoescape=True):
    """Each set score in ``text`` kept on one line: a score or a headline may wrap between sets,
    never inside one (browsers may break a line after an en-dash: '4–' / '6')."""
    if not text:
        return ""
    escaped = str(conditional_escape(text) if autoescape else text)
    return mark_safe(_SET_RE.sub(r'<span class="set">\g<0></span>', escaped))


def h2h_sentence(summary, p1, p2, *, after=False) -> str:
    """'Carlos Alcaraz led 3–2', 'level at 1–1', 'first meeting': a head-to-head in words, from
    ``summary`` (player 1's side). ``after`` switches to the present: 'leads'."""
    record = summary.record
    if not record.played:
        return "no counted meeting yet" if after else "their first counted meeting"
    lead = "leads" if after else "led"
    if record.wins == record.losses:
        return f"level at {record}"
    leader, wins, losses = (
        (p1, record.wins, record.losses)
        if record.wins > record.losses
        else (
            p2,
            record.losses,
            record.wins,
        )
    )
    name = leader.name if leader else "an unnamed player"
    return f"{name} {lead} {wins}\u2013{losses}"


def fact_box_context(match, facts, heading_level=2):
    """What ``includes/fact_box.html`` shows of ``match``: ``facts`` is the ``players.asof.FactBox``
    the view computed."""
    if facts is None:
        return {"facts": None}
    players = (match.player1, match.player2)
    sides = [
        {"player": player, "going": going, "won": match.winner_side == side}
        for side, player, going in zip((1, 2), players, facts.sides, strict=True)
    ]
    winner = next((s for s in sides if s["won"]), None)
    loser = next((s for s in sides if s is not winner), None) if winner else None
    return {
        "match": match,
        "facts": facts,
        "sides": sides,
        "winner": winner,
        "loser": loser,
        "h2h_before": h2h_sentence(facts.h2h_before, *players),
        "h2h_after": h2h_sentence(facts.h2h_after, *players, after=True),
        "heading_level": heading_level,
        "streaks": [s for s in sides if s["going"].streak],
    }


@register.simple_tag
def result_rows(matches, *, hide_event=False):
    """Result rows, one after another: ``includes/result_row.html`` written in Python for the lists
    of results on story pages and the home page, where an include a row cost more than the rest of
    the list. The matches come with their edition, tournament and players (``for_results()``)."""
    if not matches:
        return ""
    match_url = url_maker("matches:detail", "id")
    rows = []
    for match in matches:
        if hide_event:
            event = ""
        else:
            event = format_html(
                '<span class="result-event">{} {} · {}</span>',
                match.edition.tournament.name,
                match.edition.year,
                match.round,
            )
        if match.winner_side:
            winner, loser = match.winner, match.loser
            line = format_html(
                "<strong>{}</strong> d. {}",
                (winner.short_name if winner else "") or "Not named",
                (loser.short_name if loser else "") or "not named",
            )
        else:
            line = format_html(
                "{} v {}",
                (match.player1.short_name if match.player1 else "") or "TBD",
                (match.player2.short_name if match.player2 else "") or "TBD",
            )
        rows.append(
            format_html(
                '<li class="result">\n  <a href="{}">{}\n  <span class="result-line">{}</span>\n'
                '  <span class="result-score">{}</span></a>\n</li>\n',
                match_url(match.pk),
                event,
                line,
                winner_score(match),
            )
        )
    return mark_safe("".join(rows))


def _score_box_row(row, player_url):
    player = row["player"]
    if player:
        name = format_html('<a href="{}">{}</a>', player_url(player.slug), player.name)
    else:
        name = mark_safe('<span class="unknown">Not named</span>')
    seed = format_html('<small class="seed">seed {}</small>', row["seed"]) if row["seed"] else ""
    entry = (
        format_html(' <abbr class="entry" title="{}">{}</abbr>', entry_label(row["entry"]), row["entry"])
        if row["entry"]
        else ""
    )
    won = '<span class="won-mark" aria-label="winner" role="img">✓</span>' if row["won"] else ""
    cells = "".join(
        format_html(
            '<td class="num{}">{}{}</td>',
            " set-won" if cell["won"] else "",
            cell["games"],
            format_html('<sup><span class="visually-hidden"> tiebreak </span>{}</sup>', cell["tiebreak"])
            if cell["tiebreak"] is not None
            else "",
        )
        for cell in row["sets"]
    )
    return format_html(
        '\n      <tr class="{}">\n        <th scope="row">\n          {}\n          {}{}\n          {}\n'
        "        </th>\n        {}\n      </tr>\n      ",
        "winner" if row["won"] else "",
        name,
        seed,
        entry,
        mark_safe(won),
        mark_safe(cells),
    )


@register.simple_tag
def score_box(match, *, in_body=False):
    """A match's score box: ``includes/score_box.html`` (the box a story body's ``[[match:…]]``
    becomes) written in Python for the story and match pages, where its rows and sets through the
    template engine cost a fifth of the page's templates. The match comes with its edition,
    tournament and players."""
    player_url = url_maker("players:detail", "slug")
    score = match.score
    ending = getattr(score, "ending", None)
    rows = match.sides()
    head = "".join(
        '<th scope="col" class="num"><abbr title="Match tiebreak">MTB</abbr></th>'
        if cell["match_tiebreak"]
        else f'<th scope="col" class="num"><span class="visually-hidden">Set </span>{number}</th>'
        for number, cell in enumerate(rows[0]["sets"], start=1)
    )
    if score:
        note = ""
    elif match.score_note:
        note = format_html('<p class="score-note">Score: {}.</p>', match.score_note)
    elif match.is_finished:
        note = mark_safe('<p class="score-note">Score not recorded.</p>')
    else:
        note = mark_safe('<p class="score-note">Not played yet.</p>')
    return format_html(
        '<figure class="score-box{}">\n  <table>\n    <caption>\n'
        '      <a href="{}">{} · {}</a>\n'
        '      <span class="status status-{}">{}{}</span>\n'
        "    </caption>\n    \n    <thead>\n      <tr>\n"
        '        <th scope="col"><span class="visually-hidden">Player</span></th>\n'
        "        {}\n      </tr>\n    </thead>\n    <tbody>\n      {}\n    </tbody>\n    \n"
        "  </table>\n  {}\n</figure>\n",
        " in-body" if in_body else "",
        match.get_absolute_url(),
        match.edition,
        match.get_round_display(),
        match.status,
        match.get_status_display(),
        format_html(" ({})", score.ending_label) if ending else "",
        mark_safe(head),
        mark_safe("".join(_score_box_row(row, player_url) for row in rows)),
        note,
    )


def _fact_box_sides(sides, link):
    """The players of a fact box's line, ' · ' between them: ``link(side)`` gives each one's HTML."""
    parts = []
    for index, side in enumerate(sides):
        if side["player"]:
            parts.append(link(side))
            if index < len(sides) - 1:
                parts.append(" · ")
    return mark_safe("".join(parts))


@register.simple_tag
def fact_box(match, facts, heading_level=2):
    """The fact box of ``match``, as ``includes/fact_box.html`` writes it from ``fact_box_context``
    (the template is the reference a test holds this to): written in Python because through the
    template engine it cost a tenth of a story or match page."""
    context = fact_box_context(match, facts, heading_level)
    if not facts:
        return "\n"
    player_url = url_maker("players:detail", "slug")
    match_url = match.get_absolute_url()
    sides, winner, loser = context["sides"], context["winner"], context["loser"]
    year = facts.year

    def name(side, default):
        return (side["player"].name if side and side["player"] else "") or default

    if winner:
        score = (
            format_html(' <span class="score">{}</span>', keep_sets(winner_score(match)))
            if match.score
            else ""
        )
        result = format_html(
            '<a href="{}">{} d. {}{}</a>',
            match_url,
            name(winner, "An unnamed player"),
            name(loser, "an unnamed opponent"),
            score,
        )
    else:
        result = format_html(
            '<a href="{}">{} v {}</a>',
            match_url,
            (match.player1.name if match.player1 else "") or "To be decided",
            (match.player2.name if match.player2 else "") or "to be decided",
        )
    when = match.played
    when = format_html(', <time datetime="{}">{}</time>', when.iso, when.display) if when else ""
    html = [
        format_html(
            '<section class="fact-box" aria-labelledby="facts-{}">\n'
            '  <h{} id="facts-{}" class="fact-box-title">The match in figures</h{}>\n'
            '  <p class="fact-box-note">As of the match, computed from the results Baseline holds.</p>\n'
            "  <dl>\n"
            "    <div><dt>Result</dt><dd>{}\n"
            "      <small>{}, {}{}</small></dd></div>\n    ",
            match.pk,
            heading_level,
            match.pk,
            heading_level,
            result,
            match.edition,
            match.get_round_display().lower(),
            when,
        )
    ]
    if facts.p1.rank or facts.p2.rank:

        def rank_link(side):
            rank = side["going"].rank
            if not rank:
                text = "unranked or not known"
            elif rank.from_ranking_week:
                text = format_html(
                    '{} <small>(ranking of <time datetime="{}">{}</time>)</small>',
                    rank,
                    rank.week.isoformat(),
                    date_format(rank.week, "j M Y"),
                )
            else:
                text = conditional_escape(rank)
            return format_html(
                '<a href="{}#ranking-heading">{}</a> {}',
                player_url(side["player"].slug),
                side["player"].short_name,
                text,
            )

        gap = facts.rank_gap
        gap = (
            format_html(
                "<br><small>{} place{} apart{}.</small>",
                gap,
                "" if gap == 1 else "s",
                ": the lower-ranked player won" if facts.upset else "",
            )
            if gap
            else ""
        )
        html.append(
            format_html(
                "\n    <div><dt>Ranks at the time</dt><dd>\n      {}\n      {}\n    </dd></div>\n    ",
                _fact_box_sides(sides, rank_link),
                gap,
            )
        )
    html.append("\n    ")
    if match.player1 and match.player2:
        h2h = facts.h2h_before
        after = (
            format_html("; after: {}", context["h2h_after"]) if match.is_finished and facts.counted else ""
        )
        notes = []
        if facts.h2h_coverage:
            notes.append(format_html("Counted {}", facts.h2h_coverage))
        if h2h.left_out:
            if facts.h2h_coverage:
                notes.append("; ")
            notes.append(conditional_escape(h2h.left_out.describe()))
        notes = format_html("<br><small>{}.</small>", mark_safe("".join(notes))) if notes else ""
        html.append(
            format_html(
                '\n    <div><dt>Head-to-head</dt><dd><a href="{}">Before: {}{}'
                '<span class="visually-hidden"> (head-to-head of {} and {})</span></a>\n'
                "      {}</dd></div>\n    ",
                reverse("players:h2h", args=[match.player1.slug, match.player2.slug]),
                context["h2h_before"],
                after,
                match.player1.name,
                match.player2.name,
                notes,
            )
        )

    def season_link(side):
        return format_html(
            '<a href="{}?year={}#season-heading">{} {}</a>',
            player_url(side["player"].slug),
            year,
            side["player"].short_name,
            side["going"].season.record,
        )

    held = (
        ""
        if facts.p1.season_held
        else format_html(
            "<br><small>The {} season is not held in full: only the matches entered by hand count.</small>",
            year,
        )
    )
    html.append(
        format_html(
            "\n    <div><dt>{} season going in</dt><dd>\n      {}\n      {}\n    </dd></div>\n    ",
            year,
            _fact_box_sides(sides, season_link),
            held,
        )
    )
    for side in context["streaks"]:
        streak, player = side["going"].streak, side["player"]
        short = player.short_name if player else ""
        if streak.ended:
            text = format_html("Ended {}’s run of {} wins in a row", short, streak.length)
        else:
            text = format_html("{}’s {} win in a row", short, ordinal(streak.after))
        if streak.scope:
            text = format_html("{} {}", text, streak.scope)
        html.append(
            format_html(
                '\n    <div><dt>Streak</dt><dd><a href="{}?year={}#results-heading">{}</a></dd></div>\n    ',
                player_url(player.slug) if player else "",
                year,
                text,
            )
        )
    html.append("\n  </dl>\n</section>\n")
    return mark_safe("".join(html))
