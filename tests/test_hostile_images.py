"""Hostile image files through every door an editor has: the story hero, the player photo and the
author photo in the admin, the pictures-for-bodies admin, and the editor's drag-and-drop upload.

Each must be refused with a message that says what is wrong, create no row and write no file.
"""

import functools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from authors.models import Author
from images.models import BodyImage
from players.models import Player
from tests import image_files as files

MANAGEMENT = {
    f"{prefix}-{key}": value
    for prefix in ("bylines", "quotes")
    for key, value in {
        "TOTAL_FORMS": "0",
        "INITIAL_FORMS": "0",
        "MIN_NUM_FORMS": "0",
        "MAX_NUM_FORMS": "9",
    }.items()
}


def _animated_webp():
    frames = [Image.new("RGB", (1300, 700), colour) for colour in ("red", "green", "blue")]
    return files.encode(frames[0], "WEBP", save_all=True, append_images=frames[1:])


def _truncated_jpeg():
    return files.jpeg(1300, 700)[:15_000]


# Every case is sized to pass every minimum, so the refusal is for what the file is, not its size.
HOSTILE = [
    # (name, client file name, content type the browser claims, bytes, what the editor is told)
    ("empty", "photo.jpg", "image/jpeg", lambda: b"", "file is empty"),
    ("HTML named .jpg", "photo.jpg", "image/jpeg", lambda: b"<html><script>alert(1)</script>", "web page"),
    (
        "HTML sent as GIF",
        "x.html",
        "image/gif",
        lambda: b"<script>alert(document.cookie)</script>",
        "web page",
    ),
    (
        "SVG with script",
        "logo.svg",
        "image/svg+xml",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "an SVG drawing",
    ),
    (
        "GIF",
        "photo.gif",
        "image/gif",
        lambda: files.encode(Image.new("RGB", (1300, 700), "green"), "GIF"),
        "a GIF",
    ),
    (
        "PCX named .jpg",
        "photo.jpg",
        "image/jpeg",
        lambda: files.encode(files.photo(1300, 700), "PCX"),
        "a PCX",
    ),
    ("truncated JPEG", "photo.jpg", "image/jpeg", _truncated_jpeg, "incomplete or damaged"),
    (
        "12000 × 12000 PNG bomb",
        "big.png",
        "image/png",
        lambda: files.png_header_only(12000, 12000),
        "144 million pixels",
    ),
    ("animated WebP", "clip.webp", "image/webp", _animated_webp, "animated image (3 frames)"),
    (
        "1 × 1 PNG",
        "pixel.png",
        "image/png",
        lambda: files.encode(Image.new("RGB", (1, 1)), "PNG"),
        "1 px wide",
    ),
]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@functools.cache
def payload(name):
    """Each hostile file is made once for all the doors."""
    return next(case[3] for case in HOSTILE if case[0] == name)()


def _post_admin(client, url, data, field, upload):
    response = client.post(url, {**data, field: upload})
    assert response.status_code == 200, "the form should come back with an error, not save"
    errors = response.context["adminform"].form.errors
    assert field in errors, errors
    return errors[field][0], response.content.decode()


def story_hero(client, upload):
    data = {
        "title": "Hostile",
        "slug": "hostile",
        "body": "Body",
        "section": "news",
        "status": "draft",
        "hero_alt": "A description",
        **MANAGEMENT,
    }
    return _post_admin(client, reverse("admin:articles_article_add"), data, "hero_image", upload)


def player_photo(client, upload):
    data = {
        "first_name": "Hostile",
        "last_name": "File",
        "slug": "hostile-file",
        "plays": "U",
        "photo_alt": "x",
    }
    return _post_admin(client, reverse("admin:players_player_add"), data, "photo", upload)


def author_photo(client, upload):
    data = {"name": "Hostile File", "slug": "hostile-file", "photo_alt": "x"}
    return _post_admin(client, reverse("admin:authors_author_add"), data, "photo", upload)


def body_picture_admin(client, upload):
    return _post_admin(client, reverse("admin:images_bodyimage_add"), {}, "image", upload)


def body_picture_drop(client, upload):
    response = client.post(
        reverse("markdownx_upload"), {"image": upload}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert response.status_code == 400
    message = response.json()["error"]
    assert response.json()["image_code"] == ""
    return message, message


DOORS = {
    "story hero": story_hero,
    "player photo": player_photo,
    "author photo": author_photo,
    "body picture (admin)": body_picture_admin,
    "body picture (dropped into the editor)": body_picture_drop,
}


@pytest.mark.django_db
@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize(
    "name,filename,content_type,make,message", HOSTILE, ids=[case[0] for case in HOSTILE]
)
def test_hostile_file_is_refused_with_a_reason_and_nothing_is_written(
    client, admin_user, settings, tmp_path, door, name, filename, content_type, make, message
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)

    error, page = DOORS[door](client, SimpleUploadedFile(filename, payload(name), content_type))

    assert message in error
    assert message in page  # shown to the editor, not only kept in the form
    assert list(tmp_path.rglob("*")) == [], "a refused upload wrote files"
    assert not (
        Article.objects.exists()
        or Player.objects.exists()
        or Author.objects.exists()
        or BodyImage.objects.exists()
    )


@pytest.mark.django_db
def test_a_polyglot_is_stored_clean_under_a_name_the_server_chose(client, admin_user, settings, tmp_path):
    """A real JPEG with a web page after it, sent as ../../index.html: the picture is kept, the page
    and the name are not."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    payload = files.jpeg(800, 600) + b"<html><script>alert(1)</script></html>"
    upload = SimpleUploadedFile("../../index.html", payload, "text/html")

    response = client.post(
        reverse("markdownx_upload"), {"image": upload}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )

    assert response.status_code == 200
    picture = BodyImage.objects.get()
    assert picture.image.name.startswith("images/body/") and "index" not in picture.image.name
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert written and all(path.suffix in {".jpg", ".webp", ".avif"} for path in written)
    assert not any(b"<script" in path.read_bytes() for path in written)
    assert (
        response.json()["image_code"]
        == f"\n\n![Describe the picture for readers who cannot see it]({picture.image.url})\n\n"
    )
