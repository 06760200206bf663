"""Root URLconf: each app mounts its own urls; the markdownx endpoints are ours, behind staff login."""

import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import include, path, re_path

from accounts import views as accounts_views
from articles import editor_views
from articles.feeds import LatestStoriesFeed, PlayerStoriesFeed, SectionStoriesFeed, TournamentStoriesFeed
from articles.sitemaps import SITEMAPS
from authors.feeds import AuthorStoriesFeed
from images import views as image_views

admin.site.site_header = "Baseline newsroom"
admin.site.site_title = "Baseline newsroom"
admin.site.index_title = "Stories and data"


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /editor/",
        "Disallow: /accounts/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


FAVICON = settings.BASE_DIR / "static" / "img" / "favicon.ico"


def favicon_ico(request):
    """The icon at the address browsers, feed readers and crawlers ask for when a page names none
    (the admin, a feed, a bare request); pages name it and the SVG themselves (templates/base.html)."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


urlpatterns = [
    path("", include("articles.urls")),
    path("players/", include("players.urls")),
    path("", include("matches.urls")),
    path("authors/", include("authors.urls")),
    path("accounts/", include("accounts.urls")),
    path("following/", accounts_views.following, name="following"),
    path(
        "editor/markdownx/markdownify/", editor_views.MarkdownifyView.as_view(), name="markdownx_markdownify"
    ),
    path("editor/markdownx/upload/", editor_views.ImageUploadView.as_view(), name="markdownx_upload"),
    path("feeds/latest/", LatestStoriesFeed(), name="feed-latest"),
    path("feeds/players/<slug:slug>/", PlayerStoriesFeed(), name="feed-player"),
    path("feeds/tournaments/<slug:slug>/", TournamentStoriesFeed(), name="feed-tournament"),
    path("feeds/authors/<slug:slug>/", AuthorStoriesFeed(), name="feed-author"),
    path("feeds/sections/<slug:section>/", SectionStoriesFeed(), name="feed-section"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/urlset.xml"},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon_ico, name="favicon"),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # Images only, with nosniff: see images/views.py.
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.+)$", image_views.media, name="media")]
