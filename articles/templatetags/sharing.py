"""What a page shows when it is shared: its head's Open Graph and Twitter tags.

``{% reuse "title" %}`` prints a block's text a second time (a Django block renders once where it
stands): base.html fills ``og:title``, ``og:description`` and ``og:url`` from the page's own
``title``, ``description`` and ``canonical`` blocks, so a page states each once.

``{% og_image picture alt %}`` gives the ``og:image`` tags for a picture field's social card, or the
site's own card when there is none.
"""

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from articles.schema import DEFAULT_CARD
from images.html import absolute, social
from newsroom.markup import format_html

register = template.Library()

DEFAULT_ALT = "Baseline: tennis news linked to every result"


@register.simple_tag(takes_context=True)
def reuse(context, name):
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block(name) if blocks else None
    if block is None:
        return ""
    # The block's own output is already escaped; only tags and extra white space are taken out.
    return mark_safe(" ".join(strip_tags(block.render(context)).split()))


@register.simple_tag
def og_image(picture=None, alt=""):
    card = social(picture.name, picture.storage) if picture else None
    if card is None:
        path, width, height = DEFAULT_CARD
        card = {"url": absolute(static(path)), "width": width, "height": height, "type": "image/png"}
        alt = DEFAULT_ALT
    tags = format_html(
        '<meta property="og:image" content="{}">\n'
        '  <meta property="og:image:type" content="{}">\n'
        '  <meta property="og:image:width" content="{}">\n'
        '  <meta property="og:image:height" content="{}">',
        card["url"],
        card["type"],
        card["width"],
        card["height"],
    )
    if alt:
        tags += format_html(
            '\n  <meta property="og:image:alt" content="{}">\n  <meta name="twitter:image:alt" content="{}">',
            alt,
            alt,
        )
    return mark_safe(tags)
