"""Sitemaps for search engines: published stories, players with stories or a rank, tournaments, the
tournament levels and Davis Cup years, and the topic pages (sections, and the stories of each
tournament that has any).

Each sitemap is split into pages of ``PAGE_SIZE`` addresses (``/sitemap-players.xml?p=2``; the
index lists every page), so a page costs the same however many players or tournaments the history
holds. Items are plain rows (``values_list``), their addresses built without a ``reverse()`` each
(``newsroom.links``) and written by ``articles.templatetags.sitemap_xml``: 2,600 players took half
a second through model instances, ``reverse()`` and the template engine.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from matches.levels import SLUGS
from matches.models import Edition, Level, Tournament
from newsroom.links import url_maker
from players.models import Player

from .models import Article, BodyReference, Section

PAGE_SIZE = 1000


class QuickSitemap(Sitemap):
    """A sitemap whose page of addresses is built in one pass: Django's builds each entry through
    four attribute look-ups and calls (for i18n and alternates this site does not use)."""

    limit = PAGE_SIZE

    def get_urls(self, page=1, site=None, protocol=None):
        prefix = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        location = self.location
        lastmod = self.lastmod if callable(getattr(self, "lastmod", None)) else None
        urls = []
        for item in self.paginator.page(page).object_list:
            urls.append(
                {
                    "location": prefix + location(item),
                    "lastmod": lastmod(item) if lastmod else None,
                    "changefreq": self.changefreq,
                }
            )
        dates = [url["lastmod"] for url in urls]
        if dates and None not in dates:
            self.latest_lastmod = max(dates)  # the response's Last-Modified
        return urls


class RowSitemap(QuickSitemap):
    """Items are (slug, last modified) rows; ``viewname`` makes the address from the slug."""

    viewname = ""

    def location(self, item):
        if not hasattr(self, "_url"):
            self._url = url_maker(self.viewname, "slug")
        return self._url(item[0])

    def lastmod(self, item):
        return item[1]


class StorySitemap(RowSitemap):
    changefreq = "daily"
    viewname = "articles:detail"

    def items(self):
        return Article.objects.published().order_by("-publish_at", "id").values_list("slug", "updated")

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("updated"))["latest"]


class PlayerSitemap(RowSitemap):
    changefreq = "weekly"
    viewname = "players:detail"

    def _ranked(self):
        # ``>= 1`` rather than "is not null": SQLite then reads the rank's index, not all 66,000 rows.
        return Player.objects.filter(current_rank__gte=1).order_by()

    def _in_stories(self):
        return Player.objects.filter(pk__in=Article.players.through.objects.values("player_id")).order_by()

    def items(self):
        # Players readers can find: ranked, or in a story. Not the 65,000 of the historical register.
        fields = ("slug", "updated", "id")
        return (
            self._ranked().values_list(*fields).union(self._in_stories().values_list(*fields)).order_by("id")
        )

    def get_latest_lastmod(self):
        found = [qs.aggregate(latest=Max("updated"))["latest"] for qs in (self._ranked(), self._in_stories())]
        return max(filter(None, found), default=None)


class TournamentSitemap(RowSitemap):
    changefreq = "weekly"
    viewname = "matches:tournament"
    lastmod = None  # a new edition changes the page, not the tournament's row

    def items(self):
        return Tournament.objects.order_by("id").values_list("slug")


class LevelSitemap(QuickSitemap):
    """The levels' pages and the Davis Cup's years (``matches.levels``)."""

    changefreq = "weekly"

    def items(self):
        levels = Tournament.objects.order_by().values_list("level", flat=True).distinct()
        years = (
            Edition.objects.filter(tournament__level=Level.DAVIS_CUP)
            .order_by("year")
            .values_list("year", flat=True)
            .distinct()
        )
        pages = [reverse("matches:level", args=[SLUGS[level]]) for level in levels if level in SLUGS]
        return sorted(pages) + [reverse("matches:davis-cup-year", args=[year]) for year in years]

    def location(self, item):
        return item


class TopicSitemap(QuickSitemap):
    changefreq = "daily"

    def items(self):
        published = Article.objects.published().order_by()
        references = BodyReference.objects.filter(article__in=published).order_by()
        # Tournaments with a story: from the stories' side (a handful of rows), not by joining every
        # tournament to its editions and their 190,000 matches.
        ids = set()
        for rows in (
            published.values_list("edition__tournament_id", flat=True),
            published.values_list("match__edition__tournament_id", flat=True),
            references.values_list("tournament_id", flat=True),
            references.values_list("edition__tournament_id", flat=True),
        ):
            ids.update(rows)
        slugs = Tournament.objects.filter(pk__in=ids - {None}).order_by("id").values_list("slug", flat=True)
        return [reverse("articles:section", args=[section]) for section in Section.values] + [
            reverse("articles:tournament-stories", args=[slug]) for slug in slugs
        ]

    def location(self, item):
        return item


SITEMAPS = {
    "stories": StorySitemap,
    "players": PlayerSitemap,
    "tournaments": TournamentSitemap,
    "levels": LevelSitemap,
    "topics": TopicSitemap,
}
