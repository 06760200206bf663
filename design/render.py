"""Rasterise the drawings in design/ into the PNGs the site serves, and the site's icon
(static/img/favicon.svg) into favicon.ico and the 180-pixel icon phones put on a home screen.

    .venv/bin/python design/render.py

Run it after changing an SVG and commit the results. It opens each SVG in Chromium (Playwright, the
browser the tests use) at its own size and saves a screenshot, then recompresses it with Pillow.
"""

import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
STATIC = HERE.parent / "static" / "img"
DRAWINGS = {"social-card.svg": "social-card.png", "logo.svg": "logo.png"}


def main():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        for source, target in DRAWINGS.items():
            svg = (HERE / source).read_text(encoding="utf-8")
            width = int(svg.split('width="', 1)[1].split('"', 1)[0])
            height = int(svg.split('height="', 1)[1].split('"', 1)[0])
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
            shot = page.screenshot(clip={"x": 0, "y": 0, "width": width, "height": height})
            image = Image.open(io.BytesIO(shot)).convert("RGB")
            image.save(STATIC / target, "PNG", optimize=True)
            print(f"{target}: {image.width} × {image.height}, {(STATIC / target).stat().st_size // 1024} KB")
        render_icons(browser)
        browser.close()


def render_icons(browser):
    """favicon.ico (16, 32 and 48 pixels, transparent, for browsers and feed readers that ask for
    /favicon.ico) and apple-touch-icon.png (180 pixels on the site's green: a home screen shows no
    transparency)."""
    svg = (
        (STATIC / "favicon.svg")
        .read_text(encoding="utf-8")
        .replace("<svg ", '<svg width="256" height="256" ', 1)
    )
    page = browser.new_page(viewport={"width": 256, "height": 256})
    page.set_content(f"<html><body style='margin:0;background:transparent'>{svg}</body></html>")
    ball = Image.open(io.BytesIO(page.screenshot(omit_background=True))).convert("RGBA")
    ball.save(STATIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    touch = Image.new("RGBA", (180, 180), "#0b5d3b")
    inner = ball.resize((140, 140), Image.LANCZOS)
    touch.alpha_composite(inner, (20, 20))
    touch.convert("RGB").save(STATIC / "apple-touch-icon.png", "PNG", optimize=True)
    for name in ("favicon.ico", "apple-touch-icon.png"):
        print(f"{name}: {(STATIC / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
