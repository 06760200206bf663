"""Pictures as a phone gets them: what Chromium actually downloads (Playwright's network events),
decoded to count its pixels against the pixels the page shows."""

import base64
import io

import pytest
from PIL import Image

from tests.image_files import encode, jpeg, stored

from .conftest import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def image_responses(page):
    found = []
    page.on("response", lambda r: found.append(r) if r.request.resource_type == "image" else None)
    return found


def downloaded(response):
    body = response.body()
    with Image.open(io.BytesIO(body)) as image:
        return {"url": response.url, "bytes": len(body), "size": image.size, "format": image.format}


@pytest.mark.parametrize("ratio", [1, 2, 3])
@pytest.mark.parametrize("name,selector", [("story", ".hero img"), ("home", ".story-card.lead img")])
def test_a_390px_phone_downloads_one_picture_of_about_the_size_it_shows(
    site, new_context, name, selector, ratio
):
    page = new_context(viewport=PHONE, device_scale_factor=ratio).new_page()
    responses = image_responses(page)

    page.goto(site.urls[name], wait_until="load")

    heroes = [downloaded(r) for r in responses if "/media/images/hero/" in r.url]
    assert len(heroes) == 1, f"one file for the hero, not {[h['url'] for h in heroes]}"
    hero = heroes[0]
    box = page.locator(selector).bounding_box()
    shown = (box["width"] * ratio) * (box["height"] * ratio)
    got = hero["size"][0] * hero["size"][1]
    print(f"\n{name} at 390 px, pixel ratio {ratio}: shows {box['width']:.0f} css px, downloads {hero}")
    assert hero["format"] == "AVIF" or hero["format"] == "WEBP", "a modern format for a browser that takes it"
    assert "master-" not in hero["url"], "never the kept original"
    assert got <= 2 * shown, f"{got} pixels downloaded to show {shown:.0f}"
    assert hero["size"][0] >= box["width"] * ratio * 0.95, "no blurrier than the screen"
    assert hero["bytes"] < 60_000


def test_a_wide_screen_gets_a_wider_rendition(site, new_context):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    responses = image_responses(page)
    page.goto(site.urls["story"], wait_until="load")

    (hero,) = [downloaded(r) for r in responses if "/media/images/hero/" in r.url]
    shown = page.locator(".hero img").bounding_box()["width"]
    assert shown > 1000 and shown <= hero["size"][0] <= 1.5 * shown  # 1280 px for a 1120 px hero


def test_a_picture_below_the_fold_loads_only_when_the_reader_gets_near_it(site, new_context):
    from images.models import BodyImage

    picture = BodyImage.objects.create(image=stored("body", 1200, 800, seed=4, token="00000000000000b0"))
    story = site.story
    story.body += f"\n\n![Norrie walks out with his coach]({picture.image.url})\n"
    story.save()
    page = new_context(viewport=PHONE, device_scale_factor=2).new_page()
    responses = image_responses(page)

    page.goto(site.urls["story"], wait_until="load")
    page.wait_for_timeout(300)
    assert not [r for r in responses if "/images/body/" in r.url], "loaded before the reader scrolled"

    figure = page.locator(".body-picture img")
    figure.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=figure.element_handle())
    (body,) = [downloaded(r) for r in responses if "/images/body/" in r.url]
    assert body["size"][0] <= 2 * 2 * figure.bounding_box()["width"]
    assert figure.get_attribute("alt") == "Norrie walks out with his coach"


DROP = """async ([b64, name, type]) => {
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, {type}));
  const editor = document.querySelector("#id_body");
  editor.focus();
  editor.selectionStart = editor.selectionEnd = editor.value.length;
  editor.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
}"""


def test_editor_drops_pictures_into_a_body_and_publishes_one(site, new_context, live_server, editor_user):

    context = new_context()
    sign_in(context, editor_user, live_server.url)
    page = context.new_page()
    page.goto(f"/admin/articles/article/{site.story.pk}/change/")
    before = page.input_value("#id_body")

    gif = base64.b64encode(encode(Image.new("RGB", (800, 600), "green"), "GIF")).decode()
    page.evaluate(DROP, [gif, "walk.gif", "image/gif"])
    status = page.locator(".markdownx-upload-status")
    status.wait_for()
    page.wait_for_function(
        "() => document.querySelector('.markdownx-upload-status').textContent.includes('GIF')"
    )
    assert "Picture not added. This file is a GIF, which is not accepted" in status.inner_text()
    assert page.input_value("#id_body") == before, "the refusal left text in the body"

    page.evaluate(DROP, [base64.b64encode(jpeg(900, 600)).decode(), "walk.jpg", "image/jpeg"])
    page.wait_for_function("() => document.querySelector('#id_body').value.includes('![')", timeout=30_000)
    assert "Picture added" in status.inner_text()
    page.keyboard.type("Norrie and his coach on the morning walk")  # over the selected placeholder
    page.locator(".markdownx-preview picture").wait_for()

    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")
    page.goto(site.urls["story"])
    picture = page.locator(".story-body .body-picture img")
    assert picture.get_attribute("alt") == "Norrie and his coach on the morning walk"
    assert picture.get_attribute("width") == "900"
