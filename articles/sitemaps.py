"""Sitemaps for search engines: published stories, players with stories or a rank, tournaments, and
the topic pages (sections, and the stories of each tournament that has any)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse

from matches.models import Tournament
from players.models import Player

from .models import Article, Section


class StorySitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return Article.objects.published().order_by("-publish_at", "id").only("slug", "updated")

    def lastmod(self, item):
        return item.updated


class PlayerSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        # Players readers can find: ranked, or in a story. Not the 65,000 of the historical register.
        return (
            Player.objects.filter(Q(current_rank__isnull=False) | Q(articles__isnull=False))
            .distinct()
            .order_by("id")
            .only("slug", "updated")
        )

    def lastmod(self, item):
        return item.updated


class TournamentSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Tournament.objects.order_by("id").only("slug")


class TopicSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        published = Article.objects.published()
        tournaments = (
            Tournament.objects.filter(
                Q(editions__articles__in=published)
                | Q(body_references__article__in=published)
                | Q(editions__body_references__article__in=published)
                | Q(editions__matches__reports__in=published)
            )
            .distinct()
            .order_by("id")
            .values_list("slug", flat=True)
        )
        return [reverse("articles:section", args=[section]) for section in Section.values] + [
            reverse("articles:tournament-stories", args=[slug]) for slug in tournaments
        ]

    def location(self, item):
        return item


SITEMAPS = {
    "stories": StorySitemap,
    "players": PlayerSitemap,
    "tournaments": TournamentSitemap,
    "topics": TopicSitemap,
}
