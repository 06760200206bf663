"""The image pipeline on its own: what it refuses and why, and what it makes of what it accepts."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image, features

from images import layout, pipeline, specs
from images.html import picture
from tests import image_files as files

HERO, PLAYER, BODY = specs.HERO, specs.PLAYER, specs.BODY


def exif_with(orientation=None, gps=True):
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # the GPS IFD
    exif[0x010F] = "Camera maker"
    return exif


def check(data, use=HERO):
    return pipeline.check(ContentFile(data, name="upload.jpg"), use)


REFUSED = [
    # (what, bytes, use, what the editor is told)
    ("empty file", lambda: b"", HERO, "The file is empty."),
    ("web page", lambda: b"<html><script>alert(1)</script></html>", HERO, "a web page or other text"),
    (
        "SVG",
        lambda: b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        HERO,
        "an SVG drawing",
    ),
    ("GIF", lambda: files.encode(Image.new("RGB", (1300, 700)), "GIF"), HERO, "a GIF, which is not accepted"),
    ("BMP", lambda: files.encode(files.photo(1300, 700), "BMP"), HERO, "a BMP"),
    ("TIFF", lambda: files.encode(files.photo(1300, 700), "TIFF"), HERO, "a TIFF"),
    ("PCX named .jpg", lambda: files.encode(files.photo(1300, 700), "PCX"), HERO, "a PCX"),
    ("HEIC", lambda: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64, HERO, "HEIC"),
    ("random bytes", lambda: bytes(range(256)) * 8, HERO, "not an image the newsroom can read"),
    ("truncated JPEG", lambda: files.jpeg(1300, 700)[:20_000], HERO, "incomplete or damaged"),
    ("truncated PNG", lambda: files.encode(files.photo(1300, 700), "PNG")[:30_000], HERO, "incomplete"),
    (
        "12000 × 12000 PNG (a bomb's header)",
        lambda: files.png_header_only(12000, 12000),
        HERO,
        "144 million pixels); the largest accepted is 40 million",
    ),
    (
        "over Pillow's own bomb limit",
        lambda: files.png_header_only(20000, 20000),
        HERO,
        "more pixels than the 40 million accepted",
    ),
    (
        "animated WebP",
        lambda: files.encode(
            files.photo(1300, 700), "WEBP", save_all=True, append_images=[files.photo(1300, 700, seed=2)]
        ),
        HERO,
        "animated image (2 frames)",
    ),
    (
        "animated PNG",
        lambda: files.encode(
            Image.new("RGB", (700, 700), "red"),
            "PNG",
            save_all=True,
            append_images=[Image.new("RGB", (700, 700))],
        ),
        PLAYER,
        "animated image (2 frames)",
    ),
    ("1 × 1 pixel", lambda: files.encode(Image.new("RGB", (1, 1)), "PNG"), HERO, "The image is 1 px wide"),
    (
        "hero too narrow",
        lambda: files.jpeg(800, 600),
        HERO,
        "The image is 800 px wide; a hero needs at least 1200 px.",
    ),
    (
        "hero too short for a social card",
        lambda: files.jpeg(1600, 600),
        HERO,
        "The image is 600 px tall; a hero needs at least 630 px.",
    ),
    ("portrait hero", lambda: files.jpeg(1300, 1400), HERO, "taller than wide; a hero must be landscape"),
    ("player photo too small", lambda: files.jpeg(300, 400), PLAYER, "a player photo needs at least 400 px"),
    ("strip", lambda: files.jpeg(1000, 400), PLAYER, "a player photo can be at most 2 times longer"),
    ("body picture too small", lambda: files.jpeg(500, 400), BODY, "a picture in a story needs at least 600"),
    (
        # Upright this is 700 wide: the camera's orientation tag is applied before sizes are checked.
        "sideways photo too narrow once upright",
        lambda: files.encode(files.photo(1400, 700), "JPEG", exif=exif_with(orientation=6)),
        HERO,
        "The image is 700 px wide",
    ),
]


@pytest.mark.parametrize("what,make,use,message", REFUSED, ids=[case[0] for case in REFUSED])
def test_pipeline_refuses_with_a_message_that_says_why(what, make, use, message):
    with pytest.raises(pipeline.ImageRefused) as refused:
        check(make(), use)
    assert message in refused.value.messages[0]


def test_byte_size_is_checked_before_decoding(settings):
    settings.IMAGES_MAX_UPLOAD_BYTES = 50_000
    data = files.jpeg(1400, 800)
    assert len(data) > 50_000
    with pytest.raises(pipeline.ImageRefused, match=r"The file is 0\.\d MB; the largest accepted is 0\.0 MB"):
        check(data)


def test_pixel_cap_is_a_setting(settings):
    settings.IMAGES_MAX_PIXELS = 1_000_000
    with pytest.raises(pipeline.ImageRefused, match="the largest accepted is 1 million"):
        check(files.jpeg(1400, 800))


ACCEPTED = [
    # (what, bytes, use, expected size after cleaning, expected mode)
    ("JPEG", lambda: files.jpeg(1300, 700), HERO, (1300, 700), "RGB"),
    ("PNG named .jpg", lambda: files.encode(files.photo(1300, 700), "PNG"), HERO, (1300, 700), "RGB"),
    ("WebP", lambda: files.encode(files.photo(1300, 700), "WEBP"), HERO, (1300, 700), "RGB"),
    (
        "PNG with transparency",
        lambda: files.encode(files.photo(700, 700, mode="RGBA").rotate(20), "PNG"),
        PLAYER,
        (700, 700),
        "RGBA",
    ),
    (
        "RGBA PNG with nothing see-through",
        lambda: files.encode(files.photo(700, 700, mode="RGBA"), "PNG"),
        PLAYER,
        (700, 700),
        "RGB",
    ),
    (
        "palette PNG",
        lambda: files.encode(files.photo(700, 700).convert("P"), "PNG"),
        PLAYER,
        (700, 700),
        "RGB",
    ),
    (
        "16-bit grey PNG",
        lambda: files.encode(Image.new("I;16", (700, 700), 30000), "PNG"),
        PLAYER,
        (700, 700),
        "RGB",
    ),
    (
        "CMYK JPEG",
        lambda: files.encode(files.photo(700, 700).convert("CMYK"), "JPEG"),
        PLAYER,
        (700, 700),
        "RGB",
    ),
    (
        "sideways camera JPEG is turned upright",
        lambda: files.encode(files.photo(700, 1300), "JPEG", exif=exif_with(orientation=6)),
        HERO,
        (1300, 700),
        "RGB",
    ),
    (
        "camera MPO keeps its main picture",
        lambda: files.encode(
            files.photo(700, 700), "MPO", save_all=True, append_images=[files.photo(700, 700, seed=3)]
        ),
        PLAYER,
        (700, 700),
        "RGB",
    ),
    (
        "huge photo is kept at 2560 px",
        lambda: files.encode(Image.new("RGB", (4000, 2000), "green"), "JPEG"),
        HERO,
        (2560, 1280),
        "RGB",
    ),
]
if features.check("avif"):
    ACCEPTED.append(("AVIF", lambda: files.encode(files.photo(1300, 700), "AVIF"), HERO, (1300, 700), "RGB"))


@pytest.mark.parametrize("what,make,use,size,mode", ACCEPTED, ids=[case[0] for case in ACCEPTED])
def test_pipeline_accepts_and_normalises(what, make, use, size, mode):
    picture = check(make(), use)
    assert picture.image.size == size
    assert picture.image.mode == mode
    assert not picture.image.info.get("exif") and not picture.image.getexif()


def test_stored_files_carry_no_metadata_and_no_smuggled_bytes():
    """GPS and camera data are gone from every file written, and a polyglot's HTML tail with them."""
    data = (
        files.encode(files.photo(1300, 700), "JPEG", exif=exif_with(gps=True)) + b"<script>alert(1)</script>"
    )
    written = pipeline.encode(check(data), HERO)
    for name, content in written.items():
        assert b"<script" not in content, name
        reopened = Image.open(io.BytesIO(content))
        assert not reopened.getexif(), f"{name} still has EXIF"
        assert "exif" not in reopened.info and "xmp" not in reopened.info, name


