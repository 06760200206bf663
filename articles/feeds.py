"""Atom feeds: the whole site, one player, one tournament, one section. Published stories only."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from matches.models import Tournament
from players.models import Player

from .corrections import corrections_html
from .models import Article
from .topics import SECTION_TITLES, section_or_404

FEED_SIZE = 20


class LatestStoriesFeed(Feed):
    feed_type = Atom1Feed
    title = "Baseline: latest tennis stories"
    link = "/news/"
    subtitle = "Tennis news where every story links to its matches, players and quotes."

    def items(self):
        return Article.objects.published().for_cards().with_corrections().with_bylines()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The body is already through the one sanitising pipeline; corrections are escaped text.
        return item.body_html + corrections_html(item.corrections.all())

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated, item.publish_at)

    def item_author_name(self, item):
        return item.byline_names or None

    def item_author_link(self, item):
        authors = item.byline_authors
        return f"{settings.SITE_URL}{authors[0].get_absolute_url()}" if len(authors) == 1 else None


class PlayerStoriesFeed(LatestStoriesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Player, slug=slug)

    def title(self, obj):
        return f"Baseline: stories about {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        stories = Article.objects.published().for_cards().with_corrections().with_bylines()
        return stories.about_player(obj)[:FEED_SIZE]


class TournamentStoriesFeed(LatestStoriesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tournament, slug=slug)

    def title(self, obj):
        return f"Baseline: stories from {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        stories = Article.objects.published().for_cards().with_corrections().with_bylines()
        return stories.about_tournament(obj)[:FEED_SIZE]


class SectionStoriesFeed(LatestStoriesFeed):
    def get_object(self, request, section):
        return section_or_404(section)

    def title(self, obj):
        return f"Baseline: {SECTION_TITLES[obj].lower()}"

    def link(self, obj):
        return reverse("articles:section", args=[obj.value])

    def items(self, obj):
        stories = Article.objects.published().for_cards().with_corrections().with_bylines()
        return stories.filter(section=obj)[:FEED_SIZE]
