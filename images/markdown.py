"""Pictures in Markdown bodies: ``![alt text](/media/images/body/…/master-….jpg "caption")``.

The Markdown pipeline (``articles.markdown``) lets these through in three steps:

1. ``PictureExtension`` takes every image written in Markdown syntax out of the tree and leaves a
   marker in its place; images written as raw HTML are not Markdown images and never get a marker;
2. the HTML is sanitised with ``img`` not allowed, so any raw ``<img>`` an author typed is removed;
3. ``replace_markers`` puts back, for each marker, the ``<picture>`` of a picture uploaded through
   the pipeline (a ``BodyImage``: one query for all), in a ``<figure>`` with the title as caption when
   it stands alone in its paragraph. Anything else (an outside URL, a file that is not one of ours)
   becomes plain text and is reported, like an unknown reference.

``problems(images)`` lists what an editor must fix before saving: pictures without alt text, or
still with the placeholder the upload inserted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import unquote

from django.conf import settings
from django.utils.html import format_html
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from . import html, layout
from .models import ALT_PLACEHOLDER, BodyImage
from .specs import BODY

OPEN, CLOSE = "\ue000", "\ue001"  # private-use characters: nothing else writes them
MARKER_RE = re.compile(f"{OPEN}(\\d+){CLOSE}")
BLOCK_MARKER_RE = re.compile(f"<p>\\s*{OPEN}(\\d+){CLOSE}\\s*</p>")


@dataclass
class BodyPicture:
    src: str
    alt: str
    title: str
    name: str | None = None  # the stored name, when it is one of ours

    @property
    def markdown(self):
        return f"![{self.alt}]({self.src})"


def strip_markers(text: str) -> str:
    return text.replace(OPEN, "").replace(CLOSE, "")


class _Collect(Treeprocessor):
    def __init__(self, md, found):
        super().__init__(md)
        self.found = found

    def run(self, root):
        spots = [(parent, child) for parent in root.iter() for child in parent if child.tag == "img"]
        numbers = {}
        for _parent, child in spots:  # numbered in reading order, for the editor's messages
            numbers[id(child)] = len(self.found)
            self.found.append(BodyPicture(child.get("src", ""), child.get("alt", ""), child.get("title", "")))
        for parent, child in reversed(spots):
            index = list(parent).index(child)
            text = f"{OPEN}{numbers[id(child)]}{CLOSE}{child.tail or ''}"
            if index == 0:
                parent.text = (parent.text or "") + text
            else:
                previous = parent[index - 1]
                previous.tail = (previous.tail or "") + text
            parent.remove(child)
        return None


class PictureExtension(Extension):
    """Collects Markdown images into ``found`` (a list) and leaves markers where they were."""

    def __init__(self, found, **kwargs):
        self.found = found
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        # After the inline patterns (priority 20) have made the <img> elements.
        md.treeprocessors.register(_Collect(md, self.found), "baseline_pictures", 15)


def stored_name(src: str) -> str | None:
    """The storage name behind a body picture's URL, if it is in the pipeline's body folders."""
    media = settings.MEDIA_URL
    prefixes = (media, settings.SITE_URL + media) if media.startswith("/") else (media,)
    prefix = next((p for p in prefixes if src.startswith(p)), None)
    if prefix is None:
        return None
    name = unquote(src[len(prefix) :].split("?")[0].split("#")[0])
    stored = layout.parse(name)
    return name if stored and stored.use is BODY else None


def resolve(found: list[BodyPicture]) -> None:
    """Fill in ``name`` for the pictures that are uploads we hold (one query)."""
    wanted = {p.src: stored_name(p.src) for p in found}
    names = {n for n in wanted.values() if n}
    held = set(BodyImage.objects.filter(image__in=names).values_list("image", flat=True)) if names else set()
    for picture in found:
        name = wanted[picture.src]
        picture.name = name if name in held else None


def replace_markers(html_text: str, found: list[BodyPicture]) -> str:
    def figure(match):
        picture = found[int(match[1])] if int(match[1]) < len(found) else None
        if picture is None or picture.name is None:
            return f"<p>{_unknown(picture)}</p>" if picture else ""
        caption = format_html("<figcaption>{}</figcaption>", picture.title) if picture.title else ""
        return format_html(
            '<figure class="body-picture">{}{}</figure>', html.picture(picture.name, alt=picture.alt), caption
        )

    def inline(match):
        picture = found[int(match[1])] if int(match[1]) < len(found) else None
        if picture is None:
            return ""
        if picture.name is None:
            return _unknown(picture)
        return html.picture(picture.name, alt=picture.alt)

    html_text = BLOCK_MARKER_RE.sub(figure, html_text)
    return MARKER_RE.sub(inline, html_text)


def _unknown(picture):
    label = picture.alt or picture.src
    return f'<span class="ref-missing">[picture: {escape(label, quote=False)}]</span>'


def missing(found: list[BodyPicture]) -> list[str]:
    """Pictures that are not uploads we hold, as the editor wrote them."""
    return [p.markdown for p in found if p.name is None]


def problems(found: list[BodyPicture]) -> list[str]:
    """What the editor must fix: each picture needs real alt text, and must be one of our uploads."""
    errors = []
    for number, picture in enumerate(found, start=1):
        alt = picture.alt.strip()
        if picture.name is None:
            errors.append(
                f"Picture {number} in the body ({picture.src}) is not a picture uploaded here: drop the "
                "file into the body (or add it under “Pictures for story bodies”) and use the code given."
            )
        elif not alt or alt == ALT_PLACEHOLDER:
            errors.append(
                f"Picture {number} in the body needs alt text: replace “{alt or ''}” between ![ and ] with "
                "a description of the picture for readers who cannot see it."
            )
    return errors
