"""Sitemaps for search engines: published stories, players with stories or a rank, tournaments."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Q

from matches.models import Tournament
from players.models import Player

from .models import Article


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


SITEMAPS = {"stories": StorySitemap, "players": PlayerSitemap, "tournaments": TournamentSitemap}