def test_renditions_never_exceed_the_picture_and_the_social_card_is_1200_by_630():
    written = pipeline.encode(check(files.jpeg(1300, 700)), HERO)
    master = next(iter(written))
    stored = layout.parse(f"images/hero/0123456789abcdef/{master}")
    assert stored.widths == [360, 480, 640, 800, 1024, 1280, 1300]
    assert sorted(written) == sorted(name.rsplit("/", 1)[1] for name in stored.files())
    for width in stored.widths:
        for fmt in (*stored.formats, "jpg"):
            assert Image.open(io.BytesIO(written[f"{width}w.{fmt}"])).width == width
    assert Image.open(io.BytesIO(written["social.jpg"])).size == (1200, 630)
    assert stored.formats == (("avif", "webp") if features.check("avif") else ("webp",))


def test_a_portrait_social_card_is_set_on_a_background_not_blown_up():
    card = pipeline.social_card(files.photo(400, 500))
    assert card.size == (1200, 630)
    assert card.getpixel((5, 5)) == (11, 93, 59)


@pytest.mark.parametrize(
    "use,width,widths",
    [
        (HERO, 1200, [360, 480, 640, 800, 1024, 1200]),
        (HERO, 1280, [360, 480, 640, 800, 1024, 1280]),
        (HERO, 2400, [360, 480, 640, 800, 1024, 1280, 1600, 2048]),
        (PLAYER, 400, [160, 240, 320, 400]),
        (specs.AUTHOR, 600, [96, 160, 240, 320, 480]),
    ],
)
def test_rendition_widths_stop_at_the_picture_or_the_largest_size(use, width, widths):
    assert use.rendition_widths(width) == widths


def test_picture_markup_lists_every_rendition_and_the_shape():
    html = str(picture("images/hero/0123456789abcdef/master-2400x1350-avif-webp.jpg", alt="Norrie & co"))
    assert html.startswith('<picture><source type="image/avif"')
    assert '<source type="image/webp" srcset="/media/images/hero/0123456789abcdef/360w.webp 360w, ' in html
    assert "/media/images/hero/0123456789abcdef/2048w.jpg 2048w" in html
    assert 'width="2400" height="1350" alt="Norrie &amp; co" loading="lazy"' in html
    assert 'sizes="(min-width: 72rem) 70rem, calc(100vw - 2rem)"' in html
    eager = str(picture("images/hero/0123456789abcdef/master-2400x1350-webp.png", eager=True, sizes="50vw"))
    assert "image/avif" not in eager and 'fetchpriority="high"' in eager and "loading" not in eager
    assert "360w.png 360w" in eager and 'sizes="50vw"' in eager


@pytest.mark.parametrize(
    "name",
    [
        "images/hero/0123456789abcdef/master-2400x1350-avif-webp.html",
        "images/hero/../../etc/master-2400x1350.jpg",
        "images/nope/0123456789abcdef/master-2400x1350.jpg",
        "images/hero/0123456789abcdef/master-0x1350.jpg",
        "articles/2025/norrie.png",
    ],
)
def test_names_outside_the_layout_are_not_taken_for_pipeline_images(name):
    assert layout.parse(name) is None
