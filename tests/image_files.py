"""Image files for tests, made in memory: photo-like pictures and hostile files."""

import functools
import io
import random
import struct
import zlib

from PIL import Image, ImageDraw, ImageFilter


def photo(width, height, *, seed=1, mode="RGB"):
    """A picture with the texture of a photo (soft shapes and grain), so sizes are realistic."""
    return _photo(width, height, seed, mode).copy()


@functools.lru_cache(maxsize=32)
def _photo(width, height, seed, mode):
    rnd = random.Random(seed)
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y, r = rnd.randrange(width), rnd.randrange(height), rnd.randrange(width // 60 + 2, width // 8 + 3)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rnd.randrange(256) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(max(1, width / 800)))
    image = Image.blend(image, Image.effect_noise((width, height), 24).convert("RGB"), 0.12)
    return image.convert(mode) if mode != "RGB" else image


def encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


@functools.lru_cache(maxsize=32)
def jpeg(width, height, seed=1):
    return encode(photo(width, height, seed=seed), "JPEG", quality=85)


def png_header_only(width, height):
    """A PNG that claims ``width`` × ``height`` in its header: a decompression bomb's calling card."""
    small = encode(Image.new("L", (8, 8)), "PNG")
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    patched = struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return small[:8] + patched + small[8 + len(patched) :]


@functools.cache
def pipeline_files(use, width, height, seed=1):
    """What the pipeline makes of a ``width`` × ``height`` photo for ``use`` (a key of
    ``images.specs.USES``): encoded once per test run, since encoding takes a second or two."""
    from django.core.files.base import ContentFile

    from images import pipeline, specs

    return pipeline.encode(
        pipeline.check(ContentFile(jpeg(width, height, seed)), specs.USES[use]), specs.USES[use]
    )


def stored(use, width, height, *, seed=1, token="0123456789abcdef"):
    """Put the pipeline's files for such a photo in the media storage, as an upload would; return the
    name a picture field holds."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    files = pipeline_files(use, width, height, seed)
    folder = f"images/{use}/{token}"
    for filename, data in files.items():
        default_storage.save(f"{folder}/{filename}", ContentFile(data))
    return f"{folder}/{next(iter(files))}"
