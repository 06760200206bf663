"""An Atom feed per author: their published stories."""

from django.shortcuts import get_object_or_404

from articles.feeds import FEED_SIZE, LatestStoriesFeed
from articles.models import Article

from .models import Author


class AuthorStoriesFeed(LatestStoriesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj):
        return f"Baseline: stories by {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def subtitle(self, obj):
        return obj.role or None

    def items(self, obj):
        return Article.objects.published().for_cards().with_bylines().filter(bylines__author=obj)[:FEED_SIZE]
