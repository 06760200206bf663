"""Picture fields keep the files they need and nothing else: new names chosen by the server, old
files gone once a replacement, a clear or a delete commits, and never a file another row still uses."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from images import layout, pipeline
from players.models import Player
from tests import image_files as files
from tests.admin_forms import open_form
from tests.factories import ArticleFactory, PlayerFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media):
    return sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())


def give_photo(player, seed=1):
    player.photo.save("../../../etc/passwd.html", ContentFile(files.jpeg(400, 400, seed=seed)), save=False)
    player.photo_alt = "A portrait"
    player.save()
    return player.photo.name


@pytest.mark.django_db
def test_a_saved_photo_is_every_rendition_under_a_name_the_server_chose(media):
    name = give_photo(PlayerFactory())

    stored = layout.parse(name)
    assert stored is not None and stored.use.key == "player"
    assert "passwd" not in name and ".html" not in name
    assert stored_files(media) == sorted(stored.files())
    assert (stored.width, stored.height) == (400, 400)
    assert Player.objects.get().photo.width == 400  # read from the name, not the file


@pytest.mark.django_db
def test_replacing_a_photo_removes_the_old_files_when_the_save_commits(
    media, django_capture_on_commit_callbacks
):
    player = PlayerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        old = give_photo(player)
    with django_capture_on_commit_callbacks(execute=True):
        new = give_photo(Player.objects.get(pk=player.pk), seed=2)

    assert old != new
    assert stored_files(media) == sorted(layout.parse(new).files())
    assert not (media / layout.parse(old).folder).exists()


@pytest.mark.django_db
def test_a_save_that_rolls_back_keeps_the_old_files(media, django_capture_on_commit_callbacks):
    player = PlayerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        old = give_photo(player)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        player.photo = ""
        player.save()
        raise RuntimeError("the rest of the save failed")

    assert Player.objects.get(pk=player.pk).photo.name == old
    assert set(layout.parse(old).files()) <= set(stored_files(media))


@pytest.mark.django_db
def test_clearing_or_deleting_removes_the_files(media, django_capture_on_commit_callbacks):
    cleared, deleted = PlayerFactory(), PlayerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        give_photo(cleared)
        give_photo(deleted, seed=2)
    with django_capture_on_commit_callbacks(execute=True):
        cleared.photo = ""
        cleared.photo_alt = ""
        cleared.save()
        deleted.delete()

    assert stored_files(media) == []


@pytest.mark.django_db
def test_files_another_row_still_names_are_kept(media, django_capture_on_commit_callbacks):
    first, second = PlayerFactory(), PlayerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        name = give_photo(first)
        second.photo = name  # e.g. a row copied in the admin
        second.save()
        first.delete()

    assert set(layout.parse(name).files()) == set(stored_files(media))


@pytest.mark.django_db
def test_code_that_saves_a_file_directly_still_goes_through_the_pipeline(media):
    player = PlayerFactory()
    with pytest.raises(pipeline.ImageRefused, match="a GIF"):
        player.photo.save("ok.jpg", ContentFile(files.encode(files.photo(500, 500), "GIF")))
    assert stored_files(media) == []


ALT_RULES = [
    # (alt text, decorative, the error on the alt field or None)
    ("", False, "Describe the image for readers who cannot see it"),
    ("   ", False, "Describe the image for readers who cannot see it"),
    ("Norrie serving", False, None),
    ("", True, None),
    ("Norrie serving", True, "A decorative image has no alt text"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("alt,decorative,error", ALT_RULES)
def test_a_picture_needs_alt_text_or_the_decorative_tick(alt, decorative, error):
    player = PlayerFactory.build(photo="images/player/0123456789abcdef/master-400x400-webp.jpg")
    story = ArticleFactory.build(hero_image="images/hero/0123456789abcdef/master-1200x675-webp.jpg")
    for obj, alt_field, decorative_field in (
        (player, "photo_alt", "photo_decorative"),
        (story, "hero_alt", "hero_decorative"),
    ):
        setattr(obj, alt_field, alt)
        setattr(obj, decorative_field, decorative)
        if error is None:
            obj.clean()
        else:
            with pytest.raises(ValidationError) as raised:
                obj.clean()
            assert error in raised.value.message_dict[alt_field][0]


@pytest.mark.django_db
def test_editor_uploads_a_player_photo_in_the_admin_and_sees_it(client, editor, media):
    player = PlayerFactory(first_name="Cameron", last_name="Norrie", slug="cameron-norrie")
    client.force_login(editor)
    url = reverse("admin:players_player_change", args=[player.pk])
    data = open_form(client, url)  # what the form holds, with the version it was opened at
    data |= {
        "country": "GBR",
        "plays": "R",
        "photo": SimpleUploadedFile("IMG_2041.HEIC.jpg", files.jpeg(500, 600), "image/jpeg"),
        "photo_alt": "Cameron Norrie at Queen's",
        "photo_credit": "Baseline",
    }
    response = client.post(url, data)

    assert response.status_code == 302
    player.refresh_from_db()
    assert player.photo.stored.width == 500
    form = client.get(url).content.decode()
    assert 'class="picture-thumbnail"' in form and "500 × 600 px" in form
    assert 'accept="image/jpeg,image/png,image/webp' in form
    page = client.get(player.get_absolute_url()).content.decode()
    assert "<picture>" in page and 'alt="Cameron Norrie at Queen&#x27;s"' in page
    assert "Photo: Baseline" in page
    assert (
        f'<meta property="og:image" content="http://127.0.0.1:8000/media/{player.photo.stored.social}">'
        in page
    )


@pytest.mark.django_db
def test_rebuild_images_brings_older_files_into_the_pipeline(
    client, media, django_capture_on_commit_callbacks
):
    """Files stored before the pipeline: shown as they are until rebuilt; a small hero is rebuilt
    (minimum sizes are waived for what is already published), a damaged one is reported and left."""
    (media / "articles" / "2025").mkdir(parents=True)
    (media / "articles" / "2025" / "small.jpg").write_bytes(files.jpeg(800, 450))
    (media / "articles" / "2025" / "broken.jpg").write_bytes(files.jpeg(800, 450)[:2000])
    small = ArticleFactory(hero_image="articles/2025/small.jpg", hero_alt="Small")
    broken = ArticleFactory(hero_image="articles/2025/broken.jpg", hero_alt="Broken")
    updated = small.updated
    page = client.get(small.get_absolute_url()).content.decode()
    assert '<img src="/media/articles/2025/small.jpg" alt="Small" width="800" height="450">' in page
    out, err = StringIO(), StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rebuild_images", stdout=out, stderr=err)

    small.refresh_from_db()
    assert small.hero_image.stored.width == 800 and small.updated == updated
    assert not (media / "articles" / "2025" / "small.jpg").exists()
    assert "incomplete or damaged" in err.getvalue()
    broken.refresh_from_db()
    assert broken.hero_image.name == "articles/2025/broken.jpg"
    assert "1 image(s) rebuilt, 1 left as they were." in out.getvalue()
