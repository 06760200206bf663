"""Where an image's files live, worked out from the stored name alone.

    images/<use>/<token>/master-<W>x<H>-avif-webp.jpg   the master the pipeline kept (the formats made
                                                        are listed in its name; .png when it has
                                                        transparency)
    images/<use>/<token>/<w>w.avif|webp|jpg|png         a rendition <w> px wide
    images/<use>/<token>/social.jpg                     1200 × 630, for link previews

The token is chosen by the server: the client's file name and extension are never used. A model
stores the master's name; since the size and the formats are in it, a page lists every rendition
without touching the disk or the database. Names in any other shape are files stored before the
pipeline existed: ``parse`` returns None for them and pages show them as they are.
"""

from __future__ import annotations

import posixpath
import re
import secrets
from dataclasses import dataclass

from .specs import SOCIAL_SIZE, USES, Use

MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}
NAME_RE = re.compile(
    r"^images/(?P<use>[a-z]+)/(?P<token>[0-9a-f]{16})/"
    r"master-(?P<w>[1-9]\d{0,4})x(?P<h>[1-9]\d{0,4})(?P<formats>(?:-(?:avif|webp))*)\.(?P<ext>jpg|png)$"
)


@dataclass(frozen=True)
class Stored:
    """A stored image: its master and the names of its renditions."""

    name: str
    use: Use
    folder: str
    width: int
    height: int
    formats: tuple[str, ...]  # the modern formats made, best first: ("avif", "webp")
    fallback: str  # "jpg" or "png"

    @property
    def widths(self) -> list[int]:
        return self.use.rendition_widths(self.width)

    def rendition(self, width: int, fmt: str) -> str:
        return f"{self.folder}/{rendition_filename(width, fmt)}"

    @property
    def social(self) -> str:
        return f"{self.folder}/social.jpg"

    social_size = SOCIAL_SIZE

    def files(self) -> list[str]:
        """Every file the pipeline wrote for this image."""
        names = [self.name, self.social]
        for width in self.widths:
            names += [self.rendition(width, fmt) for fmt in (*self.formats, self.fallback)]
        return names


def parse(name: str | None) -> Stored | None:
    found = NAME_RE.match(name or "")
    if not found or found["use"] not in USES:
        return None
    return Stored(
        name=name,
        use=USES[found["use"]],
        folder=posixpath.dirname(name),
        width=int(found["w"]),
        height=int(found["h"]),
        formats=tuple(f for f in found["formats"].split("-") if f),
        fallback=found["ext"],
    )


def new_folder(use: Use) -> str:
    return f"images/{use.key}/{secrets.token_hex(8)}"


def master_filename(width: int, height: int, formats, fallback: str) -> str:
    suffix = "".join(f"-{fmt}" for fmt in formats)
    return f"master-{width}x{height}{suffix}.{fallback}"


def rendition_filename(width: int, fmt: str) -> str:
    return f"{width}w.{fmt}"
