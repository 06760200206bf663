"""What a shared link shows: every page fills its Open Graph and Twitter tags, stories add article
tags and a complete NewsArticle, and the site's own card stands in where a page has no picture."""

import io
import json
import re
from html import unescape

import pytest
from django.conf import settings
from PIL import Image

from tests.factories import ArticleFactory, AuthorFactory, BylineFactory

SITE = "http://127.0.0.1:8000"


def meta(html, key):
    """Every value of <meta property|name="key" content="…">, unescaped."""
    pattern = rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">'
    return [unescape(value) for value in re.findall(pattern, html)]


def one(html, key):
    values = meta(html, key)
    assert len(values) == 1, f"{key}: {values}"
    return values[0]


def jsonld(html, kind):
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        if data.get("@type") == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


@pytest.fixture
def pages(demo):
    jane = AuthorFactory(name="Jane Court", slug="jane-court")
    BylineFactory(article=demo, author=jane)
    match = demo.match
    return {
        "home": "/",
        "news": "/news/",
        "story": demo.get_absolute_url(),
        "players": "/players/",
        "player": "/players/cameron-norrie/",
        "head-to-head": "/players/cameron-norrie/vs/carlos-alcaraz/",
        "match": match.get_absolute_url(),
        "tournaments": "/tournaments/",
        "tournament": "/tournaments/paris-masters/",
        "edition": "/tournaments/paris-masters/2025/",
        "search": "/search/?q=norrie",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "authors": "/authors/",
        "author": "/authors/jane-court/",
    }


@pytest.mark.django_db
def test_every_page_fills_its_sharing_tags(client, pages):
    for name, url in pages.items():
        html = client.get(url).content.decode()
        title = unescape(re.search(r"<title>(.*?) · Baseline</title>", html, re.S)[1]).strip()
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)[1]
        assert one(html, "og:title") == " ".join(title.split()), name
        assert one(html, "og:description") == one(html, "description") != "", name
        assert one(html, "og:url") == unescape(canonical), name
        assert one(html, "og:type") in {"website", "article", "profile"}, name
        assert one(html, "og:image").startswith(f"{SITE}/"), name
        assert (one(html, "og:image:width"), one(html, "og:image:height")) == ("1200", "630"), name
        assert one(html, "og:image:alt"), name
        assert one(html, "twitter:card") == "summary_large_image", name


@pytest.mark.django_db
def test_a_page_without_a_picture_shares_the_site_card(client, pages):
    html = client.get(pages["players"]).content.decode()
    assert one(html, "og:image") == f"{SITE}/static/img/social-card.png"
    assert one(html, "og:image:type") == "image/png"


def test_the_site_card_and_logo_are_real_pictures_of_the_sizes_announced():
    root = settings.BASE_DIR / "static" / "img"
    with Image.open(root / "social-card.png") as card, Image.open(root / "logo.png") as logo:
        assert card.size == (1200, 630) and logo.size == (600, 60)
        assert len(card.getcolors(maxcolors=100_000) or []) > 50  # drawn, not a flat placeholder


@pytest.mark.django_db
def test_a_title_with_an_ampersand_is_escaped_once(client):
    story = ArticleFactory(title="Murray & Norrie <win>", standfirst="Doubles & more")
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Murray &amp; Norrie &lt;win&gt;">' in html
    assert '<meta property="og:description" content="Doubles &amp; more">' in html


@pytest.mark.django_db
def test_a_story_carries_article_tags_and_a_full_news_article(client, pages, demo):
    html = client.get(pages["story"]).content.decode()

    assert one(html, "og:type") == "article"
    demo.refresh_from_db()
    assert one(html, "article:published_time") == demo.publish_at.isoformat()
    assert one(html, "article:modified_time") >= one(html, "article:published_time")
    assert one(html, "article:section") == "Match report"
    assert meta(html, "article:author") == [f"{SITE}/authors/jane-court/"]

    data = jsonld(html, "NewsArticle")
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Jane Court",
            "url": "http://testserver/authors/jane-court/",
            "jobTitle": "Tennis correspondent",
        }
    ]
    assert data["publisher"]["name"] == "Baseline"
    assert data["publisher"]["logo"] == {
        "@type": "ImageObject",
        "url": f"{SITE}/static/img/logo.png",
        "width": 600,
        "height": 60,
    }
    assert data["image"] == {
        "@type": "ImageObject",
        "url": f"{SITE}/static/img/social-card.png",
        "width": 1200,
        "height": 630,
    }
    assert data["datePublished"] == demo.publish_at.isoformat()
    assert data["dateModified"] >= data["datePublished"]


@pytest.mark.django_db
def test_a_story_with_a_hero_shares_its_social_card(client):
    story = ArticleFactory(
        hero_image="images/hero/0123456789abcdef/master-2400x1350-avif-webp.jpg", hero_alt="Norrie"
    )
    html = client.get(story.get_absolute_url()).content.decode()
    card = f"{SITE}/media/images/hero/0123456789abcdef/social.jpg"
    assert one(html, "og:image") == card
    assert one(html, "og:image:alt") == "Norrie"
    assert jsonld(html, "NewsArticle")["image"] == {
        "@type": "ImageObject",
        "url": card,
        "width": 1200,
        "height": 630,
    }


@pytest.mark.django_db
def test_a_story_without_a_byline_is_credited_to_the_newsroom(client):
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert jsonld(html, "NewsArticle")["author"] == [
        {"@type": "NewsMediaOrganization", "name": "Baseline", "url": f"{SITE}/"}
    ]
    assert meta(html, "article:author") == []


# --- the site's icon ------------------------------------------------------------------------------


def test_favicon_ico_is_a_real_icon_at_the_address_browsers_ask_for(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= icon.info["sizes"]


def test_pages_and_the_admin_name_the_icons_so_browsers_find_them(client, demo):
    for path in ("/", demo.get_absolute_url(), "/admin/login/"):
        html = client.get(path).content.decode()
        assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html, path
        assert re.search(
            r'<link rel="icon" href="/static/img/favicon[^"]*\.svg" type="image/svg\+xml">', html
        )
        touch = re.search(
            r'<link rel="apple-touch-icon" href="/static/img/(apple-touch-icon[^"]*\.png)">', html
        )
        assert touch, path


def test_the_home_screen_icon_is_a_180_pixel_opaque_picture():
    touch = Image.open(settings.BASE_DIR / "static" / "img" / "apple-touch-icon.png")
    assert touch.size == (180, 180)
    assert touch.mode == "RGB"  # a home screen shows transparency as black
