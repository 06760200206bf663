"""URLs for pages that list hundreds or thousands of links (tables, sitemaps).

``reverse()`` walks the URL resolver on every call (about 40 µs); a sitemap of a thousand players
spent more time there than anywhere else. ``url_maker`` reverses a URL once with stand-in arguments
and returns a function that puts the real ones in their place::

    >>> player_url = url_maker("players:detail", "slug")
    >>> player_url("cameron-norrie")
    '/players/cameron-norrie/'

Only for arguments that ``reverse()`` would leave as they are: slugs and whole numbers (a year goes
through the same ``%04d`` as the URL converter). Each maker is made once a process (for its script
prefix and URL configuration), so a model's ``get_absolute_url()`` uses one too (``slug_url``).
"""

import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

_STAND_INS = {"slug": "zz-slug-stand-in-zz", "year": 1000, "id": 987654321}
SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # what the ``slug`` path converter accepts

# The makers made so far, by view, kinds of argument, script prefix and URL configuration: each is
# reversed once a process rather than once a page.
_MAKERS = {}


def url_maker(viewname, *kinds):
    """A function of the URL's arguments (each a kind from ``_STAND_INS``, in order) → the URL."""
    key = (viewname, kinds, get_script_prefix(), get_urlconf())
    try:
        return _MAKERS[key]
    except KeyError:
        pass
    url = reverse(viewname, args=[_STAND_INS[kind] for kind in kinds])
    parts = [url]
    for kind in kinds:
        marker = str(_STAND_INS[kind])
        head, tail = parts[-1].split(marker, 1)
        parts[-1:] = [head, tail]
    formats = ["%04d" if kind == "year" else "%d" if kind == "id" else "%s" for kind in kinds]
    template = "".join(
        part.replace("%", "%%") + (formats[i] if i < len(formats) else "") for i, part in enumerate(parts)
    )

    def make(*args):
        return template % args

    _MAKERS[key] = make
    return make


def slug_url(viewname, slug):
    """``reverse(viewname, args=[slug])`` for a view of one slug, without walking the resolver for a
    slug the path converter accepts as it is."""
    if slug and SLUG.fullmatch(slug):
        return url_maker(viewname, "slug")(slug)
    return reverse(viewname, args=[slug])


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _MAKERS.clear()
