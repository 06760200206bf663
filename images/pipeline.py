"""The one image pipeline: an uploaded file in, a clean picture and its renditions out.

``check(file, use)`` decides whether an upload is published at all, in this order, and stops at the
first refusal with a message that says what is wrong (``ImageRefused``, a ``ValidationError``):

1. the byte size, before anything is decoded (``specs.max_upload_bytes``);
2. the format, from the file's content, never its name or the browser's word: JPEG, PNG, WebP and
   AVIF (AVIF when this Pillow has it: ``features.check("avif")``); GIF, SVG, BMP, TIFF, HEIC and
   the rest are named in the refusal;
3. the pixel count, read from the header before the pixels are decoded (``specs.max_pixels``);
4. one frame: animated files are refused, not cut to their first frame (which is often blank or a
   fade-in). Multi-picture JPEGs from cameras (MPO) keep their first, main, picture;
5. the whole file is decoded (``load()``), so a truncated or damaged file is refused;
6. the size the use needs (a hero at least 1200 × 630, landscape) and a sane shape (no strips).

The picture it returns is upright (EXIF orientation applied), in sRGB, in RGB or RGBA, carries no
metadata at all (no EXIF, GPS, XMP or comments) and is at most ``specs.master_max_side()`` on a side.
``encode(picture, use)`` turns it into the files that are stored: a master, the renditions in AVIF,
WebP and a JPEG (PNG when the picture has transparency) fallback, and the 1200 × 630 social card.
Nothing here touches the storage; ``images.fields`` writes what ``encode`` returns.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image, ImageCms, ImageOps, features

from . import specs

ACCEPTED = ("JPEG", "PNG", "WEBP", "AVIF") if features.check("avif") else ("JPEG", "PNG", "WEBP")
ACCEPTED_TEXT = "a JPEG, PNG, WebP or AVIF" if "AVIF" in ACCEPTED else "a JPEG, PNG or WebP"
MODERN_FORMATS = ("avif", "webp") if features.check("avif") else ("webp",)

# Formats people try, recognised by their first bytes so the refusal can name them. None is decoded.
_SIGNATURES = [
    (b"GIF87a", "a GIF"),
    (b"GIF89a", "a GIF"),
    (b"BM", "a BMP"),
    (b"II*\x00", "a TIFF"),
    (b"MM\x00*", "a TIFF"),
    (b"8BPS", "a Photoshop (PSD)"),
    (b"\x00\x00\x01\x00", "an icon (ICO)"),
    (b"%PDF", "a PDF"),
]
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")

JPEG_OPTIONS = {"quality": 82, "optimize": True, "progressive": True}
WEBP_OPTIONS = {"quality": 78, "method": 4}
AVIF_OPTIONS = {"quality": 55, "speed": 7}
MASTER_JPEG_OPTIONS = {"quality": 90, "optimize": True}


class ImageRefused(ValidationError):
    """An upload the newsroom does not publish; the message tells the editor why."""

    def __init__(self, message, code="image"):
        super().__init__(message, code=code)


@dataclass
class Picture:
    """A checked, cleaned image ready to encode: upright, sRGB, no metadata."""

    image: Image.Image
    source_format: str

    @property
    def width(self):
        return self.image.width

    @property
    def height(self):
        return self.image.height

    @property
    def has_alpha(self):
        return self.image.mode == "RGBA"

    @property
    def fallback_format(self):
        return "png" if self.has_alpha else "jpg"


def check(file, use: specs.Use) -> Picture:
    """Refuse what must not be published, or return the cleaned picture. ``file`` is any file object
    (an upload, a ``ContentFile``, an open file); it is read, never written."""
    size = _size_of(file)
    if size == 0:
        raise ImageRefused("The file is empty.")
    limit = specs.max_upload_bytes()
    if size > limit:
        raise ImageRefused(
            f"The file is {_megabytes(size)}; the largest accepted is {_megabytes(limit)}. "
            "Export a smaller JPEG (3000 px wide is plenty)."
        )
    file.seek(0)
    head = file.read(64)
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Our own cap (below) is far lower and says the size; Pillow's warning adds nothing.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(file, formats=ACCEPTED)
    except Image.DecompressionBombError:
        raise ImageRefused(
            f"The image has more pixels than the {specs.max_pixels() // 1_000_000} million accepted."
        ) from None
    except Exception:  # Pillow raises many kinds for bytes it cannot read; every one is a refusal
        raise ImageRefused(_unknown_format_message(head)) from None

    with image:
        fmt = image.format
        width, height = image.size
        pixels = width * height
        if pixels > specs.max_pixels():
            raise ImageRefused(
                f"The image is {width} × {height} px ({pixels / 1_000_000:.0f} million pixels); "
                f"the largest accepted is {specs.max_pixels() // 1_000_000} million. Export it smaller."
            )
        frames = getattr(image, "n_frames", 1)
        if frames > 1 and fmt != "MPO":
            raise ImageRefused(
                f"This is an animated image ({frames} frames); upload a still picture instead."
            )
        _check_size(width, height, use, exif_rotated=_is_rotated(image))
        try:
            if fmt == "JPEG" or fmt == "MPO":
                # Decode big JPEGs at a reduced scale straight away (a cheap DCT shortcut), never
                # below the master's size.
                scale = specs.master_max_side() / max(width, height)
                if scale < 1:
                    image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
            image.load()
        except Exception:
            raise ImageRefused(
                "The image file is incomplete or damaged: it could not be read to the end. "
                "Export it again and upload the new file."
            ) from None
        cleaned = _clean(image)
    return Picture(image=cleaned, source_format=fmt)


def encode(picture: Picture, use: specs.Use) -> dict[str, bytes]:
    """The files to store for ``picture``, by name relative to its folder (see ``images.layout``)."""
    from .layout import master_filename, rendition_filename

    image = picture.image
    fallback = picture.fallback_format
    files = {
        master_filename(picture.width, picture.height, MODERN_FORMATS, fallback): _save(image, fallback, True)
    }
    for width in use.rendition_widths(picture.width):
        resized = _resize(image, width)
        for fmt in (*MODERN_FORMATS, fallback):
            files[rendition_filename(width, fmt)] = _save(resized, fmt)
    files["social.jpg"] = _save(social_card(image), "jpg")
    return files


def social_card(image: Image.Image) -> Image.Image:
    """1200 × 630 for link previews. A picture big enough is cropped to fill the card (a little above
    the centre, where faces are); a smaller one (a portrait) is set on the site's green instead of
    being blown up."""
    card_w, card_h = specs.SOCIAL_SIZE
    rgb = _flatten(image)
    scale = max(card_w / rgb.width, card_h / rgb.height)
    if scale <= 1.05:
        return ImageOps.fit(rgb, specs.SOCIAL_SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    card = Image.new("RGB", specs.SOCIAL_SIZE, (11, 93, 59))
    fitted = ImageOps.contain(rgb, (card_w, card_h), Image.Resampling.LANCZOS)
    card.paste(fitted, ((card_w - fitted.width) // 2, (card_h - fitted.height) // 2))
    return card


# --- checks --------------------------------------------------------------------------------------


def _size_of(file):
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(0)
    return size


def _megabytes(size):
    return f"{size / specs.MB:.1f} MB"


def _unknown_format_message(head: bytes) -> str:
    what = None
    stripped = head.lstrip()
    if stripped[:5].lower() in (b"<?xml", b"<svg ", b"<svg>") or b"<svg" in head.lower():
        what = "an SVG drawing"
    elif stripped[:1] == b"<":
        what = "a web page or other text"
    elif head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        what = "a HEIC photo (the iPhone's own format)"
    elif head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        what = "an AVIF image, which this server cannot read"
    elif head[:1] == b"\x0a" and head[1:2] in (b"\x00", b"\x02", b"\x03", b"\x04", b"\x05"):
        what = "a PCX"
    else:
        for signature, name in _SIGNATURES:
            if head.startswith(signature):
                what = name
                break
    if what:
        return f"This file is {what}, which is not accepted: upload {ACCEPTED_TEXT} image."
    return f"This file is not an image the newsroom can read: upload {ACCEPTED_TEXT} image."


def _is_rotated(image):
    """True when the EXIF orientation turns the picture a quarter (width and height swap)."""
    try:
        return image.getexif().get(0x0112) in (5, 6, 7, 8)
    except Exception:
        return False


def _check_size(width, height, use, *, exif_rotated):
    if exif_rotated:
        width, height = height, width
    if width < use.min_width:
        raise ImageRefused(
            f"The image is {width} px wide; {use.label} needs at least {use.min_width} px.",
            code="too_small",
        )
    if height < use.min_height:
        raise ImageRefused(
            f"The image is {height} px tall; {use.label} needs at least {use.min_height} px.",
            code="too_small",
        )
    if use.landscape and height > width:
        raise ImageRefused(
            f"The image is {width} × {height} px, taller than wide; {use.label} must be landscape.",
            code="shape",
        )
    ratio = max(width, height) / min(width, height)
    if ratio > use.max_ratio:
        raise ImageRefused(
            f"The image is {width} × {height} px, a strip {ratio:.1f} times longer than it is wide; "
            f"{use.label} can be at most {use.max_ratio:g} times longer than wide.",
            code="shape",
        )


# --- cleaning ------------------------------------------------------------------------------------


def _clean(image: Image.Image) -> Image.Image:
    """Upright, no bigger than the master size, sRGB, RGB or RGBA, no metadata. Each step works on
    the smallest picture it can: a 24 Mpx photo is scaled down before its colours are converted."""
    icc = image.info.get("icc_profile")
    ImageOps.exif_transpose(image, in_place=True)
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        image = image.convert("I").point(lambda value: value / 256).convert("L")  # 16-bit grey
    has_alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        image.mode == "P" and "transparency" in image.info
    )
    if image.mode not in ("RGB", "RGBA", "L", "CMYK") or (image.mode == "L" and has_alpha):
        image = image.convert("RGBA" if has_alpha else "RGB")
    side = specs.master_max_side()
    if max(image.size) > side:
        scale = side / max(image.size)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if icc:
        image = _to_srgb(image, icc)
    image = image.convert("RGBA" if has_alpha else "RGB") if image.mode not in ("RGB", "RGBA") else image
    if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # an alpha channel with nothing see-through in it
    # A fresh image holds pixels only: no EXIF, GPS, XMP, ICC or text chunks can follow it out.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


_SRGB = None


def _to_srgb(image, icc):
    global _SRGB
    try:
        if _SRGB is None:
            _SRGB = ImageCms.createProfile("sRGB")
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=output_mode)
    except Exception:  # a broken or unusual profile: keep the pixels as they are
        return image


def _flatten(image):
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


# --- encoding ------------------------------------------------------------------------------------


def _resize(image, width):
    if width == image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _save(image, fmt, master=False):
    buffer = io.BytesIO()
    if fmt == "jpg":
        _flatten(image).save(buffer, "JPEG", **(MASTER_JPEG_OPTIONS if master else JPEG_OPTIONS))
    elif fmt == "png":
        image.save(buffer, "PNG", optimize=not master)
    elif fmt == "webp":
        image.save(buffer, "WEBP", **WEBP_OPTIONS)
    elif fmt == "avif":
        image.save(buffer, "AVIF", **AVIF_OPTIONS)
    else:  # pragma: no cover - the layout names only the formats above
        raise ValueError(fmt)
    return buffer.getvalue()
