"""Who wrote and who published a story, and its picture, as schema.org data for JSON-LD."""

from django.templatetags.static import static

from images.html import absolute, social

SITE_NAME = "Baseline"
LOGO = ("img/logo.png", 600, 60)
DEFAULT_CARD = ("img/social-card.png", 1200, 630)


def publisher():
    path, width, height = LOGO
    return {
        "@type": "NewsMediaOrganization",
        "name": SITE_NAME,
        "url": absolute("/"),
        "logo": {"@type": "ImageObject", "url": absolute(static(path)), "width": width, "height": height},
    }


def authors(article, request):
    """The story's authors as Persons with their pages; the newsroom itself when it has no byline."""
    people = [
        {"@type": "Person", "name": a.name, "url": request.build_absolute_uri(a.get_absolute_url())}
        | ({"jobTitle": a.role} if a.role else {})
        for a in article.byline_authors
    ]
    return people or [{"@type": "NewsMediaOrganization", "name": SITE_NAME, "url": absolute("/")}]


def image(file=None):
    """The social card of ``file`` (a picture field), or the site's own card."""
    card = social(file.name, file.storage) if file else None
    if card is None:
        path, width, height = DEFAULT_CARD
        card = {"url": absolute(static(path)), "width": width, "height": height}
    return {"@type": "ImageObject", "url": card["url"], "width": card["width"], "height": card["height"]}


def credits(article, request):
    return {"author": authors(article, request), "publisher": publisher(), "image": image(article.hero_image)}
