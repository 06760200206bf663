"""Template helpers for scores and entries. They format what the view fetched; none runs a query."""

from django import template

from matches.models import Entry

register = template.Library()


@register.filter
def winner_score(match):
    """The score from the winner's side with en-dashes, as readers expect: '4–6 6–3 6–4'."""
    score = match.score
    if not score:
        return ""
    return (score.swapped() if match.winner_side == 2 else score).display


@register.filter
def score_for(match, player):
    """The score from ``player``'s side."""
    score = match.score_for(player)
    return score.display if score else ""


@register.filter
def entry_label(code):
    try:
        return Entry(code).label
    except ValueError:
        return code


@register.inclusion_tag("includes/score_box.html")
def score_box(match):
    return {"match": match}


@register.filter
def opponent(match, player):
    return match.opponent_of(player)


@register.filter
def won_by(match, player):
    return match.won_by(player)
