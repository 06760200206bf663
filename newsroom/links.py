"""URLs for pages that list hundreds or thousands of links (tables, sitemaps).

``reverse()`` walks the URL resolver on every call (about 40 µs); a sitemap of a thousand players
spent more time there than anywhere else. ``url_maker`` reverses a URL once with stand-in arguments
and returns a function that puts the real ones in their place::

    >>> player_url = url_maker("players:detail", "slug")
    >>> player_url("cameron-norrie")
    '/players/cameron-norrie/'

Only for arguments that ``reverse()`` would leave as they are: slugs and whole numbers (a year goes
through the same ``%04d`` as the URL converter).
"""

from django.urls import reverse

_STAND_INS = {"slug": "zz-slug-stand-in-zz", "year": 1000, "id": 987654321}


def url_maker(viewname, *kinds):
    """A function of the URL's arguments (each a kind from ``_STAND_INS``, in order) → the URL."""
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

    return make
