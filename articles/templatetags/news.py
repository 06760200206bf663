"""Template helpers for stories."""

import json
from html import escape

from django import template
from django.utils import dateformat
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from matches.templatetags.tennis import keep_sets
from newsroom.links import url_maker
from newsroom.markup import conditional_escape, format_html

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def jsonld(data):
    """A JSON-LD block; '<', '>' and '&' are escaped so no text can close the script element."""
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def player_then_items(players_then):
    """A story's players, each with their rank as of the story (``views.players_as_of``), as list
    items: ``includes/player_then.html`` in Python, one value in ten of a story page otherwise."""
    player_url = url_maker("players:detail", "slug")
    items = []
    for player, rank in players_then:
        country = f' <span class="country">{escape(player.country_name)}</span>' if player.country else ""
        then = ""
        if rank:
            if rank.from_ranking_week:
                when = (
                    f' <small>on <time datetime="{dateformat.format(rank.week, "Y-m-d")}">'
                    f"{escape(dateformat.format(rank.week, 'j M Y'))}</time></small>"
                )
            else:
                when = " <small>at the time</small>"
            then = f' <span class="rank">{escape(str(rank))}{when}</span>'
        items.append(
            f'\n          <li><a href="{escape(player_url(player.slug))}">{escape(player.name)}</a>'
            f"{country}{then}</li>\n          "
        )
    return mark_safe("".join(items))


@register.simple_tag
def quote_blocks(quotes, *, hide_match=False, show_source=False):
    """Quote blocks, one after another: ``includes/quote_block.html`` (the block a story body's
    ``[[quote:…]]`` becomes) written in Python for the lists of quotes on story, match and player
    pages, where an include a quote cost more than the rest of the list. The quotes come with
    their speaker, match (unless ``hide_match``) and story (if ``show_source``)."""
    if not quotes:
        return ""
    player_url = url_maker("players:detail", "slug")
    match_url = url_maker("matches:detail", "id")
    story_url = url_maker("articles:detail", "slug")
    blocks = []
    for quote in quotes:
        if quote.speaker:
            speaker = format_html('<a href="{}">{}</a>', player_url(quote.speaker.slug), quote.speaker.name)
        else:
            speaker = conditional_escape(quote.speaker_display)
        caption = [speaker]
        if quote.speaker_role:
            caption.append(format_html(", {}", quote.speaker_role))
        if quote.context:
            caption.append(format_html(", {}", quote.context))
        if quote.match and not hide_match:
            caption.append(
                format_html(
                    ', on <a href="{}">{} {}</a>',
                    match_url(quote.match.pk),
                    quote.match.edition,
                    quote.match.get_round_display().lower(),
                )
            )
        if show_source:
            caption.append(
                format_html(' · <a href="{}">{}</a>', story_url(quote.article.slug), quote.article.title)
            )
        blocks.append(
            format_html(
                '<figure class="quote" id="quote-{}">\n  <blockquote><p>{}</p></blockquote>\n'
                "  <figcaption>\n    — {}\n  </figcaption>\n</figure>\n",
                quote.pk,
                quote.text,
                mark_safe("".join(caption)),
            )
        )
    return mark_safe("".join(blocks))


@register.simple_tag
def story_cards(stories):
    """Story cards, one after another: ``includes/story_card.html`` (not a lead card) written in
    Python for the lists of stories on story, match and player pages, where an include a card cost
    more than the rest of the list. The stories come with their edition and tournament."""
    if not stories:
        return ""
    section_url = url_maker("articles:section", "slug")
    story_url = url_maker("articles:detail", "slug")
    cards = []
    for story in stories:
        edition = format_html(" · {}", story.edition) if story.edition else ""
        standfirst = format_html('<p class="standfirst">{}</p>', story.standfirst) if story.standfirst else ""
        when = ""
        if story.publish_at:
            published = template_localtime(story.publish_at)
            when = format_html(
                '<p class="meta"><time datetime="{}">{}</time></p>',
                date_format(published, "Y-m-d\\TH:i:sO"),
                date_format(published, "j F Y"),
            )
        cards.append(
            format_html(
                '<article class="story-card">\n  \n'
                '  <p class="kicker"><a href="{}">{}</a>{}</p>\n'
                '  <h3 class="headline"><a href="{}">{}</a></h3>\n'
                "  {}\n  {}\n</article>\n",
                section_url(story.section),
                story.get_section_display(),
                edition,
                story_url(story.slug),
                keep_sets(story.title),
                standfirst,
                when,
            )
        )
    return mark_safe("".join(cards))
