"""Rasterise the drawings in design/ into the PNGs the site serves.

    .venv/bin/python design/render.py

Run it after changing an SVG here and commit both. It opens each SVG in Chromium (Playwright, the
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
        browser.close()


if __name__ == "__main__":
    main()
