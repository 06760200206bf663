"""Template helpers for stories."""

import json
import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def jsonld(data):
    """A JSON-LD block; '<', '>' and '&' are escaped so no text can close the script element."""
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


_SET_RE = re.compile(r"\b\d{1,2}[\u2013-]\d{1,2}(?:\(\d{1,2}\))?")


@register.filter(needs_autoescape=True)
def keep_scores_together(text, autoescape=True):
    """Headlines wrap between sets, never inside one ('4–' / '6')."""
    escaped = conditional_escape(text) if autoescape else text
    return mark_safe(_SET_RE.sub(lambda m: f'<span class="nowrap">{m[0]}</span>', str(escaped)))
