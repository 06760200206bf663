"""The markdownx preview and upload endpoints are for the newsroom only and never answer 500."""

import pytest
from django.urls import reverse


@pytest.fixture
def preview_url():
    return reverse("markdownx_markdownify")


@pytest.fixture
def upload_url():
    return reverse("markdownx_upload")


def test_markdownx_urls_are_the_guarded_ones(settings, preview_url, upload_url):
    assert preview_url == settings.MARKDOWNX_URLS_PATH
    assert upload_url == settings.MARKDOWNX_UPLOAD_URLS_PATH


@pytest.mark.django_db
def test_anonymous_preview_is_refused(client, preview_url):
    response = client.post(preview_url, {"content": "**x**"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_reader_preview_is_refused(client, reader, preview_url):
    client.force_login(reader)
    response = client.post(preview_url, {"content": "**x**"})
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_writer_preview_renders_sanitised_html(client, writer, preview_url):
    client.force_login(writer)
    response = client.post(preview_url, {"content": "**x** <script>alert(1)</script>"})
    assert response.status_code == 200
    assert b"<strong>x</strong>" in response.content
    assert b"<script" not in response.content


@pytest.mark.django_db
def test_preview_without_content_is_a_400_not_a_500(client, writer, preview_url):
    client.force_login(writer)
    assert client.post(preview_url, {}).status_code == 400
    assert client.get(preview_url).status_code == 405


@pytest.mark.django_db
def test_uploads_by_outsiders_and_non_images_are_refused_and_write_no_file(
    client, reader, writer, upload_url, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    payload = b"<html><script>alert(1)</script></html>"
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert (
        client.post(upload_url, {"image": SimpleUploadedFile("x.html", payload, "image/gif")}).status_code
        == 302
    )
    client.force_login(reader)
    response = client.post(upload_url, {"image": SimpleUploadedFile("x.html", payload, "image/gif")})
    assert response.status_code in (302, 403)
    client.force_login(writer)
    response = client.post(
        upload_url,
        {"image": SimpleUploadedFile("x.html", payload, "image/gif")},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 400
    assert "not accepted" in response.json()["error"]
    assert list(tmp_path.rglob("*")) == []
