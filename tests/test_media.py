"""Uploaded media is served as images and nothing else, and never sniffed into a page."""

import pytest


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images" / "body" / "0123456789abcdef").mkdir(parents=True)
    (tmp_path / "images" / "body" / "0123456789abcdef" / "360w.avif").write_bytes(b"\x00\x00\x00 ftypavif")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "old.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "articles" / "page.html").write_bytes(b"<script>alert(1)</script>")
    (tmp_path / "articles" / "drawing.svg").write_bytes(b"<svg onload='alert(1)'/>")
    for name in ("PAGE.HTML", "page.htm", "page.xhtml", "drawing.SVG", "drawing.svgz", "feed.xml", "app.js"):
        (tmp_path / "articles" / name).write_bytes(HTML)
    (tmp_path / "articles" / "trap.jpg").write_bytes(HTML)  # a page under an image's name
    return tmp_path


HTML = b"<!doctype html><title>x</title><script>alert(document.cookie)</script>"


def test_an_image_is_served_with_its_type_and_nosniff(client, media):
    response = client.get("/media/images/body/0123456789abcdef/360w.avif")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/avif"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "immutable" in response["Cache-Control"]  # a pipeline folder never changes


def test_a_file_from_before_the_pipeline_is_served_but_not_cached_for_a_year(client, media):
    response = client.get("/media/articles/old.jpg")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "immutable" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "path",
    [
        "/media/articles/page.html",
        "/media/articles/drawing.svg",
        "/media/articles/PAGE.HTML",
        "/media/articles/page.htm",
        "/media/articles/page.xhtml",
        "/media/articles/drawing.SVG",
        "/media/articles/drawing.svgz",
        "/media/articles/feed.xml",
        "/media/articles/app.js",
        "/media/articles/trap.jpg.html",
        "/media/articles/page.html%00.jpg",
        "/media/articles/../../etc/passwd.jpg",
        "/media/%2e%2e/%2e%2e/etc/hosts.png",
        "/media/articles/missing.jpg",
    ],
)
def test_anything_else_is_not_found(client, media, path):
    assert client.get(path).status_code == 404


def test_a_page_saved_under_an_image_name_is_still_served_as_an_image_that_runs_nothing(client, media):
    """The type comes from the name, never from the bytes, and the browser may not sniff: an HTML file
    named .jpg is a broken picture, not a page. Were it opened as one, its policy lets nothing run."""
    response = client.get("/media/articles/trap.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_only_get_and_head(client, media):
    assert client.post("/media/articles/old.jpg").status_code == 404
    assert client.head("/media/articles/old.jpg").status_code == 200
