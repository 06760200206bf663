"""The ``<picture>`` markup for a stored image, shared by the template tags and story bodies.

One ``<source>`` per modern format (AVIF, then WebP) and an ``<img>`` with the JPEG (or PNG)
renditions, all with the same ``srcset`` widths and ``sizes``, so the browser downloads one file of
about the size it shows. ``width`` and ``height`` give the shape, so nothing moves as it loads.
Everything comes from the stored name: no query and no disk access.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from . import layout

FALLBACK_WIDTH = 800  # the src for browsers that ignore srcset


def srcset(stored: layout.Stored, fmt: str, storage=default_storage) -> str:
    return ", ".join(f"{storage.url(stored.rendition(w, fmt))} {w}w" for w in stored.widths)


def picture(
    name: str | None,
    *,
    alt: str = "",
    sizes: str | None = None,
    eager: bool = False,
    css_class: str = "",
    storage=default_storage,
) -> SafeString:
    """``<picture>`` for the image stored as ``name``; '' for no image. ``eager`` is for the picture
    that leads the page (no lazy loading, fetched first); every other picture loads lazily."""
    if not name:
        return mark_safe("")
    stored = layout.parse(name)
    if stored is None:
        return _legacy_img(name, alt=alt, eager=eager, css_class=css_class, storage=storage)
    sizes = sizes or stored.use.sizes
    widths = stored.widths
    fallback_width = min(widths, key=lambda w: abs(w - FALLBACK_WIDTH))
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((layout.MIME_TYPES[fmt], srcset(stored, fmt, storage), sizes) for fmt in stored.formats),
    )
    loading = mark_safe(' fetchpriority="high"') if eager else mark_safe(' loading="lazy" decoding="async"')
    return format_html(
        '<picture{}>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}></picture>',
        format_html(' class="{}"', css_class) if css_class else "",
        sources,
        storage.url(stored.rendition(fallback_width, stored.fallback)),
        srcset(stored, stored.fallback, storage),
        sizes,
        stored.width,
        stored.height,
        alt,
        loading,
    )


def social(name: str | None, storage=default_storage) -> dict | None:
    """The social card's absolute URL and size, for ``og:image`` and JSON-LD; None without one."""
    stored = layout.parse(name)
    if stored is None:
        return None
    width, height = stored.social_size
    return {
        "url": absolute(storage.url(stored.social)),
        "width": width,
        "height": height,
        "type": "image/jpeg",
    }


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


def _legacy_img(name, *, alt, eager, css_class, storage):
    """A file stored before the pipeline (``manage.py rebuild_images`` brings it in)."""
    from django.core.files.images import get_image_dimensions

    try:
        with storage.open(name) as file:
            width, height = get_image_dimensions(file)
    except (OSError, ValueError):
        width = height = None
    size = format_html(' width="{}" height="{}"', width, height) if width and height else ""
    return format_html(
        '<img src="{}" alt="{}"{}{}{}>',
        storage.url(name),
        alt,
        size,
        format_html(' class="{}"', css_class) if css_class else "",
        mark_safe("") if eager else mark_safe(' loading="lazy"'),
    )
