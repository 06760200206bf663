"""Reader pages for stories: the home page, the story list and the story."""

import re

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.views.generic import ListView

from matches.models import Edition, Match, Tournament
from newsroom.text import clean_query
from players.countries import country_code, country_name
from players.models import Player, name_search

from .models import Article, Quote


def _story_queryset():
    return Article.objects.select_related(
        "edition__tournament", "match__edition__tournament", "match__player1", "match__player2"
    ).prefetch_related(
        Prefetch("players", queryset=Player.objects.order_by("current_rank", "last_name")),
        Prefetch("linked_matches", queryset=Match.objects.with_related().latest_first()),
        Prefetch("quotes", queryset=Quote.objects.select_related("speaker", "match__edition__tournament")),
    )


def home(request):
    stories = list(Article.objects.published().for_cards()[:13])
    results = Match.objects.with_related().decided().latest_first()[:8]
    in_the_news = (
        Player.objects.filter(articles__in=[a.pk for a in stories]).distinct().ranked()[:8] if stories else []
    )
    return render(
        request,
        "articles/home.html",
        {
            "top_story": stories[0] if stories else None,
            "stories": stories[1:],
            "results": results,
            "in_the_news": in_the_news,
        },
    )


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "stories"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_cards()


def article_detail(request, slug):
    """Readers see published stories only; staff may preview drafts and scheduled stories."""
    queryset = _story_queryset()
    if not (request.user.is_authenticated and request.user.is_staff):
        queryset = queryset.published()
    article = get_object_or_404(queryset, slug=slug)
    related = (
        Article.objects.published()
        .for_cards()
        .filter(players__in=[p.pk for p in article.players.all()])
        .exclude(pk=article.pk)
        .distinct()[:4]
    )
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "related": related,
            "preview": not article.is_published,
            "article_jsonld": article_jsonld(article, request),
        },
    )
    if not article.is_published:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


def article_jsonld(article, request):
    """schema.org NewsArticle for search engines, from what the page already holds."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.standfirst,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "articleSection": article.get_section_display(),
        "about": [
            {"@type": "Person", "name": p.name, "url": request.build_absolute_uri(p.get_absolute_url())}
            for p in article.players.all()
        ],
    }
    if article.publish_at:
        data["datePublished"] = article.publish_at.isoformat()
        data["dateModified"] = max(article.updated, article.publish_at).isoformat()
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    if article.hero_image:
        data["image"] = request.build_absolute_uri(article.hero_image.url)
    return data


YEAR_RE = re.compile(r"^(18[7-9]\d|19\d\d|20\d\d)$")


def search(request):
    """Stories, players and tournaments for a query: bounded lists, a fixed number of queries.

    Players are found by any spelling of their name, or by their country's name or code ('Spain',
    'ESP'). A query with a year ('Wimbledon 2024') finds the editions of that year instead of the
    tournaments."""
    q = clean_query(request.GET.get("q", ""))
    stories = players = tournaments = editions = []
    country = country_code(q) if q else ""
    if q:
        stories = Article.objects.published().for_cards().search(q)[:20]
        found = name_search(q) | Q(country=country) if country else name_search(q)
        players = Player.objects.filter(found).ranked()[:20]
        words = q.split()[:6]
        years = [word for word in words if YEAR_RE.match(word)]
        words = [word for word in words if not YEAR_RE.match(word)]
        if years:
            edition_qs = Edition.objects.with_tournament().filter(year=int(years[-1]))
            for word in words:
                edition_qs = edition_qs.filter(Q(tournament__name__icontains=word) | Q(name__icontains=word))
            editions = edition_qs.order_by("tournament__name")[:20]
        else:
            tournament_qs = Tournament.objects.all()
            for word in words:
                tournament_qs = tournament_qs.filter(name__icontains=word)
            tournaments = tournament_qs.order_by("name")[:20]
    return render(
        request,
        "articles/search.html",
        {
            "q": q,
            "stories": stories,
            "players": players,
            "tournaments": tournaments,
            "editions": editions,
            "country": country,
            "country_label": country_name(country) if country else "",
        },
    )
