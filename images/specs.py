"""What the newsroom accepts for each use of an image, and the renditions made of it.

An image is always uploaded for one use: a story's hero, a player's photo, an author's photo or a
picture in a story's body. The use sets the smallest size worth publishing, the widths of the
renditions readers download and how the social card (1200 × 630, for ``og:image``) is made.

Limits common to every use are settings, so an operator can tighten them:

- ``IMAGES_MAX_UPLOAD_BYTES`` (20 MB): checked before a byte is decoded;
- ``IMAGES_MAX_PIXELS`` (40 million): checked from the header, before the pixels are decoded; Pillow's
  own bomb guard starts at 89 million and only warns below 179 million;
- ``IMAGES_MASTER_MAX_SIDE`` (2560 px): the kept master is scaled down to this (a little above the
  widest rendition); renditions come from it.
"""

from dataclasses import dataclass

from django.conf import settings

MB = 1024 * 1024
SOCIAL_SIZE = (1200, 630)


def max_upload_bytes():
    return getattr(settings, "IMAGES_MAX_UPLOAD_BYTES", 20 * MB)


def max_pixels():
    return getattr(settings, "IMAGES_MAX_PIXELS", 40_000_000)


def master_max_side():
    return getattr(settings, "IMAGES_MASTER_MAX_SIDE", 2560)


@dataclass(frozen=True)
class Use:
    key: str  # also the folder under images/ in the media storage
    label: str  # "a hero needs at least …"
    min_width: int
    min_height: int
    widths: tuple[int, ...]  # rendition widths; the image's own width is added when it is smaller
    sizes: str  # the default ``sizes`` attribute for this use
    landscape: bool = False  # refuse images taller than wide
    max_ratio: float = 3.0  # refuse strips: longest side over shortest side

    def rendition_widths(self, width: int) -> list[int]:
        """The widths made for an image ``width`` px wide: never wider than the image itself."""
        widths = [w for w in self.widths if w < width]
        if width <= self.widths[-1]:
            widths.append(width)
        return widths


# Steps of about 1.3x, so a browser never downloads much more than it shows: a 390 px phone shows a
# 358 px hero, which is 358, 716 or 1074 device pixels wide at a pixel ratio of 1, 2 or 3.
HERO = Use(
    key="hero",
    label="a hero",
    min_width=1200,
    min_height=630,
    widths=(360, 480, 640, 800, 1024, 1280, 1600, 2048),
    sizes="(min-width: 72rem) 70rem, calc(100vw - 2rem)",
    landscape=True,
)
BODY = Use(
    key="body",
    label="a picture in a story",
    min_width=600,
    min_height=200,
    widths=(360, 480, 640, 800, 1024, 1280, 1600),
    sizes="(min-width: 60rem) 46rem, calc(100vw - 2rem)",
    max_ratio=4.0,
)
PLAYER = Use(
    key="player",
    label="a player photo",
    min_width=400,
    min_height=400,
    widths=(160, 240, 320, 480, 640),
    sizes="(min-width: 40rem) 10rem, 6rem",
    max_ratio=2.0,
)
AUTHOR = Use(
    key="author",
    label="an author photo",
    min_width=300,
    min_height=300,
    widths=(96, 160, 240, 320, 480),
    sizes="(min-width: 40rem) 8rem, 5rem",
    max_ratio=2.0,
)

USES = {use.key: use for use in (HERO, BODY, PLAYER, AUTHOR)}
