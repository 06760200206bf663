"""Pictures in story bodies: uploaded through the pipeline, written as Markdown with alt text, shown as
``<picture>``; any other image in a body is not shown; unused uploads are removed after a day."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.markdown import render
from articles.models import Article
from images.models import ALT_PLACEHOLDER, BodyImage
from tests import image_files as files
from tests.factories import ArticleFactory
from tests.test_admin import _article_form


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def uploaded(db, media):
    return BodyImage.objects.create(image=files.stored("body", 700, 500))


@pytest.mark.django_db
def test_an_uploaded_picture_renders_as_a_picture_with_its_caption(uploaded):
    html = render(
        f'Before.\n\n![Norrie serving]({uploaded.image.url} "Norrie on Court Central")\n\nAfter.'
    ).html

    assert '<figure class="body-picture"><picture><source type=' in html
    assert 'alt="Norrie serving" loading="lazy"' in html
    assert 'width="700" height="500"' in html
    assert "<figcaption>Norrie on Court Central</figcaption>" in html
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html


@pytest.mark.django_db
def test_a_picture_inside_a_sentence_stays_in_it(uploaded):
    html = render(f"Look ![the net]({uploaded.image.url}) here").html
    assert html.startswith("<p>Look <picture>") and html.endswith("</picture> here</p>")


BODIES_WITH_FOREIGN_IMAGES = [
    # (body, what must not reach readers)
    ("![tracker](https://evil.example/pixel.gif)", "evil.example"),
    ('<img src="https://evil.example/x.png" onerror="alert(1)">', "evil.example"),
    ("![old](/media/articles/2025/norrie.png)", '/media/articles/2025/norrie.png"'),
    ("![fake](/media/images/body/0123456789abcdef/master-800x600-webp.jpg)", "<picture"),
    ('<picture><source srcset="https://evil.example/a.avif"></picture>', "evil.example"),
    ("![x](javascript:alert(1))", "javascript:"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("body,unwanted", BODIES_WITH_FOREIGN_IMAGES)
def test_images_that_are_not_our_uploads_never_reach_readers(body, unwanted):
    result = render(body)
    assert unwanted not in result.html
    assert "<img" not in result.html


@pytest.mark.django_db
def test_an_unknown_picture_is_reported_like_an_unknown_reference():
    result = render("![tracker](https://evil.example/pixel.gif)")
    assert "![tracker](https://evil.example/pixel.gif)" in result.missing
    assert '<span class="ref-missing">[picture: tracker]</span>' in result.html


@pytest.mark.django_db
def test_preview_and_page_show_the_same_picture(client, writer, uploaded):
    body = f"![Norrie serving]({uploaded.image.url})"
    story = ArticleFactory(body=body)
    client.force_login(writer)
    preview = client.post(reverse("markdownx_markdownify"), {"content": body}).content.decode()
    page = client.get(story.get_absolute_url()).content.decode()
    assert preview in page


@pytest.mark.django_db
def test_editor_drops_a_picture_and_gets_markdown_to_describe(client, writer, media):
    client.force_login(writer)
    upload = SimpleUploadedFile("IMG_0001.jpg", files.jpeg(900, 600), "image/jpeg")

    response = client.post(
        reverse("markdownx_upload"), {"image": upload}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )

    picture = BodyImage.objects.get()
    assert response.json() == {"image_code": f"\n\n![{ALT_PLACEHOLDER}]({picture.image.url})\n\n"}
    assert picture.uploaded_by == writer
    assert picture.image.stored.use.key == "body"


BODY_ALT_ERRORS = [
    ("![]({url})", "Picture 1 in the body needs alt text"),
    (f"![{ALT_PLACEHOLDER}]({{url}})", "Picture 1 in the body needs alt text"),
    ("![A fine picture]({url})\n\n![](https://elsewhere.example/x.jpg)", "Picture 2 in the body"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("body,error", BODY_ALT_ERRORS)
def test_a_story_with_an_undescribed_or_outside_picture_is_not_saved(client, editor, uploaded, body, error):
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_add"), _article_form(body=body.format(url=uploaded.image.url))
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_story_keeps_the_pictures_its_body_uses(uploaded):
    story = ArticleFactory(body=f"![Norrie]({uploaded.image.url})")
    assert list(story.body_images.all()) == [uploaded]
    story.body = "No picture any more."
    story.save()
    assert list(story.body_images.all()) == []


@pytest.mark.django_db
def test_unused_pictures_go_a_day_after_upload_with_their_files(media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        used, fresh, stale = (
            BodyImage.objects.create(image=files.stored("body", 700, 500, token=f"{n:016x}"))
            for n in range(3)
        )
        ArticleFactory(body=f"![A picture]({used.image.url})")
        BodyImage.objects.filter(pk__in=[used.pk, stale.pk]).update(
            created=timezone.now() - timedelta(days=2)
        )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("prune_images", stdout=StringIO())

    assert set(BodyImage.objects.all()) == {used, fresh}
    folders = {path.parent.name for path in media.rglob("*.jpg")}
    assert folders == {
        used.image.stored.folder.rsplit("/", 1)[1],
        fresh.image.stored.folder.rsplit("/", 1)[1],
    }
